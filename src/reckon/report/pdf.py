"""Print the report to PDF with Chromium's own print engine (Playwright driving it).

The browser is the system's Chromium (Debian's ``chromium`` at /usr/bin/chromium,
or ``RECKON_CHROMIUM``); Playwright never downloads one. The page is printed with
its print stylesheet and its own page size (A4, which Letter paper also fits
with the report's margins).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reckon.errors import ReckonError

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class PdfError(ReckonError):
    """The PDF could not be printed (no browser, or the browser failed)."""


def chromium_path() -> str:
    """The Chromium to drive: RECKON_CHROMIUM, else the first system one found."""
    given = os.environ.get("RECKON_CHROMIUM")
    if given:
        return given
    for path in CHROMIUM_PATHS:
        if Path(path).is_file():
            return path
    found = shutil.which("chromium")
    if found:
        return found
    raise PdfError(
        "no Chromium to print the PDF with; install it (Debian: apt-get install chromium) "
        "or set RECKON_CHROMIUM to its path"
    )


def print_pdf(html: Path, out: Path) -> Path:
    """Print ``html`` (a file) to ``out`` as the browser would print it."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError("printing to PDF needs Playwright: pip install playwright") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
            try:
                page = browser.new_page()
                page.goto(html.resolve().as_uri(), wait_until="load")
                page.emulate_media(media="print")
                page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PdfError(f"Chromium could not print {html.name}: {first}") from None
    return out
