from __future__ import annotations

from collections.abc import Callable

from tests.web.conftest import TestClient, login


def test_admin_sees_every_page(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    login(client, "admin")
    for path in (
        "/",
        "/records",
        "/records/new",
        "/review",
        "/edits",
        "/upload",
        "/estimate",
        "/verify",
        "/audit",
        "/users",
        "/records/1",
        "/records.csv",
        "/api/records",
    ):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:2000])
