"""Every edition speaks of its own year: the built pages of 2017 and the fictional 2018 and 2019.

One shared build (`fictional_editions` in conftest.py). The page rules checked here:
- no page of a year carries another year's words: a run of ten or more Chinese characters
  that another year's source has and the page's own year's source lacks (the catalogue's
  indicator names are the book's own words, for every year; the plan page may name the
  previous report's targets and milestones, the plan it assesses);
- no raw identifier of the data (snake_case ids) in the text a reader sees;
- no empty heading (one followed by a heading of the same or a higher level, or by nothing);
- "The Y report does not cover …" / "Y年报告未涉及……" always naming Y: exactly once where a
  chapter has no data for Y; at most once where all its tables are there (for the sections the
  year's rows leave out); at most once per missing table otherwise;
- stable chapter names in the h1 of every year; the year's own headline shown when it has one;
- the real years' executed notebooks byte-identical before and after the fictional years
  were added.
Only the article is read: the navigation lists every edition by design.
"""

from __future__ import annotations

import csv
import importlib
import json
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from zonebook.core.chapters import TEMPLATES, chapter_name
from zonebook.data import FACT_TABLES, available_years
from zonebook.data.i18n import LANGS
from zonebook.data.validate import validate_year
from zonebook.report.style import check_site

CJK_RUN = re.compile(r"[\u3400-\u9fff]{10,}")
WINDOW = 10
SNAKE_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")
HEADING = re.compile(r"^h([1-6])$")
CHAPTERS = [t for t in TEMPLATES if t.kind == "chapter"]
NOT_COVERED = {
    "en": re.compile(r"(?:\bThe (\d{4})|\b[Tt]his year[’']s|\b[Tt]he year[’']s) report does not cover"),
    "zh": re.compile(r"(?:(\d{4})年|本年度?|今年|当年)报告未涉及"),
}
QUALITATIVE = ("headlines", "sections", "measures")


def read_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def article(path: Path) -> Tag:
    """The page's article without the language switch, scripts and styles."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("article.bd-article")
    assert body is not None, f"{path}: no <article class='bd-article'>"
    for element in body.select("script, style, noscript, template, .zb-lang-switch"):
        element.decompose()
    return body


def text_of(path: Path) -> str:
    return " ".join(article(path).get_text(" ").split())


def page_path(editions, lang: str, year: int, slug: str) -> Path:
    return editions.site / lang / str(year) / f"{slug}.html"


def label(editions, path: Path) -> str:
    return path.relative_to(editions.site).as_posix()


def all_pages(editions):
    for year in available_years(editions.project.data_root):
        for lang in LANGS:
            for template in TEMPLATES:
                yield year, lang, template.slug, page_path(editions, lang, year, template.slug)


def source(editions, year: int) -> str:
    path = Path(editions.project.data_root) / "sources" / f"{year}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def previous_plan(editions, year: int) -> list[str]:
    """The words of the previous report's plan, which the plan page of `year` assesses."""
    folder = Path(editions.project.data_root) / str(year - 1)
    return [
        row[column]
        for table in ("targets", "milestones")
        for row in read_rows(folder / f"{table}.csv")
        for column in ("quote", "text_zh")
        if row.get(column)
    ]


# ---------------------------------------------------------------- another year's words


def borrowed(text: str, own: str, others: dict[int, str], allowed: list[str]) -> list[str]:
    """Runs of the page's Chinese that another year's source has and its own year's source lacks."""
    found = []
    for run in CJK_RUN.findall(text):
        for start in range(len(run) - WINDOW + 1):
            window = run[start : start + WINDOW]
            if window in own or any(window in words for words in allowed):
                continue
            years = [year for year, words in others.items() if window in words]
            if years:
                found.append(f"“{run}” (from the {'/'.join(map(str, years))} report)")
                break
    return found


def test_the_check_finds_another_years_words():
    own, other = "今年园区新建了消防站和人才公寓。", "开发区实有企业一百四十七家其中规模以上企业五十七家"
    assert borrowed("开发区实有企业一百四十七家，共计", own, {2017: other}, []) != []
    assert borrowed("今年园区新建了消防站和人才公寓", own, {2017: other}, []) == []
    assert borrowed("开发区实有企业一百四十七家", own, {2017: other}, ["开发区实有企业一百四十七家"]) == []


def test_no_page_repeats_another_years_words(fictional_editions):
    editions = fictional_editions
    years = available_years(editions.project.data_root)
    sources = {year: source(editions, year) for year in years}
    indicator_names = [row["name_zh"] for row in read_rows(Path(editions.project.data_root) / "catalogue.csv")]
    offending = {}
    for year, _lang, slug, path in all_pages(editions):
        allowed = indicator_names + (previous_plan(editions, year) if slug == "07_plan" else [])
        others = {y: words for y, words in sources.items() if y != year}
        found = borrowed(text_of(path), sources[year], others, allowed)
        if found:
            offending[label(editions, path)] = found
    assert offending == {}, "pages carrying another year's words: " + "; ".join(
        f"{page}: {', '.join(runs)}" for page, runs in offending.items()
    )


# ---------------------------------------------------------------- raw identifiers


def identifiers(data_root: Path) -> set[str]:
    """Every snake_case id of the data: rows, entities, indicators, sections, headlines, measures."""
    found = {row["id"] for row in read_rows(data_root / "catalogue.csv")}
    for year in available_years(data_root):
        for path in sorted((data_root / str(year)).glob("*.csv")):
            for row in read_rows(path):
                found |= {row.get(column, "") for column in ("id", "entity", "indicator", "section", "counterparty")}
    return {word for word in found if SNAKE_ID.match(word)}


def test_no_raw_identifier_in_page_text(fictional_editions):
    editions = fictional_editions
    ids = identifiers(Path(editions.project.data_root))
    assert "enterprise_service_centre" in ids  # the check looks for the real ones
    pattern = re.compile(
        r"(?<![\w./-])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")(?![\w-]|\.csv)"
    )
    offending = {}
    for _, _, _, path in all_pages(editions):
        found = sorted(set(pattern.findall(text_of(path))))
        if found:
            offending[label(editions, path)] = found
    assert offending == {}, "raw identifiers in page text: " + "; ".join(
        f"{page}: {', '.join(ids)}" for page, ids in offending.items()
    )


# ---------------------------------------------------------------- empty headings


def empty_headings(body: Tag) -> list[str]:
    """Headings followed by a heading of the same or a higher level, or by nothing."""
    events: list[tuple[int, str] | None] = []  # (level, text) for a heading, None for content
    for node in body.descendants:
        if isinstance(node, Tag) and HEADING.match(node.name or ""):
            events.append((int(node.name[1]), " ".join(node.get_text(" ").replace("#", " ").split())))
        elif isinstance(node, Tag) and node.name in ("img", "svg", "table", "figure", "iframe"):
            events.append(None)
        elif isinstance(node, NavigableString) and node.strip() and not node.find_parent(HEADING):
            events.append(None)
    empty = []
    for index, event in enumerate(events):
        if event is None:
            continue
        following = events[index + 1] if index + 1 < len(events) else (0, "")
        if following is not None and following[0] <= event[0]:
            empty.append(f"h{event[0]} “{event[1]}”")
    return empty


def test_the_check_finds_empty_headings():
    body = BeautifulSoup(
        "<article><h1>A</h1><p>x</p><h2>B</h2><h2>C</h2><h3>D</h3><p>y</p><h2>E</h2></article>", "html.parser"
    ).article
    assert empty_headings(body) == ["h2 “B”", "h2 “E”"]


def test_no_empty_heading(fictional_editions):
    editions = fictional_editions
    offending = {
        label(editions, path): found
        for _, _, _, path in all_pages(editions)
        if (found := empty_headings(article(path)))
    }
    assert offending == {}, "empty headings: " + "; ".join(f"{page}: {', '.join(h)}" for page, h in offending.items())


# ---------------------------------------------------------------- "does not cover"


def coverage(data_root: Path, year: int, slug: str) -> tuple[int, int]:
    """(tables of the chapter present for the year, tables it presents), qualitative rows counting as one table."""
    folder = data_root / str(year)
    tables = list(importlib.import_module(f"zonebook.report.{chapter_name(slug)}").TABLES)
    if chapter_name(slug) == "plan":  # it compares last year's targets with this year's facts, of every fact table
        tables += [t for t in FACT_TABLES if t not in tables]
    present = sum(bool(read_rows(folder / f"{t}.csv")) for t in tables)
    said = any(row.get("chapter") == chapter_name(slug) for t in QUALITATIVE for row in read_rows(folder / f"{t}.csv"))
    return present + said, len(tables) + 1


def test_not_covered_stands_where_data_are_missing(fictional_editions):
    editions = fictional_editions
    data_root = Path(editions.project.data_root)
    wrong = []
    for year in available_years(data_root):
        for template in CHAPTERS:
            present, total = coverage(data_root, year, template.slug)
            for lang in LANGS:
                path = page_path(editions, lang, year, template.slug)
                said = [m for m in NOT_COVERED[lang].finditer(text_of(path))]
                where = f"{label(editions, path)} ({present} of {total} sources of data present)"
                unnamed = sorted({m.group(0) for m in said if m.group(1) != str(year)})
                if unnamed:
                    wrong.append(f"{where}: “{'”, “'.join(unnamed)}” does not name {year}")
                if present == 0 and len(said) != 1:
                    wrong.append(
                        f"{where}: says it does not cover {len(said)} times; the whole chapter is missing: once"
                    )
                if present == total and len(said) > 1:
                    wrong.append(
                        f"{where}: says it does not cover {len(said)} times though every table of the chapter is there"
                    )
                if 0 < present < total and len(said) > total - present:
                    wrong.append(
                        f"{where}: says it does not cover {len(said)} times for {total - present} missing tables"
                    )
    assert wrong == [], "\n".join(wrong)


def test_the_fictional_editions_leave_whole_chapters_out(fictional_editions):
    """The fixtures exercise the rule above: chapters missing entirely, partly and not at all."""
    data_root = Path(fictional_editions.project.data_root)
    missing = {
        slug for slug in ("04_environment", "05_governance", "06_safety") if coverage(data_root, 2018, slug)[0] == 0
    }
    assert missing == {"04_environment", "05_governance", "06_safety"}
    assert coverage(data_root, 2019, "02_integration")[0] == 0
    assert coverage(data_root, 2018, "01_economy")[0] == coverage(data_root, 2018, "01_economy")[1]


# ---------------------------------------------------------------- chapter names and headlines


def h1(path: Path) -> str:
    heading = article(path).find("h1")
    return " ".join(heading.get_text(" ").replace("#", " ").split()) if heading else ""


def test_chapter_names_are_the_same_every_year(fictional_editions):
    editions = fictional_editions
    years = available_years(editions.project.data_root)
    differ = []
    for template in CHAPTERS:
        for lang in LANGS:
            names = {year: h1(page_path(editions, lang, year, template.slug)) for year in years}
            if len(set(names.values())) != 1:
                differ.append(f"{lang}/*/{template.slug}.html: " + ", ".join(f"{y}: “{n}”" for y, n in names.items()))
    assert differ == [], "chapter titles that change with the year:\n" + "\n".join(differ)


def test_the_years_own_headline_is_shown(fictional_editions):
    editions = fictional_editions
    data_root = Path(editions.project.data_root)
    missing = []
    for year in available_years(data_root):
        for row in read_rows(data_root / str(year) / "headlines.csv"):
            slug = next((t.slug for t in CHAPTERS if chapter_name(t.slug) == row["chapter"]), None)
            if slug is None:
                continue
            for lang in LANGS:
                path = page_path(editions, lang, year, slug)
                if " ".join(row[f"text_{lang}"].split()) not in text_of(path):
                    missing.append(f"{label(editions, path)}: “{row[f'text_{lang}']}”")
    assert missing == [], "headlines of headlines.csv not shown on their chapter: " + "; ".join(missing)


# ---------------------------------------------------------------- the fixtures and the real years


@pytest.mark.parametrize("year", [2018, 2019])
def test_the_fictional_years_validate(fictional_editions, year):
    assert validate_year(year, fictional_editions.project.data_root) == []


def unsealed(raw: bytes) -> dict:
    """An executed notebook without the digest of its inputs record, which only a build writes
    (the notebooks of before were executed without one)."""
    nb = json.loads(raw)
    nb["metadata"].pop("zonebook", None)
    return nb


def test_real_years_unchanged_by_a_new_year(fictional_editions):
    editions = fictional_editions
    real = [y for y in available_years(editions.project.data_root) if y not in editions.years]
    assert real, "the project has a real year to compare"
    changed = []
    for year in real:
        before = {key: value for key, value in editions.before.items() if key.split("/")[1] == str(year)}
        now = {
            key: value
            for key, value in editions.notebooks(year).items()
            if key.split("/")[0] in {k.split("/")[0] for k in before}
        }  # the language executed before
        assert set(now) == set(before), f"{year}: notebooks {sorted(set(now) ^ set(before))} appeared or vanished"
        assert all(key in editions.summary.executed for key in now), "the real years were executed again"
        changed += [key for key in now if unsealed(now[key]) != unsealed(before[key])]
    assert changed == [], (
        "executed notebooks of a real year that changed when the fictional years were added: " + ", ".join(changed)
    )


# ---------------------------------------------------------------- the house style


def test_every_page_of_every_edition_keeps_the_house_style(fictional_editions):
    """docs/style.md, checked by zonebook.report.style on every built page of 2017 and the fictional years,
    in both languages (tests/test_style.py shows each rule failing on a planted breach)."""
    editions = fictional_editions
    years = available_years(editions.project.data_root)
    assert set(editions.years) < set(years)
    pages = sorted(editions.site.glob("*/*/*.html"))
    assert {(p.parent.parent.name, int(p.parent.name)) for p in pages if p.parent.name.isdigit()} == {
        (lang, year) for lang in LANGS for year in years
    }
    breaches = check_site(editions.site, editions.project.data_root)
    assert breaches == [], f"{len(breaches)} breaches of docs/style.md:\n" + "\n".join(map(str, breaches))
