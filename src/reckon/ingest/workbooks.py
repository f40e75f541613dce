"""Workbooks (XLSX and ODS) as documenters keep them, read into plain grids.

A grid is a sheet's cells as Python values, row by row, with its merged
ranges; formulas are read as the value the spreadsheet last showed. Finding
the header, skipping title and totals rows and carrying merged values down
happen in ``readers``, the same for both formats.

A workbook is a zip of XML: a small file can unpack into millions of cells.
``Limits`` bounds the expansion ratio, the rows and the cells read, and is
checked while streaming, before memory is spent; ``limits=None`` lifts them
(``reckon import --allow-large``, and replaying an import already accepted).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from reckon.errors import InputError


@dataclass(frozen=True)
class Limits:
    rows: int = 500_000
    cells: int = 10_000_000
    ratio: int = 200  # unpacked bytes per packed byte; ordinary workbooks stay under 30


DEFAULT_LIMITS = Limits()
OVERRIDE = "allow_large=True"


@dataclass
class Sheet:
    title: str
    grid: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, inclusive
    formulas: int = 0
    formula_text_kept: int = 0  # formulas with no value saved: their text stands in


class _Counter:
    """Rows and cells read so far, against the limits."""

    def __init__(self, name: str, limits: Limits | None) -> None:
        self.name, self.limits, self.rows, self.cells = name, limits, 0, 0

    def row(self, width: int) -> None:
        self.rows += 1
        self.cells += width
        lim = self.limits
        if lim is None:
            return
        if self.rows > lim.rows:
            self._refuse(f"more than {lim.rows:,} rows")
        if self.cells > lim.cells:
            self._refuse(f"more than {lim.cells:,} cells")

    def _refuse(self, what: str) -> None:
        raise InputError(
            f"the workbook unpacks into {what}; if it really is that large, import it "
            f"with {OVERRIDE}",
            file=self.name,
        )


def check_zip(name: str, data: bytes, limits: Limits | None, kind: str) -> None:
    """Refuse a zip whose members unpack far larger than a workbook does."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a readable {kind} workbook ({exc})", file=name) from None
    if limits is None:
        return
    packed = max(1, sum(m.compress_size for m in members))
    unpacked = sum(m.file_size for m in members)
    if unpacked / packed > limits.ratio:
        raise InputError(
            f"the workbook unpacks {unpacked / packed:.0f} times its size "
            f"({unpacked:,} bytes from {packed:,}), more than the {limits.ratio} a workbook "
            f"needs: it may be built to exhaust memory; if you trust it, import it with {OVERRIDE}",
            file=name,
        )


# --- XLSX --------------------------------------------------------------------------


def xlsx_sheets(
    name: str, data: bytes, sheet: str | None, limits: Limits | None
) -> tuple[list[str], list[Sheet]]:
    """(every sheet name, the sheets read: ``sheet`` or all of them)."""
    check_zip(name, data, limits, "XLSX")
    raw, names = _xlsx_read(name, data, sheet, limits, data_only=False)
    if any(_formulas(s) for s in raw):
        shown, _ = _xlsx_read(name, data, sheet, limits, data_only=True)
        for formula_sheet, value_sheet in zip(raw, shown, strict=True):
            _prefer_values(formula_sheet, value_sheet)
    return names, raw


def _formulas(sheet: Sheet) -> list[tuple[int, int]]:
    return [
        (r, c)
        for r, line in enumerate(sheet.grid)
        for c, value in enumerate(line)
        if isinstance(value, str) and value.startswith("=")
    ]


def _prefer_values(raw: Sheet, shown: Sheet) -> None:
    """A formula cell is read as its saved value; its text only when none was saved."""
    for r, c in _formulas(raw):
        value = shown.grid[r][c] if r < len(shown.grid) and c < len(shown.grid[r]) else None
        if value == raw.grid[r][c]:
            continue  # text that only looks like a formula
        raw.formulas += 1
        if value is None:
            raw.formula_text_kept += 1
        else:
            raw.grid[r][c] = value


def _xlsx_read(
    name: str, data: bytes, sheet: str | None, limits: Limits | None, *, data_only: bool
) -> tuple[list[Sheet], list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise InputError(f"not a readable XLSX workbook ({exc})", file=name) from None
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise InputError(f"no sheet {sheet!r}; sheets are {', '.join(names)}", file=name)
        counter = _Counter(name, limits)
        sheets = []
        for ws in [book[sheet]] if sheet else book.worksheets:
            # the declared dimension may be wrong (or hostile): read the cells there are
            ws.reset_dimensions()
            grid: list[list[object]] = []
            for line in ws.iter_rows(values_only=True):
                counter.row(len(line))
                grid.append(list(line))
            merged = [] if data_only else _xlsx_merged(book, ws)
            sheets.append(Sheet(str(ws.title), grid, merged))
        return sheets, names
    except InputError:
        raise
    except Exception as exc:  # a workbook whose sheet XML is broken
        raise InputError(f"not a readable XLSX workbook ({exc})", file=name) from None
    finally:
        book.close()


def _xlsx_merged(book: object, ws: object) -> list[tuple[int, int, int, int]]:
    """Merged ranges, from the sheet's XML (openpyxl's read-only sheets do not give them)."""
    from openpyxl.utils.cell import range_boundaries

    archive = getattr(book, "_archive", None)
    path = getattr(ws, "_worksheet_path", None)
    if archive is None or path is None:
        return []
    out = []
    with archive.open(path) as fh:
        for _, element in ElementTree.iterparse(fh):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                c1, r1, c2, r2 = range_boundaries(str(element.get("ref")))
                if None not in (c1, r1, c2, r2):
                    out.append((int(r1) - 1, int(c1) - 1, int(r2) - 1, int(c2) - 1))  # type: ignore[arg-type]
            element.clear()
    return out


# --- ODS -----------------------------------------------------------------------------


def ods_sheets(
    name: str, data: bytes, sheet: str | None, limits: Limits | None
) -> tuple[list[str], list[Sheet]]:
    """(every sheet name, the sheets read), from an OpenDocument spreadsheet."""
    check_zip(name, data, limits, "ODS")
    from odf.opendocument import load
    from odf.table import Table

    try:
        doc = load(io.BytesIO(data))
        tables = doc.spreadsheet.getElementsByType(Table)
    except Exception as exc:  # odfpy raises many kinds for a broken document
        raise InputError(f"not a readable ODS workbook ({exc})", file=name) from None
    names = [str(t.getAttribute("name")) for t in tables]
    if sheet is not None and sheet not in names:
        raise InputError(f"no sheet {sheet!r}; sheets are {', '.join(names)}", file=name)
    counter = _Counter(name, limits)
    return names, [
        _ods_sheet(t, counter) for t in tables if sheet is None or t.getAttribute("name") == sheet
    ]


def _ods_sheet(table: Any, counter: _Counter) -> Sheet:
    out = Sheet(str(table.getAttribute("name")), [])
    pending_rows = 0  # empty rows are only kept when a row with content follows them
    for row in _children(table, "table-row", "table-header-rows", "table-row-group", "table-rows"):
        repeat = _int(row.getAttribute("numberrowsrepeated"))
        cells, merged = _ods_row(row, len(out.grid) + pending_rows)
        if not any(v is not None for v in cells):
            pending_rows += repeat
            continue
        for _ in range(pending_rows):
            counter.row(0)
            out.grid.append([])
        pending_rows = 0
        for _ in range(repeat):
            counter.row(len(cells))
            out.grid.append(list(cells))
        out.merged += merged
        out.formulas += sum(1 for c in _children(row, "table-cell") if c.getAttribute("formula"))
    return out


def _ods_row(row: Any, r: int) -> tuple[list[object], list[tuple[int, int, int, int]]]:
    cells: list[object] = []
    merged = []
    pending: list[object] = []  # empty cells are only kept when a cell with content follows
    for cell in _children(row, "table-cell", "covered-table-cell"):
        repeat = _int(cell.getAttribute("numbercolumnsrepeated"))
        value = _ods_value(cell) if cell.tagName == "table:table-cell" else None
        if value is None:
            pending.extend([None] * min(repeat, 16384))
            continue
        cells.extend(pending)
        pending = []
        down = _int(cell.getAttribute("numberrowsspanned"))
        across = _int(cell.getAttribute("numbercolumnsspanned"))
        for _ in range(min(repeat, 16384)):
            if down > 1 or across > 1:
                merged.append((r, len(cells), r + down - 1, len(cells) + across - 1))
            cells.append(value)
    return cells, merged


def _children(node: Any, *tags: str) -> Iterator[Any]:
    """Child elements named ``table:<tag>``, looking inside row groups."""
    wanted = {f"table:{t}" for t in tags}
    for child in getattr(node, "childNodes", []):
        tag = getattr(child, "tagName", "")
        if tag in ("table:table-header-rows", "table:table-row-group", "table:table-rows"):
            yield from _children(child, *tags)
        elif tag in wanted:
            yield child


def _int(text: object) -> int:
    try:
        return max(1, int(str(text)))
    except ValueError:
        return 1


def _ods_value(cell: Any) -> object:
    from odf import teletype
    from odf.text import P

    get = cell.getAttribute
    kind = get("valuetype")
    if kind in ("float", "percentage", "currency"):
        number = float(get("value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        text = str(get("datevalue"))
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return text
    if kind == "boolean":
        return str(get("booleanvalue")).upper()
    paragraphs = cell.getElementsByType(P)
    text = "\n".join(teletype.extractText(p) for p in paragraphs)
    return text or None
