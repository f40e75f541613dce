"""Readers: CSV (any delimiter, any of the encodings Persian data arrives in),
XLSX and JSON Lines, into one shape: a header and rows of strings.

A reader never drops a row. A row it cannot split into cells (a broken quote)
comes back with ``cells=None`` and the reason, for the rejects file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from reckon.errors import InputError

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

SNIFF_BYTES = 256 * 1024
DELIMITERS = ",;\t|،"
FORMATS = ("csv", "xlsx", "jsonl")


@dataclass
class Row:
    number: int  # 1-based, as a spreadsheet shows it (the header is row 1)
    cells: list[str] | None
    problem: str | None = None
    text: str | None = None  # the raw text of a row that could not be split


@dataclass
class Table:
    file: str
    format: str
    headers: list[str]
    rows: list[Row]
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    has_nul: bool = False  # a NUL character somewhere (PostgreSQL text cannot hold one)


def detect_format(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        if suffix in (".xlsx", ".xlsm", ""):
            return "xlsx"
        raise InputError("a zip archive, not a table (XLSX files end in .xlsx)", file=path.name)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "csv"


def read_table(
    path: Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    fmt: str | None = None,
    delimiter: str | None = None,
    data: bytes | None = None,
) -> Table:
    """Read any supported file; raises InputError for a file that is not a table.

    ``encoding`` and ``delimiter`` are detected when not given. ``data``, when
    given, is the file's content already read (``path`` then only names it).
    """
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise InputError(f"--delimiter must be one character other than a quote, not {delimiter!r}")
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}", file=str(path)) from None
    if not data.strip():
        raise InputError("the file is empty", file=path.name)
    fmt = fmt or detect_format(path, data)
    if fmt == "xlsx":
        table = read_xlsx(path, data, sheet=sheet)
    else:
        text, used = decode(data, path.name, encoding)
        table = (
            read_jsonl(path.name, text, used)
            if fmt == "jsonl"
            else read_csv(path.name, text, used, delimiter)
        )
        table.has_nul = "\x00" in text
    table.headers = unique_headers(table.headers, table.notes)
    return table


def unique_headers(headers: list[str], notes: list[str]) -> list[str]:
    """Blank and repeated headers get names of their own so no cell is lost."""
    seen: dict[str, int] = {}
    out = []
    for i, header in enumerate(headers, start=1):
        name = header.strip() or f"column {i}"
        if name in seen:
            seen[name] += 1
            new = f"{name} ({seen[name]})"
            notes.append(f"repeated header {name!r} in column {i} read as {new!r}")
            name = new
        else:
            seen[name] = 1
        out.append(name)
    return out


# --- text and encodings -------------------------------------------------------

_ARABIC_BLOCK = range(0x0600, 0x0700)


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes as the encoding given, or detect it: BOMs, UTF-8, UTF-16, Windows-1256."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", file=name) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding} at byte {exc.start}; try another --encoding",
                file=name,
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    head = data[:4096]
    if b"\x00" in head and len(data) % 2 == 0:
        # UTF-16 without a BOM: zero bytes in ASCII, 0x06 in Persian letters
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible_utf16(text):
                return text, enc
    if b"\x00" in head:
        raise InputError("a binary file, not a table (CSV, XLSX or JSON Lines)", file=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Much Persian data still comes from Windows in Windows-1256 (Arabic).
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _share_arabic(text) > 0.2:
        return text, "cp1256"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot tell the text encoding; give it with --encoding", file=name)
    return str(best), str(best.encoding)


def _plausible_utf16(text: str) -> bool:
    """Binary data decodes as UTF-16 too, but into CJK and symbols, not a list's letters."""
    sample = text[:2048]
    if not sample:
        return False
    usual = sum(
        1
        for c in sample
        if c in "\t\r\n" or 0x20 <= ord(c) < 0x250 or 0x0600 <= ord(c) < 0x0700 or c == "\u200c"
    )
    return usual / len(sample) >= 0.95


def _share_arabic(text: str) -> float:
    letters = [c for c in text[:20000] if c.isalpha()]
    if not letters:
        return 0.0
    return sum(ord(c) in _ARABIC_BLOCK for c in letters) / len(letters)


def _looks_like_text_table(text: str) -> bool:
    sample = text[:SNIFF_BYTES]
    if sample.lstrip().startswith(("%PDF", "<html", "<!DOCTYPE", "<?xml")):
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\r\n\t")
    return controls <= max(8, len(sample) // 100)


# --- CSV -----------------------------------------------------------------------

# Only these end a line in CSV; str.splitlines would also split cells on U+2028,
# form feeds and the like, which are data.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")

# A quoted cell may hold line breaks, but a record longer than this is an
# unclosed quote swallowing the rows after it: the opening line is rejected and
# reading starts again on the next line, so one stray quote costs one row.
MAX_RECORD_LINES = 64


class _RunawayQuote(Exception):
    """A quoted cell ran on past MAX_RECORD_LINES."""


def split_lines(text: str) -> list[str]:
    """Physical lines with their endings, split only where CSV ends a line."""
    return _LINE.findall(text)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the most equal, widest rows."""
    sample = [ln for ln in lines[:50] if ln.strip()]
    best, best_score = ",", 0.0
    for delim in DELIMITERS:
        if not sample or delim not in sample[0]:
            continue
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=delim)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        # the delimiter of a table splits every line into about as many cells as the header
        agree = sum(1 for w in widths if w == widths[0]) / len(widths)
        score = agree * 10 + min(widths[0], 50) / 50
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(name: str, text: str, encoding: str, delimiter: str | None = None) -> Table:
    if not _looks_like_text_table(text):
        raise InputError("not a table: looks like a document or binary data", file=name)
    lines = split_lines(text)
    delimiter = delimiter or sniff_delimiter(lines)
    headers: list[str] | None = None
    rows: list[Row] = []
    number = 1  # the header is row 1
    for cells, first, last in _records(lines, delimiter):
        if headers is None:
            if cells is not None and not any(c.strip() for c in cells):
                continue  # blank lines before the header are not rows
            if cells is None:
                raise InputError(
                    "the header line cannot be read (a broken quote)",
                    file=name,
                    row=1,
                    value=lines[first],
                )
            headers = cells
            continue
        number += 1
        if cells is None:
            bad = "".join(lines[first:last]).rstrip("\r\n")
            rows.append(Row(number, None, "broken line: a quote that does not close", bad))
        else:
            rows.append(Row(number, cells))
    if headers is None:
        raise InputError("no header row found", file=name)
    if len(headers) == 1 and len(text) > 200 and not rows:
        raise InputError("not a table: one column and no rows", file=name)
    return Table(name, "csv", headers, rows, encoding=encoding, delimiter=delimiter)


def _records(lines: list[str], delimiter: str) -> Iterator[tuple[list[str] | None, int, int]]:
    """(cells, first line, end line) per record; cells None for a line that cannot be split."""
    start = 0
    while start < len(lines):
        state = {"pos": start, "first": start}

        def feed(state: dict[str, int] = state) -> Iterator[str]:
            while state["pos"] < len(lines):
                if state["pos"] - state["first"] >= MAX_RECORD_LINES:
                    raise _RunawayQuote
                state["pos"] += 1
                yield lines[state["pos"] - 1]

        reader = csv.reader(feed(), delimiter=delimiter, strict=True)
        try:
            for cells in reader:
                yield cells, state["first"], state["pos"]
                state["first"] = state["pos"]
            return
        except (csv.Error, _RunawayQuote):
            first = state["first"]
            if state["pos"] - first > 1:
                # the record ran over several lines: blame only the line that opened it
                yield None, first, first + 1
            else:
                yield None, first, state["pos"]
            start = first + 1


# --- JSON Lines ------------------------------------------------------------------


def read_jsonl(name: str, text: str, encoding: str) -> Table:
    """JSON Lines; also a JSON array of objects, or one object holding such an array."""
    lines = [ln.rstrip("\r\n") for ln in split_lines(text)]
    whole = _whole_json(text) if text.lstrip().startswith(("[", "{")) else None
    if isinstance(whole, dict):
        arrays = [v for v in whole.values() if isinstance(v, list)]
        whole = arrays[0] if len(arrays) == 1 else [whole]
    if isinstance(whole, list):
        lines = [json.dumps(item, ensure_ascii=False) for item in whole]
    elif text.lstrip().startswith("[") and len(lines) > 0 and _whole_json(lines[0]) is None:
        raise InputError("not valid JSON: an array that does not close", file=name)
    headers: list[str] = []
    seen: set[str] = set()
    parsed: list[tuple[int, dict[str, object] | None, str]] = []
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            parsed.append((i, None, f"broken line: not valid JSON ({exc.msg})"))
            continue
        except RecursionError:
            parsed.append((i, None, "broken line: JSON nested too deeply"))
            continue
        if not isinstance(obj, dict):
            parsed.append((i, None, "broken line: not a JSON object"))
            continue
        for key in obj:
            if key not in seen:
                seen.add(key)
                headers.append(key)
        parsed.append((i, obj, ""))
    if not headers:
        raise InputError("not a table: no JSON objects found", file=name)
    rows = []
    for i, obj, problem in parsed:
        if obj is None:
            rows.append(Row(i, None, problem, text=lines[i - 1]))
        else:
            rows.append(Row(i, [_cell(obj.get(h)) for h in headers]))
    return Table(name, "jsonl", headers, rows, encoding=encoding)


def _whole_json(text: str) -> object | None:
    """The text as one JSON value, or None when it is not one (e.g. JSON Lines)."""
    try:
        return json.loads(text)  # type: ignore[no-any-return]
    except (json.JSONDecodeError, RecursionError):
        return None


# --- XLSX ------------------------------------------------------------------------


def read_xlsx(path: Path, data: bytes, *, sheet: str | None = None) -> Table:
    title, names, grid = _xlsx_grid(path.name, data, sheet, data_only=False)
    kept = 0
    formulas = [(r, c) for r, line in enumerate(grid) for c, (_, is_f) in enumerate(line) if is_f]
    if formulas:
        # a formula cell is read as the value the spreadsheet last showed; the
        # formula text stands in only when the file holds no such value
        _, _, shown = _xlsx_grid(path.name, data, sheet, data_only=True)
        kept = 0
        for r, c in formulas:
            value = shown[r][c][0] if r < len(shown) and c < len(shown[r]) else None
            if value is not None:
                grid[r][c] = (value, False)
            else:
                kept += 1
    headers: list[str] | None = None
    rows: list[Row] = []
    for number, line in enumerate(grid, start=1):
        cells = [_cell(v) for v, _ in line]
        while cells and cells[-1] == "":
            cells.pop()
        if headers is None:
            if any(cells):
                headers = cells
            continue
        rows.append(Row(number, cells))
    if headers is None:
        raise InputError(f"sheet {title!r} is empty", file=path.name)
    notes = [f"sheet {title!r}"] if len(names) > 1 else []
    if formulas:
        notes.append(
            f"{len(formulas)} formula cell(s): {len(formulas) - kept} read as the value shown, "
            f"{kept} kept as formula text (the file holds no value for them)"
        )
    return Table(path.name, "xlsx", headers, rows, notes=notes)


def _xlsx_grid(
    name: str, data: bytes, sheet: str | None, *, data_only: bool
) -> tuple[str, list[str], list[list[tuple[object, bool]]]]:
    """(sheet title, sheet names, rows of (value, is formula)) of one sheet."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise InputError(f"not a readable XLSX workbook ({exc})", file=name) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(
                f"no sheet {sheet!r}; sheets are {', '.join(book.sheetnames)}", file=name
            )
        ws = book[sheet] if sheet else book.worksheets[0]
        grid: list[list[tuple[object, bool]]] = [
            [(cell.value, getattr(cell, "data_type", None) == "f") for cell in line]
            for line in ws.iter_rows()
        ]
        return str(ws.title), list(book.sheetnames), grid
    except InputError:
        raise
    except Exception as exc:  # a workbook whose sheet XML is broken
        raise InputError(f"not a readable XLSX workbook ({exc})", file=name) from None
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def iter_cells(table: Table) -> Iterator[tuple[Row, dict[str, str]]]:
    """Rows as {header: cell}, only the cells the row has; extra cells go under ``_extra_N``."""
    width = len(table.headers)
    for row in table.rows:
        if row.cells is None:
            continue
        values = dict(zip(table.headers, row.cells, strict=False))
        for i in range(width, len(row.cells)):
            values[f"_extra_{i - width + 1}"] = row.cells[i]
        yield row, values
