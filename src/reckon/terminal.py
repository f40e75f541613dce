"""What the command line prints: nothing a name or a file name holds can drive the terminal.

``SafeConsole`` is rich's console with every piece of text it renders passed
through ``errors.printable`` (newlines kept: reckon lays out its own lines), so
an escape sequence or a carriage return inside a name, a file name or a cell of
a table is shown as an escape, never obeyed. Rich's own colours are added after
this, from styles. A one-line message that embeds user-supplied text also
escapes that text's newlines (``printable(value)``), so it cannot fake a line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from reckon.errors import printable

__all__ = ["SafeConsole", "printable"]


class SafeConsole(Console):
    """A rich console whose rendered text has its control characters escaped."""

    def print(self, *objects: object, **kwargs: Any) -> None:
        # escaped before rich measures it, so a table's columns fit what is shown
        shown = (printable(o, lines=True) if isinstance(o, str) else o for o in objects)
        super().print(*shown, **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control:  # rich's own cursor and screen codes
                yield segment
            else:
                yield Segment(printable(segment.text, lines=True), segment.style)
