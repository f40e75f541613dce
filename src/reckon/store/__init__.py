"""reckon.store."""
