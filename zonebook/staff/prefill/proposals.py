"""Proposals for every fact row of a new year's scaffold, from the new report's text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zonebook.data import YearData
from zonebook.data.numerals import scan
from zonebook.data.readers import read_csv
from zonebook.staff.prefill.facts import (
    Matcher,
    Outcome,
    Template,
    Want,
    check_list_order,
    claimed_elsewhere,
    normalise,
    resolve,
    template,
)
from zonebook.staff.prefill.figures import Unit, sentence_span, unit_table
from zonebook.staff.prefill.layout import plan_start


@dataclass
class Context:
    """What earlier years give, newest first: their fact rows (with `table`), targets, entities, documents."""

    years: list[YearData]
    sources: dict[int, str]
    units: dict[str, Unit]
    facts: dict[int, list[dict]] = field(default_factory=dict)
    targets: dict[int, list[dict]] = field(default_factory=dict)
    entities: list[dict] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # indicator -> Chinese name
    new_text: str = ""  # the new report
    chapters: dict[str, str] = field(default_factory=dict)  # indicator -> chapter

    @classmethod
    def of(cls, years: list[YearData], data_root: Path, new_text: str = "") -> Context:
        from zonebook.data import source_text

        sources = {y.year: source_text(y.year, data_root) for y in years}
        records = lambda frame: [] if frame is None else frame.to_dict("records")  # noqa: E731
        return cls(
            years,
            {k: v for k, v in sources.items() if v},
            unit_table(Path(data_root) / "units.csv"),
            {y.year: records(y.facts()) for y in years},
            {y.year: records(y.table("targets")) for y in years},
            records(years[0].table("entities")),
            {r["id"]: r["name_zh"] for r in read_csv(Path(data_root) / "catalogue.csv").rows},
            new_text,
            {r["id"]: r["chapter"] for r in read_csv(Path(data_root) / "catalogue.csv").rows},
        )

    def is_label(self, entity: str) -> bool:
        """An entity named in the book's words (道路建设 for the roads a report lists), which
        the new report need not use: its rows are matched by their words, not its name."""
        row = next((e for e in self.entities if e["id"] == entity), {})
        return row.get("kind") in LABEL_KINDS and row.get("name_zh", "") not in self.new_text

    def rows(self, kind: dict[int, list[dict]], indicator: str, entity: str) -> list[dict]:
        return [r for y in self.years for r in kind[y.year] if r["indicator"] == indicator and r["entity"] == entity]


def _templates(rows: list[dict], units) -> list[Template]:
    found = []
    for row in rows:
        t = template(str(row["quote"] or ""), None if row["value"] != row["value"] else float(row["value"]), units)
        if t is not None and t.quote not in {x.quote for x in found}:
            found.append(t)
    return found


def _preceding(context: Context, quote: str) -> list[tuple[str, str]]:
    """For a list quote (分别…): last year's rows stated before it in its sentence, in order."""
    previous = context.years[0].year
    source = context.sources.get(previous)
    if not source or quote not in source:
        return []
    at = source.index(quote)
    start, _ = sentence_span(source, at)
    placed = []
    for row in context.facts[previous]:
        position = source.find(str(row["quote"]), start)
        if row["quote"] and 0 <= position < at and "分别" not in row["quote"]:
            placed.append((position, (row["table"], row["id"])))
    numerals = len([n for n in scan(quote) if n.value is not None])
    placed.sort()
    return [ref for _, ref in placed][-numerals:] if numerals else []


LABEL_KINDS = {"spending_item", "training_kind", "role"}


def want_of(context: Context, table: str, row: dict) -> Want:
    indicator, entity = row["indicator"], row.get("entity", "") or ""
    actual_rows, target_rows = (
        context.rows(context.facts, indicator, entity),
        context.rows(context.targets, indicator, entity),
    )
    mine, theirs = (target_rows, actual_rows) if table == "targets" else (actual_rows, target_rows)
    previous = next(
        (float(r["value"]) for r in mine + theirs if r["value"] == r["value"] and r["unit"] == row["unit"]), None
    )
    entity_names = {}
    if entity and not context.is_label(entity):
        used = {entity} | {
            r["entity"]
            for y in context.years
            for r in (context.targets if table == "targets" else context.facts)[y.year]
            if r.get("table", "targets") == table and r["entity"]
        }
        entity_names = {e["id"]: e["name_zh"] for e in context.entities if e["id"] in used}
    want = Want(
        table,
        row["id"],
        indicator,
        entity,
        row["unit"],
        previous,
        _templates(mine, context.units),
        _templates(theirs, context.units),
        normalise(context.names.get(indicator, "")),
        entity_names,
    )
    lists = [t for t in want.templates if t.is_list]
    if lists:
        want.preceding = _preceding(context, lists[0].quote)
    return want


def propose(text: str, year: int, rows: dict[str, list[dict]], context: Context) -> list[Outcome]:
    """An outcome for every fact row of `rows` ({table: scaffold rows}), in table order."""
    plan = plan_start(text, year)
    review = Matcher(text, 0, plan if plan is not None else len(text), context.units)
    planned = Matcher(text, plan, len(text), context.units) if plan is not None else None
    wants, parts = {}, {}
    for table, table_rows in rows.items():
        for row in table_rows:
            wants[(table, row["id"])] = want_of(context, table, row)
            parts[(table, row["id"])] = planned if table == "targets" else review
    hits = {key: part.hits(wants[key]) for key, part in parts.items() if part is not None}
    kept = {}
    for part in (review, planned):  # figures compete within one part of the report
        mine = {key: h for key, h in hits.items() if parts[key] is part}
        kept.update(claimed_elsewhere(mine, wants))
    outcomes = []
    for key, want in wants.items():
        if parts[key] is None:
            outcomes.append(
                Outcome(
                    want,
                    reason=f"the report has no part about {year + 1}'s plan (a paragraph starting “{year + 1}年” or a heading such as “{year + 1}年工作计划”)",
                )
            )
        else:
            outcomes.append(parts[key].decide(want, kept[key]))
    outcomes = resolve(outcomes, _chapter_finder(text, year, context), context.chapters)
    by_row = {(o.want.table, o.want.id): o for o in outcomes}
    return [check_list_order(o, by_row, text) for o in outcomes]


def _chapter_finder(text: str, year: int, context: Context):
    """position -> the chapter the report's heading above it belongs to (by last year's headlines)."""
    from zonebook.staff.prefill.structure import chapters_of

    table = context.years[0].table("headlines")
    headlines = [] if table is None else table.to_dict("records")
    starts = sorted(chapters_of(text, headlines, year).items())

    def chapter_at(position: int) -> str:
        return next((chapter for start, chapter in reversed(starts) if start <= position), "")

    return chapter_at
