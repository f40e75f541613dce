"""Fixtures every suite shares: a passphrase for signing keys, fresh cases on SQLite and
PostgreSQL, and a guard against global random state (as statsmodels' conftest does)."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

TEST_PASSPHRASE = "correct horse battery staple"
TEST_READER_PASSPHRASE = "a second phrase that opens the witnesses"
POSTGRES_URL = os.environ.get("RECKON_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True, scope="session")
def _library_passphrase() -> Iterator[None]:
    """The library reads no environment: the tests' cases (module fixtures too) unlock
    their keys through ``Case.default_passphrase``."""
    from reckon.case import Case

    Case.default_passphrase = TEST_PASSPHRASE
    yield
    Case.default_passphrase = None


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    # the command line, run in the tests, reads the environment
    monkeypatch.setenv("RECKON_PASSPHRASE", TEST_PASSPHRASE)
    # a case's reader key (witness identities) is kept apart, under its own passphrase
    monkeypatch.setenv("RECKON_READER_PASSPHRASE", TEST_READER_PASSPHRASE)


@pytest.fixture(autouse=True)
def _no_global_random_state() -> Iterator[None]:
    """Fail a test that draws from numpy's global generator: randomness must be explicit."""
    before = np.random.get_state()[1].copy()  # type: ignore[index]
    yield
    after = np.random.get_state()[1]  # type: ignore[index]
    if not np.array_equal(before, after):
        pytest.fail("the test used numpy's global random state; pass a seed or a Generator")


@functools.cache
def postgres_skip_reason() -> str | None:
    """None when the PostgreSQL server answers, else why the tests are skipped."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means: no server to test against
        return f"no PostgreSQL server at {POSTGRES_URL}: {exc}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str | None:
    """None for the default SQLite database, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return tmp_path / "case"
