"""What every export shares: cells that a spreadsheet will not run as formulas."""

from __future__ import annotations

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
