"""reckon.estimate."""
