"""Workbooks as documenters keep them: each shape built here, then read whole.

Every name is synthetic. Each test checks that no row is lost and that every
cell the reader had to mend, or row it skipped, is said.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from reckon.errors import InputError
from reckon.ingest.readers import read_table
from reckon.ingest.workbooks import Limits

HEADER = ["ردیف", "نام", "نام خانوادگی", "تاریخ", "استان"]
ROWS = [
    [1, "علی", "رضایی", "1404/10/18", "تهران"],
    [2, "مریم", "احمدی", "1404/10/19", "اصفهان"],
    [3, "حسین", "کریمی", "1404/10/20", "فارس"],
]


def _save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


def test_title_rows_above_the_header_and_a_totals_row_are_skipped_with_notes(
    tmp_path: Path,
) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["فهرست جان‌باختگان دی ۱۴۰۴"])
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws.append(["جمع", None, None, None, 3])
    table = read_table(_save(book, tmp_path / "titled.xlsx"))
    assert table.headers == HEADER
    assert [r.number for r in table.rows] == [4, 5, 6]
    assert table.rows[0].cells == ["1", "علی", "رضایی", "1404/10/18", "تهران"]
    assert any("row 1 skipped as a title" in n for n in table.notes)
    assert any("row 7 skipped as a totals row" in n for n in table.notes)


def test_header_row_given_overrides_the_search(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["نام", "سن"])  # looks like a header, but the user says row 2 is
    ws.append(HEADER)
    ws.append(ROWS[0])
    table = read_table(_save(book, tmp_path / "given.xlsx"), header_row=2)
    assert table.headers == HEADER and len(table.rows) == 1


def test_merged_cells_are_carried_down_and_each_carried_cell_listed(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(HEADER)
    ws.append([1, "علی", "رضایی", "1404/10/18", "تهران"])
    ws.append([2, "مریم", "احمدی", None, None])
    ws.append([3, "حسین", "کریمی", None, None])
    ws.merge_cells("D2:D4")
    ws.merge_cells("E2:E4")
    table = read_table(_save(book, tmp_path / "merged.xlsx"))
    assert [r.cells[3:] for r in table.rows if r.cells] == [["1404/10/18", "تهران"]] * 3
    carried = {(p.row, p.column) for p in table.problems}
    assert carried == {(3, "تاریخ"), (4, "تاریخ"), (3, "استان"), (4, "استان")}
    assert all("merged cell: value carried from row 2" in p.reason for p in table.problems)


def test_every_sheet_with_the_same_columns_is_read_and_the_others_named(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "دی"
    first.append(HEADER)
    first.append(ROWS[0])
    second = book.create_sheet("بهمن")
    second.append([HEADER[1], HEADER[0], *HEADER[2:]])  # the same columns, in another order
    second.append(["مریم", 2, "احمدی", "1404/11/01", "اصفهان"])
    other = book.create_sheet("جمع‌بندی")
    other.append(["استان", "تعداد"])
    other.append(["تهران", 1])
    table = read_table(_save(book, tmp_path / "sheets.xlsx"))
    assert table.sheets == ["دی", "بهمن"]
    assert [(r.sheet, r.cells) for r in table.rows] == [
        ("دی", ["1", "علی", "رضایی", "1404/10/18", "تهران"]),
        ("بهمن", ["2", "مریم", "احمدی", "1404/11/01", "اصفهان"]),
    ]
    assert any("'جمع‌بندی' not read" in n and "sheet=" in n for n in table.notes)
    only = read_table(tmp_path / "sheets.xlsx", sheet="جمع‌بندی")
    assert only.headers == ["استان", "تعداد"] and len(only.rows) == 1


def _ods(path: Path, rows: list[list[object]], *, formula: bool = False) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="victims")
    for r, values in enumerate(rows):
        tr = TableRow()
        for c, value in enumerate(values):
            if value is None:
                tr.addElement(CoveredTableCell() if r == 2 and c == 4 else TableCell())
                continue
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=str(value))
                if formula and r == 1 and c == 0:
                    cell = TableCell(valuetype="float", value=str(value), formula="of:=0+1")
            else:
                attrs = {"numberrowsspanned": "2"} if r == 1 and c == 4 else {}
                cell = TableCell(valuetype="string", **attrs)
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        # LibreOffice pads every row with a run of repeated empty cells
        tr.addElement(TableCell(numbercolumnsrepeated="1000"))
        table.addElement(tr)
    # and the sheet with a million repeated empty rows
    table.addElement(TableRow(numberrowsrepeated="1048000"))
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def test_ods_with_a_formula_and_a_merged_cell(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, ROWS[0], [*ROWS[1][:4], None]]
    table = read_table(_ods(tmp_path / "list.ods", rows, formula=True))
    assert table.format == "ods"
    assert table.headers == HEADER
    assert [r.cells for r in table.rows] == [
        ["1", "علی", "رضایی", "1404/10/18", "تهران"],
        ["2", "مریم", "احمدی", "1404/10/19", "تهران"],  # carried from the merged cell above
    ]
    assert [(p.row, p.column) for p in table.problems] == [(3, "استان")]
    assert any("1 formula cell(s): 1 read as the value shown" in n for n in table.notes)


def test_a_workbook_that_unpacks_far_beyond_its_size_is_refused_unless_allowed(
    tmp_path: Path,
) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(HEADER)
    for _ in range(3000):
        ws.append(ROWS[0])
    path = _save(book, tmp_path / "big.xlsx")
    with pytest.raises(InputError, match="allow_large=True"):
        read_table(path, limits=Limits(rows=1000))
    with pytest.raises(InputError, match=r"unpacks .* times its size"):
        read_table(path, limits=Limits(ratio=2))
    assert len(read_table(path, limits=None).rows) == 3000


def test_the_zip_ratio_is_read_before_any_sheet(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<a/>")
        z.writestr("xl/worksheets/sheet1.xml", "<row/>" * 2_000_000)
    (tmp_path / "bomb.xlsx").write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="exhaust memory"):
        read_table(tmp_path / "bomb.xlsx")
