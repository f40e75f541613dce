"""The case schema comes only from the Alembic migrations, and older cases open without loss."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, func, inspect, select, text

from reckon.store import schema
from reckon.store.engine import create_schema, make_engine
from reckon.store.migrate import HEAD, config, current_revision

OLD_CASE = Path(__file__).parents[1] / "data" / "case_0_1_0.sql"


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), schema.metadata))


def test_head_names_the_newest_revision() -> None:
    with create_engine("sqlite://").connect() as conn:
        scripts = ScriptDirectory.from_config(config(conn))
    assert scripts.get_heads() == [HEAD]


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_migrations_build_exactly_the_declared_schema(
    db: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = "sqlite:///reckon.db" if db == "sqlite" else request.getfixturevalue("postgres_url")
    engine = make_engine(url, tmp_path)
    create_schema(engine)
    assert _differences(engine) == []
    with engine.connect() as conn:
        assert current_revision(conn) == HEAD
    create_schema(engine)  # opening again changes nothing
    assert _differences(engine) == []


def _old_case(path: Path) -> Engine:
    """The database of a linked case written by reckon 0.1.0 before migrations existed."""
    with sqlite3.connect(path) as conn:
        conn.executescript(OLD_CASE.read_text(encoding="utf-8"))
    return make_engine(f"sqlite:///{path}", path.parent)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in schema.metadata.tables.items()
            if inspect(conn).has_table(name)
        }


def test_a_case_written_by_the_version_before_opens_with_every_row(tmp_path: Path) -> None:
    engine = _old_case(tmp_path / "reckon.db")
    before = _counts(engine)
    assert before["records"] == 42 and before["persons"] == 24
    create_schema(engine)
    assert _differences(engine) == []
    after = _counts(engine)
    assert {name: after[name] for name in before} == before
    with engine.connect() as conn:
        assert current_revision(conn) == HEAD


def test_a_table_an_older_case_lacks_is_created(tmp_path: Path) -> None:
    engine = _old_case(tmp_path / "reckon.db")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE link_labels"))
    create_schema(engine)
    assert _differences(engine) == []
    assert _counts(engine)["records"] == 42
