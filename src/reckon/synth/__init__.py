"""The synthetic Persian case generator (see docs/synth.md for the error model)."""

from __future__ import annotations

from reckon.synth.generate import SynthManifest, SynthSource, generate

__all__ = ["SynthManifest", "SynthSource", "generate"]
