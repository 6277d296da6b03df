"""Provenance: each quote is in the year's source document and states its row's value, with the
qualifier its words give (约, 余, 以上); a ledger exclusion's numeral is in its text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zonebook.core.errors import Problem
from zonebook.data import FACT_TABLES, ledger
from zonebook.data.numerals import arabic, forms, same_number
from zonebook.data.validate.cells import short
from zonebook.data.validate.consistency import QUALIFIERS
from zonebook.data.validate.context import Year
from zonebook.data.validate.shared import Row

APPROX_BEFORE, APPROX_AFTER = ("约", "近", "大约"), ("左右", "上下")
MORE_BEFORE, MORE_AFTER = ("超过", "逾"), ("余", "多")
AT_LEAST_BEFORE = ("不少于", "不低于", "至少")  # 不少于70件, 70件以上: "70 or more"
AT_LEAST_AFTER = re.compile(r"^[十百千万亿]*[^\d\s，。；、：,.;:]{0,3}?以上")
ORDER_OF_MAGNITUDE = "十百千万亿"  # may sit between a numeral and 余: 8万余㎡


def check_own_quotes(ctx: Year) -> Iterator[Problem]:
    """Without a source document a quote cannot be found, but it must still state its row's value."""
    if ctx.source is not None:
        return
    ctx.report.notes.append(
        f"no source document (data/sources/{ctx.year}.txt): each value is checked against its own quote only"
    )
    for name, rows in ctx.fact_tables():
        for row in rows:
            if row.get("quote"):
                yield from _values_in_quote(ctx, name, row)


def check_provenance(ctx: Year) -> Iterator[Problem]:
    """Each quote (an exclusion's text) is in the source document, and states what its row says."""
    if ctx.source is None:
        return
    for name, rows in ctx.tables.items():
        quoted = "text" if name == "ledger_exclusions" else "quote"
        for row in rows:
            if row.get(quoted) and row[quoted] not in ctx.source:
                yield _not_in_source(ctx, name, row, quoted)
                continue
            if name in FACT_TABLES and row.get("quote"):
                yield from _values_in_quote(ctx, name, row)
            if name == "ledger_exclusions" and row.get("text"):
                yield from _exclusion_numeral(ctx, row)


def _not_in_source(ctx: Year, name: str, row: Row, column: str) -> Problem:
    return ctx.problem(
        name,
        f"the {column} '{short(row[column])}' is not in the source document ({ctx.year}.txt)",
        f"Copy the words from data/sources/{ctx.year}.txt exactly, with the same punctuation (，not ,) and no added spaces",
        row["__row__"],
        column,
    )


def _values_in_quote(ctx: Year, name: str, row: Row) -> Iterator[Problem]:
    """value and value_max are numbers of the quote; then the qualifier matches its words."""
    inside = ctx.numerals_in(row["quote"])
    found_value = []
    for column in ("value", "value_max"):
        value = row.get(column)
        if not isinstance(value, float):
            continue
        hits = [n for n in inside if any(same_number(value, v) for v in n.values())]
        if not hits:
            written = ", ".join(n.token for n in inside) or "no number"
            yield ctx.problem(
                name,
                f"{column} {arabic(value)} does not appear in the quote '{short(row['quote'])}' (the quote has {written}; "
                f"looked for {' or '.join(forms(value)[:3])})",
                "Make the value what the quote says, or quote the words that state this number",
                row["__row__"],
                column,
            )
        elif column == "value":
            found_value = hits
    if found_value:
        yield from _qualifier(ctx, name, row, found_value)


def _qualifier(ctx: Year, name: str, row: Row, hits: list) -> Iterator[Problem]:
    qualifier = row.get("qualifier")
    if qualifier not in QUALIFIERS or qualifier == "range" or isinstance(row.get("value_max"), float):
        return
    said = {_marker(ctx.source if ctx.source is not None else row["quote"], n) for n in hits} - {None}
    if said and qualifier not in {kind for kind, _ in said}:
        kind, word = sorted(said)[0]
        yield ctx.problem(
            name,
            f"the quote says '{word}' next to the number, but the qualifier is '{qualifier}'",
            f"Set the qualifier to '{kind}' (约/左右 = approx, 余/多 = more_than, 以上/不少于 = at_least)",
            row["__row__"],
            "qualifier",
        )
    elif not said and qualifier in ("approx", "more_than", "at_least"):
        yield ctx.problem(
            name,
            f"the qualifier is '{qualifier}' but the quote has no 约, 左右, 余, 多, 以上 or 不少于 next to the number",
            "Set the qualifier to 'exact', or quote the words that make the number approximate",
            row["__row__"],
            "qualifier",
        )


def _exclusion_numeral(ctx: Year, row: Row) -> Iterator[Problem]:
    numeral = row.get("numeral", "")
    inside = ctx.numerals_in(row["text"])
    cover = ledger.exclusion_covers([row])[0]
    if numeral and not any(ledger.matches(n, cover) for n in inside):
        written = ", ".join(n.token for n in inside) or "no numeral"
        yield ctx.problem(
            "ledger_exclusions",
            f"numeral '{numeral}' is not in the text '{short(row['text'])}' (it has {written})",
            "Write the numeral as it appears in the text (e.g. 2017 or 一)",
            row["__row__"],
            "numeral",
        )


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
