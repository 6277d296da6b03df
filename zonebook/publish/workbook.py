"""The edition's tables as one .xlsx workbook for Excel and WPS users.

A README sheet first (what the workbook is, in both languages, and what each sheet holds);
then a sheet per table, named in words (经济指标 economy, not `economy`), its header in
Chinese and English (the columns' names from `csv.<column>` in data/i18n/strings/, else the
column's own name), the header frozen, each column as wide as its longest cell (a Chinese
character counts two), numbers as numbers. The bytes are the same for the same tables.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from pathlib import Path

from zonebook.data.i18n import LANGS, strings

ZIP_TIME = (2018, 1, 1, 0, 0, 0)  # fixed, so the same data give the same bytes
SHEET_NAME_LIMIT = 31  # Excel's
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
WIDEST = 60  # characters: a longer cell wraps


def display_width(value) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def label(key: str, lang: str, data_root: Path, fallback: str) -> str:
    known = strings(data_root)
    return known[key][lang] if key in known and known[key].get(lang) else fallback


def sheet_name(table: str, data_root: Path, taken: set[str]) -> str:
    words = table.replace("_", " ")
    zh = label(f"table.{table}", "zh", data_root, "")
    en = label(f"table.{table}", "en", data_root, words).removeprefix("the ")
    name = NOT_IN_SHEET_NAMES.sub(" ", f"{zh} {en}".strip())[:SHEET_NAME_LIMIT].strip()
    while name in taken or name.lower() == "readme":
        name = f"{name[: SHEET_NAME_LIMIT - 2]} {len(taken)}"
    taken.add(name)
    return name


def write_workbook(target: Path, sheets: list, data_root: Path, intro: dict[str, str]) -> None:
    """`sheets`: (table name, header, rows) of every table; `intro`: the README's text by language."""
    import openpyxl

    book = openpyxl.Workbook()
    taken: set[str] = set()
    names = [sheet_name(table, data_root, taken) for table, _, _ in sheets]
    _readme_sheet(book.active, names, sheets, data_root, intro)
    for name, (_, header, rows) in zip(names, sheets):
        _table_sheet(book.create_sheet(name), header, rows, data_root)
    book.properties.created = datetime.datetime(*ZIP_TIME)
    buffer = io.BytesIO()
    book.save(buffer)
    _save_fixed(buffer, target)


def _readme_sheet(readme, names: list[str], sheets: list, data_root: Path, intro: dict[str, str]) -> None:
    """Fill the first sheet: the title and the README in both languages, then every sheet and its rows."""
    from openpyxl.styles import Alignment, Font

    from zonebook.publish.strings import text

    readme.title = "README"
    readme.append([label("site.title", "zh", data_root, ""), label("site.title", "en", data_root, "")])
    readme.append([intro.get("zh", ""), intro.get("en", "")])
    readme.append([])
    readme.append([text("download.sheet", lang, data_root) for lang in LANGS])
    for name, (table, _, rows) in zip(names, sheets):
        readme.append(
            [name] + [text("download.sheet_rows", lang, data_root, table=table, rows=len(rows)) for lang in LANGS]
        )
    for cell in readme[1] + readme[4]:
        cell.font = Font(bold=True)
    for cell in readme[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in "ABC":
        readme.column_dimensions[column].width = WIDEST


def _table_sheet(sheet, header: list[str], rows: list, data_root: Path) -> None:
    """Fill a table's sheet: its header in Chinese and English, its rows, columns as wide as their cells."""
    import openpyxl
    from openpyxl.styles import Font

    sheet.append([label(f"csv.{column}", "zh", data_root, column) for column in header])
    sheet.append([label(f"csv.{column}", "en", data_root, column) for column in header])
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for cell in sheet[1] + sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    for n, column in enumerate(sheet.iter_cols(), start=1):
        widest = max((display_width(c.value) for c in column if c.value is not None), default=4)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(n)].width = min(WIDEST, max(6, widest + 2))


def _save_fixed(buffer: io.BytesIO, target: Path) -> None:
    """Write the saved workbook to `target` with fixed times, so equal data give equal bytes."""
    # openpyxl stamps the time of saving: rewritten with fixed times
    with zipfile.ZipFile(buffer) as saved, zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in saved.infolist():
            data = saved.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2018-01-01T00:00:00Z<", data)
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, data)


def _cell(value: str):
    """A number as a number (so Excel sums it), anything else as text."""
    if re.fullmatch(r"[+-]?\d+", value or ""):
        return int(value)
    if re.fullmatch(r"[+-]?\d*\.\d+", value or ""):
        return float(value)
    return value
