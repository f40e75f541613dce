"""A fresh case on each backend for the import tests.

``db_url`` (tests/conftest.py) is None for SQLite or a PostgreSQL URL whose
search_path is a schema of its own; PostgreSQL runs skip with the reason shown
only when no server answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def new_case(tmp_path: Path, db_url: str | None) -> Path:
    from reckon.case import Case

    path = tmp_path / "case"
    Case.create(path, db=db_url, author="tester")
    return path
