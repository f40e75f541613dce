"""The whole path on a synthetic case: generate, import, link, evaluate, estimate,
report, verify. What ``make demo`` and ``reckon demo`` run.

Each step is the same library call its own command makes; the demo only
strings them together, so a demo that works is a path that works.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reckon.case import Case

log = logging.getLogger("reckon.demo")

Step = Callable[[str], None]


@dataclass
class DemoResult:
    case_dir: Path
    report: Path
    people: int
    documented: int
    records_imported: int
    persons: int
    link_f1: float | None
    estimate: dict[str, Any]
    verified: bool
    seconds: dict[str, float] = field(default_factory=dict)

    def as_lines(self) -> list[str]:
        est = self.estimate
        lines = [
            f"synthetic population: {self.people} victims, {self.documented} on at least one list",
            f"imported {self.records_imported} records; linked into {self.persons} persons"
            + (f" (pairwise F1 against the truth {self.link_f1:.3f})" if self.link_f1 else ""),
        ]
        if est and est.get("estimate") is None:
            lines.append(f"no estimate ({est['method']}): {est.get('reason', '')}")
        elif est:
            lo, hi = est["ci"]
            lines.append(
                f"estimated total ({est['method']}): {est['estimate']:.0f} "
                f"(95% interval {lo:.0f}-{hi:.0f}); the true total is {self.people}"
            )
            if est.get("finding") is False:
                lines.append("  NOT A FINDING: the sampler did not converge within its time budget")
            lines += [f"  warning: {w}" for w in est.get("warnings", [])]
        lines.append(f"vault verifies: {'yes' if self.verified else 'NO'}")
        lines.append(f"report: {self.report}")
        return lines


def run_demo(
    case_dir: Path,
    *,
    people: int = 2000,
    sources: int = 5,
    seed: int = 2026,
    step: Step | None = None,
    passphrase: str | None = None,
) -> DemoResult:
    """Run every stage on a fresh synthetic case in ``case_dir`` (which must not exist);
    its key's passphrase is ``passphrase``, else ``DEMO_PASSPHRASE``."""
    from reckon.synth import generate

    say = step or (lambda _msg: None)
    timings: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        say(name)
        start = time.monotonic()
        value = fn()
        timings[name] = round(time.monotonic() - start, 2)
        return value

    case = timed(
        "create the case",
        lambda: Case.create(
            case_dir,
            name="synthetic demo",
            passphrase=passphrase or DEMO_PASSPHRASE,
            synthetic=True,
        ),
    )
    lists = case_dir / "synthetic-lists"
    manifest = timed(
        "generate synthetic lists",
        lambda: generate(lists, people=people, sources=sources, seed=seed),
    )
    imported = 0
    for src in manifest.sources:
        say(f"import {src.name}")
        start = time.monotonic()
        report = case.ingest.import_file(
            lists / src.file, source=src.name, kind=src.kind, id_column=src.id_column
        )
        timings[f"import {src.name}"] = round(time.monotonic() - start, 2)
        imported += report.records_imported
    linked = timed("link records into persons", lambda: _link(case))
    f1 = timed("evaluate the linkage", lambda: _evaluate(case, lists / "truth.csv"))
    estimate = timed("estimate the undocumented", lambda: _estimate(case, seed))
    report_path = case_dir / "report.html"
    timed("write the report", lambda: _report(case, report_path))
    verified = timed("verify the vault", lambda: case.verify().ok)
    case.close()
    return DemoResult(
        case_dir=case_dir,
        report=report_path,
        people=manifest.people,
        documented=manifest.documented,
        records_imported=imported,
        persons=linked,
        link_f1=f1,
        estimate=estimate,
        verified=verified,
        seconds=timings,
    )


def _link(case: Case) -> int:
    return case.link.run().persons


def _evaluate(case: Case, truth: Path) -> float:
    return float(case.link.evaluate(truth).pairwise["all"].f1)


def _estimate(case: Case, seed: int) -> dict[str, Any]:
    """The demo's one estimate, recorded in the case as ``reckon estimate`` records it:
    the one clustering, with the self-decided length of the recommended method."""
    from reckon.estimate import DEFAULT_METHOD

    run = case.estimate(DEFAULT_METHOD, seed=seed, linkage_draws=0)
    return dict(run.result.to_dict())


def _report(case: Case, path: Path) -> None:
    case.report(path)  # shows the estimate just recorded: it is not run again


# The demo's case is synthetic: its signing key needs no secret passphrase, so the
# demo runs anywhere without asking. The command line gives RECKON_PASSPHRASE instead
# when it is set.
DEMO_PASSPHRASE = "reckon-demo"


def demo_passphrase_note(passphrase_given: bool) -> str | None:
    """What to tell the user about the demo key's passphrase, if it was not theirs."""
    if passphrase_given:
        return None
    return (
        f"the demo case's signing key has the passphrase {DEMO_PASSPHRASE!r} (the case is "
        f"synthetic); to sign more events in it, set RECKON_PASSPHRASE={DEMO_PASSPHRASE}"
    )
