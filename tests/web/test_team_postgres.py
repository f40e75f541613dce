"""A team server on PostgreSQL: several documenters entering at once lose nothing, the
log keeps one order, and `reckon verify` passes afterwards."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.web.conftest import PASSWORD, TestClient, login

from reckon.case import Case
from reckon.events.verify import verify_case
from reckon.store.schema import records
from reckon.web import accounts
from reckon.web.app import create_app

pytestmark = pytest.mark.postgres

WRITERS = 4
EACH = 5


def test_several_writers_at_once(tmp_path: Path, postgres_url: str) -> None:
    path = tmp_path / "team"
    with Case.create(path, db=postgres_url) as case:
        for n in range(WRITERS):
            accounts.add_user(case, f"doc{n}", "documenter", PASSWORD)
    app = create_app(path)
    clients = [TestClient(app, base_url="https://testserver") for _ in range(WRITERS)]
    tokens = [login(c, f"doc{n}") for n, c in enumerate(clients)]
    failures: list[str] = []

    def write(n: int) -> None:
        for i in range(EACH):
            r = clients[n].post(
                "/records/new",
                data={
                    "csrf": tokens[n],
                    "source": "Team",
                    "kind": "family",
                    "record_id": f"{n}-{i}",
                    "full_name": "علی حسینی",
                },
                follow_redirects=False,
            )
            if r.status_code != 303:
                failures.append(f"{n}-{i}: {r.status_code}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    with Case.open(path) as case:
        with case.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(records)).scalar_one()
        authors = {e.author for e in case.vault.events() if e.kind == "record.entered"}
        seqs = [e.seq for e in case.vault.events()]
    assert count == WRITERS * EACH
    assert len(authors) == WRITERS  # each signed by its own documenter
    assert seqs == list(range(1, len(seqs) + 1))
    report = verify_case(path)
    assert report.ok, report.faults
    # every one's work is seen by the others
    found = clients[0].get("/api/records", params={"q": "Hosseini"}).json()
    assert found["total"] == WRITERS * EACH
