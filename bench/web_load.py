"""Simulated documenters on loopback: entering and searching records through `reckon serve`.

    .venv/bin/python bench/web_load.py [--records 100000] [--users 50] [--seconds 60]

Builds a case in a temporary folder from the synthetic Persian list of
``bench/import_100k.py`` (imported by the real import), adds one documenter
account per simulated user (each with their own signing key), serves the app
with uvicorn on 127.0.0.1 in this process, and runs ``--users`` client threads
for ``--seconds``: each logs in, then loops over a search (a name from the list,
in Persian or Latin, paged) and, one time in four, the entry of a new record
(CSRF token, form post, the signed event). Prints p50/p95/max latency per kind of
request and the error count, as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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
    with Case.create(case_dir) as case:
        import_file(case, listing, source="Bench list", kind="ngo")
        for n in range(users):
            accounts.add_user(case, f"doc{n}", "documenter", PASSWORD)
    return case_dir


def client_loop(
    base: str, n: int, until: float, seed: int, out: dict[str, list[float]], errors: list[str]
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30.0) as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        r = client.post("/login", data={"username": f"doc{n}", "password": PASSWORD, "csrf": token})
        page = client.get("/records/new").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        entered = 0
        while time.monotonic() < until:
            if rng.random() < 0.25:
                entered += 1
                form = {
                    "csrf": token,
                    "source": f"Desk {n}",
                    "kind": "family",
                    "record_id": f"{n}-{entered}",
                    "full_name": f"{rng.choice(FAMILY)} {rng.choice(LATIN)}",
                    "date": f"۱۴۰۴/۱۰/{rng.randint(1, 29)}",
                    "place": "تهران",
                }
                start = time.perf_counter()
                r = client.post("/records/new", data=form, follow_redirects=False)
                kind = "enter"
                ok = r.status_code == 303
            else:
                query = rng.choice(FAMILY) if rng.random() < 0.5 else rng.choice(LATIN)
                start = time.perf_counter()
                r = client.get(
                    "/records",
                    params={"q": query, "page": rng.randint(1, 3)},
                    headers={"HX-Request": "true"},
                )
                kind = "search"
                ok = r.status_code == 200
            out[kind].append(time.perf_counter() - start)
            if not ok:
                errors.append(f"{kind} {r.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    import uvicorn

    from reckon.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        case_dir = build(Path(tmp), args.records, args.users)
        built = time.perf_counter() - t0
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(case_dir, secure_cookies=False),
                host="127.0.0.1",
                port=0,
                log_level="warning",
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        times: dict[str, list[float]] = {"search": [], "enter": []}
        errors: list[str] = []
        until = time.monotonic() + args.seconds
        workers = [
            threading.Thread(target=client_loop, args=(base, n, until, n, times, errors))
            for n in range(args.users)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        server.should_exit = True
        thread.join(timeout=10)
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
