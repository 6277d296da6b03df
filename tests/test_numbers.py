"""A cell means the same number wherever it is read: loading, the schema check and the ledger
all go through zonebook.data.numbers."""

from __future__ import annotations

import math

import pytest

from support.fictional import copy_years
from support.tables import read_rows, write_rows
from zonebook import data
from zonebook.core import paths
from zonebook.core.errors import DataError
from zonebook.data import numbers
from zonebook.data.ledger import number_or_none
from zonebook.data.validate import validate_year


@pytest.mark.parametrize(
    ("text", "value"),
    [("134", 134.0), ("3.22", 3.22), ("1,504.7", 1504.7), ("-2", -2.0), ("", None), (" 7 ", 7.0), (float("nan"), None)],
)
def test_a_number_as_a_report_writes_it(text, value):
    assert numbers.parse(text) == value


@pytest.mark.parametrize("text", ["3,22", "1,50", "12,3456", "1.2.3", "3亿", "1e5", "inf", "+5", "１34x"])
def test_what_is_not_a_number(text):
    with pytest.raises(ValueError, match="is not a number"):
        numbers.parse(text)


def test_a_group_character_only_where_the_field_has_one():
    with pytest.raises(ValueError):
        numbers.parse("1,504", group_char="")
    assert numbers.parse("1504", group_char="") == 1504.0
    with pytest.raises(ValueError):
        numbers.parse("2.5", integer=True)


def test_the_ledger_reads_the_same_numbers():
    assert number_or_none("1,504.7") == 1504.7
    assert number_or_none("3,22") is None  # not 322
    assert number_or_none("三") == 3.0  # a numeral of the source, read as the ledger reads quotes
    assert math.isclose(number_or_none(3.5), 3.5)


def test_loading_and_validation_agree_on_a_decimal_comma(tmp_path):
    """ "3,22" was 322 to the loader and an error to the schema check: now both refuse it."""
    root = copy_years(tmp_path / "data", [2017], paths.DATA)
    path = root / "2017" / "economy.csv"
    header, rows = read_rows(path)
    rows[1]["value"] = "3,22"
    write_rows(path, header, rows)
    with pytest.raises(DataError) as loaded:
        data.load(2017, root).table("economy")
    assert "'3,22' is not a number" in str(loaded.value) and "row 3" in str(loaded.value)
    assert any("3,22" in str(p) and p.field == "value" for p in validate_year(2017, root))
