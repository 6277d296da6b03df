"""Growth rates against the two years' values they are a rate of: a note, never an error (the
report may state a rate its own figures do not give, and says so in findings.csv)."""

from __future__ import annotations

import math
from collections.abc import Iterator

from zonebook.core import paths
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import FACT_TABLES, numbers
from zonebook.data.numerals import arabic
from zonebook.data.precision import written_digits
from zonebook.data.readers import read_table, table_file
from zonebook.data.validate.cells import refs
from zonebook.data.validate.context import Year
from zonebook.data.validate.shared import Row, Shared

GROWTH = "_growth"  # a growth rate's indicator: its base indicator's id with this suffix


def check_growth_rates(ctx: Year) -> Iterator[Problem]:
    """A growth rate (indicator `X_growth`) against the year's and the previous year's value of
    `X` (same entity, both exact): a note naming the rate's row when no values within the
    rounding of the three written numbers give the stated rate (134 and 118 may be 133.5–134.5
    and 117.5–118.5, so 12.7–14.5%: a stated 14% (13.5–14.5) is fine, 24% is not). A finding
    (kind 'discrepancy') whose refs name the rate's row keeps it quiet: the report says so."""
    previous = previous_values(ctx)
    if not previous:
        return
    current = {
        (r.get("indicator"), r.get("entity", "")): r
        for _, rows in ctx.fact_tables(include_targets=False)
        for r in rows
        if r.get("qualifier") == "exact" and isinstance(r.get("value"), float)
    }
    explained = {ref for row in ctx.tables.get("findings", []) for ref in refs(row.get("refs", ""))}
    for name, rows in ctx.fact_tables(include_targets=False):
        for rate in rows:
            if f"{name}:{rate['id']}" in explained or not _is_exact_rate(rate):
                continue
            base = (rate["indicator"][: -len(GROWTH)], rate.get("entity", ""))
            if base in current and base in previous:
                note = _disagreement(ctx, name, rate, current[base], *previous[base])
                if note:
                    ctx.report.notes.append(str(note))
    yield from ()


def _is_exact_rate(row: Row) -> bool:
    return (
        row.get("indicator", "").endswith(GROWTH)
        and row.get("unit") == "%"
        and row.get("qualifier") == "exact"
        and isinstance(row.get("value"), float)
    )


def _disagreement(ctx: Year, name: str, rate: Row, now: Row, prior: Row, where: str) -> Problem | None:
    """The note for a rate outside what its two values allow; None when they agree."""
    allowed = growth_bounds(now, prior, ctx.shared)
    if allowed is None:
        return None
    low, high = allowed
    stated = rate["value"]
    half = 0.5 * 10 ** -len(arabic(stated).partition(".")[2])
    if stated + half >= low and stated - half <= high:
        return None
    computed = (ctx.in_base_unit(now) / ctx.in_base_unit(prior) - 1) * 100
    entity = rate.get("entity", "")
    return ctx.problem(
        name,
        f"the growth rate {arabic(stated)}% of '{now['indicator']}'{' of ' + entity if entity else ''} "
        f"disagrees with its values: {arabic(now['value'])} {now['unit']} in {ctx.year} and "
        f"{arabic(prior['value'])} {prior['unit']} in {ctx.year - 1} ({where}, row {prior['__row__']}) "
        f"give {computed:.1f}% (the rounding of the written numbers allows {low:.1f}% to {high:.1f}%)",
        "Check the rate and both values against the two reports; if the report itself states them so, "
        f"add a row to findings.csv (kind 'discrepancy') whose refs name {name}:{rate['id']}",
        rate["__row__"],
        "value",
    )


def previous_values(ctx: Year) -> dict[tuple[str, str], tuple[Row, str]]:
    """The previous year's exact fact rows (targets aside) by (indicator, entity), each with its
    file; empty when there is no previous year or its tables cannot be read (validating that
    year says why)."""
    folder = paths.year_dir(ctx.year - 1, ctx.root)
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
            try:
                value = numbers.parse(row.get("value", ""))
            except ValueError:
                continue
            if value is None or row.get("qualifier") != "exact" or not row.get("indicator"):
                continue
            found.setdefault((row["indicator"], row.get("entity", "")), ({**row, "value": value}, rel(path)))
    return found


def growth_bounds(now: Row, prior: Row, shared: Shared) -> tuple[float, float] | None:
    """The lowest and highest growth (%) from `prior` to `now` that values within the rounding
    of the two written numbers give (each ± half a unit in its last significant digit, as
    zonebook.data.precision counts digits: 134 ± 0.5, 2560 ± 5, 3.22 ± 0.005); None when the
    units are not comparable or a value is not positive."""
    bounds = []
    for row in (now, prior):
        factor, value = shared.factor(row.get("unit", "")), row["value"]
        if factor is None or value <= 0 or shared.dimension(row["unit"]) != shared.dimension(now["unit"]):
            return None
        half = 0.5 * 10 ** (math.floor(math.log10(value)) - written_digits(value) + 1)
        bounds.append(((value - half) * factor, (value + half) * factor))
    (now_low, now_high), (prior_low, prior_high) = bounds
    return (now_low / prior_high - 1) * 100, (now_high / prior_low - 1) * 100
