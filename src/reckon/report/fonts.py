"""The report's font, embedded as a subset so it renders and prints the same everywhere.

Vazirmatn (regular and bold, from the ``vazirmatn`` npm package, SIL Open Font
License 1.1: ``data/fonts/OFL.txt`` beside it) covers Persian and Latin. At each
build fontTools keeps only the glyphs for the characters the report uses, so the
embedded font is tens of kilobytes, not hundreds.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from importlib import resources

from fontTools import subset
from fontTools.ttLib import TTFont

FONT_NAME = "Vazirmatn"
FACES = (("Vazirmatn-Regular.ttf", 400), ("Vazirmatn-Bold.ttf", 700))


@dataclass(frozen=True)
class EmbeddedFont:
    name: str
    css: str  # @font-face rules with the subset fonts as data URIs
    size: int  # bytes of font data embedded


def _subset(file_name: str, text: str) -> bytes:
    data = resources.files("reckon.report").joinpath(f"data/fonts/{file_name}").read_bytes()
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff"  # zlib: needs no brotli
    options.layout_features = ["*"]  # Persian joining forms and ligatures are layout features
    options.name_IDs = ["*"]  # keep the copyright and licence names
    options.recalc_timestamp = False  # the same report gives the same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def embedded_font(text: str) -> EmbeddedFont:
    """Vazirmatn's faces cut down to the characters of ``text``, as CSS."""
    chars = "".join(sorted(set(text) | set("0123456789۰۱۲۳۴۵۶۷۸۹")))
    rules = []
    size = 0
    for file_name, weight in FACES:
        data = _subset(file_name, chars)
        size += len(data)
        uri = "data:font/woff;base64," + base64.b64encode(data).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: '{FONT_NAME}'; font-weight: {weight}; "
            f"src: url({uri}) format('woff'); }}"
        )
    return EmbeddedFont(FONT_NAME, "\n".join(rules), size)
