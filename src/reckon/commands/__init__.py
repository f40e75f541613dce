"""Commands kept in modules of their own, each registered in ``reckon.cli`` in a line."""
