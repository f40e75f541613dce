"""The report's CSV downloads are exports too: no cell runs as a spreadsheet formula."""

from reckon.report.tables import Table


def test_csv_neutralises_formula_cells() -> None:
    table = Table("k", "t", ["=source", "records"], [['=HYPERLINK("x")', 3], ["-2", -2]])
    text = table.to_csv()
    assert "'=source" in text
    assert "'=HYPERLINK" in text
    assert "\n-2,-2" in text  # numbers stay numbers
