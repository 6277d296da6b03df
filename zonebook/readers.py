"""Read the tables staff give us: CSV in UTF-8 (with or without BOM) or GB18030, or .xlsx.

Everything is returned as text, cell by cell, with the row number a spreadsheet shows
(header = row 1), so that a later check can name the exact cell that is wrong.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem, rel

SAVE_AS = ("In Excel or WPS choose File > Save As > 'CSV UTF-8 (comma delimited) (*.csv)', "
           "or save as an Excel workbook (.xlsx)")
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass
class RawTable:
    """A table as read from disk: header and rows of text, plus how it was decoded."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]  # each with the key "__row__" holding its spreadsheet row number
    encoding: str


def decode(path: Path) -> tuple[str, str]:
    """Decode a text file saved by a person: UTF-8 (BOM or not) first, then GB18030."""
    data = path.read_bytes()
    if not data.strip():
        raise DataError(Problem(rel(path), "the file is empty", "Fill in the header row and the data rows, or delete the file if the table is not reported this year"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(Problem(rel(path), "the file is saved as UTF-16 (Excel's 'Unicode Text'), which is not read", SAVE_AS))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise DataError(Problem(rel(path), f"line {line} is neither UTF-8 nor GB18030 text", SAVE_AS)) from None


def read_csv(path: Path) -> RawTable:
    text, encoding = decode(path)
    if "\x00" in text:
        raise DataError(Problem(rel(path), "the file contains NUL bytes (it looks like UTF-16 or a binary file)", SAVE_AS))
    # strict: an unbalanced quote is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines = []
    try:
        for cells in reader:
            lines.append(cells)
    except csv.Error as error:
        raise DataError(Problem(rel(path), f"the CSV cannot be parsed ({error}): a quote character \" opened in this row is not closed properly",
                                "Check that every quote character \" inside a cell is doubled (\"\") and that a quoted cell ends with \", then save again",
                                row=len(lines) + 1)) from None
    return _table(path, lines, encoding)


def read_xlsx(path: Path) -> RawTable:
    import openpyxl  # only when a workbook is given: it is slow to import

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise DataError(Problem(rel(path), f"the workbook cannot be opened ({type(error).__name__})", SAVE_AS)) from None
    sheet = book.worksheets[0]
    lines = [["" if cell is None else _cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _table(path, lines, "xlsx")


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(path: Path, lines: list[list[str]], encoding: str) -> RawTable:
    while lines and not any(cell.strip() for cell in lines[-1]):
        lines.pop()
    if not lines:
        raise DataError(Problem(rel(path), "the file has no header row", "Put the column names in the first row"))
    header = [cell.strip() for cell in lines[0]]
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise DataError(Problem(rel(path), f"the row has {len(cells)} cells but the header has {len(header)} columns",
                                    "Remove the extra cells or put commas inside a cell between double quotes", row=number))
        row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        row["__row__"] = number
        rows.append(row)
    return RawTable(path, header, rows, encoding)


def table_file(folder: Path, name: str) -> Path | None:
    """The file holding table `name` in `folder`, or None when the table is absent.

    A table saved in a format we cannot read (.xls, .ods, .numbers, .txt) is an error that says
    how to save it, not a silent absence.
    """
    found = [p for p in sorted(folder.glob(f"{name}.*")) if p.is_file() and p.stem == name]
    usable = [p for p in found if p.suffix.lower() in TABLE_SUFFIXES]
    if len(found) > 1:  # economy.csv beside economy.xls: which one is meant is not ours to guess
        raise DataError(Problem(rel(folder), f"table '{name}' is given twice ({', '.join(p.name for p in found)})",
                                "Keep one file per table: delete the older one"))
    if usable:
        return usable[0]
    if found:
        raise DataError(Problem(rel(found[0]), f"'{found[0].suffix}' files cannot be read", SAVE_AS))
    return None


def read_table(path: Path) -> RawTable:
    return read_xlsx(path) if path.suffix.lower() == ".xlsx" else read_csv(path)


def optional_rows(path: Path) -> list[dict[str, str]] | None:
    """The rows of an optional shared table, or None when it is absent or unreadable.

    A page that shows it then says it is not there; `zonebook validate` reports why."""
    if not Path(path).exists():
        return None
    try:
        return read_csv(Path(path)).rows
    except DataError:
        return None
