"""A case holding a synthetic detainee list (no real person), and a way to add steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from reckon.case import Case
from reckon.detainees.registers import RegisterInput
from reckon.detainees.steps import StepInput
from reckon.events.custody import enter_registers, record_steps
from reckon.ingest.importer import import_file
from reckon.store.schema import metadata

LIST = (
    "ردیف,نام,نام خانوادگی,سن,تاریخ بازداشت,استان\n"
    "1,علی,رضایی,16,۱۸ دی ۱۴۰۴,تهران\n"
    "2,مریم,حسینی,30,۱۹ دی ۱۴۰۴,کرمانشاه\n"
    "3,رضا,کریمی,,۲۰ دی ۱۴۰۴,اصفهان\n"
    "4,زهرا,احمدی,25,۲۱ دی ۱۴۰۴,تهران\n"
)


@pytest.fixture(autouse=True)
def _witness(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))
    monkeypatch.delenv("RECKON_KEY", raising=False)


def detainee_list(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "detainees.csv"
    path.write_text(LIST, encoding="utf-8")
    return path


@pytest.fixture
def case(case_dir: Path, tmp_path: Path) -> Case:
    """Four detainees of the list «HRANA» (records HRANA:1 … HRANA:4), and the registers."""
    opened = Case.create(case_dir)
    import_file(opened, detainee_list(tmp_path / "lists"), source="HRANA", kind="detainee")
    enter_registers(
        opened,
        [
            (None, RegisterInput("facility", "evin", "زندان اوین", "Evin Prison", "تهران")),
            (None, RegisterInput("facility", "ghezel", "زندان قزل‌حصار", "Ghezel Hesar", "کرج",
                                 executions=True)),
            (None, RegisterInput("court", "rc-15", "دادگاه انقلاب", "Revolutionary", "تهران")),
            (None, RegisterInput("judge", "j-1", "قاضی الف", "Judge A", court="rc-15")),
        ],
    )  # fmt: skip
    return opened


def add(case: Case, subject: str, step: str, date: str, **fields: Any) -> dict[str, Any]:
    """Record one step (source «family», reliability high unless given)."""
    values: dict[str, Any] = {"source": "family", "reliability": "high", **fields}
    (done,) = record_steps(case, [(None, StepInput(subject, step, date, **values))])
    return done


def tables(case: Case) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every digested table, in key order (for comparing two databases)."""
    with case.engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in metadata.sorted_tables
            if t.name not in ("meta", "applied_events")
        }
