"""The demo: both example plans, published figures and a calibrated synthetic panel, evaluated."""
