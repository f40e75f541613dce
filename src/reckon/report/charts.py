"""Charts as inline SVG (matplotlib, Agg), with text left as text so the browser shapes Persian.

``svg.fonttype = none`` keeps labels as ``<text>``: the browser lays out Persian
right to left and joins its letters, which matplotlib itself cannot do. The
hash salt and the absent date make the same data give the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from reckon.report.tables import Table

COLOR = "#8c2d19"
SVG_RC: Any = {"svg.fonttype": "none", "svg.hashsalt": "reckon", "font.size": 9}


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with plt.rc_context(SVG_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    # drop the XML prolog and doctype: the SVG sits inside the HTML
    return re.sub(r"^.*?(<svg)", r"\1", text, count=1, flags=re.S)


def bar_chart(labels: list[str], values: list[int], title: str, horizontal: bool = True) -> str:
    with plt.rc_context(SVG_RC):
        height = max(1.6, 0.22 * len(labels) + 0.8) if horizontal else 2.6
        fig, ax = plt.subplots(figsize=(6.5, height), layout="constrained")
        if horizontal:
            ax.barh(range(len(labels)), values, color=COLOR)
            ax.set_yticks(range(len(labels)), labels)
            ax.invert_yaxis()
        else:
            ax.bar(range(len(labels)), values, color=COLOR, width=0.8)
            step = max(1, len(labels) // 14)
            ticks = list(range(0, len(labels), step))
            ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=0)
        ax.set_title(title, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig)


def stacked_bars(table: Table, title: str) -> str:
    """Columns 1.. of ``table`` stacked per row label (ages by sex)."""
    labels = [str(r[0]) for r in table.rows]
    with plt.rc_context(SVG_RC):
        fig, ax = plt.subplots(figsize=(6.5, 2.6), layout="constrained")
        bottom = [0] * len(labels)
        colors = ("#8c2d19", "#d9a441", "#9a9a9a", "#4a6b8a")
        for j, name in enumerate(table.columns[1:]):
            values = [int(r[j + 1]) for r in table.rows]
            ax.bar(labels, values, bottom=bottom, label=name, color=colors[j % len(colors)])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.legend(frameon=False)
        ax.set_title(title, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig)
