"""reckon.link."""
