"""Reading what staff save: encodings, CSV quirks, workbooks, and row numbers as a spreadsheet shows them."""

import pytest

from zonebook.core.errors import DataError
from zonebook.data.readers import decode, read_csv, read_table, table_file

TABLE = 'id,value,quote\nenterprises,147,开发区实有企业147家\noutput,134,"工业总产值134亿元,增长14%"\n'


def problem(error: pytest.ExceptionInfo):
    (only,) = error.value.problems
    return only


def test_utf8_bom_and_gb18030_decode_to_the_same_text(tmp_path):
    for name, data in {
        "bom.csv": b"\xef\xbb\xbf" + TABLE.encode(),
        "gbk.csv": TABLE.encode("gb18030"),
        "plain.csv": TABLE.encode(),
    }.items():
        (tmp_path / name).write_bytes(data)
        assert decode(tmp_path / name)[0] == TABLE
    assert read_csv(tmp_path / "bom.csv").header == ["id", "value", "quote"]  # no BOM glued to 'id'


@pytest.mark.parametrize(
    "data, words",
    [
        (TABLE.encode("utf-16"), "UTF-16"),
        ("id,note\n1,café, crème\n".encode("latin-1"), "neither UTF-8 nor GB18030"),
        (b"", "empty"),
        (b"\n  \n", "empty"),
    ],
)
def test_unreadable_files_say_how_to_save(tmp_path, data, words):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(DataError) as error:
        read_csv(path)
    assert words in problem(error).message and "t.csv" in problem(error).file


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,quote\na,"two\nlines"\n\nb,x\n', encoding="utf-8")
    table = read_csv(path)
    assert [(r["id"], r["__row__"]) for r in table.rows] == [("a", 2), ("b", 4)]  # the blank row 3 is skipped


def test_an_unclosed_quote_is_an_error_naming_its_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,quote\na,x\nb,"never closed\nc,y\n', encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_csv(path)
    assert problem(error).row == 3 and "not closed" in problem(error).message


def test_a_ragged_row_is_an_error_but_a_short_row_is_padded(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,value\na\nb,1,oops\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_csv(path)
    assert problem(error).row == 3
    path.write_text("id,value\na\n", encoding="utf-8")
    assert read_csv(path).rows[0]["value"] == ""


def test_table_file_finds_one_file_and_refuses_two_or_xls(tmp_path):
    assert table_file(tmp_path, "economy") is None
    (tmp_path / "economy_old.csv").write_text("x\n", encoding="utf-8")
    assert table_file(tmp_path, "economy") is None  # another table's name, not economy
    (tmp_path / "economy.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError) as error:
        table_file(tmp_path, "economy")
    assert "'.xls' files cannot be read" in problem(error).message
    (tmp_path / "economy.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        table_file(tmp_path, "economy")
    assert "given twice" in problem(error).message


def test_xlsx_is_read_as_text_with_row_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["id", "value"])
    book.active.append(["output", 134.0])
    book.active.append(["tax", 3.22])
    book.save(tmp_path / "economy.xlsx")
    table = read_table(tmp_path / "economy.xlsx")
    assert [(r["id"], r["value"], r["__row__"]) for r in table.rows] == [("output", "134", 2), ("tax", "3.22", 3)]
