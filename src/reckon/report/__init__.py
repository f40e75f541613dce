"""reckon.report."""
