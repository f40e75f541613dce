"""Case settings: a frozen dataclass that round-trips to ``reckon.toml``.

Each field has a default and a help line; the help lines are what
``reckon init --help`` and the README say about the settings.
"""

from __future__ import annotations

import tomllib
from dataclasses import Field, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

import tomli_w

from reckon.errors import SettingsError

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
        metadata={
            "help": "Calendar assumed for ambiguous dates: auto, jalali or gregorian.",
            "choices": ("auto", "jalali", "gregorian"),
        },
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
            "records join into one person (average linkage).",
            "range": (0.0, 1.0),
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
            raise SettingsError(f"not valid TOML: {exc}", file=path) from None
        section = data.get("case", {})
        if not isinstance(section, dict):
            raise SettingsError("[case] must be a table of settings", file=path)
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(section) - set(known))
        if unknown:
            raise SettingsError(
                f"unknown setting(s) {', '.join(unknown)}",
                file=path,
                hint=f"the settings are: {', '.join(known)}",
            )
        return cls(**{key: _checked(known[key], value, path) for key, value in section.items()})

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


# What each annotated type of a setting accepts from TOML, and how it is said (one, many).
_KINDS: dict[type, tuple[tuple[type, ...], str, str]] = {
    str: ((str,), "a text", "texts"),
    float: ((int, float), "a number", "numbers"),
    int: ((int,), "a whole number", "whole numbers"),
    bool: ((bool,), "true or false", "booleans"),
}


def _accepts(kind: type, value: object) -> bool:
    accepted = _KINDS[kind][0]
    # TOML's true is an int to Python; a boolean is never a number here
    return isinstance(value, accepted) and (kind is bool or not isinstance(value, bool))


def _checked(f: Field[Any], value: object, path: str) -> Any:
    """One setting's value as the dataclass holds it, or a SettingsError saying why not."""
    annotation = get_type_hints(CaseSettings)[f.name]

    def fail(reason: str) -> SettingsError:
        return SettingsError(reason, file=path, setting=f.name, value=repr(value))

    if get_origin(annotation) is tuple:
        kind = get_args(annotation)[0]
        if not isinstance(value, list) or not all(_accepts(kind, v) for v in value):
            default = getattr(CaseSettings(), f.name)
            example = f", e.g. {list(default)!r}" if default else ""
            raise fail(f"must be a list of {_KINDS[kind][2]}{example}")
        return tuple(value)
    if not _accepts(annotation, value):
        raise fail(f"must be {_KINDS[annotation][1]}")
    checked: Any = float(value) if annotation is float else value  # type: ignore[arg-type]
    choices = f.metadata.get("choices")
    if choices and checked not in choices:
        raise fail(f"must be one of {', '.join(choices)}")
    bounds = f.metadata.get("range")
    if bounds and not bounds[0] < checked < bounds[1]:
        raise fail(f"must lie strictly between {bounds[0]} and {bounds[1]}")
    return checked
