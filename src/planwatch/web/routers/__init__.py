"""Routes that are not pages: logging in and out, uploads of statistics, report downloads."""
