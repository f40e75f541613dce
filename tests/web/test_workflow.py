"""What the pages write: signed by the user's own key, the same events as the CLI's,
and a case that still verifies afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from tests.web.conftest import TestClient, login

from reckon.case import Case
from reckon.events.verify import verify_case
from reckon.store.schema import link_decisions
from reckon.web import library


def _author_of_last(case: Case, kind: str) -> str:
    return [e for e in case.vault.events() if e.kind == kind][-1].author


def test_entries_edits_and_decisions_are_signed_by_their_user(
    app_for: Callable[..., TestClient], served: Path
) -> None:
    client = app_for()
    token = login(client, "documenter")
    r = client.post(
        "/records/new",
        data={
            "csrf": token,
            "source": "Family reports",
            "kind": "family",
            "record_id": "W1",
            "full_name": "مریم حسینی",
            "date": "۱۸ دی ۱۴۰۴",
            "place": "تهران",
        },
    )
    assert r.status_code == 200 and "Record entered and signed." in r.text
    with Case.open(served) as case:
        users = {
            a.username: a.key_id
            for a in __import__("reckon.web.accounts", fromlist=["x"]).list_users(case)
        }
        assert _author_of_last(case, "record.entered") == users["documenter"]
        mine = library.record_by_key(case, "Family reports", "W1", columns=("id",), with_raw=False)
        theirs = library.record_by_key(case, "NGO list", "1", columns=("id",), with_raw=False)
    assert mine and theirs
    # one's own record: edited at once
    client.post(
        f"/records/{mine['id']}/edit", data={"csrf": token, "field": "cause", "value": "gunshot"}
    )
    # another's: a proposal, until a reviewer accepts it
    r = client.post(
        f"/records/{theirs['id']}/edit", data={"csrf": token, "field": "cause", "value": "x"}
    )
    assert "waits for a reviewer" in r.text
    reviewer = app_for()
    rtoken = login(reviewer, "reviewer")
    pending = reviewer.get("/edits").text
    assert "NGO list:1" in pending
    proposal = pending.split('action="/edits/')[1].split('"')[0]
    reviewer.post(f"/edits/{proposal}", data={"csrf": rtoken, "accept": "1"})
    r = reviewer.post(
        "/review/decide",
        data={
            "csrf": rtoken,
            "source_a": "NGO list",
            "record_a": "1",
            "source_b": "NGO list",
            "record_b": "2",
            "decision": "match",
            "probability": "0.61",
        },
    )
    assert r.status_code == 200
    with Case.open(served) as case:
        edits = [e for e in case.vault.events() if e.kind == "record.edited"]
        assert [e.author for e in edits[-2:]] == [users["documenter"], users["reviewer"]]
        assert _author_of_last(case, "link.decisions") == users["reviewer"]
        with case.engine.connect() as conn:
            row = conn.execute(select(link_decisions)).mappings().all()[-1]
        assert (row["decision"], row["reviewer"], row["record_b"]) == ("match", "reviewer", "2")
    report = verify_case(served)
    assert report.ok, report.faults
    audit = reviewer.get("/audit").text
    assert "record.entered" in audit and "link.decisions" in audit


def test_cross_script_search(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    login(client, "viewer")
    for query in ("Hosseini", "حسینی", "Husseini"):
        found = client.get("/api/records", params={"q": query}).json()["records"]
        names = {r["full_name"] for r in found}
        assert {"محمد حسینی", "Mohammad Husseini"} <= names, (query, names)
