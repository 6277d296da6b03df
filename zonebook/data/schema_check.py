"""A year's tables against the Table Schemas its datapackage.json declares, checked by frictionless:
types, constraints (required, enum, pattern, minimum…), unique fields, primary keys and foreign keys.
Each frictionless error becomes a Problem naming the file, the row as a spreadsheet numbers it,
the field, and what to do.

frictionless reads no file here: `zonebook.data.readers` has already decided the encoding (UTF-8 with
or without BOM, GB18030, .xlsx) and dropped blank lines, so each table is handed over as the rows
it read, and frictionless's row numbers are mapped back to the spreadsheet's. A column the schema
marks optional that a file leaves out is handed over empty.

One rule is added to Table Schema's number: a number is written in digits, as a report writes it
(-12, 3.22, and with the field's `groupChar` 1,504.7). Table Schema leaves the grouping open and
frictionless also takes NaN, Infinity, 1E3 and 1_000, so a decimal comma (3,22) would be read as
322 under `groupChar: ","`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zonebook.core.errors import Problem
from zonebook.data import numbers

NUMBER, INTEGER = "number", "integer"
CONSTRAINT = re.compile(r'constraint "(\w+)"')
POSITION = re.compile(r"position (\d+)")
BOUNDS = {
    "minimum": "below the minimum",
    "maximum": "above the maximum",
    "exclusiveMinimum": "not above",
    "exclusiveMaximum": "not below",
}
FACT_ROW_FIX = "Correct the cell so that it says what the source says"


@dataclass
class Table:
    """One table as zonebook.data.readers read it: text cells by column name, "__row__" the spreadsheet row."""

    file: str  # as a problem names it
    rows: list[dict]


@dataclass
class Checked:
    """Each checked table's rows, typed (numbers as float, None when empty or not a number; text as
    written), and every problem found."""

    rows: dict[str, list[dict]]
    problems: list[Problem]


def check(
    schemas: dict[str, dict],
    tables: dict[str, Table],
    descriptor: str,
    unread: set[str] = frozenset(),
    required_fix: Callable[[str], str] | None = None,
    progress=None,
) -> Checked:
    """Check `tables` against `schemas` (every table the descriptor lists). A listed table that is
    absent from `tables` and not in `unread` has no rows: a foreign key into it finds nothing. A
    foreign key into a table in `unread` (present but unreadable, already reported) or into one
    whose schema cannot be used is not checked. `descriptor` names the file a schema problem is in;
    `required_fix(column)` says what to do with an empty required cell; `progress(file, total)`
    may return an object whose step() is called per row and done() at the end."""
    import frictionless

    problems: list[Problem] = []
    usable = _usable_schemas(schemas, descriptor, unread, problems)
    resources = _resources(usable, tables, descriptor, problems)
    package = frictionless.Package(resources=list(resources.values()))
    checked = {}
    for name, table in tables.items():
        if name not in resources:
            continue
        reader = RowProblems(name, table, package.get_resource(name), tables, required_fix)
        try:
            checked[name] = reader.typed_rows(progress(Path(table.file).name, len(table.rows)) if progress else None)
        except frictionless.FrictionlessException as error:  # e.g. a foreign key into a table that could not be made
            problems.append(_frictionless_problem(descriptor, name, error))
            continue
        problems += reader.problems
    return Checked(checked, problems)


def _usable_schemas(schemas: dict[str, dict], descriptor: str, unread: set[str], problems: list) -> dict:
    """The frictionless schemas of the readable tables whose schema can be used; a schema that cannot is a problem."""
    import frictionless

    usable = {}
    for name, schema in schemas.items():
        if name in unread:
            continue
        try:
            usable[name] = frictionless.Schema.from_descriptor(schema)
        except frictionless.FrictionlessException as error:
            problems.append(_frictionless_problem(descriptor, name, error))
            continue
        unknown = sorted({_target(fk, name) for fk in usable[name].foreign_keys} - set(schemas))
        if unknown:
            problems.append(
                _schema_problem(
                    descriptor,
                    name,
                    f"a foreign key refers to table '{unknown[0]}', which the descriptor does not list",
                )
            )
            del usable[name]
    return usable


def _resources(usable: dict, tables: dict[str, Table], descriptor: str, problems: list) -> dict:
    """A frictionless resource per usable schema, holding its table's cells; one frictionless refuses is a problem."""
    import frictionless

    resources = {}
    for name, schema in usable.items():  # a foreign key into a table that cannot be checked is not checked
        schema.foreign_keys = [fk for fk in schema.foreign_keys if _target(fk, name) in usable]
        try:
            resources[name] = frictionless.Resource(
                name=name, data=[_names(schema), *_cells(schema, tables.get(name))], schema=schema
            )
        except frictionless.FrictionlessException as error:  # e.g. a name frictionless does not take (Economy)
            problems.append(_frictionless_problem(descriptor, name, error))
    return resources


def _frictionless_problem(descriptor: str, name: str, error) -> Problem:
    """A schema problem in the words of frictionless's error."""
    return _schema_problem(descriptor, name, error.error.note or error.error.message)


class RowProblems:
    """One table read through frictionless: its typed rows, and its errors as Problems."""

    def __init__(self, name: str, table: Table, resource, tables: dict[str, Table], required_fix):
        self.name, self.table, self.resource, self.tables = name, table, resource, tables
        self.required_fix = required_fix or (lambda column: f"Fill in '{column}'")
        self.fields = {f.name: f for f in resource.schema.fields}
        self.numbers = {name: _written_number(f) for name, f in self.fields.items() if f.type in (NUMBER, INTEGER)}
        self.problems: list[Problem] = []

    def typed_rows(self, progress=None) -> list[dict]:
        typed = []
        with self.resource:
            for row in self.resource.row_stream:
                raw = self.table.rows[
                    row.row_number - 2
                ]  # frictionless counts the header as row 1, blank lines not at all
                cells = {"__row__": raw["__row__"], **{name: raw.get(name, "") for name in self.fields}}
                found = [self.problem_of(error, raw) for error in row.errors]
                for name, written in self.numbers.items():
                    text, value = cells[name], row[name]
                    if value is not None and not written.fullmatch(text):
                        found.append(Problem(self.table.file, *self.not_a_number(name, text), raw["__row__"], name))
                        value = None
                    cells[name] = None if value is None else float(value)
                self.keep(found)
                typed.append(cells)
                if progress:
                    progress.step(row)
        if progress:
            progress.done()
        return typed

    def keep(self, found: list[Problem]) -> None:
        """One problem per cell: a primary key that is also `unique` fails twice, an empty one
        fails as required and as a key."""
        cells = set()
        for problem in found:
            if (problem.row, problem.field) not in cells:
                cells.add((problem.row, problem.field))
                self.problems.append(problem)

    def problem_of(self, error, raw: dict) -> Problem:
        kind = error.type
        if kind == "type-error":
            field = error.field_name
            said = (
                self.not_a_number(field, error.cell) if field in self.numbers else self.not_of_type(field, error.cell)
            )
        elif kind == "constraint-error":
            field = error.field_name
            said = self.constraint(field, error.cell, error.note)
        elif kind in ("unique-error", "primary-key"):
            fields = [error.field_name] if kind == "unique-error" else list(self.resource.schema.primary_key)
            field, said = fields[0], self.duplicate(fields, raw, error.note)
        elif kind == "foreign-key":
            field, said = error.field_names[0], self.dangling(error)
        else:  # not expected: readers.py gives every row all its cells
            field = getattr(error, "field_name", None) or None
            said = error.message, "Correct the row as the table's schema in datapackage.json describes"
        return Problem(self.table.file, *said, raw["__row__"], field)

    def not_a_number(self, field: str, text: str) -> tuple[str, str]:
        if self.fields[field].type == INTEGER and re.fullmatch(r"-?\d+\.\d+", text):
            return f"'{text}' is not a whole number", "Write a whole number (no decimals)"
        if re.fullmatch(r"-?\d+,\d{1,2}", text):
            fix = "Use a point for decimals (3.22, not 3,22)"
        elif re.search(r"\d", text):
            fix = (
                "Write digits only (e.g. 134 or 3.22): put the unit (亿元, 万元, 亩, %) in the unit column, "
                "and 约/余 in the qualifier column"
            )
        else:
            fix = "Write the number in digits (三 is 3, 十 is 10); a range goes in value and value_max"
        return f"'{text}' is not a number", fix

    def not_of_type(self, field: str, text: str) -> tuple[str, str]:
        f = self.fields[field]
        form = f" in the format {f.format}" if f.format and f.format != "default" else ""
        return f"'{text}' is not a {f.type}{form}", f"Write a {f.type}{form}, as datapackage.json describes '{field}'"

    def constraint(self, field: str, text: str, note: str) -> tuple[str, str]:
        found = CONSTRAINT.search(note)
        kind = found.group(1) if found else ""
        rule = self.fields[field].constraints.get(kind)
        if kind == "required":
            return f"'{field}' is empty but required", self.required_fix(field)
        if kind == "enum":
            return (
                f"'{text}' is not one of the allowed values ({', '.join(map(str, rule))})",
                "Pick one of the allowed values exactly as written",
            )
        if kind == "pattern":
            described = self.fields[field].description
            return (
                f"'{text}' does not have the expected form (pattern {rule})",
                f"Write it in that form{': ' + described if described else ''}",
            )
        if kind in BOUNDS:
            return f"{text} is {BOUNDS[kind]} {rule}", FACT_ROW_FIX
        if kind in ("minLength", "maxLength"):
            return (
                f"'{text}' has {len(text)} characters, {'fewer' if kind == 'minLength' else 'more'} than {rule}",
                FACT_ROW_FIX,
            )
        return f"'{text}' breaks the constraint {kind or note}", "Correct the cell as datapackage.json describes it"

    def duplicate(self, fields: list[str], raw: dict, note: str) -> tuple[str, str]:
        values = [raw.get(f, "") for f in fields]
        found = POSITION.search(note or "")
        first = f" (first in row {self.table.rows[int(found.group(1)) - 2]['__row__']})" if found else ""
        if not any(values):
            return f"'{fields[0]}' is empty, but it identifies the row", self.required_fix(fields[0])
        if fields == ["id"]:
            what = f"id '{values[0]}' is used twice"
        elif len(fields) == 1:
            what = f"'{values[0]}' appears twice in column '{fields[0]}'"
        else:
            what = f"the key {', '.join(fields)} = {', '.join(values)} is used twice"
        return what + first, f"Give each row its own {' and '.join(fields)}: change one of them"

    def dangling(self, error) -> tuple[str, str]:
        target = error.reference_name or self.name
        where = Path(self.tables[target].file).name if target in self.tables else f"{target}.csv"
        fields, values = error.field_names, [str(v) for v in error.field_cells]
        optional = not any(self.fields[f].constraints.get("required") for f in fields)
        return (
            f"{', '.join(fields)} '{', '.join(values)}' is not in {where}",
            f"Use {'an' if error.reference_field_names[0][0] in 'aeiou' else 'a'} {', '.join(error.reference_field_names)} "
            f"of {where}, or add that row there first" + (", or leave the cell empty" if optional else ""),
        )


def _names(schema) -> list[str]:
    return [f.name for f in schema.fields]


def _cells(schema, table: Table | None) -> list[list[str]]:
    names = _names(schema)
    return [[row.get(name, "") for name in names] for row in table.rows] if table else []


def _target(foreign_key: dict, name: str) -> str:
    return (foreign_key.get("reference") or {}).get("resource") or name  # "" refers to the table itself


def _written_number(field) -> re.Pattern:
    """The form a report writes a number in, with the field's own group and decimal characters."""
    if not getattr(field, "bare_number", True):
        return re.compile(r".*", re.S)  # the schema allows text around the number: frictionless decides
    if field.type == INTEGER:
        return numbers.pattern(integer=True)
    return numbers.pattern(field.group_char or "", field.decimal_char)


def _schema_problem(descriptor: str, name: str, detail: str) -> Problem:
    return Problem(
        descriptor,
        f"the schema of table '{name}' cannot be used ({detail})",
        "Correct the table's schema in datapackage.json (compare it with the previous year's)",
    )
