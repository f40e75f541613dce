"""Charts as inline SVG (matplotlib, Agg), with text left as text so the browser shapes Persian.

``svg.fonttype = none`` keeps labels as ``<text>``: the browser lays out Persian
right to left and joins its letters, which matplotlib itself cannot do. The
hash salt and the absent date make the same data give the same bytes.

Colours come from cividis, which reads the same to the colour-blind and keeps
its order in greyscale; bars are one dark colour, stacked parts differ in
lightness as well as hue.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from importlib import resources

import jdatetime
import matplotlib.pyplot as plt
from matplotlib import colormaps, font_manager
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reckon.report.i18n import (
    GREGORIAN_MONTHS_FA,
    GREGORIAN_SHORT,
    JALALI_MONTHS_EN,
    JALALI_MONTHS_FA,
    Lang,
    digits,
)

# the report's own font, so matplotlib measures Persian labels with the glyphs the page shows
for _face in ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"):
    with resources.as_file(resources.files("reckon.report") / "data" / "fonts" / _face) as _p:
        font_manager.fontManager.addfont(str(_p))

CMAP = colormaps["cividis"]
DARK = to_hex(CMAP(0.15))
MID = to_hex(CMAP(0.55))
LIGHT = to_hex(CMAP(0.9))
SVG_RC: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "reckon",
    "font.size": 9,
    "font.family": ["Vazirmatn", "DejaVu Sans"],
}
WIDTH = 6.6  # inches: fits A4 and Letter with 2 cm margins


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with plt.rc_context(SVG_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    # drop the XML prolog and doctype: the SVG sits inside the HTML
    return re.sub(r"^.*?(<svg)", r"\1", text, count=1, flags=re.S)


def _counts_axis(ax: Any, lang: Lang, axis: str = "y") -> None:
    fmt = FuncFormatter(lambda v, _: digits(f"{v:,.0f}", lang))
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(fmt)
    target.set_major_locator(MaxNLocator(integer=True, nbins=5))


def _plain(ax: Any) -> None:
    ax.spines[["top", "right"]].set_visible(False)


def upset(
    lists: Sequence[str],
    patterns: Sequence[tuple[tuple[int, ...], int]],
    set_sizes: Sequence[int],
    lang: Lang,
    bar_label: str,
    set_label: str,
) -> str:
    """An UpSet chart: bars of persons per exact combination of lists, the dot matrix below.

    ``patterns`` are (0/1 per list, persons), most common first; ``set_sizes`` are the
    persons on each list, drawn as bars to the matrix's side.
    """
    k = len(lists)
    n = len(patterns)
    with plt.rc_context(SVG_RC):
        fig = plt.figure(figsize=(WIDTH, 2.2 + 0.28 * k), layout="constrained")
        grid = fig.add_gridspec(2, 2, height_ratios=[2.2, 0.28 * k + 0.2], width_ratios=[1, 4])
        bars = fig.add_subplot(grid[0, 1])
        dots = fig.add_subplot(grid[1, 1], sharex=bars)
        sizes = fig.add_subplot(grid[1, 0], sharey=dots)
        counts = [c for _, c in patterns]
        bars.bar(range(n), counts, color=DARK, width=0.7)
        for i, c in enumerate(counts):
            bars.text(i, c, digits(f"{c:,}", lang), ha="center", va="bottom", fontsize=7)
        bars.set_ylabel(bar_label)
        _counts_axis(bars, lang)
        _plain(bars)
        bars.tick_params(axis="x", bottom=False, labelbottom=False)
        rows = list(range(k))
        for i, (pattern, _) in enumerate(patterns):
            on = [r for r in rows if pattern[r]]
            dots.scatter([i] * k, rows, s=36, color="#d0d0d0", zorder=1)
            dots.scatter([i] * len(on), on, s=36, color=DARK, zorder=2)
            if len(on) > 1:
                dots.plot([i, i], [min(on), max(on)], color=DARK, linewidth=1.6, zorder=2)
        dots.set_yticks(rows, list(lists))
        dots.tick_params(axis="y", left=False, labelleft=False)
        dots.tick_params(axis="x", bottom=False, labelbottom=False)
        dots.set_ylim(k - 0.5, -0.5)
        dots.set_xlim(-0.6, n - 0.4)
        for side in ("top", "right", "left", "bottom"):
            dots.spines[side].set_visible(False)
        sizes.barh(rows, set_sizes, color=MID, height=0.6)
        sizes.set_yticks(rows, list(lists))
        sizes.invert_xaxis()
        sizes.yaxis.tick_right()
        sizes.tick_params(axis="y", length=0, pad=4)
        sizes.set_xlabel(set_label)
        _counts_axis(sizes, lang, "x")
        sizes.spines[["top", "left"]].set_visible(False)
        return _svg(fig)


def per_day(days: Sequence[dt.date], counts: Sequence[int], lang: Lang, ylabel: str) -> str:
    """Persons per day; one calendar's months below the plot, the other's above it.

    The two calendars sit on opposite sides of the plot so their labels cannot collide;
    the reader's own calendar (Gregorian in English, Jalali in Persian) is the lower one.
    """
    with plt.rc_context(SVG_RC):
        fig, ax = plt.subplots(figsize=(WIDTH, 2.8), layout="constrained")
        ax.bar([d.toordinal() for d in days], counts, color=DARK, width=0.9)
        _counts_axis(ax, lang)
        ax.set_ylabel(ylabel)
        ax.spines[["right"]].set_visible(False)
        first, last = min(days), max(days)
        greg, jal = month_starts(first, last)
        g_names = GREGORIAN_MONTHS_FA if lang == "fa" else GREGORIAN_SHORT
        j_names = JALALI_MONTHS_FA if lang == "fa" else JALALI_MONTHS_EN
        top = ax.secondary_xaxis("top")
        g_axis, j_axis = (ax, top) if lang == "en" else (top, ax)
        for axis, starts, names in ((g_axis, greg, g_names), (j_axis, jal, j_names)):
            labels = [
                digits(names[m - 1] + (f" {y}" if n == 0 or m == 1 else ""), lang)
                for n, (_, m, y) in enumerate(starts)
            ]
            axis.set_xticks([d.toordinal() for d, _, _ in starts], labels)
        ax.set_xlim(first.toordinal() - 1, last.toordinal() + 1)
        return _svg(fig)


def month_starts(
    first: dt.date, last: dt.date
) -> tuple[list[tuple[dt.date, int, int]], list[tuple[dt.date, int, int]]]:
    """(day, month, year) of the first day of each Gregorian and each Jalali month in the span.

    When the span starts mid-month, that month is labelled at its first day shown unless the
    next month begins within ten days (two labels would then touch).
    """
    greg: list[tuple[dt.date, int, int]] = []
    jal: list[tuple[dt.date, int, int]] = []
    day = first
    while day <= last:
        if day.day == 1 or day == first:
            greg.append((day, day.month, day.year))
        j = jdatetime.date.fromgregorian(date=day)
        if j.day == 1 or day == first:
            jal.append((day, j.month, j.year))
        day += dt.timedelta(days=1)
    for starts in (greg, jal):
        if len(starts) > 1 and (starts[1][0] - starts[0][0]).days < 10:
            del starts[0]
    return greg, jal


def age_sex(
    bands: Sequence[str],
    by_sex: Mapping[str, Sequence[int]],
    minor_bands: int,
    lang: Lang,
    xlabel: str,
    minors_label: str,
) -> str:
    """Horizontal bars per age band, stacked by sex; the bands under 18 are marked as minors."""
    shades = (DARK, LIGHT, MID, "#7f7f7f")
    with plt.rc_context(SVG_RC):
        fig, ax = plt.subplots(figsize=(WIDTH, 0.25 * len(bands) + 1.0), layout="constrained")
        left = [0] * len(bands)
        rows = list(range(len(bands)))
        for j, (name, values) in enumerate(by_sex.items()):
            ax.barh(
                rows,
                values,
                left=left,
                label=name,
                color=shades[j % len(shades)],
                edgecolor="white",
                linewidth=0.5,
                height=0.75,
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(rows, [digits(b, lang) for b in bands])
        ax.invert_yaxis()
        if minor_bands:
            ax.axhspan(-0.5, minor_bands - 0.5, color="#f0e6c8", zorder=0)
            ax.text(
                max(left) if left else 0,
                (minor_bands - 1) / 2,
                minors_label,
                ha="right",
                va="center",
                fontsize=8,
            )
        _counts_axis(ax, lang, "x")
        ax.set_xlabel(xlabel)
        if ax.get_legend_handles_labels()[0]:  # no bars when no age is known
            ax.legend(frameon=False, loc="lower right")
        _plain(ax)
        return _svg(fig)


def strata_bars(
    names: Sequence[str],
    documented: Sequence[int],
    estimates: Sequence[float],
    intervals: Sequence[tuple[float, float]],
    lang: Lang,
    labels: tuple[str, str],
) -> str:
    """Per stratum: the documented count as a bar, the estimate as a dot with its interval."""
    rows = list(range(len(names)))
    with plt.rc_context(SVG_RC):
        fig, ax = plt.subplots(figsize=(WIDTH, 0.28 * len(names) + 1.0), layout="constrained")
        ax.barh(rows, documented, color=LIGHT, height=0.6, label=labels[0])
        lo = [e - i[0] for e, i in zip(estimates, intervals, strict=True)]
        hi = [i[1] - e for e, i in zip(estimates, intervals, strict=True)]
        ax.errorbar(
            estimates, rows, xerr=[lo, hi], fmt="o", color=DARK, markersize=4, label=labels[1]
        )
        ax.set_yticks(rows, list(names))
        ax.invert_yaxis()
        _counts_axis(ax, lang, "x")
        # below the plot: inside it, the legend would sit on a wide interval
        fig.legend(frameon=False, loc="outside lower center", ncols=2)
        _plain(ax)
        return _svg(fig)
