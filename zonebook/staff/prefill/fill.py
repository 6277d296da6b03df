"""Pre-fill a scaffold's rows from the new report: fact rows, then the qualitative tables."""

from __future__ import annotations

from pathlib import Path

from zonebook.data import YearData
from zonebook.data.numerals import arabic
from zonebook.data.status import COLUMN, PROPOSED
from zonebook.staff.prefill import review, structure
from zonebook.staff.prefill.proposals import Context, propose


def _records(year: YearData, name: str) -> list[dict]:
    table = year.table(name)
    return [] if table is None else [{k: ("" if v != v else v) for k, v in r.items()} for r in table.to_dict("records")]


def prefill(
    text: str, year: int, rows: dict[str, list[dict]], earlier: list[YearData], root: Path, source_name: str
) -> tuple[dict[str, list[dict]], str]:
    """Fill `rows` ({fact table: scaffold rows}) in place from `text`, using the earlier years
    (newest first); return the qualitative proposals and REVIEW.md."""
    previous = earlier[0]
    context = Context.of(earlier, root, text)
    outcomes = propose(text, year, rows, context)
    by_row = {(o.want.table, o.want.id): o for o in outcomes}
    for table, table_rows in rows.items():
        for row in table_rows:
            outcome = by_row[(table, row["id"])]
            if outcome.figure is None:  # for the review sheet; not a column of the table
                row["__reason__"] = outcome.reason
                row["__candidates__"] = " | ".join(f"{c.token}{c.unit}" for c in outcome.candidates[:6])
                row["__candidate_starts__"] = [c.start for c in outcome.candidates]
                continue
            f = outcome.figure
            row.update(
                value=arabic(f.value),
                value_max="" if f.value_max is None else arabic(f.value_max),
                unit=f.unit,
                qualifier=f.qualifier,
                quote=outcome.quote,
                **{COLUMN: PROPOSED},
            )
    used = {r["entity"]: r["quote"] for rs in rows.values() for r in rs if r.get("entity") and r.get("quote")}
    qualitative = _qualitative(text, previous, year, used)
    return qualitative, review.write(year, text, outcomes, qualitative, context.names, source_name)


def _qualitative(text: str, previous: YearData, year: int, used: dict[str, str]) -> dict[str, list[dict]]:
    listed = {r["name"] for r in previous.descriptor["resources"]}
    found: dict[str, list[dict]] = {}
    if "entities" in listed:
        found["entities"] = structure.entities(text, _records(previous, "entities"), used)
    if "ledger_exclusions" in listed:
        found["ledger_exclusions"] = structure.exclusions(text, _records(previous, "ledger_exclusions"))
    headlines = _records(previous, "headlines")
    if "headlines" in listed and headlines:
        found["headlines"] = structure.headlines(text, headlines, year)
        sections = structure.sections(text, headlines, year)
        if "sections" in listed:
            found["sections"] = sections
        if "measures" in listed:
            found["measures"] = structure.measures(text, sections, headlines, year)
    for rows in found.values():
        for row in rows:
            row.pop("__start__", None)
            row[COLUMN] = PROPOSED
    return found
