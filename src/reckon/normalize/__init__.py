"""reckon.normalize."""
