"""Case settings: a frozen dataclass that round-trips to ``reckon.toml``.

Each field has a default and a help line; the help lines are what
``reckon init --help`` and the README say about the settings.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from reckon.errors import CaseError

SETTINGS_FILE = "reckon.toml"


@dataclass(frozen=True)
class CaseSettings:
    """What a case remembers about itself."""

    name: str = field(default="case", metadata={"help": "A short name for the case."})
    db: str = field(
        default="sqlite:///reckon.db",
        metadata={
            "help": "Database URL; a relative sqlite path is inside the case folder. "
            "Use postgresql://... for a multi-user server."
        },
    )
    languages: tuple[str, ...] = field(
        default=("fa", "en"), metadata={"help": "Languages of the case's material."}
    )
    default_calendar: str = field(
        default="auto",
        metadata={"help": "Calendar assumed for ambiguous dates: auto, jalali or gregorian."},
    )
    link_model: str = field(
        default="models/link_model.json",
        metadata={"help": "Where the trained link model is kept, inside the case folder."},
    )
    link_threshold: float = field(
        # the best pairwise and B-cubed F1 at 100,000 and 1,000,000 generated
        # records (bench/README.md, link)
        default=0.4,
        metadata={
            "help": "Mean match probability of their scored pairs at which two clusters of "
            "records join into one person (average linkage)."
        },
    )
    key_ids: tuple[str, ...] = field(
        default=(), metadata={"help": "Public key ids of the people who sign this case's log."}
    )

    def to_toml(self) -> str:
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = list(value) if isinstance(value, tuple) else value
        return tomli_w.dumps({"case": data})

    @classmethod
    def from_toml(cls, text: str, *, path: str = SETTINGS_FILE) -> CaseSettings:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise CaseError(f"{path}: not valid TOML: {exc}") from None
        section = data.get("case", {})
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(section) - set(known))
        if unknown:
            raise CaseError(f"{path}: unknown setting(s) {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for key, value in section.items():
            default = getattr(cls(), key)
            if isinstance(default, tuple):
                value = tuple(value)
            values[key] = value
        settings = cls(**values)
        if settings.default_calendar not in ("auto", "jalali", "gregorian"):
            raise CaseError(
                f"{path}: default_calendar must be auto, jalali or gregorian, "
                f"not {settings.default_calendar!r}"
            )
        return settings

    @classmethod
    def load(cls, case_dir: Path) -> CaseSettings:
        path = case_dir / SETTINGS_FILE
        return cls.from_toml(path.read_text(encoding="utf-8"), path=str(path))

    def save(self, case_dir: Path) -> None:
        (case_dir / SETTINGS_FILE).write_text(self.to_toml(), encoding="utf-8")

    def with_changes(self, **changes: Any) -> CaseSettings:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def settings_help() -> dict[str, str]:
    """Each setting's help line, for the CLI's help and the docs."""
    return {f.name: str(f.metadata.get("help", "")) for f in fields(CaseSettings)}
