"""Readers: CSV (any delimiter, any of the encodings Persian data arrives in),
XLSX and ODS workbooks and JSON Lines, into one shape: a header and rows of strings.

A reader never drops a row in silence. A row it cannot split into cells (a
broken quote) comes back with ``cells=None`` and the reason, for the rejects
file; a title or totals row it skips is named in ``notes``; a cell it had to
mend (a merged cell carried down, a byte that is not UTF-8) is in ``problems``.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import sys
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import accumulate
from pathlib import Path

from reckon.errors import InputError
from reckon.ingest.mapping import fold_header, known_header
from reckon.ingest.workbooks import DEFAULT_LIMITS, Limits, Sheet, ods_sheets, xlsx_sheets

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

SNIFF_BYTES = 256 * 1024
DELIMITERS = ",;\t|،"
FORMATS = ("csv", "xlsx", "ods", "jsonl")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class Row:
    number: int  # 1-based, as a spreadsheet shows it (the header is row 1)
    cells: list[str] | None
    problem: str | None = None
    text: str | None = None  # the raw text of a row that could not be split
    sheet: str | None = None  # the sheet, when a workbook's several sheets are read
    span: tuple[int, int] | None = None  # physical lines of a text file, 0-based, end excluded


@dataclass
class CellProblem:
    """A cell the reader had to mend; the import lists it with the row's other problems."""

    row: int | None
    column: str | None
    value: str | None
    reason: str
    sheet: str | None = None


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
    problems: list[CellProblem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)


def detect_format(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        if suffix == ".ods" or _ODS_MIME in data[:200]:
            return "ods"
        if suffix in (".xlsx", ".xlsm", ""):
            return "xlsx"
        raise InputError(
            "a zip archive, not a table (workbooks end in .xlsx or .ods)", file=path.name
        )
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
    header_row: int | None = None,
    limits: Limits | None = DEFAULT_LIMITS,
) -> Table:
    """Read any supported file; raises InputError for a file that is not a table.

    ``encoding`` and ``delimiter`` are detected when not given, and a workbook's
    header row too (``header_row``, 1-based, names it). ``data``, when given, is
    the file's content already read (``path`` then only names it). ``limits``
    bound what a workbook may unpack into (None: no bound).
    """
    if header_row is not None and header_row < 1:
        raise InputError(f"header_row= counts from 1, not {header_row}")
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise InputError(f"delimiter= must be one character other than a quote, not {delimiter!r}")
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}", file=str(path)) from None
    if not data.strip():
        raise InputError("the file is empty", file=path.name)
    fmt = fmt or detect_format(path, data)
    if fmt in ("xlsx", "ods"):
        table = read_workbook(path, data, fmt, sheet=sheet, header_row=header_row, limits=limits)
        table.has_nul = any("\x00" in c for r in table.rows for c in r.cells or ())
    else:
        text, used, bad = decode_marked(data, path.name, encoding)
        table = (
            read_jsonl(path.name, text, used)
            if fmt == "jsonl"
            else read_csv(path.name, text, used, delimiter, header_row=header_row)
        )
        table.problems += bad_byte_problems(table, text, bad)
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
                f"not valid {encoding} at byte {exc.start}; try another encoding=",
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
        raise InputError("cannot tell the text encoding; give it with encoding=", file=name)
    return str(best), str(best.encoding)


# A UTF-8 file with a few bad bytes (a truncated copy, one pasted cell) is still
# UTF-8: re-reading it all as Windows-1256 would turn every name into mojibake.
BAD_BYTE_SHARE = 0.05
_ESCAPED = re.compile("[\udc80-\udcff]")


def decode_marked(
    data: bytes, name: str, encoding: str | None = None
) -> tuple[str, str, list[tuple[int, int]]]:
    """``decode``, except that UTF-8 with a few bad bytes stays UTF-8: each bad byte
    reads as U+FFFD and comes back as (offset in the text, byte) to be listed."""
    utf8 = encoding is None or _codec(encoding) in ("utf-8", "utf-8-sig")
    lenient = _lenient_utf8(data, explicit=encoding) if utf8 else None
    if lenient is not None:
        return lenient
    text, used = decode(data, name, encoding)
    return text, used, []


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


_Marked = tuple[str, str, list[tuple[int, int]]]


def _lenient_utf8(data: bytes, explicit: str | None) -> _Marked | None:
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    if b"\x00" in body[:4096] and explicit is None:
        return None  # UTF-16 or binary: decode() tells which
    try:
        body.decode("utf-8")
        return None  # valid UTF-8: the usual path
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="surrogateescape")
    bad = [(m.start(), ord(m.group()) - 0xDC00) for m in _ESCAPED.finditer(text)]
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    good = non_ascii - len(bad)
    if good <= 0 or len(bad) > BAD_BYTE_SHARE * non_ascii:
        return None
    used = "utf-8-sig" if bom else "utf-8"
    return _ESCAPED.sub("\ufffd", text), explicit or used, bad


def bad_byte_problems(table: Table, text: str, bad: list[tuple[int, int]]) -> list[CellProblem]:
    """One problem per byte that was not UTF-8, at its row and column."""
    if not bad:
        return []
    starts = list(accumulate((len(ln) for ln in split_lines(text)), initial=0))
    by_line = {
        line: row for row in table.rows if row.span for line in range(row.span[0], row.span[1])
    }
    queues: dict[int, list[int]] = {}
    orphans: list[tuple[int, int]] = []
    for offset, byte in bad:
        line = bisect_right(starts, offset) - 1
        row = by_line.get(line)
        if row is None:
            orphans.append((line, byte))
        else:
            queues.setdefault(row.number, []).append(byte)
    problems = []
    for row in table.rows:
        queue = queues.get(row.number)
        if not queue:
            continue
        for i, cell in enumerate(row.cells or [row.text or ""]):
            for _ in range(min(cell.count("\ufffd"), len(queue))):
                column = table.headers[i] if row.cells and i < len(table.headers) else None
                problems.append(_bad_byte(row.number, column, queue.pop(0)))
        problems += [_bad_byte(row.number, None, b) for b in queue]
    problems += [_bad_byte(line + 1, None, b, where=" (in the header)") for line, b in orphans]
    return problems


def _bad_byte(row: int, column: str | None, byte: int, where: str = "") -> CellProblem:
    reason = f"byte 0x{byte:02X} is not UTF-8{where}; read as \ufffd (the raw file keeps it)"
    return CellProblem(row, column, f"0x{byte:02X}", reason)


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


def read_csv(
    name: str,
    text: str,
    encoding: str,
    delimiter: str | None = None,
    *,
    header_row: int | None = None,
) -> Table:
    """A CSV table; ``header_row`` (1-based, counting every line) skips the lines above it."""
    if not _looks_like_text_table(text):
        raise InputError("not a table: looks like a document or binary data", file=name)
    lines = split_lines(text)
    delimiter = delimiter or sniff_delimiter(lines)
    headers: list[str] | None = None
    rows: list[Row] = []
    notes: list[str] = []
    number = 1  # the header is row 1
    seen = 0
    for cells, first, last in _records(lines, delimiter):
        seen += 1
        if headers is None and header_row is not None and seen < header_row:
            if cells is not None and any(c.strip() for c in cells):
                notes.append(f"row {seen} skipped above header_row={header_row}")
            continue
        if headers is None:
            if cells is not None and not any(c.strip() for c in cells):
                continue  # blank lines before the header are not rows
            number = seen if header_row is not None else 1
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
            row = Row(number, None, "broken line: a quote that does not close", bad)
        else:
            row = Row(number, cells)
        row.span = (first, last)
        rows.append(row)
    if headers is None:
        raise InputError("no header row found", file=name)
    if len(headers) == 1 and len(text) > 200 and not rows:
        raise InputError("not a table: one column and no rows", file=name)
    return Table(name, "csv", headers, rows, encoding=encoding, delimiter=delimiter, notes=notes)


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
            rows.append(Row(i, None, problem, text=lines[i - 1], span=(i - 1, i)))
        else:
            rows.append(Row(i, [_cell(obj.get(h)) for h in headers], span=(i - 1, i)))
    return Table(name, "jsonl", headers, rows, encoding=encoding)


def _whole_json(text: str) -> object | None:
    """The text as one JSON value, or None when it is not one (e.g. JSON Lines)."""
    try:
        return json.loads(text)  # type: ignore[no-any-return]
    except (json.JSONDecodeError, RecursionError):
        return None


# --- workbooks: XLSX and ODS ------------------------------------------------------------

# a header is looked for among the first rows; title rows above it are skipped with a note
HEADER_SCAN = 30
_TOTALS = {
    fold_header(w)
    for w in (
        "جمع",
        "جمع کل",
        "جمعا",
        "جمعاً",
        "مجموع",
        "کل",
        "total",
        "totals",
        "grand total",
        "sum",
        "subtotal",
        "sub total",
    )
}


def read_workbook(
    path: Path,
    data: bytes,
    fmt: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    limits: Limits | None = DEFAULT_LIMITS,
) -> Table:
    """One table from a workbook: ``sheet``, else every sheet that shares the first one's
    columns (a sheet per month or province); sheets with other columns are named in a note."""
    reader = xlsx_sheets if fmt == "xlsx" else ods_sheets
    names, sheets = reader(path.name, data, sheet, limits)
    notes: list[str] = []
    parts: list[tuple[str, list[str], list[Row], list[CellProblem]]] = []
    for sh in sheets:
        if not any(_cell(v).strip() for line in sh.grid for v in line):
            if sheet is not None or len(sheets) == 1:
                raise InputError(f"sheet {sh.title!r} is empty", file=path.name)
            notes.append(f"sheet {sh.title!r} is empty")
            continue
        headers, rows, sheet_notes, problems = _sheet_table(sh, header_row, path.name)
        prefix = f"sheet '{sh.title}': " if len(sheets) > 1 else ""
        notes += [prefix + n for n in sheet_notes]
        for row in rows:
            row.sheet = sh.title
        for problem in problems:
            problem.sheet = sh.title
        parts.append((sh.title, unique_headers(headers, notes), rows, problems))
    if not parts:
        raise InputError("every sheet is empty", file=path.name)
    title, headers, rows, problems = parts[0]
    read = [title]
    for other, other_headers, other_rows, other_problems in parts[1:]:
        if set(other_headers) != set(headers):
            notes.append(
                f"sheet '{other}' not read: its columns differ from sheet '{title}'; "
                f"import it on its own with sheet='{other}'"
            )
            continue
        read.append(other)
        rows += [_reorder(r, other_headers, headers) for r in other_rows]
        problems += other_problems
    if len(read) == 1:  # one sheet read: its rows need no sheet to tell them apart
        for row in rows:
            row.sheet = None
        for problem in problems:
            problem.sheet = None
    if len(names) > 1:
        shown = ", ".join(f"'{n}'" for n in read)
        notes.insert(0, f"sheet(s) read: {shown} of {len(names)}")
    return Table(path.name, fmt, headers, rows, notes=notes, problems=problems, sheets=read)


def _reorder(row: Row, have: list[str], want: list[str]) -> Row:
    cells = row.cells or []
    by_name = dict(zip(have, cells, strict=False))
    extra = cells[len(have) :]
    return Row(row.number, [by_name.get(h, "") for h in want] + extra, sheet=row.sheet)


def _sheet_table(
    sh: Sheet, header_row: int | None, name: str
) -> tuple[list[str], list[Row], list[str], list[CellProblem]]:
    text = [[_cell(v) for v in line] for line in sh.grid]
    if header_row is not None:
        h = header_row - 1
        if h >= len(text) or not any(c.strip() for c in text[h]):
            raise InputError(
                f"header_row={header_row}: that row of sheet {sh.title!r} is empty", file=name
            )
    else:
        h = find_header(text)
    notes = [
        f"row {i + 1} skipped as a title: {_short(' '.join(c for c in line if c.strip()))}"
        for i, line in enumerate(text[:h])
        if any(c.strip() for c in line)
    ]
    headers = _trimmed(text[h])
    problems = _carry_merged(sh, text, h, headers)
    rows = []
    for i in range(h + 1, len(text)):
        cells = _trimmed(text[i])
        if _is_totals(cells):
            notes.append(f"row {i + 1} skipped as a totals row: {_short(' '.join(cells))}")
            continue
        rows.append(Row(i + 1, cells, sheet=None))
    if sh.formulas:
        notes.append(
            f"{sh.formulas} formula cell(s): {sh.formulas - sh.formula_text_kept} read as the "
            f"value shown, {sh.formula_text_kept} kept as formula text (the file holds no value "
            "for them)"
        )
    return headers, rows, notes, problems


def find_header(text: list[list[str]]) -> int:
    """The index of the header row: among the first rows, the one that names the most
    known fields; else the first with two or more distinct words; else the first non-empty."""
    filled = [i for i, line in enumerate(text) if any(c.strip() for c in line)][:HEADER_SCAN]
    scores = {i: sum(1 for c in text[i] if known_header(c)) for i in filled}
    best = max(scores.values(), default=0)
    if best > 0:
        return min(i for i, s in scores.items() if s == best)
    for i in filled:
        words = [c.strip() for c in text[i] if c.strip()]
        if len(words) >= 2 and len(set(words)) == len(words) and not any(map(_numeric, words)):
            return i
    return filled[0]


def _carry_merged(
    sh: Sheet, text: list[list[str]], h: int, headers: list[str]
) -> list[CellProblem]:
    """Fill each merged range with its value (down and across), listing every filled cell."""
    problems = []
    width = max(len(headers), 1)
    for r1, c1, r2, c2 in sh.merged:
        if r1 >= len(text) or c1 >= len(text[r1]):
            continue
        value = text[r1][c1]
        if not value.strip():
            continue
        # clipped to the rows there are and the header's width: a range can claim millions
        for r in range(r1, min(r2, len(text) - 1) + 1):
            line = text[r]
            for c in range(c1, min(c2, max(width, c1 + 1) - 1) + 1):
                if (r, c) == (r1, c1):
                    continue
                while len(line) <= c:
                    line.append("")
                if line[c].strip():
                    continue
                line[c] = value
                if r > h:
                    column = headers[c] if c < len(headers) else f"column {c + 1}"
                    problems.append(
                        CellProblem(
                            r + 1, column, value, f"merged cell: value carried from row {r1 + 1}"
                        )
                    )
    return problems


def _trimmed(cells: list[str]) -> list[str]:
    cells = list(cells)
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _numeric(text: str) -> bool:
    try:
        float(text.strip().translate(_DIGITS).replace(",", ""))
    except ValueError:
        return False
    return True


def _is_totals(cells: list[str]) -> bool:
    """A row naming a total (جمع، Total …) with only numbers beside it."""
    words = [c.strip() for c in cells if c.strip()]
    named = [w for w in words if fold_header(w) in _TOTALS]
    return bool(named) and all(w in named or _numeric(w) for w in words)


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


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
