"""Indicators: definitions as data, one formula language, compiled to SQL for both databases."""
