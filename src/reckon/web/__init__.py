"""reckon.web."""
