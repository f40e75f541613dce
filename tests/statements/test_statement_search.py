"""The statement archive on SQLite and PostgreSQL: the same hits for every spelling
variant, facets, saved copies kept in the vault, and the archive surviving a rebuild
and a bundle."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.errors import InputError
from reckon.events.bundles import export_case_bundle, import_into_case
from reckon.events.replay import rebuild
from reckon.events.statements import add_statements
from reckon.settings import CaseSettings
from reckon.statements.archive import StatementInput, read_csv
from reckon.statements.search import search_statements
from reckon.store.schema import evidence, metadata, statements
from reckon.vault.verify import verify_vault

# Synthetic statements written for these tests, in the manner of the speech the issue cites.
SAID = [
    StatementInput(
        "مقام الف", "۱۸ دی ۱۴۰۴",
        "با اغتشاش‌گران توسط پلیس، بسیج یا نهادهای اطلاعاتی برخورد می‌شود؛ "
        "آنها می‌خواهند كشور را ناامن کنند.",
        office="دادستان", tags=("threat", "justification"), medium="speech",
    ),
    StatementInput(
        "مقام ب", "2026-01-10",
        "نباید همه چيز در فضاي مجازی منتشر شود. ١٨ دی روز آرامی بود.",
        office="وزیر", tags=("censorship",), medium="tv",
    ),
    StatementInput(
        "Official C", "12 January 2026", "The chaos will be met by the police.",
        office="Governor", language="en", tags=("justification",),
    ),
]  # fmt: skip

QUERIES = [
    ("می خواهند", 1),  # ZWNJ split in the query, joined in the text
    ("میخواهند", 1),  # dropped
    ("مي‌خواهند", 1),  # Arabic ye and ZWNJ
    ("کشور", 1),  # the text has Arabic kaf
    ("چیز فضای", 1),  # the text has Arabic ye in both
    ("18 دی", 1),  # the text has Arabic-Indic digits
    ("۱۸ دی", 1),
    ('"پلیس بسیج"', 1),
    ('"بسیج پلیس"', 0),
    ("اغتشاش*", 1),
    ("اَغتِشاش‌گران", 1),  # diacritics in the query
    ("CHAOS police", 1),
    ("پلیس", 1),
    ("police", 1),
    ("nothing-here", 0),
]


def _case(case_dir: Path, db_url: str | None) -> Case:
    case = Case.create(case_dir, db=db_url)
    add_statements(case, [(None, s) for s in SAID])
    return case


@pytest.fixture
def archive(case_dir: Path, db_url: str | None) -> Case:
    return _case(case_dir, db_url)


def test_every_spelling_variant_finds_the_same_statements(archive: Case) -> None:
    for query, count in QUERIES:  # one case for all of them: a case costs a key's hashing
        hits = search_statements(archive.engine, query).hits
        assert len(hits) == count, query
        for hit in hits:
            assert "[" in hit.context and hit.matches, query


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_hits(tmp_path: Path, postgres_url: str) -> None:
    lite = _case(tmp_path / "lite", None)
    pg = _case(tmp_path / "pg", postgres_url)
    for query, _ in QUERIES:
        a = [(h.speaker, h.matches, h.context) for h in search_statements(lite.engine, query).hits]
        b = [(h.speaker, h.matches, h.context) for h in search_statements(pg.engine, query).hits]
        assert a == b, query


def test_facets_and_filters(archive: Case) -> None:
    result = search_statements(archive.engine, "")
    assert len(result.hits) == 3
    assert result.facets["period"] == {"2026-01": 3}
    assert result.facets["speaker"] == {"مقام الف": 1, "مقام ب": 1, "Official C": 1}
    assert [h.speaker for h in search_statements(archive.engine, "", tag="justification").hits] == [
        "مقام الف", "Official C",
    ]  # fmt: skip
    assert len(search_statements(archive.engine, "", office="وزير").hits) == 1  # Arabic ye
    from datetime import date

    later = search_statements(archive.engine, "", since=date(2026, 1, 9)).hits
    assert [h.speaker for h in later] == ["مقام ب", "Official C"]


def test_a_statement_is_checked_before_anything_is_stored(archive: Case) -> None:
    with pytest.raises(InputError, match="column '--tags', value 'rumour': unknown tag"):
        add_statements(archive, [(None, StatementInput("x", "2026-01-10", "y", tags=("rumour",)))])
    with pytest.raises(InputError, match="column '--date', value 'someday': not a date"):
        add_statements(archive, [(None, StatementInput("x", "someday", "y"))])
    assert len(search_statements(archive.engine, "").hits) == 3


def test_a_saved_copy_goes_into_the_vault_and_round_trips(case_dir: Path, tmp_path: Path) -> None:
    case = Case.create(case_dir)
    saved = tmp_path / "speech.html"
    saved.write_bytes("<html><body>برخورد می‌شود</body></html>".encode())
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["statement", "add", str(case_dir), "--speaker", "مقام الف", "--date", "۱۸ دی ۱۴۰۴",
         "--text", "برخورد می‌شود", "--source", "https://example.org/speech", "--file", str(saved),
         "--tag", "threat", "--tag", "order"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with case.engine.connect() as conn:
        row = conn.execute(
            select(evidence.c.object_sha256, evidence.c.custody).join(
                statements, statements.c.evidence_id == evidence.c.id
            )
        ).one()
    import hashlib

    assert row.object_sha256 == hashlib.sha256(saved.read_bytes()).hexdigest()
    assert case.vault.object_path(row.object_sha256).read_bytes() == saved.read_bytes()
    assert row.custody["generation"] == "saved copy"
    assert row.custody["statements"][0]["url"] == "https://example.org/speech"
    found = runner.invoke(app, ["statement", "search", str(case_dir), "میشود", "--json"])
    (hit,) = [json.loads(line) for line in found.output.splitlines()]
    assert {"id", "speaker", "date", "text"} <= set(hit) and hit["date"] == "۱۸ دی ۱۴۰۴"
    assert hit["tags"] == ["order", "threat"]
    assert verify_vault(case_dir).ok
    # the copy is evidence: deleting it is a fault verify finds
    case.vault.object_path(row.object_sha256).unlink()
    assert not verify_vault(case_dir).ok


def test_the_archive_survives_a_rebuild(case_dir: Path, tmp_path: Path) -> None:
    case = _case(case_dir, None)
    copy = tmp_path / "copy.txt"
    copy.write_text("saved")
    add_statements(case, [(None, StatementInput("مقام د", "۲۰ دی ۱۴۰۴", "سخن", file=copy))])
    search_statements(case.engine, "پلیس")  # makes the FTS index, outside the schema
    names = ("statements", "evidence")
    with case.engine.connect() as conn:
        live = {n: conn.execute(select(metadata.tables[n])).all() for n in names}
    case.close()
    rebuild(case_dir)
    again = Case.open(case_dir)
    with again.engine.connect() as conn:
        assert {n: conn.execute(select(metadata.tables[n])).all() for n in names} == live
    assert len(search_statements(again.engine, "پلیس").hits) == 1
    assert verify_vault(case_dir).ok


def test_statements_archived_on_another_laptop_arrive_by_bundle(
    case_dir: Path, tmp_path: Path
) -> None:
    case = Case.create(case_dir)
    since = case.vault.checkpoint().fingerprint
    other = tmp_path / "device-b"
    shutil.copytree(case_dir, other)
    CaseSettings.load(other).with_changes(db="sqlite:///reckon.db").save(other)
    for leftover in other.glob("reckon.db*"):
        leftover.unlink()
    copy = tmp_path / "copy.html"
    copy.write_text("<p>saved</p>")
    with Case.open(other) as b:
        add_statements(b, [(None, StatementInput("مقام الف", "۱۸ دی ۱۴۰۴", "پلیس", file=copy))])
        export_case_bundle(b.vault, tmp_path / "b.bundle", since=since)
    import_into_case(case, tmp_path / "b.bundle")
    (hit,) = search_statements(case.engine, "پلیس").hits
    assert hit.speaker == "مقام الف"
    with case.engine.connect() as conn:
        sha = conn.execute(select(evidence.c.object_sha256)).scalar_one()
    assert case.vault.object_path(sha).read_text() == "<p>saved</p>"
    assert verify_vault(case_dir).ok


def test_statements_import_from_csv_with_rows_named_on_error(
    case_dir: Path, tmp_path: Path
) -> None:
    Case.create(case_dir).close()
    (tmp_path / "copy.html").write_text("<p>saved</p>")
    good = tmp_path / "said.csv"
    good.write_text(
        "speaker,office,date,text,tags,file,translation,translator\n"
        "مقام الف,دادستان,۱۸ دی ۱۴۰۴,با اغتشاشگران برخورد می‌شود,threat;order,copy.html,"
        "Rioters will be dealt with,T. One\n"
        "مقام ب,وزیر,2026-01-10,نباید همه چیز منتشر شود,censorship,,,\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["statement", "import", str(case_dir), str(good)])
    assert result.exit_code == 0 and "2 statement(s)" in result.output, result.output
    english = runner.invoke(app, ["statement", "search", str(case_dir), "rioters", "--json"])
    (hit,) = [json.loads(line) for line in english.output.splitlines()]
    assert hit["matches"] == ["Rioters"]  # found in the translation
    bad = tmp_path / "bad.csv"
    bad.write_text("speaker,date,text\nمقام,۳۲ دی ۱۴۰۴,متن\n", encoding="utf-8")
    failed = runner.invoke(app, ["statement", "import", str(case_dir), str(bad)])
    assert failed.exit_code == 1 and "Traceback" not in failed.output
    assert "bad.csv, row 2, column 'date', value '۳۲ دی ۱۴۰۴': not a date" in failed.output
    with pytest.raises(InputError, match="unknown column"):
        (tmp_path / "odd.csv").write_text("speaker,date,text,mood\n", encoding="utf-8")
        list(read_csv(tmp_path / "odd.csv"))
