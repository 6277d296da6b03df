"""The lists every year shares (catalogue, units, exchange rates, strings, glossary): read and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zonebook.core import paths
from zonebook.core.chapters import CHAPTERS
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import i18n, numbers
from zonebook.data.readers import read_csv
from zonebook.data.validate.cells import invisible_characters, placeholder_problems

Row = dict  # a table row: text cells, numbers parsed for number fields, "__row__" = spreadsheet row


@dataclass
class Shared:
    """The lists every year shares: indicators and units."""

    catalogue: dict[str, Row]
    units: dict[str, Row]
    problems: list[Problem]

    def dimension(self, unit: str) -> str:
        return self.units.get(unit, {}).get("dimension", "")

    def factor(self, unit: str) -> float | None:
        return _number(self.units.get(unit, {}).get("factor", ""))


def read_shared(root: Path) -> Shared:
    problems: list[Problem] = []
    catalogue = _keyed(root / "catalogue.csv", "id", ["id", "chapter", "name_en", "name_zh", "unit"], problems)
    units = _keyed(root / "units.csv", "unit", ["unit", "dimension", "base_unit", "factor"], problems)
    problems += _unit_factors(root, units)
    problems += _catalogue_rows(root, catalogue, units)
    # every year's economy chapter converts US dollars with it
    _required(paths.exchange_rates_file(root), ["year", "currency", "rate_cny"], problems)
    check_translations(root, catalogue, problems)
    return Shared(catalogue, units, problems)


def _unit_factors(root: Path, units: dict[str, Row]) -> list[Problem]:
    """Each unit's factor to its base unit is a number: totals and comparisons convert with it."""
    return [
        Problem(
            rel(root / "units.csv"),
            f"factor '{unit.get('factor', '')}' is not a number",
            "Write the conversion factor to the base unit in digits (e.g. 10000)",
            unit["__row__"],
            "factor",
        )
        for unit in units.values()
        if _number(unit.get("factor", "")) is None
    ]


def _catalogue_rows(root: Path, catalogue: dict[str, Row], units: dict[str, Row]) -> list[Problem]:
    """Each indicator names a chapter of the book and a unit of units.csv."""
    problems = []
    for item in catalogue.values():
        if item.get("chapter") and item["chapter"] not in CHAPTERS:
            problems.append(
                Problem(
                    rel(root / "catalogue.csv"),
                    f"chapter '{item['chapter']}' is not one of {', '.join(CHAPTERS)}",
                    "Write one of the chapter names exactly as listed",
                    item["__row__"],
                    "chapter",
                )
            )
        if item.get("unit") and item["unit"] not in units:
            problems.append(
                Problem(
                    rel(root / "catalogue.csv"),
                    f"unit '{item['unit']}' is not in units.csv",
                    "Use a unit listed in data/units.csv, or add the unit there",
                    item["__row__"],
                    "unit",
                )
            )
    return problems


def check_translations(root: Path, catalogue: dict[str, Row], problems: list[Problem]) -> None:
    """Every string a reader sees has its Chinese and its English text (data/i18n, the catalogue)."""
    folder = i18n.strings_dir(root)
    entries, found = i18n.read_strings(folder)  # as the book reads them, with its rule for a key defined twice
    problems += found
    for key, entry in entries.items():
        file, number = entry["where"]
        path, row = (
            folder / Path(file).name,
            {"key": key, **{lang: entry[lang] for lang in i18n.LANGS}, "__row__": number},
        )
        for column in ("key", *i18n.LANGS):
            problems += invisible_characters(path, row, column)
        problems += missing_texts(path, row, "key", i18n.LANGS)
        problems += placeholder_problems(path, row)
    glossary = paths.glossary_file(root)
    # required: a glossary deleted by mistake would publish "This edition has no glossary."
    texts = ["term_en", "explanation_en", "explanation_zh"]
    for row in _keyed(glossary, "term_zh", ["term_zh", *texts], problems).values():
        problems += missing_texts(glossary, row, "term_zh", texts)
    for item in catalogue.values():
        for column in ("name_zh", "name_en"):
            if not item.get(column, "").strip():
                problems.append(
                    Problem(
                        rel(root / "catalogue.csv"),
                        f"indicator '{item['id']}' has no '{column}'",
                        "Write the indicator's name in both languages",
                        item["__row__"],
                        column,
                    )
                )


def missing_texts(path: Path, row: Row, key: str, texts) -> list[Problem]:
    return [
        Problem(
            rel(path),
            f"'{row[key]}' has no text in '{column}'",
            "Write the translation: every label needs its Chinese and its English text",
            row["__row__"],
            column,
        )
        for column in texts
        if not row.get(column, "").strip()
    ]


def _required(path: Path, columns: list[str], problems: list[Problem]) -> None:
    """A shared table keyed by more than one column: there, readable, with its columns."""
    _keyed(path, columns[0], columns, problems, unique=False)


def _keyed(path: Path, key: str, columns: list[str], problems: list[Problem], unique: bool = True) -> dict[str, Row]:
    if not path.exists():
        problems.append(
            Problem(
                rel(path),
                "the file is missing",
                f"Restore it (`git checkout -- {rel(path)}`, or copy it from the last published data package): "
                "every year needs it",
            )
        )
        return {}
    try:
        table = read_csv(path)
    except DataError as error:
        problems.extend(error.problems)
        return {}
    missing = [c for c in columns if c not in table.header]
    for column in missing:
        problems.append(
            Problem(rel(path), f"column '{column}' is missing", "Add the column to the header row", 1, column)
        )
    if key in missing:
        return {}
    keyed = {}
    for row in table.rows:
        for column in table.header:
            problems += invisible_characters(path, row, column)
        if unique and row[key] in keyed:
            problems.append(
                Problem(
                    rel(path),
                    f"'{row[key]}' is listed twice (also row {keyed[row[key]]['__row__']})",
                    "Keep one row per entry",
                    row["__row__"],
                    key,
                )
            )
        keyed[row[key]] = row
    return keyed


def _number(text: str) -> float | None:
    """A factor of units.csv as a number; None when it is not one (zonebook.data.numbers)."""
    try:
        return numbers.parse(text)
    except ValueError:
        return None
