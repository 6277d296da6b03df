"""Which number of its quote a row takes. With `occurrence`, the number at that position must be
the value; without it, rows of a table that share a quote take its numbers in the order the quote
gives them (so two swapped values fail). A row that repeats another's indicator, entity, value and
quote is a copy that would count twice; two indicators may take one number only where the quote
says it applies to each (分别, 各)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from zonebook.core.errors import Problem
from zonebook.data.numerals import arabic, same_number, scan
from zonebook.data.validate.cells import short
from zonebook.data.validate.context import Year
from zonebook.data.validate.shared import Row

EACH = re.compile("分别|各|均")  # a number the quote says applies to each of several things


def check_positions(ctx: Year) -> Iterator[Problem]:
    """Each number of a quote states one fact, taken in order: no swapped, copied or doubly taken values."""
    for name, rows in ctx.fact_tables():
        by_quote: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            if row.get("quote") and isinstance(row.get("value"), float):
                by_quote[row["quote"]].append(row)
        for quote, group in by_quote.items():
            yield from _shared_quote(ctx, name, quote, group)


def _shared_quote(ctx: Year, name: str, quote: str, group: list[Row]) -> Iterator[Problem]:
    """The rows of one table that share `quote`, in the table's order."""
    numerals = scan(quote)
    listing = ", ".join(f"{i}: {n.token}" for i, n in enumerate(numerals, start=1))
    copies = yield from _copies(ctx, name, group)
    previous, taken = None, {}
    for row in group:
        at = [i for i, n in enumerate(numerals) if any(same_number(row["value"], v) for v in n.values())]
        position = at[0] if at else None
        if isinstance(row.get("occurrence"), float):
            position = yield from _occurrence(ctx, name, row, numerals, at, listing)
        elif at and len(group) > 1 and len(numerals) > 1:
            later = [i for i in at if previous is None or i >= previous[0]]
            if not later:
                yield _out_of_order(ctx, name, row, previous[1], quote, listing)
                continue
            position = later[0]
            previous = (position, row)
        if position is None:
            continue
        other = taken.setdefault(position, row)
        if other is not row and row["__row__"] not in copies and not EACH.search(quote):
            yield ctx.problem(
                name,
                f"the row takes the number {numerals[position].token} of the quote '{short(quote)}', which row "
                f"{other['__row__']} (id '{other['id']}') already takes: one number of a quote states one fact",
                "Correct the value, or quote the words that state this row's number; if the source says the number "
                "applies to each (分别, 各), quote those words too",
                row["__row__"],
                "value",
            )


def _out_of_order(ctx: Year, name: str, row: Row, before: Row, quote: str, listing: str) -> Problem:
    return ctx.problem(
        name,
        f"value {arabic(row['value'])} comes before the value of row {before['__row__']} "
        f"({arabic(before['value'])}) in their shared quote '{short(quote)}' (its numbers in order: {listing})",
        "Rows that share a quote take its numbers in the quote's order: check that two values are not swapped; "
        "if they are right, write each row's position among the quote's numbers in the occurrence column",
        row["__row__"],
        "value",
    )


def _occurrence(ctx: Year, name: str, row: Row, numerals: list, at: list[int], listing: str):
    """Yields the problem when the row's occurrence is wrong; returns the 0-based position it names, or None."""
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
    yield ctx.problem(
        name,
        message,
        "Write in occurrence the position of this row's number among the quote's numbers (1 = the first), "
        "or correct the value",
        row["__row__"],
        "occurrence",
    )
    return None


def _copies(ctx: Year, name: str, group: list[Row]):
    """Yields a problem for each row that repeats an earlier one; returns their row numbers."""
    first: dict[tuple, Row] = {}
    copies = set()
    for row in group:
        key = (row.get("indicator"), row.get("entity", ""), row["value"], row.get("value_max"), row.get("occurrence"))
        if key in first:
            yield ctx.problem(
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
