"""Write the messy-list fixtures in this folder: `python tests/data/make_fixtures.py`.

Every name here is synthetic (common given and family names combined at
random by hand); no row describes a real person. Each file holds one kind of
mess that real lists arrive with; `FIXTURES` says what each is for.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

FA_HEADER = [
    "ردیف",
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "سن",
    "جنسیت",
    "تاریخ",
    "استان",
    "شهر",
    "علت",
]
FA_ROWS = [
    ["1", "علی", "رضایی", "حسن", "23", "مرد", "1404/10/18", "تهران", "تهران", "گلوله"],
    ["2", "مریم", "احمدی", "محمد", "31", "زن", "1404/10/19", "اصفهان", "اصفهان", "گلوله"],
    ["3", "حسین", "کریمی", "علی", "19", "مرد", "1404/10/20", "فارس", "شیراز", ""],
    ["4", "زهرا", "موسوی", "رضا", "", "زن", "1404/10", "خوزستان", "اهواز", "ضرب و شتم"],
]

EN_HEADER = ["id", "first name", "last name", "father", "age", "sex", "date", "province", "city"]
EN_ROWS = [
    ["a1", "Ali", "Rezaei", "Hassan", "23", "M", "2026-01-08", "Tehran", "Tehran"],
    ["a2", "Maryam", "Ahmadi", "Mohammad", "31", "F", "2026-01-09", "Isfahan", "Isfahan"],
    ["a3", "Hossein", "Karimi", "Ali", "19", "M", "2026-01-10", "Fars", "Shiraz"],
]


def _csv(rows: list[list[str]], delimiter: str = ",", newline: str = "\r\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def cp1256() -> bytes:
    # Windows-1256 has the Arabic yeh and kaf, which Persian lists from Windows use
    text = _csv([FA_HEADER, *FA_ROWS]).replace("ی", "ي").replace("ک", "ك")
    return text.encode("cp1256")


def utf8_bom() -> bytes:
    return b"\xef\xbb\xbf" + _csv([FA_HEADER, *FA_ROWS]).encode("utf-8")


def utf16() -> bytes:
    # what Excel's "Unicode text" export writes: UTF-16 with a BOM, tab-delimited
    return _csv([FA_HEADER, *FA_ROWS], delimiter="\t").encode("utf-16")


def digits() -> bytes:
    rows = [
        ["۱", "علی", "رضایی", "حسن", "۲۳", "مرد", "۱۴۰۴/۱۰/۱۸", "تهران", "تهران", ""],
        ["٢", "مریم", "احمدی", "محمد", "٣١", "زن", "١٤٠٤/١٠/١٩", "اصفهان", "اصفهان", ""],
        ["3", "حسین", "کریمی", "علی", "۱9", "مرد", "۱۴۰۴/10/۲۰", "فارس", "شیراز", ""],
    ]
    return _csv([FA_HEADER, *rows]).encode("utf-8")


def ragged() -> bytes:
    text = (
        "\r\n"  # a blank line before the header
        + _csv([EN_HEADER[:6]])
        + "\r\n"
        + _csv([["a1", "Ali", "Rezaei"]])  # short row
        + ",,,,,\r\n"  # an empty row of delimiters
        + _csv([["a2", "Maryam", "Ahmadi", "Mohammad", "31", "F", "extra 1", "", "extra 3"]])
        + "   \r\n"
        + _csv([["a3", "Hossein", "Karimi", "Ali", "19", "M"]])
    )
    return text.encode("utf-8")


def duplicate_headers() -> bytes:
    header = ["نام", "نام خانوادگی", "توضیحات", "توضیحات", "", "سن"]
    rows = [
        ["علی", "رضایی", "یادداشت اول", "یادداشت دوم", "بی‌سرستون", "23"],
        ["مریم", "احمدی", "", "فقط دومی", "", "31"],
    ]
    return _csv([header, *rows]).encode("utf-8")


def huge_cell() -> bytes:
    notes = "شاهد: " + "ا" * (512 * 1024)  # 1 MB in UTF-8
    rows = [["نام", "نام خانوادگی", "توضیحات"], ["علی", "رضایی", notes], ["مریم", "احمدی", "کوتاه"]]
    return _csv(rows).encode("utf-8")


def formulas() -> bytes:
    rows = [
        ["name", "age", "notes"],
        ['=HYPERLINK("http://example.invalid","click")', "23", "ok"],
        ["+Ali Rezaei", "-3", "@SUM(A1:A2)"],
        ["Maryam Ahmadi", "31", "-2+3"],
        ["", "", "=1+1"],  # nothing identifies a person: rejected, and neutralised there
    ]
    return _csv(rows).encode("utf-8")


def semicolon() -> bytes:
    return _csv([EN_HEADER, *EN_ROWS], delimiter=";").encode("utf-8")


def tab() -> bytes:
    return _csv([EN_HEADER, *EN_ROWS], delimiter="\t", newline="\n").encode("utf-8")


def persian_comma() -> bytes:
    return _csv([FA_HEADER, *FA_ROWS], delimiter="،").encode("utf-8")


def broken_quote() -> bytes:
    lines = [
        "id,name,age,notes",
        'b1,Ali Rezaei,23,"a note with a quote that never closes',
        "b2,Maryam Ahmadi,31,fine",
        "b3,Hossein Karimi,19,fine",
        'b4,"Zahra Mousavi"x,40,bad quote',
        'b5,Reza Hosseini,27,"a note',
        'over two lines"',
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def garbled() -> bytes:
    rows = [
        ["id", "name", "age", "sex", "date", "province", "status"],
        ["g1", "Ali Rezaei", "250", "M", "2026-01-08", "Tehran", "killed"],
        ["g2", "Maryam Ahmadi", "31", "?", "not a date", "Isfahan", "killed"],
        ["g3", "", "", "", "2026-01-09", "Fars", "killed"],  # nothing identifies anyone
        ["g4", "Hossein Karimi", "-3", "M", "2026-13-45", "Fars", "abducted by aliens"],
    ]
    return _csv(rows).encode("utf-8")


def incident() -> bytes:
    rows = [
        ["place", "date", "count", "notes"],
        ["Kahrizak morgue", "2026-01-10", "14", "unnamed bodies"],
        ["Rasht", "2026-01-09", "3-5", ""],
    ]
    return _csv(rows).encode("utf-8")


def unrecognised() -> bytes:
    rows = [["col_a", "col_b", "col_c"], ["Ali Rezaei", "23", "Tehran"]]
    return _csv(rows).encode("utf-8")


def jsonl() -> bytes:
    items = [dict(zip(EN_HEADER, row, strict=True)) for row in EN_ROWS]
    items[1]["age"] = 31  # numbers as numbers, as JSON exports have them
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    lines.insert(2, "{not json")
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "victims"
    ws.append(FA_HEADER)
    for row in FA_ROWS[:2]:
        ws.append([int(c) if c.isdigit() else c for c in row])
    ws.append([])  # an empty row in the middle
    ws.append(FA_ROWS[2])
    ws.append(["5", '=CONCATENATE("رضا")', "حسینی", "", "40", "مرد", "", "", "", ""])
    # fixed document dates keep the file the same on every run
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n"
        b"%%EOF\n"
    )


FIXTURES: dict[str, tuple[Callable[[], bytes], str]] = {
    "cp1256.csv": (cp1256, "Windows-1256 Persian, as Windows exports it"),
    "utf8_bom.csv": (utf8_bom, "UTF-8 with a byte-order mark"),
    "utf16.txt": (utf16, "UTF-16 with BOM, tab-delimited (Excel 'Unicode text')"),
    "digits.csv": (digits, "Persian and Arabic-Indic digits in ids, ages and dates"),
    "ragged.csv": (ragged, "blank and empty rows, short and long rows"),
    "duplicate_headers.csv": (duplicate_headers, "a repeated header and a blank one"),
    "huge_cell.csv": (huge_cell, "a 1 MB cell"),
    "formulas.csv": (formulas, "cells a spreadsheet would run as formulas"),
    "semicolon.csv": (semicolon, "semicolon-delimited"),
    "tab.tsv": (tab, "tab-delimited, LF line ends"),
    "persian_comma.csv": (persian_comma, "delimited by the Persian comma «،»"),
    "broken_quote.csv": (broken_quote, "quotes that never close, and a bad quote"),
    "garbled.csv": (garbled, "impossible ages, unreadable dates, no name"),
    "incident.csv": (incident, "incidents: counts of unnamed people"),
    "unrecognised.csv": (unrecognised, "headers reckon cannot recognise"),
    "list.jsonl": (jsonl, "JSON Lines, with one broken line"),
    "list.xlsx": (xlsx, "an XLSX with an empty row and a formula cell"),
    "not_a_table.png": (png, "a picture, not a table"),
    "not_a_table.pdf": (pdf, "a PDF, not a table"),
}


def main() -> None:
    for name, (make, _) in FIXTURES.items():
        (HERE / name).write_bytes(make())


if __name__ == "__main__":
    main()
