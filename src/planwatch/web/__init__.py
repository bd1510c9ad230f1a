"""The dashboard (驾驶舱): FastAPI pages with a JSON twin for each under ``/api/``."""
