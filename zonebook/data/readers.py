"""Read the tables staff give us: CSV in UTF-8 (with or without BOM) or GB18030, or .xlsx.

Everything is returned as text, cell by cell, with the row number a spreadsheet shows
(header = row 1), so that a later check can name the exact cell that is wrong.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from zonebook.core.errors import DataError, Problem, rel

SAVE_AS = (
    "In Excel or WPS choose File > Save As > 'CSV UTF-8 (comma delimited) (*.csv)', "
    "or save as an Excel workbook (.xlsx)"
)
TABLE_SUFFIXES = (".csv", ".xlsx")
# A table holds the numbers of one year's report: 2017's largest has 58 rows, 13 kB. A file
# this big (some 30,000 rows) is something else saved by mistake; refused before it is read.
MAX_TABLE_BYTES = 5_000_000


def check_size(path: Path, size: int | None = None) -> None:
    size = Path(path).stat().st_size if size is None else size
    if size > MAX_TABLE_BYTES:
        raise DataError(
            Problem(
                rel(path),
                f"the file is {size / 1e6:.1f} MB, over the limit of {MAX_TABLE_BYTES / 1e6:g} MB for one table "
                "(a table holds the numbers of one year's report: a few hundred rows, a few kB)",
                "Check that this is the table you meant to save (not an export of another system or a whole "
                "workbook of sheets); keep only the rows of this year's report",
            )
        )


def is_lock_file(path: Path) -> bool:
    """Excel and WPS keep `~$<name>` beside a workbook while it is open; it is not a table."""
    return Path(path).name.startswith("~$")


@dataclass
class RawTable:
    """A table as read from disk: header and rows of text, plus how it was decoded."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]  # each with the key "__row__" holding its spreadsheet row number
    encoding: str


def decode(path: Path) -> tuple[str, str]:
    """Decode a text file saved by a person: UTF-8 (BOM or not) first, then GB18030."""
    with open(path, "rb") as handle:  # opened first: a file looked for and absent is recorded (zonebook.engine.inputs)
        check_size(path, os.fstat(handle.fileno()).st_size)
        data = handle.read()
    if not data.strip():
        raise DataError(
            Problem(
                rel(path),
                "the file is empty",
                "Fill in the header row and the data rows, or delete the file if the table is not reported this year",
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        raise DataError(
            Problem(rel(path), "the file is saved as UTF-16 (Excel's 'Unicode Text'), which is not read", SAVE_AS)
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if _looks_like_big5(data, text):
            raise DataError(
                Problem(rel(path), "the file is saved as Big5 (traditional Chinese), which is not read", SAVE_AS)
            ) from None
        if text is None:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise DataError(Problem(rel(path), f"line {line} is neither UTF-8 nor GB18030 text", SAVE_AS)) from None
        return text, "gb18030"


def _utf16_without_bom(data: bytes) -> bool:
    """UTF-16 saved without its byte-order mark: NUL bytes at every other position (ASCII text
    such as a header row), which UTF-8 and GB18030 text never have."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.3


def _looks_like_big5(data: bytes, gb_text: str | None) -> bool:
    """Traditional-Chinese Big5 bytes decode as GB18030 too, but into rare characters: in real
    GB18030 text nearly every Chinese character is one of GB2312's common ones."""
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    if gb_text is None:
        return True
    hanzi = [c for c in gb_text if "\u4e00" <= c <= "\u9fff"]
    common = sum(1 for c in hanzi if _in_gb2312(c))
    return bool(hanzi) and common / len(hanzi) < 0.8


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def read_csv(path: Path) -> RawTable:
    text, encoding = decode(path)
    if "\x00" in text:
        raise DataError(
            Problem(rel(path), "the file contains NUL bytes (it looks like UTF-16 or a binary file)", SAVE_AS)
        )
    # strict: an unbalanced quote is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines = []
    try:
        for cells in reader:
            lines.append(cells)
    except csv.Error as error:
        raise DataError(
            Problem(
                rel(path),
                f'the CSV cannot be parsed ({error}): a quote character " opened in this row is not closed properly',
                'Check that every quote character " inside a cell is doubled ("") and that a quoted cell ends with ", then save again',
                row=len(lines) + 1,
            )
        ) from None
    return _table(path, lines, encoding)


def read_xlsx(path: Path) -> RawTable:
    import openpyxl  # only when a workbook is given: it is slow to import

    check_size(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise DataError(
            Problem(rel(path), f"the workbook cannot be opened ({type(error).__name__})", SAVE_AS)
        ) from None
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
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise DataError(
                Problem(
                    rel(path),
                    f"the row has {len(cells)} cells but the header has {len(header)} columns",
                    "Remove the extra cells or put commas inside a cell between double quotes",
                    row=number,
                )
            )
        row = {name: (ascii_number(cells[i].strip()) if i < len(cells) else "") for i, name in enumerate(header)}
        row["__row__"] = number
        rows.append(row)
    return RawTable(path, header, rows, encoding)


# what a number may hold besides its digits, and the full-width forms a Chinese keyboard types
NUMBER_MARKS = set("+-.,% ") | {"\uff0b", "\uff0d", "\uff0e", "\uff0c", "\uff05", "\u3000", "\u2212"}


def ascii_number(cell: str) -> str:
    """A cell that is a number written with other digits (full-width １３４, Arabic-Indic ١٣٤,
    Devanagari १३४, ...) in ASCII digits, so that what is checked is what is published; any
    other cell as it is (a quote keeps the digits the report has)."""
    if cell.isascii() or not all(c.isdecimal() or c in NUMBER_MARKS for c in cell):
        return cell
    if not any(c.isdecimal() for c in cell):
        return cell
    marks = {"\uff0b": "+", "\uff0d": "-", "\u2212": "-", "\uff0e": ".", "\uff0c": ",", "\uff05": "%", "\u3000": " "}
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else marks.get(c, c) for c in cell).strip()


def table_file(folder: Path, name: str) -> Path | None:
    """The file holding table `name` in `folder`, or None when the table is absent.

    A table saved in a format we cannot read (.xls, .ods, .numbers, .txt) is an error that says
    how to save it, not a silent absence.
    """
    found = [p for p in sorted(folder.glob(f"{name}.*")) if p.is_file() and p.stem == name]
    usable = [p for p in found if p.suffix.lower() in TABLE_SUFFIXES]
    if len(found) > 1:  # economy.csv beside economy.xls: which one is meant is not ours to guess
        raise DataError(
            Problem(
                rel(folder),
                f"table '{name}' is given twice ({', '.join(p.name for p in found)})",
                "Keep one file per table: delete the older one",
            )
        )
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
    try:
        return read_csv(Path(path)).rows
    except (FileNotFoundError, DataError):
        return None
