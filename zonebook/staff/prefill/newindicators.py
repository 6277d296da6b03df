"""Figures of the new report that no row takes, proposed as new indicators for staff to accept.

A figure (a numeral with a unit of units.csv) that neither a fact row nor an exclusion accounts
for is named by the words of its clause before it (申报专利70件 → 申报专利; the words after it
when none stand before), given its unit, the chapter it stands in (by the year's proposed
headlines) and the fact table of that chapter (the plan's: targets). The id is a placeholder
for staff to rename: ids are English, the report's words are not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from zonebook.staff.prefill.facts import normalise
from zonebook.staff.prefill.figures import BIG, Figure, clause_end, clause_start, sentence_span
from zonebook.staff.prefill.layout import plan_start

PLAN = "plan"
MEASURE_WORD = re.compile(r"[\u4e00-\u9fff]")  # 件 after 86: a unit units.csv may not have yet


@dataclass(frozen=True)
class NewIndicator:
    id: str
    name_zh: str
    unit: str
    table: str
    chapter: str
    new_unit: bool = False  # the unit is not in units.csv yet

    def command(self, year: int) -> str:
        first = f"add the unit {self.unit} to data/units.csv, then " if self.new_unit else ""
        return first + (
            f"zonebook add-indicator {self.id} --year {year} --table {self.table} --chapter {self.chapter} "
            f'--unit {self.unit} --name-zh {self.name_zh} --name-en "…"'
        )


def chapter_starts(text: str, headlines: list[dict], year: int) -> list[tuple[int, str]]:
    """(position, chapter) of each proposed chapter heading found in the text, and of the plan
    for year + 1 (with or without a heading), in order."""
    found = []
    for row in headlines:
        words = row.get("quote") or row.get("text_zh") or ""
        at = text.find(words) if words and row.get("chapter") not in ("report", PLAN) else -1
        if at >= 0:
            found.append((at, row["chapter"]))
    plan = plan_start(text, year)
    return sorted(found + ([(plan, PLAN)] if plan is not None else []))


def table_of_chapter(tables: dict[str, list[dict]], chapters: dict[str, str], chapter: str) -> str:
    """The fact table most of whose indicators belong to `chapter` (targets for the plan)."""
    if chapter == PLAN:
        return "targets" if "targets" in tables else ""
    counts = Counter(
        name
        for name, rows in tables.items()
        if name != "targets"
        for row in rows
        if "indicator" in row and chapters.get(row["indicator"]) == chapter
    )
    return counts.most_common(1)[0][0] if counts else ""


def propose(
    text: str,
    loose: list,
    figures: dict[int, Figure],
    tables: dict[str, list[dict]],
    chapters: dict[str, str],
    year: int,
) -> dict[int, NewIndicator]:
    """{numeral start: its proposal} for the numerals no row took (`loose`, ledger entries):
    a figure, or Arabic digits before a measure word units.csv lacks (86件: `new_unit` says to
    add it first). None for a figure of a list (分别…、…和…): its names are the list's."""
    starts = chapter_starts(text, tables.get("headlines", []), year)
    proposals, taken = {}, Counter()
    for numeral in loose:
        figure = figures.get(numeral.start)
        skip = 1 if text.startswith(BIG, numeral.end) else 0  # 3大板: 大 says what they are, no unit
        after = text[numeral.end + skip : numeral.end + skip + 1]
        if figure is not None:
            unit, end, new_unit = figure.unit, figure.end, False
        elif numeral.token.isascii() and after and MEASURE_WORD.match(after):
            unit, end, new_unit = after, numeral.end + skip + 1, True
        else:
            continue
        chapter = next((c for at, c in reversed(starts) if at <= numeral.start), "")
        table = table_of_chapter(tables, chapters, chapter) if chapter else ""
        sentence, _ = sentence_span(text, numeral.start)
        before = text[clause_start(text, numeral.start, sentence) : numeral.start]
        if "分别" in before or text[numeral.start - 1 : numeral.start] in ("、", "和", "及"):
            continue
        name = normalise(before)
        if len(name) < 2:
            name = normalise(text[end : clause_end(text, end)])
        if len(name) < 2 or "分别" in name or not table:
            continue
        taken[table] += 1
        proposals[numeral.start] = NewIndicator(f"new_{table}_{taken[table]}", name, unit, table, chapter, new_unit)
    return proposals
