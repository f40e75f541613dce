"""A map of Iran's 31 provinces shaded by a count, drawn as inline SVG.

The shapes are ``data/provinces.json``, simplified once from OpenStreetMap by
``data/make_provinces.py`` (© OpenStreetMap contributors, ODbL: the attribution
is printed under every map). The projection is equirectangular with longitude
scaled by cos(32°), Iran's middle latitude: plain, and true enough for shading.
Classes are equal steps of the count shaded with cividis (light to dark), which
reads the same to the colour-blind and in greyscale; a province with none is
hatched rather than shaded, so "none" never looks like "few".
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from matplotlib import colormaps
from matplotlib.colors import to_hex

from reckon.report.i18n import Lang, num

SCALE = 30.0  # SVG units per degree of latitude
LON_FACTOR = math.cos(math.radians(32.0))
CLASSES = 5
LEGEND_FONT = 16  # SVG units: about 11 px when the map is drawn 360 px wide
LEGEND_CHAR = 9.5  # a character's width at that size, for wrapping
LEGEND_GAP = 36  # swatch, space and the gap before the next entry
LEGEND_ROW = 24


@cache
def shapes() -> dict[str, Any]:
    text = resources.files("reckon.report").joinpath("data/provinces.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _bounds(provinces: Mapping[str, list[list[list[float]]]]) -> tuple[float, ...]:
    xs = [p[0] for rings in provinces.values() for ring in rings for p in ring]
    ys = [p[1] for rings in provinces.values() for ring in rings for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def class_edges(top: int) -> list[int]:
    """Upper bounds of CLASSES equal steps from 1 to ``top``, rounded up, without repeats."""
    if top <= 0:
        return []
    edges = sorted({max(1, math.ceil(top * (i + 1) / CLASSES)) for i in range(CLASSES)})
    return edges


def _shade(value: float, edges: list[int]) -> str:
    for i, edge in enumerate(edges):
        if value <= edge:
            return to_hex(colormaps["cividis"](0.95 - 0.85 * i / max(1, len(edges) - 1)))
    return to_hex(colormaps["cividis"](0.1))


def province_map(
    values: Mapping[str, float],
    names: Mapping[str, str],
    lang: Lang,
    title: str,
    none_label: str,
) -> str:
    """An SVG map of the provinces shaded by ``values`` (ISO code -> count) with its legend."""
    provinces: dict[str, list[list[list[float]]]] = shapes()["provinces"]
    x0, y0, x1, y1 = _bounds(provinces)
    width = (x1 - x0) * LON_FACTOR * SCALE
    height = (y1 - y0) * SCALE
    legend_h = 12 + 3 * LEGEND_ROW  # room for the legend on up to three rows
    edges = class_edges(math.ceil(max(values.values(), default=0)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} '
        f'{height + legend_h:.0f}" role="img" aria-label="{html.escape(title)}">',
        '<defs><pattern id="none" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fafafa"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#bbb" stroke-width="1.5"/></pattern></defs>',
    ]
    for code, rings in sorted(provinces.items()):
        value = values.get(code, 0)
        fill = _shade(value, edges) if value > 0 else "url(#none)"
        d = " ".join(
            "M"
            + " L".join(
                f"{(x - x0) * LON_FACTOR * SCALE:.1f},{(y1 - y) * SCALE:.1f}" for x, y in ring
            )
            + "Z"
            for ring in rings
        )
        label = f"{names.get(code, code)}: {num(value, lang)}"
        parts.append(
            f'<path d="{d}" fill="{fill}" stroke="#fff" stroke-width="0.8">'
            f"<title>{html.escape(label)}</title></path>"
        )
    # legend: one swatch per class with its range, then the hatched "none"; sized to be
    # read when two maps stand side by side on a printed page
    y = height + 12
    lower = 1
    x = 4.0
    for edge in edges:
        text = num(edge, lang) if edge == lower else f"{num(lower, lang)}–{num(edge, lang)}"
        if x + LEGEND_GAP + LEGEND_CHAR * len(text) > width:  # wraps rather than leaving the map
            x, y = 4.0, y + LEGEND_ROW
        parts.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="22" height="15" '
            f'fill="{_shade(edge, edges)}" stroke="#888" stroke-width=".5"/>'
            f'<text x="{x + 27:.0f}" y="{y + 13:.0f}" font-size="{LEGEND_FONT}">{text}</text>'
        )
        x += LEGEND_GAP + LEGEND_CHAR * len(text)
        lower = edge + 1
    if x + LEGEND_GAP + LEGEND_CHAR * len(none_label) > width:
        x, y = 4.0, y + LEGEND_ROW
    parts.append(
        f'<rect x="{x:.0f}" y="{y:.0f}" width="22" height="15" fill="url(#none)" '
        f'stroke="#888" stroke-width=".5"/><text x="{x + 27:.0f}" y="{y + 13:.0f}" '
        f'font-size="{LEGEND_FONT}">{html.escape(none_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
