"""The watch list: the detainees at greatest risk, each with the rule that put them
there, the evidence behind it and when it was last confirmed.

The rules and their numbers are settings of the case, in ``reckon.toml``'s
``[watch]`` table (``WatchRules``); every rule is on unless listed otherwise.
Day counts are between Gregorian dates (every step's date is read to its
Gregorian span once, by ``normalize.dates``), so they run across the Jalali new
year as across any other day.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from reckon.detainees.steps import CUSTODY, DEAD, FURLOUGH, Dated, check_order
from reckon.detainees.timeline import Detainee, detainees
from reckon.errors import InputError, SettingsError
from reckon.normalize.persian import ZWNJ, fold
from reckon.store.schema import custody_registers, statements

RULES = (
    "capital",  # a death sentence or a capital charge
    "minor_held",
    "no_contact",
    "no_lawyer",
    "execution_facility",
    "televised_confession",
    "official_threat",
)
# Steps that confirm where a detainee is and that they are alive.
CONFIRMING = ("arrested", "held", "transferred", "contact", "tried", "sentenced", "appealed")


@dataclass(frozen=True)
class WatchRules:
    """The watch list's settings (``[watch]`` in reckon.toml)."""

    rules: tuple[str, ...] = field(default=RULES, metadata={"help": "The rules that are on."})
    no_contact_days: int = field(
        default=30, metadata={"help": "Days without contact after which a detainee is listed."}
    )
    capital_charges: tuple[str, ...] = field(
        default=("محاربه", "moharebeh", "افساد فی الارض", "efsad-e fel-arz", "efsad fel-arz",
                 "بغی", "baghi", "sabb al-nabi", "سب النبی"),
        metadata={"help": "Charges that carry the death penalty (matched as words)."},
    )  # fmt: skip
    death_sentences: tuple[str, ...] = field(
        default=("اعدام", "قصاص", "death", "execution", "qisas"),
        metadata={"help": "Words of a sentence that mean death."},
    )
    execution_facilities: tuple[str, ...] = field(
        default=(),
        metadata={"help": "Facility codes known for executions, beside those the register marks."},
    )

    @classmethod
    def load(cls, case_dir: Path) -> WatchRules:
        path = Path(case_dir) / "reckon.toml"
        try:
            section = tomllib.loads(path.read_text(encoding="utf-8")).get("watch", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read the watch settings: {exc}", file=str(path)) from None
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(section) - known)
        if unknown:
            raise SettingsError(
                f"unknown [watch] setting(s) {', '.join(unknown)}",
                file=str(path),
                hint=f"the settings are: {', '.join(sorted(known))}",
            )
        values: dict[str, Any] = {}
        for name, value in section.items():
            if name == "no_contact_days":
                if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                    raise SettingsError(
                        f"[watch] no_contact_days must be a whole number of days, not {value!r}",
                        file=str(path),
                    )
                values[name] = value
            else:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise SettingsError(f"[watch] {name} must be a list of texts", file=str(path))
                values[name] = tuple(value)
        bad = sorted(set(values.get("rules", ())) - set(RULES))
        if bad:
            raise SettingsError(
                f"[watch] rules: unknown rule(s) {', '.join(bad)}",
                file=str(path),
                hint=f"the rules are: {', '.join(RULES)}",
            )
        return cls(**values)


@dataclass(frozen=True)
class WatchHit:
    """One detainee listed by one rule."""

    detainee: Detainee
    rule: str
    reason: str
    evidence: tuple[str, ...]  # custody step ids or statement ids
    last_confirmed: date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "detainee": self.detainee.key,
            "person_id": self.detainee.person_id,
            "records": list(self.detainee.subjects),
            "state": self.detainee.state,
            "minor": self.detainee.minor.reason if self.detainee.minor else None,
            "rule": self.rule,
            "reason": self.reason,
            "evidence": list(self.evidence),
            "last_confirmed": self.last_confirmed.isoformat() if self.last_confirmed else None,
        }


def terms(text: str) -> str:
    """Words folded as names are (letter forms, digits, case), one space apart."""
    return " ".join(re.findall(r"\w+", fold(text).replace(ZWNJ, " ").casefold()))


def _says(text: str | None, words: Sequence[str]) -> bool:
    if not text:
        return False
    padded = f" {terms(text)} "
    return any(f" {terms(w)} " in padded for w in words if terms(w))


def _cite(step: dict[str, Any]) -> str:
    return f"{step['step']} of {step['date_text']} ({step['source']}, {step['reliability']})"


def _capital(d: Detainee, rules: WatchRules) -> WatchHit | None:
    found = [
        s
        for s in d.steps
        if s.get("capital")
        or (s["step"] == "charged" and any(_says(c, rules.capital_charges) for c in s["charges"]))
        or (s["step"] == "sentenced" and _says(s.get("sentence"), rules.death_sentences))
    ]
    if not found:
        return None
    last = found[-1]
    what = "a death sentence" if last["step"] == "sentenced" else "a capital charge"
    return WatchHit(d, "capital", f"{what}: {_cite(last)}", _ids(found), last["date_end"])


def _ids(steps: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(s["step_id"] for s in steps)


def _latest(d: Detainee) -> date | None:
    return max((s["date_end"] for s in d.steps), default=None)


def _no_contact(d: Detainee, rules: WatchRules, as_of: date) -> WatchHit | None:
    confirmed = d.last(*CONFIRMING)
    lost = d.last("disappeared", "whereabouts_unknown")
    since = confirmed["date_end"] if confirmed else (lost["date_start"] if lost else None)
    if since is None:
        return None
    days = (as_of - since).days
    if days <= rules.no_contact_days:
        return None
    basis = [s for s in (confirmed, lost) if s is not None]
    last = f"last confirmed by {_cite(confirmed)}" if confirmed else "never confirmed since"
    unknown = f"; whereabouts unknown since {lost['date_text']}" if lost else ""
    reason = f"no contact for {days} days (more than {rules.no_contact_days}): {last}{unknown}"
    return WatchHit(
        d, "no_contact", reason, _ids(basis), confirmed["date_end"] if confirmed else None
    )


def _no_lawyer(d: Detainee) -> WatchHit | None:
    said = [s for s in d.steps if s.get("lawyer")]
    if not said or said[-1]["lawyer"] not in ("none", "denied"):
        return None
    last = said[-1]
    reason = f"no lawyer ({last['lawyer']}): {_cite(last)}"
    return WatchHit(d, "no_lawyer", reason, _ids([last]), last["date_end"])


def _execution_facility(d: Detainee, known: set[str]) -> WatchHit | None:
    placed = [
        s
        for s in d.steps
        if s["step"] in ("arrested", "held", "transferred") and s["facility_code"]
    ]
    if not placed or placed[-1]["facility_code"] not in known:
        return None
    last = placed[-1]
    reason = f"held at «{last['facility_code']}», a facility known for executions: {_cite(last)}"
    return WatchHit(d, "execution_facility", reason, _ids([last]), last["date_end"])


def _confession(d: Detainee) -> WatchHit | None:
    found = [s for s in d.steps if s["step"] == "confession_broadcast"]
    if not found:
        return None
    return WatchHit(
        d, "televised_confession", f"a televised confession: {_cite(found[-1])}", _ids(found),
        found[-1]["date_end"],
    )  # fmt: skip


def _threats(conn: Connection) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    rows = conn.execute(
        select(statements.c.statement_id, statements.c.date_text, statements.c.said_until,
               statements.c.tags, statements.c.links)
    )  # fmt: skip
    for row in rows:
        if "threat" not in (row.tags or []):
            continue
        for subject in (row.links or {}).get("detainees", []):
            out.setdefault(str(subject), []).append(row)
    return out


def _threat(d: Detainee, threats: dict[str, list[Any]]) -> WatchHit | None:
    found = [row for subject in d.subjects for row in threats.get(subject, [])]
    if not found:
        return None
    found.sort(key=lambda r: (r.said_until or date.min, r.statement_id))
    last = found[-1]
    reason = f"named in an official's threat of {last.date_text} (statement {last.statement_id})"
    return WatchHit(
        d, "official_threat", reason, tuple(r.statement_id for r in found), last.said_until
    )


def _known_by(d: Detainee, as_of: date) -> Detainee:
    """The detainee as the steps dated by ``as_of`` tell it; a step whose span runs past
    that day counts as confirmed on it, not later."""
    steps = tuple(
        {**s, "date_end": min(s["date_end"], as_of)} for s in d.steps if s["date_start"] <= as_of
    )
    try:
        state = check_order(d.key, [Dated.of(s, i) for i, s in enumerate(steps)])
    except InputError:
        state = "inconsistent"
    return replace(d, steps=steps, state=state)


def watch_list(conn: Connection, rules: WatchRules, as_of: date) -> list[WatchHit]:
    """Every rule's hits, detainee by detainee, as the steps dated by ``as_of`` tell it;
    the dead are not at risk any more."""
    known = set(rules.execution_facilities) | set(
        conn.execute(
            select(custody_registers.c.code).where(
                custody_registers.c.register == "facility", custody_registers.c.executions
            )
        ).scalars()
    )
    threats = _threats(conn) if "official_threat" in rules.rules else {}
    hits: list[WatchHit] = []
    for d in (_known_by(d, as_of) for d in detainees(conn)):
        if d.state == DEAD or not d.steps:
            continue
        held = d.state in (CUSTODY, FURLOUGH)
        found: dict[str, WatchHit | None] = {
            "capital": _capital(d, rules),
            "minor_held": (
                WatchHit(d, "minor_held", f"a minor held: {d.minor.reason}", (), _latest(d))
                if d.minor and held
                else None
            ),
            "no_contact": _no_contact(d, rules, as_of) if d.state == CUSTODY else None,
            "no_lawyer": _no_lawyer(d) if held else None,
            "execution_facility": _execution_facility(d, known) if d.state == CUSTODY else None,
            "televised_confession": _confession(d),
            "official_threat": _threat(d, threats),
        }
        hits.extend(hit for rule, hit in found.items() if hit and rule in rules.rules)
    return hits
