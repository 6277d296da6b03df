"""References: indicators and units name rows of the shared lists, a measure's section is of its
chapter, a finding's refs name rows. (Foreign keys within the package are the schema's: schema_check.)"""

from __future__ import annotations

from collections.abc import Iterator

from zonebook.core.errors import Problem
from zonebook.data.validate.cells import refs
from zonebook.data.validate.context import Year
from zonebook.data.validate.shared import Row


def check_listed(ctx: Year) -> Iterator[Problem]:
    """Each fact row's indicator is in the catalogue and its unit in units.csv: the book explains a figure by them."""
    for name, rows in ctx.fact_tables():
        for row in rows:
            yield from _unlisted(ctx, name, row, "indicator", ctx.shared.catalogue, "data/catalogue.csv")
            yield from _unlisted(ctx, name, row, "unit", ctx.shared.units, "data/units.csv")


def _unlisted(ctx: Year, name: str, row: Row, column: str, known: dict, where: str) -> Iterator[Problem]:
    text = row.get(column)
    if not text or text in known:
        return
    hint = _closest(text, known)
    fix, meaning = f"Use a {column} listed in {where}, or add it there first", ""
    if column == "indicator":  # a look-alike may mean something else: a new figure gets its own indicator
        meaning = f" ({known[hint].get('name_en', '')}), if it means the same thing" if hint else ""
        fix = (
            "Use an indicator of data/catalogue.csv that means exactly this, or add a new one with "
            "`zonebook add-indicator` (see the year's CHECKLIST.md, “A new indicator”)"
        )
    yield ctx.problem(
        name,
        f"{column} '{text}' is not in {where}" + (f" (did you mean '{hint}'{meaning}?)" if hint else ""),
        fix,
        row["__row__"],
        column,
    )


def check_measure_chapters(ctx: Year) -> Iterator[Problem]:
    """A measure's section belongs to the measure's chapter: the chapter page lists it under that section."""
    sections = {r["id"]: r.get("chapter") for r in ctx.tables.get("sections", [])}
    for row in ctx.tables.get("measures", []):
        section = row.get("section")
        if section in sections and sections[section] != row.get("chapter"):
            yield ctx.problem(
                "measures",
                f"section '{section}' belongs to chapter '{sections[section]}', not '{row.get('chapter')}'",
                "Give the measure the chapter of its section, or pick a section of its chapter",
                row["__row__"],
                "chapter",
            )


def check_finding_refs(ctx: Year) -> Iterator[Problem]:
    """Each ref of a finding (table:id) names a row: a finding links to the figures it is about."""
    for row in ctx.tables.get("findings", []):
        for ref in refs(row.get("refs", "")):
            table, _, row_id = ref.partition(":")
            if table in ctx.unreadable:
                continue
            if not any(r["id"] == row_id for r in ctx.tables.get(table, [])):
                yield ctx.problem(
                    "findings",
                    f"ref '{ref}' names no row (expected table:id, e.g. land:projects_started)",
                    "Write the table name and the row's id separated by ':', several refs separated by ';'",
                    row["__row__"],
                    "refs",
                )


def check_unit_dimensions(ctx: Year) -> Iterator[Problem]:
    """A unit other than the catalogue's measures the same thing (万元 for 亿元): values keep the source's unit."""
    shared = ctx.shared
    for name, rows in ctx.fact_tables():
        for row in rows:
            unit, item = row.get("unit"), shared.catalogue.get(row.get("indicator"))
            if not unit or item is None or unit not in shared.units or unit == item.get("unit"):
                continue
            expected = item.get("unit", "")
            if shared.dimension(unit) != shared.dimension(expected):
                yield ctx.problem(
                    name,
                    f"wrong unit '{unit}' for indicator '{row['indicator']}': expected '{expected}' "
                    f"(or another {shared.dimension(expected) or 'unit'} unit), '{unit}' is {shared.dimension(unit) or 'another kind'}",
                    f"Write the unit the source uses for this number (the catalogue says {expected})",
                    row["__row__"],
                    "unit",
                )


def _closest(text: str, known: dict) -> str | None:
    import difflib  # only on a miss

    close = difflib.get_close_matches(text, list(known), n=1, cutoff=0.75)
    return close[0] if close else None
