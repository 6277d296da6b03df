"""The figures a change touches: rows of data/<year>/*.csv whose value or quote differs between the sides.

A changed figure is listed on a page when the page's changed text carries its quote, or carries
its old digits on the old side and its new digits on the new side. Digits are compared without
the decimal point and trailing zeros, so 3.22 亿元 is found as "322 million yuan" and
2560 万美元 as "25.6 million USD".
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from zonebook.core.errors import DataError
from zonebook.data.readers import read_table
from zonebook.review.sides import TABLE

SHOWN = ("value", "value_max", "unit", "qualifier", "quote")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Figure:
    year: str
    table: str
    id: str
    old: dict[str, str] | None  # the row's shown fields on the old side; None when the row is new
    new: dict[str, str] | None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.year, self.table, self.id)

    def value(self, side: dict[str, str] | None) -> str:
        if side is None:
            return ""
        span = side["value"] + (f"–{side['value_max']}" if side.get("value_max") else "")
        return f"{span} {side.get('unit', '')}".strip()

    @property
    def quotes(self) -> tuple[str, str]:
        return ((self.old or {}).get("quote", ""), (self.new or {}).get("quote", ""))


def digits(number: str) -> str:
    """The significant digits of a number as written: 3.22 -> 322, 2560 -> 256, 0.5 -> 5."""
    return number.replace(",", "").replace(".", "").strip("0") or "0"


def numbers_in(text: str) -> set[str]:
    return {digits(n) for n in NUMBER.findall(text)}


def _rows(name: str, content: bytes) -> dict[str, dict[str, str]] | None:
    """A fact table's rows by id (tables without value and quote columns hold no figures)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(content)
        try:
            table = read_table(path)
        except DataError:
            return None  # unreadable on this side: `zonebook validate` reports it, not the diff
    if not {"id", "value", "quote"} <= set(table.header):
        return None
    return {row["id"]: {k: row.get(k, "") or "" for k in SHOWN} for row in table.rows}


def _years(files: dict[str, bytes]) -> set[str]:
    return {m.group(1) for m in map(TABLE.match, files) if m}


def changed(old_files: dict[str, bytes], new_files: dict[str, bytes]) -> list[Figure]:
    """Every fact-table row added, removed, or with a different value, unit, qualifier or quote, in
    the years both sides have."""
    figures = []
    both = _years(old_files) & _years(new_files)  # a year new or gone shows as pages added or removed
    for name in sorted(set(old_files) | set(new_files)):
        match = TABLE.match(name)
        if not match or match.group(1) not in both or old_files.get(name) == new_files.get(name):
            continue
        year, table = match.group(1), match.group(2)
        old = _rows(name, old_files[name]) if name in old_files else {}
        new = _rows(name, new_files[name]) if name in new_files else {}
        if old is None or new is None:
            continue
        for row_id in [*old, *(i for i in new if i not in old)]:
            if old.get(row_id) != new.get(row_id):
                figures.append(Figure(year, table, row_id, old.get(row_id), new.get(row_id)))
    return figures


def shown_on(figures: list[Figure], year: str, old_text: str, new_text: str) -> list[Figure]:
    """The figures of `year` that a page's changed text shows (old side, new side)."""
    old_numbers, new_numbers = numbers_in(old_text), numbers_in(new_text)
    found = []
    for figure in figures:
        if figure.year != year:
            continue
        old_quote, new_quote = figure.quotes
        by_quote = (old_quote and old_quote in old_text) or (new_quote and new_quote in new_text)
        by_digits = (
            figure.old
            and figure.new
            and figure.old["value"] != figure.new["value"]
            and digits(figure.old["value"]) in old_numbers
            and digits(figure.new["value"]) in new_numbers
        )
        if by_quote or by_digits:
            found.append(figure)
    return found
