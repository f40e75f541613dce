"""CLI commands kept in modules of their own, registered in ``reckon.cli``."""
