"""The web app as its users meet it, in Debian's Chromium driven by Playwright.

Log in, enter a record in Persian (watching the live reading), upload a list and an
evidence file, decide a review pair by keyboard, open a person, and the dashboard in
both languages. Each step keeps a screenshot, under ``RECKON_ARTIFACTS`` (default: the
test's temporary folder) in ``web/``, to be looked at.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import PASSWORD, build_case

from reckon.case import Case
from reckon.web import library

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("no /usr/bin/chromium (bash .ci/browser.sh installs it)")
    pytest.importorskip("playwright.sync_api")
    import uvicorn

    from reckon.web.app import create_app

    mp = pytest.MonkeyPatch()
    mp.setenv("RECKON_PASSPHRASE", "correct horse battery staple")
    root = tmp_path_factory.mktemp("browser-web")
    path = root / "case"
    case = build_case(path)
    _pair_to_review(case)
    case.close()
    shots = Path(os.environ.get("RECKON_ARTIFACTS", root)) / "web"
    shots.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", path, shots
    srv.should_exit = True
    thread.join(timeout=10)
    mp.undo()


def _pair_to_review(case: Case) -> None:
    """Three synthetic lists and a link run, so the review queue has uncertain pairs."""
    from reckon.ingest.importer import import_file
    from reckon.link.run import link_case
    from reckon.synth import generate

    lists = case.path.parent / "lists"
    manifest = generate(lists, people=400, sources=3, seed=2)  # 10 uncertain pairs
    for src in manifest.sources:
        import_file(case, lists / src.file, source=src.name, kind=src.kind, id_column=src.id_column)
    link_case(case)


@pytest.fixture(scope="module")
def browser(server: tuple[str, Path, Path]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _login(browser: Any, base: str, user: str) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def test_log_in_and_dashboard_in_both_languages(
    browser: Any, server: tuple[str, Path, Path]
) -> None:
    base, _, shots = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/login")
    page.screenshot(path=str(shots / "01-login.png"))
    page.close()
    page = _login(browser, base, "admin")
    assert page.locator(".tile").count() == 3
    page.wait_for_function("() => document.querySelector('.chart img').naturalWidth > 0")
    page.screenshot(path=str(shots / "02-dashboard-en.png"), full_page=True)
    page.click("text=فارسی")
    page.wait_for_selector("html[dir=rtl]")
    page.wait_for_function("() => document.querySelector('.chart img').naturalWidth > 0")
    assert "پیشخوان" in page.content()
    tiles = page.inner_text(".tiles")
    assert any(d in tiles for d in "۰۱۲۳۴۵۶۷۸۹") and not any(d in tiles for d in "0123456789")
    page.screenshot(path=str(shots / "03-dashboard-fa.png"), full_page=True)
    page.click("text=English")
    page.wait_for_selector("html[dir=ltr]")
    page.close()


def test_enter_a_record_in_persian(browser: Any, server: tuple[str, Path, Path]) -> None:
    base, _, shots = server
    page = _login(browser, base, "documenter")
    page.goto(f"{base}/records/new")
    page.fill("input[name=source]", "Family reports")
    page.fill("input[name=record_id]", "F-fa-1")
    page.fill("input[name=full_name]", "سید علی رضایی")
    page.fill("input[name=place]", "کرمانشاه، اسلام‌آباد غرب")
    page.select_option("[data-part=year]", "1404")
    page.select_option("[data-part=month]", "10")
    page.select_option("[data-part=day]", "18")
    page.wait_for_selector("#preview dl")
    page.wait_for_function("document.querySelector('#preview').innerText.includes('IR-05')")
    assert "2026" in page.inner_text("#preview")  # the Jalali date read, Gregorian beside it
    page.screenshot(path=str(shots / "04-entry-preview.png"), full_page=True)
    page.click("#entry button[type=submit]")
    page.wait_for_selector("text=Record entered and signed.")
    page.screenshot(path=str(shots / "05-entered.png"), full_page=True)
    page.goto(f"{base}/records?q=Rezaei")
    assert "علی رضایی" in page.inner_text("#results")  # a Latin search finds the Persian name
    page.goto(f"{base}/records?q=Hosseini")
    text = page.inner_text("#results")
    assert "حسینی" in text and "Husseini" in text
    page.screenshot(path=str(shots / "06-search-hosseini.png"), full_page=True)
    page.close()


def test_upload_a_list_and_evidence(
    browser: Any, server: tuple[str, Path, Path], tmp_path: Path
) -> None:
    base, _, shots = server
    odd = tmp_path / "odd.csv"
    odd.write_text("col1,col2\nمریم کاظمی,۲۰ دی ۱۴۰۴\nسارا نوری,۲۱ دی ۱۴۰۴\n", encoding="utf-8")
    page = _login(browser, base, "documenter")
    page.goto(f"{base}/upload")
    page.set_input_files("form[action='/upload/list'] input[type=file]", str(odd))
    page.fill("form[action='/upload/list'] input[name=source]", "Hospital X")
    page.select_option("form[action='/upload/list'] select[name=kind]", "hospital")
    page.click("form[action='/upload/list'] button")
    page.wait_for_selector("select[name=map_full_name]")
    page.screenshot(path=str(shots / "07-mapping-form.png"), full_page=True)
    page.select_option("select[name=map_full_name]", "col1")
    page.select_option("select[name=map_date]", "col2")
    page.click("form[action='/upload/list'] button")
    page.wait_for_selector("text=records imported")
    assert "2" in page.inner_text(".ok")
    photo = tmp_path / "wall.txt"
    photo.write_text("a stand-in for a photo", encoding="utf-8")
    page.set_input_files("form[action='/upload/evidence'] input[type=file]", str(photo))
    page.fill("form[action='/upload/evidence'] input[name=description]", "دیوار سردخانه")
    page.fill("form[action='/upload/evidence'] input[name=collected_by]", "collector 7")
    page.fill("form[action='/upload/evidence'] textarea[name=records]", "NGO list:2")
    page.click("form[action='/upload/evidence'] button")
    page.wait_for_selector(".ok code")
    page.screenshot(path=str(shots / "08-evidence-added.png"), full_page=True)
    page.close()


def test_decide_a_review_pair_and_open_a_person(
    browser: Any, server: tuple[str, Path, Path]
) -> None:
    base, path, shots = server
    page = _login(browser, base, "reviewer")
    page.goto(f"{base}/review")
    if page.locator("#decide").count() == 0:
        pytest.skip("the link run left no uncertain pair")
    page.screenshot(path=str(shots / "09-review-pair.png"), full_page=True)
    before = page.inner_text("#pair")
    page.keyboard.press("m")
    page.wait_for_function("(b) => document.querySelector('#pair').innerText !== b", arg=before)
    with Case.open(path) as case:
        assert library.decided_pairs(case)
    page.goto(f"{base}/records/1")
    link = page.locator("a[href^='/persons/']").first
    link.click()
    page.wait_for_selector("text=Linked records")
    page.screenshot(path=str(shots / "10-person.png"), full_page=True)
    page.close()
