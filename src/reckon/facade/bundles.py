"""``case.bundles``: work carried between offline devices as signed, sealed bundles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reckon.events.bundles import export_case_bundle, import_into_case

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.vault.bundles import BundleInfo, ImportResult


class Bundles:
    """Bundles out of and into a case."""

    def __init__(self, case: Case) -> None:
        self._case = case

    def export(self, path: Path, *, since: str | None = None) -> BundleInfo:
        """Write this device's events and objects (after checkpoint ``since``) to ``path``,
        signed and sealed to the case's keys."""
        return export_case_bundle(self._case.vault, Path(path), since=since)

    def merge(self, path: Path) -> ImportResult:
        """Merge another device's bundle: its events applied, one ``bundle.imported``
        event logged; merging the same bundle twice changes nothing."""
        return import_into_case(self._case, Path(path))
