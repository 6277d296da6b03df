"""Figures that agree with themselves and with each other: signs, whole counts, percentages, ranges,
totals, one value per indicator, descriptions without figures."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from zonebook.core import paths
from zonebook.core.errors import DataError, Problem
from zonebook.data.numerals import arabic
from zonebook.data.readers import read_csv
from zonebook.data.validate.cells import refs, short
from zonebook.data.validate.context import Year
from zonebook.data.validate.shared import Row

COUNT = "count"
NON_NEGATIVE_DIMENSIONS = {COUNT, "area", "length", "duration"}  # and every currency_* (money)
PERCENT_RANGE = (-100.0, 1000.0)
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "range")
DETAIL_FIGURE = re.compile(r"\S{0,3}(?:\d|[两三四五六七八九十百千])\S{0,3}")  # 一 is 一批, 一体: a word


def check_numbers(ctx: Year) -> Iterator[Problem]:
    """Each fact row's value can be what its unit measures, and a range is written as one."""
    for name, rows in ctx.fact_tables():
        for row in rows:
            yield from _magnitude(ctx, name, row)
            yield from _range_fields(ctx, name, row)


def _magnitude(ctx: Year, name: str, row: Row) -> Iterator[Problem]:
    """No negative amount, no fraction of a count, a percentage as per cent (14, not 0.14)."""
    dimension = ctx.shared.dimension(row.get("unit", ""))
    for column in ("value", "value_max"):
        value = row.get(column)
        if not isinstance(value, float):
            continue
        if _non_negative(dimension) and value < 0:
            yield ctx.problem(
                name,
                f"{arabic(value)} is negative, but a {dimension} in {row['unit']} cannot be",
                "Write the number without a minus sign; a fall is written as a negative growth %",
                row["__row__"],
                column,
            )
        if dimension == COUNT and not value.is_integer():
            yield ctx.problem(
                name,
                f"{arabic(value)} is not a whole number, but {row['unit']} counts things",
                "A count is a whole number: check the digits against the source",
                row["__row__"],
                column,
            )
        if row.get("unit") == "%" and not PERCENT_RANGE[0] <= value <= PERCENT_RANGE[1]:
            yield ctx.problem(
                name,
                f"{arabic(value)}% is outside {PERCENT_RANGE[0]:g}..{PERCENT_RANGE[1]:g}",
                "Write the percentage as a number of per cent (14 for 14%), not as a fraction",
                row["__row__"],
                column,
            )


def _range_fields(ctx: Year, name: str, row: Row) -> Iterator[Problem]:
    """value_max is above value, and given exactly when the qualifier is 'range'."""
    value, value_max, qualifier = row.get("value"), row.get("value_max"), row.get("qualifier")
    if isinstance(value, float) and isinstance(value_max, float) and value_max < value:
        yield ctx.problem(
            name,
            f"value_max {arabic(value_max)} is below value {arabic(value)}",
            "Put the lower bound in value and the upper bound in value_max",
            row["__row__"],
            "value_max",
        )
    if value_max is not None and qualifier in QUALIFIERS and qualifier != "range":
        yield ctx.problem(
            name,
            f"the row gives value_max but its qualifier is '{qualifier}'",
            "A number given as a range (三四十, 5-10) has qualifier 'range'",
            row["__row__"],
            "qualifier",
        )
    if value_max is None and qualifier == "range":
        yield ctx.problem(
            name,
            "qualifier is 'range' but value_max is empty",
            "Write the upper bound in value_max, or set the qualifier to exact/approx/more_than",
            row["__row__"],
            "value_max",
        )


def check_spending_total(ctx: Year) -> Iterator[Problem]:
    """The items of spending.csv (rows with an entity) add up to its total (the money row without one),
    unless a discrepancy finding names the total and states the items' sum (which pins it)."""
    rows = [r for r in ctx.tables.get("spending", []) if _is_money(ctx.shared.dimension(r.get("unit", "")))]
    items = [r for r in rows if r.get("entity")]
    totals = [r for r in rows if not r.get("entity")]
    if not items or len(totals) != 1 or not isinstance(totals[0].get("value"), float):
        return
    total = totals[0]
    factor = ctx.shared.factor(total["unit"])
    item_values = [ctx.in_base_unit(r) for r in items]
    if factor is None or None in item_values:
        return
    item_sum = sum(item_values) / factor
    tolerance = 0.5 * 10 ** -_decimals(total)
    shown = f"{item_sum:.2f}"
    if abs(item_sum - total["value"]) > tolerance + 1e-9 and not _sum_explained(ctx, total, shown):
        yield ctx.problem(
            "spending",
            f"the {len(items)} items add up to {shown} {total['unit']}, but the total says "
            f"{arabic(total['value'])} (allowed rounding: ±{tolerance:g})",
            "Check each item's value and unit against the source; if the source itself does not add up, add a "
            f"row to findings.csv (kind 'discrepancy') whose refs name spending:{total['id']} and whose "
            f"description states the items' sum, {shown}",
            total["__row__"],
            "value",
        )


def _sum_explained(ctx: Year, total: Row, shown: str) -> bool:
    """A finding that names the total and states the items' sum keeps a source that does not add up;
    stating the sum pins it, so a later mistyped item is caught again."""
    sums = {shown, shown.rstrip("0").rstrip(".")}
    return any(
        row.get("kind") == "discrepancy"
        and f"spending:{total['id']}" in refs(row.get("refs", ""))
        and any(x in f"{row.get('description_zh', '')} {row.get('description_en', '')}" for x in sums)
        for row in ctx.tables.get("findings", [])
    )


def check_discrepancies(ctx: Year) -> Iterator[Problem]:
    """Two rows for one indicator (and entity) with different values must be explained in findings.csv."""
    referenced = {ref for row in ctx.tables.get("findings", []) for ref in refs(row.get("refs", ""))}
    groups: dict[tuple[str, str], list[tuple[str, Row]]] = defaultdict(list)
    for name, rows in ctx.fact_tables(include_targets=False):
        for row in rows:
            if row.get("indicator"):
                groups[(row["indicator"], row.get("entity", ""))].append((name, row))
    for (indicator, entity), members in groups.items():
        values = {round(v, 9) for v in (ctx.in_base_unit(r) for _, r in members) if v is not None}
        if len(values) < 2:
            continue
        where = ", ".join(f"{n}:{r['id']} = {arabic(r['value'])} {r['unit']}" for n, r in members)
        for name, row in members:
            if f"{name}:{row['id']}" not in referenced:
                yield ctx.problem(
                    name,
                    f"indicator '{indicator}'{' of ' + entity if entity else ''} has different values in different rows ({where}) and no finding explains it",
                    f"If the source really gives two figures, add a row to findings.csv (kind 'discrepancy') whose refs name {name}:{row['id']}; otherwise correct the value",
                    row["__row__"],
                    "value",
                )


def check_entity_details(ctx: Year) -> Iterator[Problem]:
    """An entity's description states no figure: figures are fact rows with their quotes, kept
    current by the book; one typed into prose goes stale. Names with numerals in them (三八河,
    第三产业: an entity's name, a glossary term, a ledger exclusion's text of any year) are words."""
    rows = ctx.tables.get("entities", [])
    if not rows:
        return
    words = {r.get("name_zh", "") for r in rows} | {r.get("text", "") for r in ctx.tables.get("ledger_exclusions", [])}
    words |= {r.get("term_zh", "") for r in _glossary(ctx.root)} | _excluded_words(ctx.root)
    words = sorted((w for w in words if w), key=len, reverse=True)
    for row in rows:
        for column in ("detail_zh", "detail_en"):
            text = row.get(column) or ""
            for word in words:
                text = text.replace(word, "")
            figure = DETAIL_FIGURE.search(text)
            if figure:
                yield ctx.problem(
                    "entities",
                    f"the description states a figure ('{figure.group(0)}' in '{short(row[column])}')",
                    "Describe it without the number: a figure is a fact row with its quote, which the book keeps "
                    "current (add one if the report states it)",
                    row["__row__"],
                    column,
                )


@functools.cache
def _glossary_rows(path: Path, mtime: float) -> tuple[dict, ...]:
    try:
        return tuple(read_csv(path).rows)
    except (FileNotFoundError, DataError):  # a bad glossary is reported by check_translations
        return ()


def _glossary(root: Path) -> tuple[dict, ...]:
    path = paths.glossary_file(root)
    return _glossary_rows(path, path.stat().st_mtime if path.exists() else 0.0)


def _excluded_words(root: Path) -> set[str]:
    """The texts of every year's ledger exclusions: words with a numeral in them (两岸, 第三产业)."""
    words = set()
    for path in sorted(Path(root).glob("[0-9][0-9][0-9][0-9]/ledger_exclusions.csv")):
        try:
            words |= {r.get("text", "") for r in read_csv(path).rows}
        except DataError:  # reported with that year
            continue
    return words


def _is_money(dimension: str) -> bool:
    return dimension.startswith("currency")


def _non_negative(dimension: str) -> bool:
    return dimension in NON_NEGATIVE_DIMENSIONS or _is_money(dimension)


def _decimals(row: Row) -> int:
    """Digits after the point in the number as the source writes it (2893 → 0, 3.42 → 2)."""
    text = arabic(row["value"])
    return len(text.partition(".")[2])
