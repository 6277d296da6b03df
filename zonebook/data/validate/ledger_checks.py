"""The numeral ledger: every numeral of the source document is in a fact row or an exclusion."""

from __future__ import annotations

from collections.abc import Iterator

from zonebook.core.errors import Problem, rel
from zonebook.data import FACT_TABLES, ledger
from zonebook.data.validate.context import Year


def check_ledger(ctx: Year) -> Iterator[Problem]:
    """Each numeral of the source is accounted for: a number left out of the book is a decision, not an oversight."""
    if ctx.source is None:
        return
    blocking = sorted(ctx.unreadable & set(FACT_TABLES + ["ledger_exclusions"]))
    if blocking:  # every numeral of an unread table would show as unaccounted: noise, not news
        ctx.report.notes.append(f"the numeral ledger is not checked until {', '.join(blocking)} can be read")
        return
    entries = ledger.account(dict(ctx.fact_tables()), ctx.tables.get("ledger_exclusions", []), ctx.source)
    source_file = rel(ctx.root / "sources" / f"{ctx.year}.txt")
    for entry in entries:
        if entry.disposition == ledger.UNACCOUNTED:
            yield Problem(
                source_file,
                f"the numeral '{entry.token}' in “{entry.context}” is in no fact row and no exclusion",
                "Add a fact row whose quote contains it (with this value), or a row to ledger_exclusions.csv saying why it is not a fact",
                entry.line,
            )
    ctx.report.numerals = sum(e.disposition != ledger.UNACCOUNTED for e in entries)
