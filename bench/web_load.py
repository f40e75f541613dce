"""Simulated documenters on loopback: entering and searching records through `reckon serve`.

    .venv/bin/python bench/web_load.py [--records 100000] [--users 50] [--seconds 60] [--mix 0.25]

Builds a case in a temporary folder from the synthetic Persian list of
``bench/import_100k.py`` (imported by the real import), adds one documenter
account per simulated user (each with their own signing key), starts the real
``reckon serve`` on 127.0.0.1 in its own process, and runs ``--users`` client
threads for ``--seconds``: each logs in, then loops over a search (a name from
the list, in Persian or Latin, paged) and, ``--mix`` of the time (default one in
four), the entry of a new record (CSRF token, form post, the signed event).
Prints p50/p95/max latency per kind of request and the error count, as one JSON
object, with the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from import_100k import FAMILY, write_list

PASSWORD = "bench password 1"
LATIN = ["Hosseini", "Ahmadi", "Mohammadi", "Rezaei", "Karimi", "Hashemi", "Moradi"]


def build(root: Path, records: int, users: int) -> Path:
    from reckon.case import Case
    from reckon.ingest.importer import import_file
    from reckon.web import accounts

    os.environ.setdefault("RECKON_PASSPHRASE", "bench device passphrase")
    case_dir = root / "case"
    listing = root / "list.csv"
    write_list(listing, records, seed=7)
    with Case.create(case_dir, passphrase=os.environ["RECKON_PASSPHRASE"], synthetic=True) as case:
        import_file(case, listing, source="Bench list", kind="ngo")
        for n in range(users):
            accounts.add_user(case, f"doc{n}", "documenter", PASSWORD)
    return case_dir


def client_loop(
    base: str,
    n: int,
    ready: threading.Barrier,
    until: list[float],
    mix: float,
    out: dict[str, list[float]],
    errors: list[str],
) -> None:
    rng = random.Random(n)
    with httpx.Client(base_url=base, timeout=30.0) as client:
        token: str | None = None
        try:
            token = _log_in(client, n)
            if token is None:
                errors.append("login refused")
        except httpx.HTTPError as exc:
            errors.append(f"login {type(exc).__name__}")
        ready.wait()  # logins (two Argon2id derivations each) are not what is measured
        ready.wait()  # the clock has started
        while token is not None and time.monotonic() < until[0]:
            try:
                one_request(client, rng, n, token, mix, out, errors)
            except httpx.HTTPError as exc:  # a timeout is an error, not the end of the user
                errors.append(f"{type(exc).__name__}")


def _log_in(client: httpx.Client, n: int) -> str | None:
    """Log in as documenter ``n``; the session's CSRF token, or None when refused."""
    first = client.get("/login", timeout=300.0)
    _keep_cookie(client, first)
    found = re.search(r'name="csrf" value="([^"]+)"', first.text)
    if found is None:
        return None
    r = client.post(
        "/login",
        data={"username": f"doc{n}", "password": PASSWORD, "csrf": found.group(1)},
        follow_redirects=False,
        timeout=300.0,
    )
    _keep_cookie(client, r)
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/records/new").text)
    return found.group(1) if found else None


def _keep_cookie(client: httpx.Client, response: httpx.Response) -> None:
    """Send the session cookie back by hand: it is Secure, as a browser on loopback
    keeps it, and httpx's jar would not send it over plain http."""
    found = re.search(r"reckon_session=([^;]+)", response.headers.get("set-cookie", ""))
    if found:
        client.headers["Cookie"] = f"reckon_session={found.group(1)}"


def one_request(
    client: httpx.Client,
    rng: random.Random,
    n: int,
    token: str,
    mix: float,
    out: dict[str, list[float]],
    errors: list[str],
) -> None:
    """A search (most of the time) or the entry of a new record (``mix`` of the time)."""
    if rng.random() < mix:
        form = {
            "csrf": token,
            "source": f"Desk {n}",
            "kind": "family",
            "record_id": f"{n}-{rng.randrange(10**12)}",
            "full_name": f"{rng.choice(FAMILY)} {rng.choice(LATIN)}",
            "date": f"۱۴۰۴/۱۰/{rng.randint(1, 29)}",
            "place": "تهران",
        }
        start = time.perf_counter()
        r = client.post("/records/new", data=form, follow_redirects=False)
        kind, ok = "enter", r.status_code == 303
    else:
        query = rng.choice(FAMILY) if rng.random() < 0.5 else rng.choice(LATIN)
        start = time.perf_counter()
        r = client.get(
            "/records",
            params={"q": query, "page": rng.randint(1, 3)},
            headers={"HX-Request": "true"},
        )
        kind, ok = "search", r.status_code == 200
    out[kind].append(time.perf_counter() - start)
    if not ok:
        errors.append(f"{kind} {r.status_code}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(base: str) -> None:
    for _ in range(600):
        try:
            httpx.get(f"{base}/login", timeout=2.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("reckon serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--mix", type=float, default=0.25, help="Share of requests that enter.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        case_dir = build(Path(tmp), args.records, args.users)
        built = time.perf_counter() - t0
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "reckon.cli", "serve", str(case_dir), "--port", str(port)],
            stdout=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        _wait_for(base)
        times: dict[str, list[float]] = {"search": [], "enter": []}
        errors: list[str] = []
        ready = threading.Barrier(args.users + 1)
        until = [0.0]
        workers = [
            threading.Thread(
                target=client_loop, args=(base, n, ready, until, args.mix, times, errors)
            )
            for n in range(args.users)
        ]
        for w in workers:
            w.start()
        ready.wait()  # every user is logged in
        until[0] = time.monotonic() + args.seconds
        ready.wait()
        for w in workers:
            w.join()
        server.terminate()  # requests still queued are not waited for
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        result: dict[str, object] = {
            "records": args.records,
            "users": args.users,
            "seconds": args.seconds,
            "build_seconds": round(built, 1),
            "errors": len(errors),
            "error_kinds": sorted(set(errors))[:5],
            "load_average": os.getloadavg(),
        }
        for kind, values in times.items():
            a = np.array(values) * 1000
            result[kind] = {
                "requests": len(values),
                "p50_ms": round(float(np.percentile(a, 50)), 1) if len(a) else None,
                "p95_ms": round(float(np.percentile(a, 95)), 1) if len(a) else None,
                "max_ms": round(float(a.max()), 1) if len(a) else None,
            }
        print(json.dumps(result))


if __name__ == "__main__":
    main()
