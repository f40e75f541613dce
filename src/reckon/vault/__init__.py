"""reckon.vault."""
