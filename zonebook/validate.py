"""`zonebook validate`: check a year's data package before anything is built from it.

Reads the files through zonebook.readers (no pandas) and reports every problem at once, each
naming the file, the spreadsheet row and the column, what was expected and what to do. It
never modifies anything.

Checks, in order: the descriptor; each table's header; each table against its Table Schema
(types, constraints, primary and foreign keys: frictionless, through zonebook.schema_check);
indicators and units against the shared lists; provenance against the year's source document
(when there is one); the numeral ledger; consistency (sums, counts, signs, discrepancies).

Decisions:
- A table the descriptor lists but the folder lacks is "not reported this year": a note, not
  an error (its numbers then show up as unaccounted numerals when the year has a source).
  A missing or broken datapackage.json is an error; so is a file the descriptor does not list.
- UTF-8 with or without BOM and GB18030/GBK (Excel on Chinese Windows) are accepted; UTF-16,
  other code pages, .xls and two files for one table are errors saying how to save.
- Thousands separators are accepted where the schema declares `groupChar: ","` (the number
  fields of the fact tables: Excel writes 1,504.7 for a cell formatted with separators), when
  well formed; a decimal comma (3,22) is not. Publishing writes such values as plain numbers.
- A unit other than the catalogue's is accepted when units.csv gives it the same dimension
  (万元 for 亿元), since values are kept as the source writes them.
- When a table cannot be read, checks that would only repeat that (the ledger, refs and
  foreign keys into it) are skipped and say so in a note.
- Data is shown as text, exactly as written: a control, zero-width, bidirectional or
  private-use character in any cell (year tables, catalogue, units, strings, glossary) is an
  error naming its position; Markdown or HTML in a cell is not (it is escaped where shown).
- A quote that holds several numbers: `occurrence` (optional) says which one a row takes;
  without it, rows of a table that share a quote take its numbers in the quote's order. A
  row repeating another's indicator, entity, value and quote is a copy (it would count twice).
  Several indicators may take the same number (分别达到36个).
- A year without a source document still has each value checked against its own quote.
- Each text of data/i18n/strings may use only the {fields} the package passes for its key
  (read from the package's `text(key, ...)` / `say(key, ...)` / `paragraph(key, ...)` calls).
- A growth rate that the year's and the previous year's values of its indicator do not give,
  within the rounding of the three written numbers, is a note (the report may say so itself).
- A year folder without datapackage.json is "half-made": one advice, `zonebook new-year Y`,
  which completes it.
"""

from __future__ import annotations

import functools
import math
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import i18n, ledger, paths, schema_check, translations
from .chapters import CHAPTERS
from .data import FACT_COLUMNS, FACT_TABLES, OPTIONAL_COLUMNS, half_made_year, parse_year, read_descriptor
from .errors import DataError, Problem, rel
from .numerals import arabic, forms, same_number, scan
from .precision import written_digits
from .prefill import status
from .readers import RawTable, is_lock_file, read_csv, read_table, table_file

Row = dict  # a table row: text cells, numbers parsed for number fields, "__row__" = spreadsheet row

IGNORED_FILES = {
    "datapackage.json",
    "REVIEW.csv",
    "TRANSLATE.csv",
}  # the descriptor; staff's review and translation sheets
COUNT = "count"
NON_NEGATIVE_DIMENSIONS = {COUNT, "area", "length", "duration"}  # and every currency_* (money)
PERCENT_RANGE = (-100.0, 1000.0)
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "range")
APPROX_BEFORE, APPROX_AFTER = ("约", "近", "大约"), ("左右", "上下")
MORE_BEFORE, MORE_AFTER = ("超过", "逾"), ("余", "多")
AT_LEAST_BEFORE = ("不少于", "不低于", "至少")  # 不少于70件, 70件以上: "70 or more"
AT_LEAST_AFTER = re.compile(r"^[十百千万亿]*[^\d\s，。；、：,.;:]{0,3}?以上")
ORDER_OF_MAGNITUDE = "十百千万亿"  # may sit between a numeral and 余: 8万余㎡
# characters a reader cannot see, or that reorder the text around them (bidi), or that end a line
INVISIBLE = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Co": "a private-use character",
    "Cs": "a broken surrogate",
}
DETAIL_FIGURE = re.compile(r"\S{0,3}(?:\d|[两三四五六七八九十百千])\S{0,3}")  # 一 is 一批, 一体: a word
EACH = re.compile("分别|各|均")  # a number the quote says applies to each of several things
GROWTH = "_growth"  # a growth rate's indicator: its base indicator's id with this suffix
SHOWN_PROBLEMS = 500  # per year: beyond this a list is no longer read, and printing it takes long
PROGRESS_ROWS = 10_000  # a table this long shows its progress on a terminal


@dataclass
class Report:
    """What validating one year found."""

    year: int | str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: int = 0
    facts: int = 0
    numerals: int | None = None  # numerals accounted for; None when there is no source document

    def summary_line(self) -> str:
        checked = f"{self.numerals} numerals accounted" if self.numerals is not None else "unverified against a source"
        return f"OK: {self.year} — {self.tables} tables, {self.facts} facts, {checked}"


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


# ---------------------------------------------------------------- entry points


def validate_year(year, data_root: Path | str | None = None) -> list[Problem]:
    """Every problem of one year's data (empty when it is fine)."""
    return check(year, data_root).problems


def validate_all(data_root: Path | str | None = None) -> dict[int | str, list[Problem]]:
    """Every year folder's problems, by year."""
    return {report.year: report.problems for report in check_all(data_root)}


def check_all(data_root: Path | str | None = None) -> list[Report]:
    root = _root(data_root)
    years = year_folders(root)
    if not years:
        return [
            Report(
                "-",
                [
                    Problem(
                        rel(root),
                        "there is no year folder (such as 2017/) in the data folder",
                        "Create the year with `zonebook new-year YEAR`",
                    )
                ],
            )
        ]
    shared = read_shared(root)
    reports = [check(year, root, shared) for year in years]
    for report in reports[1:]:  # a problem of catalogue.csv or units.csv is reported once, not per year
        report.problems = [p for p in report.problems if p not in shared.problems]
    return reports


def check(year, data_root: Path | str | None = None, shared: Shared | None = None) -> Report:
    """Validate one year: a Report with its problems, notes and counts."""
    root = _root(data_root)
    years = year_folders(root)
    try:
        year = parse_year(year)
    except DataError as error:
        return Report(year, error.problems)
    if year not in years:
        return Report(
            year,
            [
                Problem(
                    rel(root),
                    f"there is no data for year {year} (years present: {', '.join(map(str, years)) or 'none'})",
                    "Pick one of those years, or create the year with `zonebook new-year YEAR`",
                )
            ],
        )
    shared = shared or read_shared(root)
    report = Report(year, list(shared.problems))
    YearCheck(year, root, shared, report).run()
    return report


def main(args) -> int:
    """The CLI: print OK per year or every problem, one per line; exit 1 on any problem."""
    data_root = getattr(args, "data", None)
    reports = [check(args.year, data_root)] if getattr(args, "year", None) is not None else check_all(data_root)
    failed = False
    for report in reports:
        for note in report.notes:
            print(f"note: {report.year}: {note}")
        if report.problems:
            failed = True
            print(f"zonebook validate: {report.year}: {len(report.problems)} problem(s)", file=sys.stderr)
            for problem in report.problems[:SHOWN_PROBLEMS]:
                print(f"  - {problem}", file=sys.stderr)
            if len(report.problems) > SHOWN_PROBLEMS:
                print(
                    f"  … and {len(report.problems) - SHOWN_PROBLEMS} more, not shown: fix these first and run again",
                    file=sys.stderr,
                )
        else:
            print(report.summary_line())
    return 1 if failed else 0


def year_folders(root: Path) -> list[int]:
    """Every folder named like a year, with or without a descriptor (a missing one is a problem)."""
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4)


def _root(data_root) -> Path:
    return paths.resolve(data_root)


# ---------------------------------------------------------------- shared lists


def read_shared(root: Path) -> Shared:
    problems: list[Problem] = []
    catalogue = _keyed(root / "catalogue.csv", "id", ["id", "chapter", "name_en", "name_zh", "unit"], problems)
    units = _keyed(root / "units.csv", "unit", ["unit", "dimension", "base_unit", "factor"], problems)
    for unit in units.values():
        if _number(unit.get("factor", "")) is None:
            problems.append(
                Problem(
                    rel(root / "units.csv"),
                    f"factor '{unit.get('factor', '')}' is not a number",
                    "Write the conversion factor to the base unit in digits (e.g. 10000)",
                    unit["__row__"],
                    "factor",
                )
            )
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
    # every year's economy chapter converts US dollars with it
    _required(paths.exchange_rates_file(root), ["year", "currency", "rate_cny"], problems)
    check_translations(root, catalogue, problems)
    return Shared(catalogue, units, problems)


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


# ---------------------------------------------------------------- one year


class YearCheck:
    """The checks of one year, sharing what has been read."""

    def __init__(self, year: int, root: Path, shared: Shared, report: Report):
        self.year, self.root, self.shared, self.report = year, root, shared, report
        self.folder = paths.year_dir(year, root)
        self.tables: dict[str, list[Row]] = {}
        self.unreadable: set[str] = set()  # tables present but not read: checks that need them are skipped
        self.files: dict[str, Path] = {}
        self.schemas: dict[str, dict] = {}
        self.source: str | None = None
        self.proposed: dict | None = None  # rows new-year proposed (zonebook.prefill.status)

    def problem(self, table: str, message: str, fix: str, row: int | None = None, column: str | None = None):
        where = self.__dict__.setdefault("_where", {})  # rel() resolves on disk: once per table
        if table not in where:
            where[table] = rel(self.files.get(table, self.folder / f"{table}.csv"))
        self.report.problems.append(Problem(where[table], message, fix, row, column))

    def run(self) -> None:
        half_made = half_made_year(self.folder)
        if half_made is not None:
            self.report.problems.append(half_made)
            return
        try:
            descriptor = read_descriptor(self.folder)
        except DataError as error:
            self.report.problems.extend(error.problems)
            return
        if not self.check_descriptor(descriptor):
            return
        self.proposed = descriptor.get(status.RECORD)
        self.check_stray_files()
        self.source = self.read_source()  # before the tables: without a source, quotes are optional
        self.read_and_check_schema()
        self.report.tables = len(self.tables)
        self.report.facts = sum(len(rows) for name, rows in self.tables.items() if name in FACT_TABLES)
        waiting = status.unconfirmed(self.tables, self.files, self.proposed)
        if waiting:
            self.report.notes.append(
                f"{sum(p.count for p in waiting)} row(s) pre-filled from the report wait for confirmation (see REVIEW.md)"
            )
        self.report.problems.extend(waiting)
        untranslated = translations.left(self.tables)
        if untranslated:
            first = untranslated[0]
            self.report.notes.append(
                f"{len(untranslated)} text(s) not yet translated (the first: {first['table']}.csv '{first['id']}' "
                f"{first['column']}): the English edition shows them in Chinese, marked as not yet translated; "
                f"{translations.SHEET} lists what new-year left"
            )
        self.check_references()
        self.check_units()
        self.check_consistency()
        self.check_positions()
        if self.source is None:
            self.report.notes.append(
                f"no source document (data/sources/{self.year}.txt): each value is checked against its own quote only"
            )
            self.check_values_against_own_quotes()
            return
        self.check_provenance()
        self.check_ledger()

    # -- descriptor

    def check_descriptor(self, descriptor: dict) -> bool:
        path = rel(self.folder / "datapackage.json")
        fix = "Restore datapackage.json from git or from the previous year, then add the table's schema"
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if not isinstance(resources, list) or not resources:
            self.report.problems.append(Problem(path, "the descriptor lists no resources (tables)", fix))
            return False
        for number, resource in enumerate(resources, start=1):
            name = resource.get("name") if isinstance(resource, dict) else None
            fields = (resource.get("schema") or {}).get("fields") if isinstance(resource, dict) else None
            if not name:
                self.report.problems.append(Problem(path, f"resource number {number} has no name", fix))
            elif not isinstance(fields, list) or not all(isinstance(f, dict) and f.get("name") for f in fields):
                self.report.problems.append(Problem(path, f"resource '{name}' has no schema with named fields", fix))
            else:
                self.schemas[name] = resource["schema"]
                self.check_fact_schema(name, fields, path, fix)
        return bool(self.schemas)

    def check_fact_schema(self, name: str, fields: list[dict], path: str, fix: str) -> None:
        if name not in FACT_TABLES:
            return
        names = [f["name"] for f in fields]
        for column in FACT_COLUMNS:
            if column not in names:
                self.report.problems.append(
                    Problem(path, f"the schema of fact table '{name}' lacks the common column '{column}'", fix)
                )

    def check_stray_files(self) -> None:
        for path in sorted(self.folder.iterdir()):
            if (
                path.name in IGNORED_FILES
                or path.name.startswith(".")
                or path.suffix.lower() == ".md"
                or is_lock_file(path)
            ):
                continue
            if path.stem not in self.schemas:
                known = ", ".join(sorted(self.schemas))
                self.report.problems.append(
                    Problem(
                        rel(path),
                        f"'{path.name}' is not a table of the data package (tables: {known})",
                        "Rename the file to the table it holds, or move it out of the year folder (keep old copies elsewhere)",
                    )
                )

    # -- schema

    def read_and_check_schema(self) -> None:
        """Read every table (readers.py decides the encoding), check its header and its characters,
        then check them all against their Table Schemas (types, constraints, keys) at once."""
        read: dict[str, schema_check.Table] = {}
        for name, schema in self.schemas.items():
            raw = self.read_table(name, schema)
            if raw is not None:
                read[name] = schema_check.Table(rel(raw.path), raw.rows)
        schemas = (
            self.schemas
            if self.source is not None
            else {name: _not_required(schema, "quote") for name, schema in self.schemas.items()}
        )  # without a source, quotes are optional
        checked = schema_check.check(
            schemas, read, rel(self.folder / "datapackage.json"), self.unreadable, _required_fix, Progress
        )
        self.report.problems.extend(checked.problems)
        self.unreadable |= set(read) - set(checked.rows)
        self.tables = {name: checked.rows[name] for name in self.schemas if name in checked.rows}

    def read_table(self, name: str, schema: dict) -> RawTable | None:
        try:
            path = table_file(self.folder, name)
            if path is None:
                self.report.notes.append(f"table '{name}' is not reported this year (no {name}.csv)")
                return None
            self.files[name] = path
            raw = read_table(path)
        except DataError as error:
            self.report.problems.extend(error.problems)
            self.unreadable.add(name)
            return None
        if not self.check_header(name, raw, schema["fields"]):
            self.unreadable.add(name)
            return None
        for row in raw.rows:
            for column in raw.header:
                if not row[column].isprintable():  # fast path: a printable cell holds nothing invisible
                    self.report.problems += invisible_characters(path, row, column)
        return raw

    def check_header(self, name: str, raw: RawTable, fields: list[dict]) -> bool:
        expected = [f["name"] for f in fields]
        optional = {f["name"] for f in fields if f.get("optional")} | OPTIONAL_COLUMNS  # columns a file may leave out
        ok = True
        for column in expected:
            if column not in raw.header and column not in optional:
                ok = False
                self.problem(
                    name,
                    f"column '{column}' is missing (expected columns: {', '.join(expected)})",
                    "Add the column to the header row (row 1), even if its cells stay empty",
                    1,
                    column,
                )
        for column in raw.header:
            if column not in expected:
                ok = False
                what = "an empty column name" if column == "" else f"unknown column '{column}'"
                self.problem(
                    name,
                    f"{what} (expected columns: {', '.join(expected)})",
                    "Delete the column, or fix the spelling of its name in row 1",
                    1,
                    column or None,
                )
        seen = set()
        for column in raw.header:
            if column in seen and column:
                ok = False
                self.problem(
                    name, f"column '{column}' appears twice in the header", "Delete one of the two columns", 1, column
                )
            seen.add(column)
        return ok

    # -- references to the shared lists

    def fact_tables(self, include_targets: bool = True):
        for name in FACT_TABLES:
            if name in self.tables and (include_targets or name != "targets"):
                yield name, self.tables[name]

    def check_references(self) -> None:
        """Indicators and units name rows of the shared lists; refs of findings name rows; a measure's
        section is one of its chapter. (Foreign keys within the package are the schema's: schema_check.)"""
        for name, rows in self.fact_tables():
            for row in rows:
                self.check_reference(name, row, "indicator", self.shared.catalogue, "data/catalogue.csv")
                self.check_reference(name, row, "unit", self.shared.units, "data/units.csv")
        self.check_measure_chapters()
        self.check_finding_refs()

    def check_measure_chapters(self) -> None:
        sections = {r["id"]: r.get("chapter") for r in self.tables.get("sections", [])}
        for row in self.tables.get("measures", []):
            section = row.get("section")
            if section in sections and sections[section] != row.get("chapter"):
                self.problem(
                    "measures",
                    f"section '{section}' belongs to chapter '{sections[section]}', not '{row.get('chapter')}'",
                    "Give the measure the chapter of its section, or pick a section of its chapter",
                    row["__row__"],
                    "chapter",
                )

    def check_reference(self, name: str, row: Row, column: str, known: dict, where: str) -> None:
        text = row.get(column)
        if text and text not in known:
            hint = _closest(text, known)
            fix, meaning = f"Use a {column} listed in {where}, or add it there first", ""
            if column == "indicator":  # a look-alike may mean something else: a new figure gets its own indicator
                meaning = f" ({known[hint].get('name_en', '')}), if it means the same thing" if hint else ""
                fix = (
                    "Use an indicator of data/catalogue.csv that means exactly this, or add a new one with "
                    "`zonebook add-indicator` (see the year's CHECKLIST.md, “A new indicator”)"
                )
            self.problem(
                name,
                f"{column} '{text}' is not in {where}" + (f" (did you mean '{hint}'{meaning}?)" if hint else ""),
                fix,
                row["__row__"],
                column,
            )

    def check_finding_refs(self) -> None:
        for row in self.tables.get("findings", []):
            for ref in _refs(row.get("refs", "")):
                table, _, row_id = ref.partition(":")
                if table in self.unreadable:
                    continue
                if not any(r["id"] == row_id for r in self.tables.get(table, [])):
                    self.problem(
                        "findings",
                        f"ref '{ref}' names no row (expected table:id, e.g. land:projects_started)",
                        "Write the table name and the row's id separated by ':', several refs separated by ';'",
                        row["__row__"],
                        "refs",
                    )

    def check_units(self) -> None:
        for name, rows in self.fact_tables():
            for row in rows:
                unit, item = row.get("unit"), self.shared.catalogue.get(row.get("indicator"))
                if not unit or item is None or unit not in self.shared.units or unit == item.get("unit"):
                    continue
                expected = item.get("unit", "")
                if self.shared.dimension(unit) != self.shared.dimension(expected):
                    self.problem(
                        name,
                        f"wrong unit '{unit}' for indicator '{row['indicator']}': expected '{expected}' "
                        f"(or another {self.shared.dimension(expected) or 'unit'} unit), '{unit}' is {self.shared.dimension(unit) or 'another kind'}",
                        f"Write the unit the source uses for this number (the catalogue says {expected})",
                        row["__row__"],
                        "unit",
                    )

    # -- consistency

    def check_consistency(self) -> None:
        for name, rows in self.fact_tables():
            for row in rows:
                self.check_magnitude(name, row)
                self.check_range_fields(name, row)
        self.check_spending_total()
        self.check_discrepancies()
        self.check_entity_details()
        self.check_growth_rates()

    def check_entity_details(self) -> None:
        """An entity's description states no figure: figures are fact rows with their quotes, kept
        current by the book; one typed into prose goes stale. Names with numerals in them (三八河,
        第三产业: an entity's name, a glossary term, a ledger exclusion's text of any year) are words."""
        rows = self.tables.get("entities", [])
        if not rows:
            return
        words = {r.get("name_zh", "") for r in rows} | {
            r.get("text", "") for r in self.tables.get("ledger_exclusions", [])
        }
        words |= {r.get("term_zh", "") for r in _glossary(self.root)} | _excluded_words(self.root)
        words = sorted((w for w in words if w), key=len, reverse=True)
        for row in rows:
            for column in ("detail_zh", "detail_en"):
                text = row.get(column) or ""
                for word in words:
                    text = text.replace(word, "")
                figure = DETAIL_FIGURE.search(text)
                if figure:
                    self.problem(
                        "entities",
                        f"the description states a figure ('{figure.group(0)}' in '{_short(row[column])}')",
                        "Describe it without the number: a figure is a fact row with its quote, which the book keeps "
                        "current (add one if the report states it)",
                        row["__row__"],
                        column,
                    )

    def check_magnitude(self, name: str, row: Row) -> None:
        dimension = self.shared.dimension(row.get("unit", ""))
        for column in ("value", "value_max"):
            value = row.get(column)
            if not isinstance(value, float):
                continue
            if _non_negative(dimension) and value < 0:
                self.problem(
                    name,
                    f"{arabic(value)} is negative, but a {dimension} in {row['unit']} cannot be",
                    "Write the number without a minus sign; a fall is written as a negative growth %",
                    row["__row__"],
                    column,
                )
            if dimension == COUNT and not value.is_integer():
                self.problem(
                    name,
                    f"{arabic(value)} is not a whole number, but {row['unit']} counts things",
                    "A count is a whole number: check the digits against the source",
                    row["__row__"],
                    column,
                )
            if row.get("unit") == "%" and not PERCENT_RANGE[0] <= value <= PERCENT_RANGE[1]:
                self.problem(
                    name,
                    f"{arabic(value)}% is outside {PERCENT_RANGE[0]:g}..{PERCENT_RANGE[1]:g}",
                    "Write the percentage as a number of per cent (14 for 14%), not as a fraction",
                    row["__row__"],
                    column,
                )

    def check_range_fields(self, name: str, row: Row) -> None:
        value, value_max, qualifier = row.get("value"), row.get("value_max"), row.get("qualifier")
        if isinstance(value, float) and isinstance(value_max, float) and value_max < value:
            self.problem(
                name,
                f"value_max {arabic(value_max)} is below value {arabic(value)}",
                "Put the lower bound in value and the upper bound in value_max",
                row["__row__"],
                "value_max",
            )
        if value_max is not None and qualifier in QUALIFIERS and qualifier != "range":
            self.problem(
                name,
                f"the row gives value_max but its qualifier is '{qualifier}'",
                "A number given as a range (三四十, 5-10) has qualifier 'range'",
                row["__row__"],
                "qualifier",
            )
        if value_max is None and qualifier == "range":
            self.problem(
                name,
                "qualifier is 'range' but value_max is empty",
                "Write the upper bound in value_max, or set the qualifier to exact/approx/more_than",
                row["__row__"],
                "value_max",
            )

    def in_base_unit(self, row: Row) -> float | None:
        factor = self.shared.factor(row.get("unit", ""))
        value = row.get("value")
        return value * factor if isinstance(value, float) and factor is not None else None

    def check_spending_total(self) -> None:
        """The items of spending.csv (rows with an entity) add up to its total (the money row without one)."""
        rows = [r for r in self.tables.get("spending", []) if _is_money(self.shared.dimension(r.get("unit", "")))]
        items = [r for r in rows if r.get("entity")]
        totals = [r for r in rows if not r.get("entity")]
        if not items or len(totals) != 1 or not isinstance(totals[0].get("value"), float):
            return
        total = totals[0]
        factor = self.shared.factor(total["unit"])
        item_values = [self.in_base_unit(r) for r in items]
        if factor is None or None in item_values:
            return
        item_sum = sum(item_values) / factor
        tolerance = 0.5 * 10 ** -_decimals(total)
        shown = f"{item_sum:.2f}"
        sums = {shown, shown.rstrip("0").rstrip(".")}
        # a finding that names the total and states the items' sum keeps a source that does not add up;
        # stating the sum pins it, so a later mistyped item is caught again
        explained = any(
            row.get("kind") == "discrepancy"
            and f"spending:{total['id']}" in _refs(row.get("refs", ""))
            and any(x in f"{row.get('description_zh', '')} {row.get('description_en', '')}" for x in sums)
            for row in self.tables.get("findings", [])
        )
        if abs(item_sum - total["value"]) > tolerance + 1e-9 and not explained:
            self.problem(
                "spending",
                f"the {len(items)} items add up to {shown} {total['unit']}, but the total says "
                f"{arabic(total['value'])} (allowed rounding: ±{tolerance:g})",
                "Check each item's value and unit against the source; if the source itself does not add up, add a "
                f"row to findings.csv (kind 'discrepancy') whose refs name spending:{total['id']} and whose "
                f"description states the items' sum, {shown}",
                total["__row__"],
                "value",
            )

    def check_growth_rates(self) -> None:
        """A growth rate (indicator `X_growth`) against the year's and the previous year's value of
        `X` (same entity, both exact): a note, naming the rate's row, when no values within the
        rounding of the three written numbers give the stated rate (134 and 118 may be 133.5–134.5
        and 117.5–118.5, so 12.7–14.5%: a stated 14% (13.5–14.5) is fine, 24% is not). A finding
        (kind 'discrepancy') whose refs name the rate's row keeps it quiet: the report says so."""
        previous = self.previous_values()
        if not previous:
            return
        current = {
            (r.get("indicator"), r.get("entity", "")): r
            for name, rows in self.fact_tables(include_targets=False)
            for r in rows
            if r.get("qualifier") == "exact" and isinstance(r.get("value"), float)
        }
        referenced = {ref for row in self.tables.get("findings", []) for ref in _refs(row.get("refs", ""))}
        for name, rows in self.fact_tables(include_targets=False):
            for rate in rows:
                indicator, entity, stated = rate.get("indicator", ""), rate.get("entity", ""), rate.get("value")
                if not indicator.endswith(GROWTH) or rate.get("unit") != "%" or not isinstance(stated, float):
                    continue
                if rate.get("qualifier") != "exact" or f"{name}:{rate['id']}" in referenced:
                    continue
                base = (indicator[: -len(GROWTH)], entity)
                now, before = current.get(base), previous.get(base)
                if now is None or before is None:
                    continue
                prior, where = before
                allowed = growth_bounds(now, prior, self.shared)
                if allowed is None:
                    continue
                low, high = allowed
                half = 0.5 * 10 ** -_decimals(rate)
                if stated + half >= low and stated - half <= high:
                    continue
                computed = (self.in_base_unit(now) / self.in_base_unit(prior) - 1) * 100
                self.report.notes.append(
                    str(
                        Problem(
                            rel(self.files.get(name, self.folder / f"{name}.csv")),
                            f"the growth rate {arabic(stated)}% of '{base[0]}'{' of ' + entity if entity else ''} "
                            f"disagrees with its values: {arabic(now['value'])} {now['unit']} in {self.year} and "
                            f"{arabic(prior['value'])} {prior['unit']} in {self.year - 1} ({where}, row "
                            f"{prior['__row__']}) give {computed:.1f}% (the rounding of the written numbers allows "
                            f"{low:.1f}% to {high:.1f}%)",
                            "Check the rate and both values against the two reports; if the report itself states "
                            f"them so, add a row to findings.csv (kind 'discrepancy') whose refs name {name}:{rate['id']}",
                            rate["__row__"],
                            "value",
                        )
                    )
                )

    def previous_values(self) -> dict[tuple[str, str], tuple[Row, str]]:
        """The previous year's exact fact rows (targets aside) by (indicator, entity), each with
        its file; empty when there is no previous year or its tables cannot be read (validating
        that year says why)."""
        folder = paths.year_dir(self.year - 1, self.root)
        found: dict[tuple[str, str], tuple[Row, str]] = {}
        if not folder.is_dir():
            return found
        for name in FACT_TABLES:
            if name == "targets":
                continue
            try:
                path = table_file(folder, name)
                raw = read_table(path) if path is not None else None
            except DataError:
                continue
            for row in raw.rows if raw is not None else []:
                value = _number(row.get("value", ""))
                if value is None or row.get("qualifier") != "exact" or not row.get("indicator"):
                    continue
                found.setdefault((row["indicator"], row.get("entity", "")), ({**row, "value": value}, rel(path)))
        return found

    def check_discrepancies(self) -> None:
        """Two rows for one indicator (and entity) with different values must be explained in findings.csv."""
        referenced = {ref for row in self.tables.get("findings", []) for ref in _refs(row.get("refs", ""))}
        groups: dict[tuple[str, str], list[tuple[str, Row]]] = defaultdict(list)
        for name, rows in self.fact_tables(include_targets=False):
            for row in rows:
                if row.get("indicator"):
                    groups[(row["indicator"], row.get("entity", ""))].append((name, row))
        for (indicator, entity), members in groups.items():
            values = {round(v, 9) for v in (self.in_base_unit(r) for _, r in members) if v is not None}
            if len(values) < 2:
                continue
            where = ", ".join(f"{n}:{r['id']} = {arabic(r['value'])} {r['unit']}" for n, r in members)
            for name, row in members:
                if f"{name}:{row['id']}" not in referenced:
                    self.problem(
                        name,
                        f"indicator '{indicator}'{' of ' + entity if entity else ''} has different values in different rows ({where}) and no finding explains it",
                        f"If the source really gives two figures, add a row to findings.csv (kind 'discrepancy') whose refs name {name}:{row['id']}; otherwise correct the value",
                        row["__row__"],
                        "value",
                    )

    def check_positions(self) -> None:
        """Which number of its quote a row takes. With `occurrence`, the number at that position
        must be the value; without it, rows of a table that share a quote must take its numbers
        in the order the quote gives them (so two swapped values fail). A row that repeats
        another's indicator, entity, value and quote is a copy that would count twice; two
        indicators may take one number only where the quote says it applies to each (分别, 各)."""
        for name, rows in self.fact_tables():
            by_quote: dict[str, list[Row]] = defaultdict(list)
            for row in rows:
                if row.get("quote") and isinstance(row.get("value"), float):
                    by_quote[row["quote"]].append(row)
            for quote, group in by_quote.items():
                numerals = scan(quote)
                listing = ", ".join(f"{i}: {n.token}" for i, n in enumerate(numerals, start=1))
                copies = self.check_copies(name, group)
                previous, taken = None, {}
                for row in group:
                    at = [i for i, n in enumerate(numerals) if any(same_number(row["value"], v) for v in n.values())]
                    position = at[0] if at else None
                    if isinstance(row.get("occurrence"), float):
                        position = self.check_occurrence(name, row, numerals, at, listing)
                    elif at and len(group) > 1 and len(numerals) > 1:
                        later = [i for i in at if previous is None or i >= previous[0]]
                        if not later:
                            self.problem(
                                name,
                                f"value {arabic(row['value'])} comes before the value of row {previous[1]['__row__']} "
                                f"({arabic(previous[1]['value'])}) in their shared quote '{_short(quote)}' (its numbers in order: {listing})",
                                "Rows that share a quote take its numbers in the quote's order: check that two values are not swapped; "
                                "if they are right, write each row's position among the quote's numbers in the occurrence column",
                                row["__row__"],
                                "value",
                            )
                            continue
                        position = later[0]
                        previous = (position, row)
                    if position is None:
                        continue
                    other = taken.setdefault(position, row)
                    if other is not row and row["__row__"] not in copies and not EACH.search(quote):
                        self.problem(
                            name,
                            f"the row takes the number {numerals[position].token} of the quote '{_short(quote)}', which row "
                            f"{other['__row__']} (id '{other['id']}') already takes: one number of a quote states one fact",
                            "Correct the value, or quote the words that state this row's number; if the source says the number "
                            "applies to each (分别, 各), quote those words too",
                            row["__row__"],
                            "value",
                        )

    def check_occurrence(self, name: str, row: Row, numerals: list, at: list[int], listing: str) -> int | None:
        """The 0-based position the row's occurrence names, or None (reported) when it is wrong."""
        position = int(row["occurrence"])
        if not 1 <= position <= len(numerals):
            message = f"occurrence {position}, but the quote holds {len(numerals)} number(s) ({listing or 'none'})"
        elif position - 1 not in at:
            message = (
                f"occurrence {position} is {numerals[position - 1].token} in the quote, not the value {arabic(row['value'])} "
                f"(the quote's numbers in order: {listing})"
            )
        else:
            return position - 1
        self.problem(
            name,
            message,
            "Write in occurrence the position of this row's number among the quote's numbers (1 = the first), "
            "or correct the value",
            row["__row__"],
            "occurrence",
        )
        return None

    def check_copies(self, name: str, group: list[Row]) -> set[int]:
        """Rows that repeat an earlier one; returns their row numbers."""
        first: dict[tuple, Row] = {}
        copies = set()
        for row in group:
            key = (
                row.get("indicator"),
                row.get("entity", ""),
                row["value"],
                row.get("value_max"),
                row.get("occurrence"),
            )
            if key in first:
                self.problem(
                    name,
                    f"the row repeats row {first[key]['__row__']} (id '{first[key]['id']}'): the same indicator, entity, "
                    f"value {arabic(row['value'])} and quote, so the number would be counted twice",
                    "Delete the copied row; if the source really states the number twice, quote the other place that states it",
                    row["__row__"],
                    "id",
                )
                copies.add(row["__row__"])
            else:
                first[key] = row
        return copies

    # -- provenance

    def read_source(self) -> str | None:
        path = self.root / "sources" / f"{self.year}.txt"
        if not path.exists():
            return None
        data = path.read_bytes()
        self.check_source_citation(path, data)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.report.problems.append(
                Problem(
                    rel(path),
                    "the source document is not UTF-8 text",
                    "Restore the source document from git; it is never edited",
                )
            )
            return None

    def check_source_citation(self, path: Path, data: bytes) -> None:
        """sources.csv records the document's sha256: a changed byte means the quotes are unverified."""
        import hashlib

        citations = path.parent / "sources.csv"
        if not citations.exists():
            return
        try:
            rows = [r for r in read_csv(citations).rows if r.get("year") == str(self.year)]
        except DataError as error:
            self.report.problems.extend(error.problems)
            return
        if not rows:
            self.report.problems.append(
                Problem(
                    rel(citations),
                    f"there is no row for year {self.year}",
                    "Add the source document's citation (title, issuer, period, sha256)",
                )
            )
            return
        expected, actual = rows[0].get("sha256", "").lower(), hashlib.sha256(data).hexdigest()
        if not expected:
            self.report.problems.append(
                Problem(
                    rel(citations),
                    f"the sha256 of {path.name} is empty",
                    f"Write {actual} (the checksum of {path.name} as it is now) "
                    "in that cell, after checking that the file is the report as published",
                    rows[0]["__row__"],
                    "sha256",
                )
            )
        elif expected != actual:
            self.report.problems.append(
                Problem(
                    rel(citations),
                    f"the sha256 of {path.name} is {actual}, not the recorded {expected}: the source document has changed",
                    "Restore the source document from git (it is never edited); if a corrected source was published, record it as a new source",
                    rows[0]["__row__"],
                    "sha256",
                )
            )

    def check_provenance(self) -> None:
        self.source_numerals = scan(self.source)
        for name, rows in self.tables.items():
            quoted = "text" if name == "ledger_exclusions" else "quote"
            for row in rows:
                if row.get(quoted) and not self.quote_found(name, row, quoted):
                    continue
                if name in FACT_TABLES and row.get("quote"):
                    self.check_values_in_quote(name, row)
                if name == "ledger_exclusions" and row.get("text"):
                    self.check_exclusion_numeral(row)

    def quote_found(self, name: str, row: Row, column: str) -> bool:
        if row[column] in self.source:
            return True
        self.problem(
            name,
            f"the {column} '{_short(row[column])}' is not in the source document ({self.year}.txt)",
            f"Copy the words from data/sources/{self.year}.txt exactly, with the same punctuation (，not ,) and no added spaces",
            row["__row__"],
            column,
        )
        return False

    def numerals_in(self, text: str) -> list:
        """The numerals of `text` where the source says it (or in the text itself, without a source).
        Cached: many rows share a quote, and the source is scanned once per distinct quote."""
        cache = self.__dict__.setdefault("_numerals", {})
        if text not in cache:
            cache[text] = (
                scan(text)
                if self.source is None
                else [
                    n
                    for span in ledger.spans(text, self.source)
                    for n in ledger.numerals_inside(self.source_numerals, span)
                ]
            )
        return cache[text]

    def check_values_against_own_quotes(self) -> None:
        """Without a source document a quote cannot be found, but it must still state its row's value."""
        for name, rows in self.fact_tables():
            for row in rows:
                if row.get("quote"):
                    self.check_values_in_quote(name, row)

    def check_values_in_quote(self, name: str, row: Row) -> None:
        inside = self.numerals_in(row["quote"])
        found_value = []
        for column in ("value", "value_max"):
            value = row.get(column)
            if not isinstance(value, float):
                continue
            hits = [n for n in inside if any(same_number(value, v) for v in n.values())]
            if not hits:
                written = ", ".join(n.token for n in inside) or "no number"
                self.problem(
                    name,
                    f"{column} {arabic(value)} does not appear in the quote '{_short(row['quote'])}' (the quote has {written}; "
                    f"looked for {' or '.join(forms(value)[:3])})",
                    "Make the value what the quote says, or quote the words that state this number",
                    row["__row__"],
                    column,
                )
            elif column == "value":
                found_value = hits
        if found_value:
            self.check_qualifier(name, row, found_value)

    def check_qualifier(self, name: str, row: Row, hits: list) -> None:
        qualifier = row.get("qualifier")
        if qualifier not in QUALIFIERS or qualifier == "range" or isinstance(row.get("value_max"), float):
            return
        said = {_marker(self.source if self.source is not None else row["quote"], n) for n in hits} - {None}
        if said and qualifier not in {kind for kind, _ in said}:
            kind, word = sorted(said)[0]
            self.problem(
                name,
                f"the quote says '{word}' next to the number, but the qualifier is '{qualifier}'",
                f"Set the qualifier to '{kind}' (约/左右 = approx, 余/多 = more_than, 以上/不少于 = at_least)",
                row["__row__"],
                "qualifier",
            )
        elif not said and qualifier in ("approx", "more_than", "at_least"):
            self.problem(
                name,
                f"the qualifier is '{qualifier}' but the quote has no 约, 左右, 余, 多, 以上 or 不少于 next to the number",
                "Set the qualifier to 'exact', or quote the words that make the number approximate",
                row["__row__"],
                "qualifier",
            )

    def check_exclusion_numeral(self, row: Row) -> None:
        numeral = row.get("numeral", "")
        inside = self.numerals_in(row["text"])
        cover = ledger.exclusion_covers([row])[0]
        if numeral and not any(ledger.matches(n, cover) for n in inside):
            written = ", ".join(n.token for n in inside) or "no numeral"
            self.problem(
                "ledger_exclusions",
                f"numeral '{numeral}' is not in the text '{_short(row['text'])}' (it has {written})",
                "Write the numeral as it appears in the text (e.g. 2017 or 一)",
                row["__row__"],
                "numeral",
            )

    # -- the ledger

    def check_ledger(self) -> None:
        blocking = sorted(self.unreadable & set(FACT_TABLES + ["ledger_exclusions"]))
        if blocking:  # every numeral of an unread table would show as unaccounted: noise, not news
            self.report.notes.append(f"the numeral ledger is not checked until {', '.join(blocking)} can be read")
            return
        facts = dict(self.fact_tables())
        entries = ledger.account(facts, self.tables.get("ledger_exclusions", []), self.source)
        source_file = rel(self.root / "sources" / f"{self.year}.txt")
        for entry in entries:
            if entry.disposition == ledger.UNACCOUNTED:
                self.report.problems.append(
                    Problem(
                        source_file,
                        f"the numeral '{entry.token}' in “{entry.context}” is in no fact row and no exclusion",
                        "Add a fact row whose quote contains it (with this value), or a row to ledger_exclusions.csv saying why it is not a fact",
                        entry.line,
                    )
                )
        self.report.numerals = sum(e.disposition != ledger.UNACCOUNTED for e in entries)


# ---------------------------------------------------------------- small helpers


@functools.cache
def _glossary_rows(path: Path, mtime: float) -> tuple[dict, ...]:
    try:
        return tuple(read_csv(path).rows)
    except (FileNotFoundError, DataError):  # a bad glossary is reported by check_translations
        return ()


def _excluded_words(root: Path) -> set[str]:
    """The texts of every year's ledger exclusions: words with a numeral in them (两岸, 第三产业)."""
    words = set()
    for path in sorted(Path(root).glob("[0-9][0-9][0-9][0-9]/ledger_exclusions.csv")):
        try:
            words |= {r.get("text", "") for r in read_csv(path).rows}
        except DataError:  # reported with that year
            continue
    return words


def _glossary(root: Path) -> tuple[dict, ...]:
    path = paths.glossary_file(root)
    return _glossary_rows(path, path.stat().st_mtime if path.exists() else 0.0)


def _marker(source: str, numeral) -> tuple[str, str] | None:
    """('approx', '约') when the source says the number is approximate, and so on; else None."""
    before = source[max(0, numeral.start - 3) : numeral.start]
    after = source[numeral.end : numeral.end + 4]
    after_magnitude = after.lstrip(ORDER_OF_MAGNITUDE)
    for word in AT_LEAST_BEFORE:
        if before.endswith(word):
            return "at_least", word
    if AT_LEAST_AFTER.match(source[numeral.end : numeral.end + 8]):
        return "at_least", "以上"
    for word in APPROX_BEFORE:
        if before.endswith(word):
            return "approx", word
    for word in MORE_BEFORE:
        if before.endswith(word):
            return "more_than", word
    for word in MORE_AFTER:
        if after_magnitude.startswith(word):
            return "more_than", word
    for word in APPROX_AFTER:
        if word in after:
            return "approx", word
    return None


def _is_money(dimension: str) -> bool:
    return dimension.startswith("currency")


def _non_negative(dimension: str) -> bool:
    return dimension in NON_NEGATIVE_DIMENSIONS or _is_money(dimension)


def growth_bounds(now: Row, prior: Row, shared: Shared) -> tuple[float, float] | None:
    """The lowest and highest growth (%) from `prior` to `now` that values within the rounding
    of the two written numbers give (each ± half a unit in its last significant digit, as
    zonebook.precision counts digits: 134 ± 0.5, 2560 ± 5, 3.22 ± 0.005); None when the units
    are not comparable or a value is not positive."""
    bounds = []
    for row in (now, prior):
        factor, value = shared.factor(row.get("unit", "")), row["value"]
        if factor is None or value <= 0 or shared.dimension(row["unit"]) != shared.dimension(now["unit"]):
            return None
        half = 0.5 * 10 ** (math.floor(math.log10(value)) - written_digits(value) + 1)
        bounds.append(((value - half) * factor, (value + half) * factor))
    (now_low, now_high), (prior_low, prior_high) = bounds
    return (now_low / prior_high - 1) * 100, (now_high / prior_low - 1) * 100


def _decimals(row: Row) -> int:
    """Digits after the point in the number as the source writes it (2893 → 0, 3.42 → 2)."""
    text = arabic(row["value"])
    return len(text.partition(".")[2])


def _number(text: str) -> float | None:
    try:
        value = float(str(text).replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _required_fix(column: str) -> str:
    return {
        "quote": "Copy the words of the source that state this number into the quote cell",
        "qualifier": "Write exact, approx (约, 左右), more_than (余, 多), at_least (以上, 不少于) or range",
        "unit": "Write the unit the source uses (亿元, 万元, 亩, 家, 个, %)",
        "value": "Write the number the report gives (digits only), or delete the row if the report does not give it: "
        "the book then leaves the figure out (a target set for it shows as 未报告 / not reported in the plan chapter)",
    }.get(column, f"Fill in '{column}'")


def _not_required(schema: dict, column: str) -> dict:
    fields = [
        dict(f, constraints={k: v for k, v in (f.get("constraints") or {}).items() if k != "required"})
        if f.get("name") == column
        else f
        for f in schema["fields"]
    ]
    return dict(schema, fields=fields)


def _refs(text: str) -> list[str]:
    return [ref.strip() for ref in (text or "").split(";") if ref.strip()]


def _closest(text: str, known: dict) -> str | None:
    import difflib  # only on a miss

    close = difflib.get_close_matches(text, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def invisible_characters(path: Path, row: dict, column: str) -> list[Problem]:
    """A problem for each character of the cell a reader cannot see or that reorders the text
    (control, zero-width, bidirectional): data is shown as text, exactly as written."""
    text = row.get(column) or ""
    found = []
    for index, char in enumerate(text, start=1):
        kind = INVISIBLE.get(unicodedata.category(char))
        if kind:
            name = unicodedata.name(char, "") or {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "TAB"}.get(char, "")
            found.append(
                Problem(
                    rel(path),
                    f"character {index} of the cell is {kind}, U+{ord(char):04X}{' ' + name if name else ''}",
                    "Delete it: retype the cell, or paste the text as plain text (a line break inside a cell "
                    "becomes a space; an invisible or direction mark has no place in the data)",
                    row.get("__row__"),
                    column,
                )
            )
    return found


def placeholder_problems(path: Path, row: dict) -> list[Problem]:
    """Each text of a string is a valid template whose {fields} are ones the package fills in for
    that key (read from its calls such as `say("economy.tax", lang, tax=...)`)."""
    import string

    given = fields_given().get(row["key"])
    problems = []
    for lang in i18n.LANGS:
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(row.get(lang, "")) if name is not None}
        except ValueError as error:
            problems.append(
                Problem(
                    rel(path),
                    f"the {lang} text of '{row['key']}' is not a valid template ({error})",
                    "Write a field as {name}; a literal brace is written twice ({{ or }})",
                    row["__row__"],
                    lang,
                )
            )
            continue
        unknown = sorted(f for f in used if given is not None and f.split(".")[0].split("[")[0] not in given)
        if unknown:
            problems.append(
                Problem(
                    rel(path),
                    f"the {lang} text of '{row['key']}' uses {', '.join('{' + f + '}' for f in unknown)}, which the book never fills in "
                    f"(it gives {', '.join('{' + f + '}' for f in sorted(given)) or 'no field'})",
                    "Fix the spelling of the field, or write the text without it",
                    row["__row__"],
                    lang,
                )
            )
    return problems


@functools.cache
def fields_given() -> dict[str, set[str]]:
    """key -> the fields the package passes for it, from every call `text(key, ...)` / `say(key, ...)` /
    `paragraph(key, ...)` with a literal key. A key also called with `**fields` (unknown names) is left out: unchecked."""
    import ast

    given: dict[str, set[str]] = defaultdict(set)
    opened: set[str] = set()
    for path in sorted((paths.ROOT / "zonebook").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            key = node.args[0].value
            if name not in ("text", "say", "paragraph") or not isinstance(key, str):
                continue
            given[key] |= {k.arg for k in node.keywords if k.arg}
            if any(k.arg is None for k in node.keywords):
                opened.add(key)
    return {key: fields for key, fields in given.items() if key not in opened}


class Progress:
    """A table's progress on a terminal (stderr), for tables long enough to make one wait."""

    def __init__(self, name: str, total: int):
        self.name, self.total, self.count = name, total, 0
        self.shown = total >= PROGRESS_ROWS and sys.stderr.isatty()

    def step(self, row):
        self.count += 1
        if self.shown and self.count % 2_000 == 0:
            print(f"\rvalidating {self.name}: {self.count:,}/{self.total:,} rows", end="", file=sys.stderr, flush=True)
        return row

    def done(self) -> None:
        if self.shown:
            print(f"\rvalidating {self.name}: {self.total:,} rows read", file=sys.stderr, flush=True)
