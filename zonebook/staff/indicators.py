"""`zonebook add-indicator`: a figure no earlier year reported gets its own indicator.

The indicator is appended to data/catalogue.csv (earlier years' tables do not name it, so
their editions are unchanged) and a row to fill is appended to the year's table. A year made by
`new-year` accepts any unit of data/units.csv in every table; a descriptor that still lists units
gets the new one in every table (its target row in targets.csv too). A look-alike
indicator with another meaning must not be reused: that would put two different things on one
trend line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from zonebook.core import paths
from zonebook.core.chapters import CHAPTERS
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import FACT_COLUMNS, FACT_TABLES
from zonebook.data.readers import read_csv
from zonebook.data.status import COLUMN
from zonebook.staff.staff_files import appended, write_all

ID = re.compile(r"[a-z][a-z0-9_]*")


def add_indicator(
    indicator: str,
    year: int,
    table: str,
    chapter: str,
    unit: str,
    name_zh: str,
    name_en: str,
    definition_zh: str = "",
    definition_en: str = "",
    data_root: Path | None = None,
) -> Path:
    """Add the indicator and its row; return the table file written."""
    root = paths.resolve(data_root)
    catalogue_path, units_path = root / "catalogue.csv", root / "units.csv"
    catalogue = read_csv(catalogue_path)
    target = root / str(year) / f"{table}.csv"
    problems = [
        *_name_problems(indicator, name_zh, name_en),
        *_catalogue_problems(catalogue, catalogue_path, indicator, chapter),
        *_unit_problems(units_path, unit),
        *_table_problems(table, target, year),
    ]
    if problems:
        raise DataError(problems)
    table_now = _fact_table(target)
    catalogue_row = {
        "id": indicator,
        "chapter": chapter,
        "name_en": name_en,
        "name_zh": name_zh,
        "unit": unit,
        "definition_en": definition_en,
        "definition_zh": definition_zh,
    }
    fact_row = {
        "id": indicator,
        "indicator": indicator,
        "unit": unit,
        "qualifier": "exact",
        "note": "New indicator: not reported in earlier years.",
        COLUMN: "",
    }
    contents = {catalogue_path: appended(catalogue, catalogue_row), target: appended(table_now, fact_row)}
    descriptor_path = root / str(year) / "datapackage.json"
    descriptor = _allow_unit(descriptor_path, unit)
    if descriptor is not None:
        contents[descriptor_path] = descriptor
    write_all(contents)  # all three or none
    return target


def _name_problems(indicator: str, name_zh: str, name_en: str) -> list[Problem]:
    """What is wrong with the id and the two names given on the command line."""
    problems = []
    if not ID.fullmatch(indicator):
        problems.append(
            Problem(
                "command line",
                f"'{indicator}' is not a valid id",
                "Use lower-case letters, digits and underscores (e.g. enterprises_year_end)",
                field="id",
            )
        )
    for option, value in (("name-zh", name_zh), ("name-en", name_en)):
        if not value.strip():
            problems.append(
                Problem(
                    "command line",
                    f"--{option} is empty: the book shows the indicator by this name",
                    f"Give the indicator's name, e.g. --{option} "
                    + ("'企业数'" if option == "name-zh" else "'Enterprises'"),
                    field=option,
                )
            )
    return problems


def _catalogue_problems(catalogue, catalogue_path: Path, indicator: str, chapter: str) -> list[Problem]:
    """An indicator already in the catalogue, or a chapter the book does not have."""
    problems = []
    existing = next((r for r in catalogue.rows if r["id"] == indicator), None)
    if existing:
        problems.append(
            Problem(
                rel(catalogue_path),
                f"indicator '{indicator}' already exists ({existing['name_zh']} / {existing['name_en']})",
                "If it means the same thing, add a row with this indicator to the table yourself; otherwise choose another id",
                existing["__row__"],
                "id",
            )
        )
    if chapter not in CHAPTERS:
        problems.append(
            Problem(
                "command line",
                f"chapter '{chapter}' is not one of {', '.join(CHAPTERS)}",
                "Give one of the listed chapters",
                field="chapter",
            )
        )
    return problems


def _unit_problems(units_path: Path, unit: str) -> list[Problem]:
    """A unit units.csv does not list."""
    if unit in {r["unit"] for r in read_csv(units_path).rows}:
        return []
    return [
        Problem(
            rel(units_path),
            f"unit '{unit}' is not in units.csv",
            "Use a listed unit, or add the unit with its conversion to data/units.csv first",
            field="unit",
        )
    ]


def _table_problems(table: str, target: Path, year: int) -> list[Problem]:
    """A table that is no fact table, or whose CSV file the year does not have."""
    if table not in FACT_TABLES:
        return [
            Problem(
                "command line",
                f"'{table}' is not a fact table ({', '.join(FACT_TABLES)})",
                "Give one of the listed tables",
                field="table",
            )
        ]
    if not target.exists():
        return [
            Problem(
                rel(target),
                "the table file does not exist (or is saved as .xlsx)",
                f"Create the year with `zonebook new-year {year}` first; for an .xlsx table add the row in Excel",
            )
        ]
    return []


def _fact_table(target: Path):
    """The fact table read, refused if its header lacks a fact column."""
    table_now = read_csv(target)
    missing = [c for c in FACT_COLUMNS if c not in table_now.header]
    if missing:
        raise DataError(
            Problem(
                rel(target),
                f"the header lacks {', '.join(missing)}",
                "Restore the header row from the previous year's table",
                1,
            )
        )
    return table_now


def _allow_unit(descriptor_path: Path, unit: str) -> bytes | None:
    """A unit new to the year (件 for patents) joins every `unit` enum of this year's descriptor,
    so the indicator's fact row and a target for it may both use it: the descriptor's new bytes,
    or None when it needs no change."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    changed = False
    for resource in descriptor.get("resources", []):
        for f in resource["schema"]["fields"]:
            allowed = (f.get("constraints") or {}).get("enum")
            if f["name"] == "unit" and allowed is not None and unit not in allowed:
                allowed.append(unit)
                changed = True
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8") if changed else None


def main(args) -> int:
    try:
        year = int(args.year)
    except ValueError:
        raise DataError(
            Problem("command line", f"'{args.year}' is not a year", "Give the year as four digits", field="year")
        ) from None
    target = add_indicator(
        args.id,
        year,
        args.table,
        args.chapter,
        args.unit,
        args.name_zh,
        args.name_en,
        args.definition_zh,
        args.definition_en,
        Path(args.data) if args.data else None,
    )
    print(
        f"Added indicator '{args.id}' to data/catalogue.csv and a row to fill to {rel(target)}: write its value and quote, "
        f"then run `zonebook validate --year {year}`."
    )
    return 0
