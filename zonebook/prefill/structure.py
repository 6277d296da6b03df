"""Proposals for the qualitative tables, from the report's structure and last year's rows.

- entities: last year's things that the new report names again (same id, names, details);
- ledger_exclusions: last year's exclusions whose words recur, and every year (2018年);
- headlines: the document's title and its numbered chapter headings, each given the chapter
  of last year's headline it resembles most (none when two are equally close);
- sections: sub-headings ((一)…。 and short lead phrases) under a chapter heading with a chapter;
- measures: 一是…, 二是… items, under their section.
Each proposal quotes the report's own words. English texts are left for staff to write.
"""

from __future__ import annotations

import re
from collections import Counter

from ..numerals import scan
from .layout import LEAD_PHRASE, MEASURE, SUB_HEADING, chapter_headings, paragraphs, title

YEAR = re.compile(r"(?:19|20)\d\d年")


def _slug(taken: set[str], prefix: str) -> str:
    """The next free id `prefix_N` (ids are ASCII; the report's words stay in the text columns)."""
    number = 1
    while f"{prefix}_{number}" in taken:
        number += 1
    taken.add(f"{prefix}_{number}")
    return f"{prefix}_{number}"


def entities(text: str, previous: list[dict]) -> list[dict]:
    found = []
    for row in previous:
        if row.get("name_zh") and row["name_zh"] in text:
            quote = row["quote"] if row.get("quote") and row["quote"] in text else row["name_zh"]
            # `section` points into last year's sub-headings; the new year has its own
            found.append({**row, "quote": quote, **({"section": ""} if "section" in row else {})})
    return found


MARKERS = (  # numerals that number the report's parts, not quantities: (pattern, reason_kind, reason)
    (re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]"), "section_number", "A section number."),
    (re.compile(r"[（(]\d{1,2}[）)]"), "list_marker", "An item number."),
    (re.compile(r"[一二三四五六七八九十]是"), "list_marker", "An item of a list (一是, 二是)."),
    (re.compile(r"(?:19|20)\d\d年|[一二][〇零一二三四五六七八九]{3}年"), "year", "A year, not a quantity."),
)


def exclusions(text: str, previous: list[dict]) -> list[dict]:
    """Last year's exclusions whose words recur, then the numbers of headings, sections, list
    items and years."""
    found = [dict(row) for row in previous if row.get("text") and row["text"] in text]
    ids, texts = {r["id"] for r in found}, {r["text"] for r in found}

    def add(words: str, numeral: str, kind: str, reason: str) -> None:
        if any(words.startswith(t) or t.startswith(words) for t in texts):
            return  # last year's row already covers it (1 经济指标 covers 1 经济)
        texts.add(words)
        found.append({"id": _slug(ids, kind), "text": words, "numeral": numeral, "reason_kind": kind, "reason": reason})

    for heading in chapter_headings(text):
        number = heading.line[: len(heading.line) - len(heading.text)].strip(" 、.．")
        add(heading.line[: len(heading.line) - len(heading.text) + 2], number, "section_number", "A chapter number.")
    for pattern, kind, reason in MARKERS:
        for match in pattern.finditer(text):
            numeral = next(n.token for n in scan(match.group(0)))
            add(match.group(0), numeral, kind, reason)
    return found


def _similarity(a: str, b: str) -> int:
    pairs = lambda s: Counter(s[i : i + 2] for i in range(len(s) - 1))  # noqa: E731
    return sum((pairs(a) & pairs(b)).values()) + sum((Counter(a) & Counter(b)).values())


def chapters_of(text: str, previous_headlines: list[dict]) -> dict[int, str]:
    """{heading start: chapter} for the numbered headings that resemble one of last year's headlines."""
    known = [
        (r["chapter"], r.get("text_zh") or r.get("quote") or "")
        for r in previous_headlines
        if r.get("chapter") != "report"
    ]
    assigned = {}
    for heading in chapter_headings(text):
        scores = sorted(((_similarity(heading.text, words), chapter) for chapter, words in known), reverse=True)
        if (
            scores
            and scores[0][0] > 1
            and (len(scores) == 1 or scores[0][0] > scores[1][0])
            and scores[0][1] not in assigned.values()
        ):
            assigned[heading.start] = scores[0][1]
    return assigned


def headlines(text: str, previous: list[dict]) -> list[dict]:
    rows, chapters = [], chapters_of(text, previous)
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


def sections(text: str, previous_headlines: list[dict]) -> list[dict]:
    starts = sorted(chapters_of(text, previous_headlines).items())
    rows, taken = [], set()
    headings = {h.start for h in chapter_headings(text)}
    for offset, line in paragraphs(text):
        if offset in headings:
            continue
        match = SUB_HEADING.match(line) or LEAD_PHRASE.match(line)
        chapter = _chapter_at(offset, starts)
        if not match or not chapter:
            continue
        words = match.group(1).strip()
        rows.append(
            {
                "id": _slug(taken, chapter),
                "chapter": chapter,
                "title_zh": words,
                "title_en": "",
                "quote": words,
                "__start__": offset,
            }
        )
    return rows


def measures(text: str, section_rows: list[dict]) -> list[dict]:
    rows, taken = [], set()
    for offset, line in paragraphs(text):
        owner = [s for s in section_rows if s["__start__"] <= offset]
        if not owner:
            continue
        section = owner[-1]
        for match in MEASURE.finditer(line):
            words = match.group(2).strip()
            if len(words) < 4:
                continue
            rows.append(
                {
                    "id": _slug(taken, section["id"]),
                    "chapter": section["chapter"],
                    "section": section["id"],
                    "text_zh": words,
                    "text_en": "",
                    "quote": words,
                }
            )
    return rows
