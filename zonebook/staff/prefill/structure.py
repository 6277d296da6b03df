"""Proposals for the qualitative tables, from the report's structure and last year's rows.

- entities: last year's things that the new report names again (id, kind and names; the
  details only where the new report repeats them: last year's words are not this year's);
- ledger_exclusions: last year's exclusions whose words recur, and the numerals a rule knows
  are no quantity (years, dates, document numbers, ordinals, numbering, last year's figures
  restated, differences the report computes), each with its kind and reason;
- headlines: the document's title (not a note above it) and its numbered chapter headings,
  each given the chapter of last year's headline it resembles most (none when two are
  equally close), the heading where the next year's plan starts given `plan`;
- sections: sub-headings ((一)…。, short lead phrases, and (1)… where no section is open)
  under the chapter they stand in, those after the plan's start in `plan`;
- measures: 一是…, 二是… items, under their section of the same chapter.
Each proposal quotes the report's own words. English texts are left for staff to write.
"""

from __future__ import annotations

import re
from collections import Counter

from zonebook.data.numerals import scan
from zonebook.staff.prefill.layout import (
    ITEM_HEADING,
    LEAD_PHRASE,
    MEASURE,
    SUB_HEADING,
    chapter_headings,
    paragraphs,
    plan_start,
    title,
)

YEAR = re.compile(r"(?:19|20)\d\d年")
PLAN = "plan"


def _slug(taken: set[str], prefix: str) -> str:
    """The next free id `prefix_N` (ids are ASCII; the report's words stay in the text columns)."""
    number = 1
    while f"{prefix}_{number}" in taken:
        number += 1
    taken.add(f"{prefix}_{number}")
    return f"{prefix}_{number}"


DETAILS = ("detail_zh", "detail_en", "builder", "section")


def entities(text: str, previous: list[dict], used: dict[str, str] | None = None) -> list[dict]:
    """Last year's things the new report names, and those a filled fact row is about (`used`:
    entity id -> that row's quote, which then stands as the thing's quote)."""
    found, used = [], used or {}
    for row in previous:
        named = bool(row.get("name_zh")) and row["name_zh"] in text
        if named or row.get("id") in used:
            quote = (
                row["quote"]
                if row.get("quote") and row["quote"] in text
                else row["name_zh"]
                if named
                else used[row["id"]]
            )
            kept = {
                k: ("" if k in DETAILS and not (row.get("detail_zh") and row["detail_zh"] in text) else v)
                for k, v in row.items()
            }
            # `section` points into last year's sub-headings; the new year has its own
            found.append({**kept, "quote": quote, **({"section": ""} if "section" in row else {})})
    return found


MARKERS = (  # numerals that number the report's parts, not quantities: (pattern, reason_kind, reason)
    (re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]"), "section_number", "A section number."),
    (re.compile(r"[（(]\d{1,2}[）)]"), "list_marker", "An item number."),
    (re.compile(r"[一二三四五六七八九十]是"), "list_marker", "An item of a list (一是, 二是)."),
    (re.compile(r"(?:19|20)\d\d年|[一二][〇零一二三四五六七八九]{3}年"), "year", "A year, not a quantity."),
)
# numerals that are no quantity of this year, found by their words (the kinds `new-year` adds to
# the table's schema, EXCLUSION_KINDS)
RULES = (
    (re.compile(r"(?:(?:19|20)\d\d年)?\d{1,2}月\d{1,2}日"), "date", "A date, not a quantity."),
    (re.compile(r"\d{1,2}月(?:份|底|初|中旬|上旬|下旬)"), "date", "A month, not a quantity."),
    (re.compile(r"[〔［\[（(](?:19|20)\d\d[〕］\]）)]\s*\d+号"), "document_number", "A document number."),
    (
        re.compile(r"第[一二三四五六七八九十百\d]+(?:名|位|批|届|季度|次|个)?"),
        "ordinal",
        "An ordinal (a rank or place), not a quantity.",
    ),
    (
        re.compile(r"(?:上年|去年|上一年|上年同期)(?:为|的|是)?\d+(?:\.\d+)?(?:万|亿)?(?:美元|元|亩|家|个|%|％)?"),
        "restated",
        "Last year's figure, restated for comparison.",
    ),
    (
        re.compile(r"(?:比上年|比去年|较上年|较去年|同比)(?:增加|减少|多|少)了?\d+(?:\.\d+)?"),
        "difference",
        "A difference the report computes from two figures.",
    ),
)
EXCLUSION_KINDS = ("date", "document_number", "ordinal", "restated", "difference")


def with_exclusion_kinds(schema: dict) -> dict:
    """ledger_exclusions' schema with the kinds the rules above propose in its enum."""
    fields = []
    for field in schema["fields"]:
        enum = field.get("constraints", {}).get("enum")
        if field.get("name") == "reason_kind" and enum is not None:
            field = dict(
                field, constraints=dict(field["constraints"], enum=enum + [k for k in EXCLUSION_KINDS if k not in enum])
            )
        fields.append(field)
    return dict(schema, fields=fields)


def exclusions(text: str, previous: list[dict]) -> list[dict]:
    """Last year's exclusions whose words recur, then the numbers of headings, sections, list
    items and years."""
    # a year's reason is about last year's report (2018年: "The plan year"): the rule gives its own
    found = [
        dict(row) for row in previous if row.get("text") and row["text"] in text and row.get("reason_kind") != "year"
    ]
    ids, texts = {r["id"] for r in found}, {(r["text"], r.get("numeral", "")) for r in found}
    recurring = {r["text"] for r in found}

    def add(words: str, numeral: str, kind: str, reason: str) -> None:
        if (words, numeral) in texts or any(words.startswith(t) or t.startswith(words) for t in recurring):
            return  # last year's row already covers it (1 经济指标 covers 1 经济)
        texts.add((words, numeral))
        found.append({"id": _slug(ids, kind), "text": words, "numeral": numeral, "reason_kind": kind, "reason": reason})

    for heading in chapter_headings(text):
        number = heading.line[: len(heading.line) - len(heading.text)].strip(" 、.．")
        add(heading.line[: len(heading.line) - len(heading.text) + 2], number, "section_number", "A chapter number.")
    for pattern, kind, reason in RULES + MARKERS:  # a date before the year it holds
        for match in pattern.finditer(text):
            for numeral in scan(match.group(0)):  # a row covers one numeral: 3 and 15 of 3月15日 each
                add(match.group(0), numeral.token, kind, reason)
    return found


def _similarity(a: str, b: str) -> int:
    pairs = lambda s: Counter(s[i : i + 2] for i in range(len(s) - 1))  # noqa: E731
    return sum((pairs(a) & pairs(b)).values()) + sum((Counter(a) & Counter(b)).values())


def chapters_of(text: str, previous_headlines: list[dict], year: int | None = None) -> dict[int, str]:
    """{heading start: chapter} for the numbered headings that resemble one of last year's
    headlines; the heading where the plan for year + 1 starts is the plan's."""
    known = [
        (r["chapter"], r.get("text_zh") or r.get("quote") or "")
        for r in previous_headlines
        if r.get("chapter") not in ("report", PLAN)
    ]
    assigned = {}
    plan = (
        plan_start(text, year)
        if year is not None and any(r.get("chapter") == PLAN for r in previous_headlines)
        else None
    )
    for heading in chapter_headings(text):
        if plan is not None and heading.start >= plan:
            if PLAN not in assigned.values():
                assigned[heading.start] = PLAN
            continue
        scores = sorted(((_similarity(heading.text, words), chapter) for chapter, words in known), reverse=True)
        if (
            scores
            and scores[0][0] > 1
            and (len(scores) == 1 or scores[0][0] > scores[1][0])
            and scores[0][1] not in assigned.values()
        ):
            assigned[heading.start] = scores[0][1]
    if plan is not None and PLAN not in assigned.values():
        assigned[plan] = PLAN  # a plan without a heading of its own starts at its first paragraph
    return assigned


def headlines(text: str, previous: list[dict], year: int | None = None) -> list[dict]:
    rows, chapters = [], chapters_of(text, previous, year)
    document = title(text)
    if document and any(r.get("chapter") == "report" for r in previous):
        rows.append({"id": "report", "chapter": "report", "text_zh": document[1], "text_en": "", "quote": document[1]})
    for heading in chapter_headings(text):
        if heading.start in chapters:
            chapter = chapters[heading.start]
            rows.append(
                {"id": chapter, "chapter": chapter, "text_zh": heading.text, "text_en": "", "quote": heading.text}
            )
    return rows


def _chapter_at(position: int, starts: list[tuple[int, str]]) -> str:
    chapter = ""
    for start, name in starts:
        if start <= position:
            chapter = name
    return chapter


def sections(text: str, previous_headlines: list[dict], year: int | None = None) -> list[dict]:
    starts = sorted(chapters_of(text, previous_headlines, year).items())
    rows, taken, headed = [], set(), set()  # headed: chapters with sections of their own
    headings = {h.start for h in chapter_headings(text)}
    for offset, line in paragraphs(text):
        if offset in headings:
            continue
        chapter = _chapter_at(offset, starts)
        if not chapter:
            continue
        match = SUB_HEADING.match(line) or LEAD_PHRASE.match(line)
        found = [(offset + match.start(1), match.group(1))] if match else []
        if found:
            headed.add(chapter)
        elif chapter not in headed:  # （1）落实培训。 numbers the chapter's parts when nothing else does
            found = [(offset + m.start(), m.group(2)) for m in ITEM_HEADING.finditer(line)]
        for start, words in found:
            words = words.strip()
            rows.append(
                {
                    "id": _slug(taken, chapter),
                    "chapter": chapter,
                    "title_zh": words,
                    "title_en": "",
                    "quote": words,
                    "__start__": start,
                }
            )
    return rows


def measures(
    text: str, section_rows: list[dict], previous_headlines: list[dict] = (), year: int | None = None
) -> list[dict]:
    """一是…, 二是… items, under the last section before them in their own chapter (none when the
    chapter has no section yet)."""
    starts = sorted(chapters_of(text, list(previous_headlines), year).items())
    rows, taken = [], set()
    for offset, line in paragraphs(text):
        for match in MEASURE.finditer(line):
            position = offset + match.start()
            chapter = _chapter_at(position, starts)
            owner = [s for s in section_rows if s["__start__"] <= position and s["chapter"] == chapter]
            words = match.group(2).strip()
            if not chapter or len(words) < 4:
                continue
            section = owner[-1]["id"] if owner else ""
            rows.append(
                {
                    "id": _slug(taken, section or chapter),
                    "chapter": chapter,
                    "section": section,
                    "text_zh": words,
                    "text_en": "",
                    "quote": words,
                }
            )
    return rows
