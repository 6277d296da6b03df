"""The parts of a report: its title, numbered chapter headings, sub-headings, and where the
next year's plan begins (targets are looked for there, actuals before it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

CHAPTER_HEADING = re.compile(r"^\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:\s+|[、.．]\s*)(\S.{1,38})$")
SUB_HEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]\s*([^。]{2,40})。")
# a paragraph's short first sentence, no figure in it: 基础设施建设方面。 放大资源优势，做强特色产业。
LEAD_PHRASE = re.compile(r"^\s*([^，,。；;：:0-9“”][^，,。；;：:0-9]{3,15}(?:[，,][^，,。；;：:0-9]{3,14})?)。(?=\S)")
ITEM_HEADING = re.compile(r"[（(](\d{1,2})[）)]\s*([^。，,；;：:0-9]{2,20})。")  # （1）落实培训。
MEASURE = re.compile(r"([一二三四五六七八九十])是([^；;。]+)")
PLAN_WORDS = re.compile(r"谋划|计划|打算|思路|展望|安排|目标")


@dataclass(frozen=True)
class Heading:
    start: int
    line: str  # the whole line as written
    text: str  # without its number


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for every non-empty line."""
    found, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            found.append((offset, line))
        offset += len(line) + 1
    return found


NOTE = re.compile(r"^(?:注|说明|备注|附注|声明|提示)[：:，,]|^[（(【\[].*[）)】\]]$")


def is_title(line: str) -> bool:
    """A title line: not a note (（说明：…）, 【…】, 注：…), not a sentence (a title has no full
    stop at its end), not the subtitle (——…), not numbered."""
    line = line.strip()
    return bool(line) and not (
        NOTE.match(line) or line[-1] in "。；;！!" or line.startswith(("—", "-")) or CHAPTER_HEADING.match(line)
    )


def title(text: str) -> tuple[int, str] | None:
    """The report's title: its first title-like line before the first chapter heading."""
    headings = chapter_headings(text)
    end = headings[0].start if headings else len(text)
    for offset, line in paragraphs(text):
        if offset >= end:
            break
        if is_title(line):
            return offset + line.index(line.strip()), line.strip()
    return None


def chapter_headings(text: str) -> list[Heading]:
    """Numbered lines that are headings (short, no full stop inside): 1 经济指标…, 三、…"""
    found = []
    for offset, line in paragraphs(text):
        match = CHAPTER_HEADING.match(line)
        if match and "。" not in line.rstrip("。") and len(line.strip()) <= 40:
            found.append(Heading(offset + line.index(line.strip()), line.strip(), match.group(1).strip()))
    return found


def plan_start(text: str, year: int) -> int | None:
    """Where the plan for year + 1 begins: a paragraph opening with that year, or a heading
    about plans; only after the first chapter heading (the title may speak of plans too)."""
    headings = chapter_headings(text)
    first = headings[0].start if headings else 0
    heading_starts = {h.start for h in headings}
    for offset, line in paragraphs(text):
        if offset < first:
            continue
        body = line.strip()
        if body.startswith(f"{year + 1}年"):
            return offset
        start = offset + line.index(body)
        if (
            (start in heading_starts or len(body) <= 30)
            and PLAN_WORDS.search(body)
            and (str(year + 1) in body or "明年" in body or "下一步" in body)
        ):
            return offset
    return None
