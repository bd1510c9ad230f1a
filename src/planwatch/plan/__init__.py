"""Plan documents: reading them, the typed Plan they become, and auditing it."""
