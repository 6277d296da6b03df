"""Opening a year: its descriptor, its files, its source document and its tables against their
schemas. What these find comes first; the checks of `CHECKS` then run on what could be read."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import (
    FACT_COLUMNS,
    FACT_TABLES,
    OPTIONAL_COLUMNS,
    half_made_year,
    read_descriptor,
    schema_check,
    status,
)
from zonebook.data.readers import RawTable, is_lock_file, read_csv, read_table, table_file
from zonebook.data.validate.cells import invisible_characters
from zonebook.data.validate.context import Report, Year
from zonebook.data.validate.shared import Shared

IGNORED_FILES = {
    "datapackage.json",
    "REVIEW.csv",
    "TRANSLATE.csv",
}  # the descriptor; staff's review and translation sheets
PROGRESS_ROWS = 10_000  # a table this long shows its progress on a terminal


def open_year(year: int, root: Path, shared: Shared, report: Report) -> Year | None:
    """The year read once, its reading problems in `report`; None when there is nothing to check."""
    ctx = Year(year, root, shared, report)
    half_made = half_made_year(ctx.folder)
    if half_made is not None:
        report.problems.append(half_made)
        return None
    try:
        descriptor = read_descriptor(ctx.folder)
    except DataError as error:
        report.problems.extend(error.problems)
        return None
    report.problems += check_descriptor(ctx, descriptor)
    if not ctx.schemas:
        return None
    ctx.proposed = descriptor.get(status.RECORD)
    report.problems += check_stray_files(ctx)
    ctx.source = read_source(ctx)  # before the tables: without a source, quotes are optional
    read_tables(ctx)
    report.tables = len(ctx.tables)
    report.facts = sum(len(rows) for name, rows in ctx.tables.items() if name in FACT_TABLES)
    return ctx


def check_descriptor(ctx: Year, descriptor: dict) -> list[Problem]:
    """datapackage.json lists resources, each named with a schema of named fields (kept in ctx.schemas)."""
    path = rel(ctx.folder / "datapackage.json")
    fix = "Restore datapackage.json from git or from the previous year, then add the table's schema"
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not resources:
        return [Problem(path, "the descriptor lists no resources (tables)", fix)]
    problems = []
    for number, resource in enumerate(resources, start=1):
        name = resource.get("name") if isinstance(resource, dict) else None
        fields = (resource.get("schema") or {}).get("fields") if isinstance(resource, dict) else None
        if not name:
            problems.append(Problem(path, f"resource number {number} has no name", fix))
        elif not isinstance(fields, list) or not all(isinstance(f, dict) and f.get("name") for f in fields):
            problems.append(Problem(path, f"resource '{name}' has no schema with named fields", fix))
        else:
            ctx.schemas[name] = resource["schema"]
            if name in FACT_TABLES:  # the book reads every fact table through its common columns
                names = [f["name"] for f in fields]
                problems += [
                    Problem(path, f"the schema of fact table '{name}' lacks the common column '{column}'", fix)
                    for column in FACT_COLUMNS
                    if column not in names
                ]
    return problems


def check_stray_files(ctx: Year) -> list[Problem]:
    """Every file of the year folder is a table of the package: a stray copy would never be read."""
    problems = []
    for path in sorted(ctx.folder.iterdir()):
        if (
            path.name in IGNORED_FILES
            or path.name.startswith(".")
            or path.suffix.lower() == ".md"
            or is_lock_file(path)
        ):
            continue
        if path.stem not in ctx.schemas:
            known = ", ".join(sorted(ctx.schemas))
            problems.append(
                Problem(
                    rel(path),
                    f"'{path.name}' is not a table of the data package (tables: {known})",
                    "Rename the file to the table it holds, or move it out of the year folder (keep old copies elsewhere)",
                )
            )
    return problems


def read_source(ctx: Year) -> str | None:
    """The year's source document as text (None without one), after checking its recorded checksum."""
    path = ctx.root / "sources" / f"{ctx.year}.txt"
    if not path.exists():
        return None
    data = path.read_bytes()
    ctx.report.problems += check_source_citation(ctx, path, data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        ctx.report.problems.append(
            Problem(
                rel(path),
                "the source document is not UTF-8 text",
                "Restore the source document from git; it is never edited",
            )
        )
        return None


def check_source_citation(ctx: Year, path: Path, data: bytes) -> list[Problem]:
    """sources.csv records the document's sha256: a changed byte means the quotes are unverified."""
    citations = path.parent / "sources.csv"
    if not citations.exists():
        return []
    try:
        rows = [r for r in read_csv(citations).rows if r.get("year") == str(ctx.year)]
    except DataError as error:
        return list(error.problems)
    if not rows:
        return [
            Problem(
                rel(citations),
                f"there is no row for year {ctx.year}",
                "Add the source document's citation (title, issuer, period, sha256)",
            )
        ]
    expected, actual = rows[0].get("sha256", "").lower(), hashlib.sha256(data).hexdigest()
    if not expected:
        message = f"the sha256 of {path.name} is empty"
        fix = (
            f"Write {actual} (the checksum of {path.name} as it is now) "
            "in that cell, after checking that the file is the report as published"
        )
    elif expected != actual:
        message = f"the sha256 of {path.name} is {actual}, not the recorded {expected}: the source document has changed"
        fix = "Restore the source document from git (it is never edited); if a corrected source was published, record it as a new source"
    else:
        return []
    return [Problem(rel(citations), message, fix, rows[0]["__row__"], "sha256")]


def read_tables(ctx: Year) -> None:
    """Read every table (readers.py decides the encoding), check its header and its characters,
    then check them all against their Table Schemas (types, constraints, keys) at once."""
    read: dict[str, schema_check.Table] = {}
    for name, schema in ctx.schemas.items():
        raw = read_one_table(ctx, name, schema)
        if raw is not None:
            read[name] = schema_check.Table(rel(raw.path), raw.rows)
    schemas = (
        ctx.schemas
        if ctx.source is not None
        else {name: _not_required(schema, "quote") for name, schema in ctx.schemas.items()}
    )  # without a source, quotes are optional
    checked = schema_check.check(
        schemas, read, rel(ctx.folder / "datapackage.json"), ctx.unreadable, _required_fix, Progress
    )
    ctx.report.problems.extend(checked.problems)
    ctx.unreadable |= set(read) - set(checked.rows)
    ctx.tables = {name: checked.rows[name] for name in ctx.schemas if name in checked.rows}


def read_one_table(ctx: Year, name: str, schema: dict) -> RawTable | None:
    """One table's file, read when its header is right; its problems and notes go to the report."""
    try:
        path = table_file(ctx.folder, name)
        if path is None:
            ctx.report.notes.append(f"table '{name}' is not reported this year (no {name}.csv)")
            return None
        ctx.files[name] = path
        raw = read_table(path)
    except DataError as error:
        ctx.report.problems.extend(error.problems)
        ctx.unreadable.add(name)
        return None
    header = check_header(ctx, name, raw.header, schema["fields"])
    ctx.report.problems += header
    if header:
        ctx.unreadable.add(name)
        return None
    for row in raw.rows:
        for column in raw.header:
            if not row[column].isprintable():  # fast path: a printable cell holds nothing invisible
                ctx.report.problems += invisible_characters(path, row, column)
    return raw


def check_header(ctx: Year, name: str, header: list[str], fields: list[dict]) -> list[Problem]:
    """The header row names each column of the schema once (optional ones may be left out), no other."""
    expected = [f["name"] for f in fields]
    optional = {f["name"] for f in fields if f.get("optional")} | OPTIONAL_COLUMNS  # columns a file may leave out
    listed = ", ".join(expected)
    problems = [
        ctx.problem(
            name,
            f"column '{column}' is missing (expected columns: {listed})",
            "Add the column to the header row (row 1), even if its cells stay empty",
            1,
            column,
        )
        for column in expected
        if column not in header and column not in optional
    ]
    for column in header:
        if column not in expected:
            what = "an empty column name" if column == "" else f"unknown column '{column}'"
            fix = "Delete the column, or fix the spelling of its name in row 1"
            problems.append(ctx.problem(name, f"{what} (expected columns: {listed})", fix, 1, column or None))
    seen = set()
    for column in header:
        if column in seen and column:
            fix = "Delete one of the two columns"
            problems.append(ctx.problem(name, f"column '{column}' appears twice in the header", fix, 1, column))
        seen.add(column)
    return problems


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
