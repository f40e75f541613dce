"""Each role against each page, fragment and export; CSRF, XSS, expiry, lockout; and a
viewer's every response searched for the witness planted in the case."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.web.conftest import PASSWORD, WITNESS, WITNESS_FA, TestClient, csrf_of, login

PAGES = {
    "/": "read",
    "/records": "read",
    "/records?q=Hosseini": "read",
    "/records.csv": "read",
    "/api/records": "read",
    "/records/1": "read",
    "/records/new": "enter",
    "/review": "review",
    "/edits": "review",
    "/estimate": "estimate",
    "/verify": "verify",
    "/audit": "audit",
    "/users": "users",
}
RIGHTS = {
    "admin": {"read", "enter", "review", "estimate", "verify", "audit", "users"},
    "documenter": {"read", "enter"},
    "reviewer": {"read", "review", "verify", "audit"},
    "analyst": {"read", "estimate", "verify"},
    "viewer": {"read"},
}


@pytest.mark.parametrize("role", sorted(RIGHTS))
def test_each_role_reaches_only_its_pages(app_for: Callable[..., TestClient], role: str) -> None:
    client = app_for()
    login(client, role)
    for path, right in PAGES.items():
        r = client.get(path)
        expected = 200 if right in RIGHTS[role] else 403
        assert r.status_code == expected, (role, path, r.status_code)


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_forbidden_writes_are_refused(app_for: Callable[..., TestClient], role: str) -> None:
    client = app_for()
    token = login(client, role)
    for path, data in (
        ("/records/new", {"source": "X", "record_id": "1", "full_name": "A B", "kind": "other"}),
        ("/records/1/edit", {"field": "full_name", "value": "changed"}),
        ("/review/decide", {"decision": "match"}),
        ("/users", {"username": "mallory", "role": "admin", "password": "x" * 12}),
        ("/users/admin/disable", {}),
    ):
        r = client.post(path, data={**data, "csrf": token}, follow_redirects=False)
        assert r.status_code == 403, (role, path, r.status_code)


def test_logged_out_goes_to_login(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    for path in PAGES:
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path
    r = client.get("/records", headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login"


def test_csrf_is_refused_on_forms_and_htmx(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    token = login(client, "documenter")
    form = {"source": "Family reports", "record_id": "CSRF1", "full_name": "Ali Rezaei"}
    assert client.post("/records/new", data=form, follow_redirects=False).status_code == 403
    bad = {**form, "csrf": "not-the-token"}
    assert client.post("/records/new", data=bad, follow_redirects=False).status_code == 403
    r = client.post("/records/preview", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 403
    r = client.post(
        "/records/preview", data=form, headers={"HX-Request": "true", "X-CSRF-Token": token}
    )
    assert r.status_code == 200 and "alirzi" in r.text  # the name's cross-script key
    # a login form without its token is refused too
    fresh = TestClient(client.app, base_url="https://testserver")
    r = fresh.post("/login", data={"username": "admin", "password": PASSWORD})
    assert r.status_code == 403


def test_cookie_is_secure_httponly_strict(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    r = client.get("/login")
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_session_expires_when_idle(app_for: Callable[..., TestClient]) -> None:
    client = app_for(idle=1.0)
    login(client, "viewer")
    assert client.get("/records", follow_redirects=False).status_code == 200
    time.sleep(1.3)
    r = client.get("/records", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_lockout_after_wrong_passwords(app_for: Callable[..., TestClient], served: Path) -> None:
    from reckon.web import accounts

    client = app_for(login_attempts=100)
    with __import__("reckon.case", fromlist=["Case"]).Case.open(served) as case:
        accounts.add_user(case, "locky", "viewer", PASSWORD)
    for _ in range(accounts.MAX_FAILURES):
        token = csrf_of(client.get("/login").text)
        r = client.post(
            "/login", data={"username": "locky", "password": "wrong password!", "csrf": token}
        )
        assert r.status_code == 401
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": "locky", "password": PASSWORD, "csrf": token})
    assert r.status_code == 401, "the right password must not open a locked account"
    assert "locked" in r.text


def test_login_rate_limit(app_for: Callable[..., TestClient]) -> None:
    client = app_for(login_attempts=3)
    codes = []
    for _ in range(4):
        token = csrf_of(client.get("/login").text)
        codes.append(
            client.post(
                "/login", data={"username": "nobody", "password": "x", "csrf": token}
            ).status_code
        )
    assert codes == [401, 401, 401, 429]


def test_totp_is_asked_when_set(app_for: Callable[..., TestClient], served: Path) -> None:
    import pyotp

    from reckon.case import Case
    from reckon.web import accounts

    with Case.open(served) as case:
        _, secret = accounts.add_user(case, "otp", "viewer", PASSWORD, totp=True)
    assert secret
    client = app_for()
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": "otp", "password": PASSWORD, "csrf": token})
    assert r.status_code == 401
    token = csrf_of(client.get("/login").text)
    code = pyotp.TOTP(secret).now()
    r = client.post(
        "/login",
        data={"username": "otp", "password": PASSWORD, "code": code, "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303


XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "<سکریپت>alert(۳)</سکریپت>")


def test_xss_payloads_are_escaped(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    token = login(client, "documenter")
    for n, payload in enumerate(XSS):
        form = {
            "csrf": token,
            "source": f"XSS {payload}",
            "kind": "other",
            "record_id": f"X{n}",
            "full_name": f"علی {payload}",
            "place": payload,
            "notes": payload,
        }
        r = client.post("/records/new", data=form)
        assert r.status_code == 200, r.text[:1000]
        pages = [r.text, client.get("/records?q=علی").text, client.get("/records").text]
        pages.append(
            client.post("/records/preview", data=form, headers={"X-CSRF-Token": token}).text
        )
        for html in pages:
            assert payload not in html
            assert "<script>alert" not in html and "<img src=x" not in html


def _crawl(client: TestClient, token: str) -> list[str]:
    """Every page, fragment, export and error a viewer can ask for."""
    texts: list[str] = []
    gets = [
        "/",
        "/records",
        "/records?q=Hosseini",
        "/records.csv",
        "/records.csv?q=Hosseini",
        "/api/records",
        "/api/records?q=hsini",
        "/audit",
        "/review",
        "/users",
        "/verify",
        "/upload",
        "/records/new",
        "/persons/1",
        "/records/999999",
        "/static/app.js",
    ]
    gets += [f"/records/{n}" for n in range(1, 8)]
    for path in gets:
        texts.append(client.get(path).text)
        texts.append(client.get(path, headers={"HX-Request": "true"}).text)
    for path in ("/records/1/edit", "/verify", "/estimate", "/review/decide", "/records/preview"):
        texts.append(client.post(path, data={"csrf": token, "field": "notes"}).text)
    return texts


def test_viewer_never_receives_the_witness(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    token = login(client, "viewer")
    texts = _crawl(client, token)
    assert any("حسینی" in t for t in texts)  # the crawl did see the records
    # searching for the witness finds nothing (the search reads names, never raw rows)
    found = client.get("/api/records", params={"q": WITNESS}).json()
    assert found["total"] == 0
    for text in texts:
        for needle in (WITNESS, WITNESS_FA, "Witnessova", "شاهدزاده"):
            assert needle not in text


def test_analyst_never_receives_the_witness(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    token = login(client, "analyst")
    for text in _crawl(client, token):
        assert WITNESS not in text and WITNESS_FA not in text


def test_documenter_sees_raw_rows_the_viewer_does_not(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    login(client, "documenter")
    assert WITNESS in client.get("/records/1").text  # the list's unread "informant" column


def test_sealed_witness_is_sealed_away_from_analysts_and_viewers(served: Path) -> None:
    """The witness is sealed to the keys that may read it; an analyst's or a viewer's
    key could not open it even with the password and the case folder."""
    from reckon.case import Case
    from reckon.vault.crypt import readers_of
    from reckon.web import accounts

    with Case.open(served) as case:
        keys = {a.role: a.key_id for a in accounts.list_users(case) if a.username == a.role}
        event = next(e for e in case.vault.events() if e.kind == "evidence.added")
        blob = event.payload["sealed"]
    assert WITNESS not in json.dumps(event.payload, ensure_ascii=False)
    readers = set(readers_of(bytes.fromhex(blob)))
    assert {keys["admin"], keys["documenter"], keys["reviewer"]} <= readers
    assert not readers & {keys["analyst"], keys["viewer"]}
