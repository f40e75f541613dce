"""An independent synthetic generator of lists of the dead (see generate.py, SOURCES.md)."""

from holdout.generate import Settings, generate

__all__ = ["Settings", "generate"]
