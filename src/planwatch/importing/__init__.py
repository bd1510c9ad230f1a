"""Statistics in: read xlsx/csv sheets, validate every cell, write all or nothing."""
