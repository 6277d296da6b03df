"""The edition's workbook as an Excel or WPS user opens it."""

from __future__ import annotations

import openpyxl

import zonebook
from zonebook.core import paths
from zonebook.publish import downloads


def test_the_workbook_reads_as_a_person_would(tmp_path):
    root = paths.data_root()
    year = zonebook.available_years()[0]
    target = tmp_path / downloads.workbook_name(year)
    published = downloads.publication(root, year)
    downloads.write_workbook(target, published["sheets"], root, year)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "README"
    readme = book["README"]
    assert "Excel" in str(readme["B2"].value) and readme["A2"].value  # the introduction, in both languages
    tables = book.sheetnames[1:]
    assert len(tables) == len(published["sheets"]) and len(set(tables)) == len(tables)
    assert [name for name in tables if "_" in name] == []  # words, not snake_case
    assert {row[0].value for row in readme.iter_rows(min_row=5)} >= set(tables)  # README lists every sheet
    economy = book[tables[[name for name, _, _ in published["sheets"]].index("economy")]]
    zh, en = [c.value for c in economy[1]], [c.value for c in economy[2]]
    assert "单位" in zh and "unit" in en and "数值" in zh and "value" in en  # the unit is a column of its own
    assert economy.freeze_panes == "A3"
    widths = {k: d.width for k, d in economy.column_dimensions.items()}
    assert widths and max(widths.values()) <= 60 and min(widths.values()) >= 6
    # a column is as wide as its longest cell: the quotes are wider than the units
    quote, unit = (openpyxl.utils.get_column_letter(en.index(c) + 1) for c in ("quote", "unit"))
    assert widths[quote] > 2 * widths[unit]
    values = [row[en.index("value")].value for row in economy.iter_rows(min_row=3)]
    assert all(isinstance(v, int | float) for v in values if v is not None)


def test_the_workbook_has_the_same_bytes_each_time(tmp_path):
    root = paths.data_root()
    year = zonebook.available_years()[0]
    sheets = downloads.publication(root, year)["sheets"]
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    downloads.write_workbook(first, sheets, root, year)
    downloads.write_workbook(second, sheets, root, year)
    assert first.read_bytes() == second.read_bytes()
