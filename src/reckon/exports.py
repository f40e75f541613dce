"""What every export shares: cells that a spreadsheet will not run as formulas,
and files that open right in one (CSV in UTF-8 with a BOM, or XLSX)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell for CSV/XLSX exports; text a spreadsheet would run as a formula is quoted.

    OWASP's advice for CSV injection: prefix such a cell with a single quote.
    A plain negative number is left alone so that counts stay numbers.
    """
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_table(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table for a spreadsheet: XLSX when ``path`` ends in .xlsx, else CSV.

    The CSV is UTF-8 with a BOM: without one, Excel reads Persian as Windows-1256
    mojibake. Every text cell goes through ``safe_cell``.
    """
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, columns, rows)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([safe_cell(c) for c in columns])
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])


def _write_xlsx(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([safe_cell(c) for c in columns])
    for row in rows:
        # numbers stay numbers; text is made safe, as in CSV
        sheet.append([v if isinstance(v, (int, float)) else safe_cell(v) for v in row])
    book.save(path)
