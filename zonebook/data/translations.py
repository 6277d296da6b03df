"""Translations do not block a year: what earlier years already translated is offered, and what is
left is listed in one sheet.

- `memory(years)`: every Chinese text of earlier years' tables (an entity's name, a section's
  title, a measure …) with the English it was given, and the glossary's terms.
- `offer(rows, memory)`: a new year's rows get the English of the same Chinese words.
- `SHEET` (data/<year>/TRANSLATE.csv): what is left, one line per text, for a translator in Excel
  or WPS. Until a text is translated, the English edition shows the Chinese, marked as not yet
  translated (`data.Tables`, string `ui.untranslated`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from zonebook.core import paths
from zonebook.data.readers import read_csv

SHEET = "TRANSLATE.csv"
SHEET_COLUMNS = ["table", "id", "column", "zh", "en"]


def pairs(columns) -> list[tuple[str, str]]:
    """(X_zh, X_en) of every column X_en that has its Chinese beside it."""
    columns = list(columns)
    return [(f"{c[:-3]}_zh", c) for c in columns if c.endswith("_en") and f"{c[:-3]}_zh" in columns]


def memory(years, data_root: Path | None = None) -> dict[str, str]:
    """Chinese text -> its English, from earlier years' tables (latest year first wins) and the glossary."""
    known: dict[str, str] = {}
    try:
        glossary = read_csv(paths.glossary_file(paths.resolve(data_root))).rows
    except FileNotFoundError:
        glossary = []
    for row in glossary:
        if row.get("term_zh") and row.get("term_en"):
            known.setdefault(row["term_zh"].strip(), row["term_en"].strip())
    for year in years:
        for name in year.tables:
            frame = year.table(name)
            for zh, en in pairs(frame.columns):
                for chinese, english in zip(frame[zh], frame[en]):
                    if isinstance(chinese, str) and isinstance(english, str) and chinese.strip() and english.strip():
                        known.setdefault(chinese.strip(), english.strip())
    return known


def offer(rows: list[dict], known: dict[str, str]) -> list[dict]:
    """The rows with each empty English text filled from `known` when its Chinese is the same words."""
    for row in rows:
        for zh, en in pairs(row):
            chinese = (row.get(zh) or "").strip()
            if chinese and not (row.get(en) or "").strip() and chinese in known:
                row[en] = known[chinese]
    return rows


def left(tables: dict[str, list[dict]]) -> list[dict]:
    """One line per Chinese text whose English is still empty."""
    return [
        {"table": name, "id": row.get("id", ""), "column": en, "zh": row[zh].strip(), "en": ""}
        for name, rows in tables.items()
        for row in rows
        for zh, en in pairs(row)
        if (row.get(zh) or "").strip() and not (row.get(en) or "").strip()
    ]


def write_sheet(folder: Path, tables: dict[str, list[dict]]) -> int:
    """data/<year>/TRANSLATE.csv: what is left to translate (UTF-8 with BOM, so that Excel reads it)."""
    todo = left(tables)
    with (Path(folder) / SHEET).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, SHEET_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(todo)
    return len(todo)
