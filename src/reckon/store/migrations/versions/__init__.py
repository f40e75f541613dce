"""One module per revision of the case schema, oldest first."""
