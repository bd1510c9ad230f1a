"""Evaluation: is each target on track, what is the forecast, as of any date."""
