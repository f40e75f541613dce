"""A small synthetic case served in-process: one user per role, a witness name planted
in the places a witness can be named (a list's unread column, a record's notes, an
evidence item's sealed custody), so tests can look for it in every response."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # starlette 1.10 asks for httpx2 beside httpx 0.28; the client works the same
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from reckon.case import Case
from reckon.web import accounts, library
from reckon.web.app import create_app

WITNESS = "Zhaleh Witnessova"  # a made-up name: never a real person
WITNESS_FA = "ژاله شاهدزاده"
PASSWORD = "a long password 1"
ROLES = ("admin", "documenter", "reviewer", "analyst", "viewer")

LIST = (
    "ردیف,نام,نام خانوادگی,نام پدر,سن,تاریخ,استان,informant\n"
    f"1,محمد,حسینی,علی,23,۱۸ دی ۱۴۰۴,کرمانشاه,{WITNESS}\n"
    f"2,Mohammad,Husseini,Ali,23,2026-01-08,Kermanshah,{WITNESS_FA}\n"
    "3,زهرا,احمدی,رضا,31,۱۹ دی ۱۴۰۴,تهران,\n"
)


def build_case(path: Path) -> Case:
    case = Case.create(path)
    for role in ROLES:
        accounts.add_user(case, role, role, PASSWORD)
    csv = path.parent / "list.csv"
    csv.write_text(LIST, encoding="utf-8")
    library.import_list(case, csv, source="NGO list", kind="ngo", columns=None)
    library.enter_record(
        case,
        source="Family reports",
        list_kind="family",
        record_id="F1",
        fields={"full_name": "Hosseini Reza", "date": "2026-01-09", "notes": f"told by {WITNESS}"},
    )
    evidence = path.parent / "photo.txt"
    evidence.write_text("a photo stand-in", encoding="utf-8")
    library.add_evidence(
        case,
        [evidence],
        {"description": "morgue wall", "witness": WITNESS, "records": ["NGO list:1"]},
        sensitive=False,
        barred={a.key_id for a in accounts.list_users(case) if a.role in ("analyst", "viewer")},
    )
    return case


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    mp = pytest.MonkeyPatch()
    mp.setenv("RECKON_PASSPHRASE", "correct horse battery staple")
    path = tmp_path_factory.mktemp("web") / "case"
    build_case(path).close()
    yield path
    mp.undo()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in; the CSRF token of the new session."""
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:500]
    return csrf_of(client.get("/records").text)


@pytest.fixture(scope="module")
def app_for(served: Path) -> Callable[..., TestClient]:
    def make(**options: object) -> TestClient:
        return TestClient(create_app(served, **options), base_url="https://testserver")  # type: ignore[arg-type]

    return make
