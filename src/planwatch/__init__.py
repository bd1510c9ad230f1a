"""planwatch: a county industrial development plan as a live, audited, monitored model."""

__version__ = "0.1.0"
