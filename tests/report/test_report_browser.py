"""The report as a reader sees it: rendered and printed by Chromium, in English and Persian.

Playwright drives Debian's Chromium (``.ci/browser.sh`` installs it and pdftoppm when
missing; these tests skip, saying why, when either cannot be had). The case carries an
estimate by province recorded by ``reckon estimate``, so the first page quotes it and
the second map is drawn. Screenshots and PDF pages are kept in ``tests/artifacts/report/``
(not committed) to be looked at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import TEST_PASSPHRASE
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.ingest.importer import import_file
from reckon.report import write_report
from reckon.report.estimate import choose_estimate
from reckon.report.i18n import num
from reckon.synth import generate

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parents[1] / "artifacts" / "report"
_WESTERN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٬", "0123456789,")

# elements that stick out of the page, or whose text is cut by their own box
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (r.right > width + 1 || r.left < -1) bad.push('outside: ' + el.tagName + ' ' + el.className);
    const style = getComputedStyle(el);
    const clips = ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX);
    if (clips && el.scrollWidth > el.clientWidth + 1) bad.push('clipped: ' + el.tagName);
  }
  if (document.documentElement.scrollWidth > width + 1) bad.push('page scrolls sideways');
  return bad;
}
"""


def _need_tools() -> None:
    if not Path(CHROMIUM).is_file():
        pytest.skip("no /usr/bin/chromium (bash .ci/browser.sh installs it)")
    if shutil.which("pdftoppm") is None:
        pytest.skip("no pdftoppm (bash .ci/browser.sh installs poppler-utils)")
    pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    _need_tools()
    root = tmp_path_factory.mktemp("browser")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECKON_PASSPHRASE", TEST_PASSPHRASE)
        lists = root / "lists"
        manifest = generate(lists, people=200, sources=3, seed=5)
        case = root / "case"
        with Case.create(case, name="browser-test") as c:
            for src in manifest.sources:
                import_file(
                    c, lists / src.file, source=src.name, kind=src.kind, id_column=src.id_column
                )
            from reckon.link.run import link_case

            link_case(c)
        # the estimate the user ran, recorded: the report must show this one
        done = CliRunner().invoke(
            app,
            [
                *("estimate", str(case), "-m", "loglinear", "--by", "province"),
                *("--linkage-draws", "0", "--json"),
            ],
        )
        assert done.exit_code == 0, done.output
        yield case


def _numbers(text: str) -> list[int]:
    """The whole numbers in a text, Persian digits read too (not those inside the fingerprint)."""
    plain = text.translate(_WESTERN)
    plain = re.sub(r"R\d+-\d+-[A-Z0-9-]+", " ", plain)
    return [int(n.replace(",", "")) for n in re.findall(r"(?<![\w.])\d[\d,]*(?![\w.])", plain)]


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("width", [820, 420])
def test_report_renders_without_overflow_and_prints(
    case_dir: Path, tmp_path: Path, lang: str, width: int
) -> None:
    from playwright.sync_api import sync_playwright

    out = ARTIFACTS / f"{lang}-{width}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    html = out / f"report-{lang}.html"
    pdf = out / f"report-{lang}.pdf"
    with Case.open(case_dir) as case:
        result = write_report(case, html, lang=lang, pdf=pdf if width == 820 else None)
        chosen = choose_estimate(case)
    page_info: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": 1100})
        page.goto(html.as_uri())
        page.screenshot(path=str(out / f"screen-{lang}-{width}.png"), full_page=True)
        page.locator("section.first").screenshot(path=str(out / f"first-{lang}-{width}.png"))
        page_info["bad"] = page.evaluate(OVERFLOW_JS)
        page_info["dir"] = page.evaluate("getComputedStyle(document.body).direction")
        page_info["font"] = page.evaluate("document.fonts.check('16px Vazirmatn')")
        page_info["first"] = page.inner_text("section.first")
        page_info["headline"] = page.inner_text("section.first .headline")
        browser.close()
    assert page_info["bad"] == [], page_info["bad"]
    assert page_info["dir"] == ("rtl" if lang == "fa" else "ltr")
    assert page_info["font"]
    first = result.first_page
    assert first is not None
    assert num(first.documented, lang) in page_info["first"]  # type: ignore[arg-type]
    assert first.fingerprint in page_info["first"]
    # every number the headline states is the library's: the recorded estimate, quoted
    assert chosen.origin == "recorded" and chosen.by == "province"
    headline = page_info["headline"]
    if chosen.quotable:
        lo, hi = chosen.result.ci
        assert _numbers(headline) == [
            first.documented,
            len(first.lists),
            round(chosen.result.estimate),
            95,
            round(lo),
            round(hi),
        ]
    else:
        assert _numbers(headline) == [first.documented, len(first.lists)]
    assert str(first.provinces) in " ".join(map(str, _numbers(page_info["first"])))
    if width != 820:
        return
    # the PDF: A4 pages, each with ink on it, the first page carrying the documented count
    assert pdf.stat().st_size > 10_000
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out / "page")], check=True)
    pages = sorted(out.glob("page-*.png"))
    assert len(pages) >= 4
    from PIL import Image

    for png in pages:
        with Image.open(png) as im:
            assert im.size[0] < im.size[1]  # portrait
            darkest = im.convert("L").getextrema()[0]
            assert isinstance(darkest, int) and darkest < 100, f"{png.name} is blank"
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if lang == "en":  # pdftotext reorders right-to-left text, so only the English is compared
        assert num(first.documented, "en") in text and first.fingerprint in text
        if chosen.quotable:
            assert num(chosen.result.estimate, "en") in text
        printed = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "The counts on the map" in printed  # the map's numbers survive printing
