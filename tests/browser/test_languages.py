"""Each edition speaks its own language: no untranslated string, no label left in the other one.

Allowed across languages, because they are bilingual by design: text inside an element marked
with the other language (a Chinese quote in the English edition), the report's own words
(quotes of the source documents and cited references), proper names and glossary terms
(data/2017/entities.csv, data/i18n/glossary.csv, the catalogue's Chinese names), the
citation of the sources, file names, and a few technical tokens.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import zonebook
from support.browser import edition_pages
from zonebook.core import paths

CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
LATIN_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'’\-]*[A-Za-z])?")
FILE_NAME = re.compile(r"[\w.\-/]+\.(?:csv|json|txt|zip|pdf|xlsx|yml)\b")
DIGEST = re.compile(r"\b[0-9a-f]{64}\b")  # the source's sha256
TECHNICAL = {"CSV", "PDF", "ZIP", "JSON", "USD", "SHA", "Ctrl", "K", "zonebook", "validate", "build", "jieba"}
TECHNICAL |= {"Excel", "WPS", "XLSX"}  # the programs a workbook is for, and its format


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def bilingual() -> tuple[str, set[str]]:
    """(the words of every source and reference quote, the Latin words of names and citations)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(paths.SOURCES.glob("*.txt"))]
    texts += [r["quote"] for p in sorted(paths.REFERENCE.glob("*.csv")) for r in rows(p)]
    names = []
    for year in zonebook.available_years():
        names += [r["name_zh"] for r in rows(paths.year_dir(year) / "entities.csv")]
    glossary = rows(paths.I18N / "glossary.csv")
    names += (
        [r["term_zh"] for r in glossary]
        + [r["explanation_zh"] for r in glossary]
        + [r["name_zh"] for r in rows(paths.CATALOGUE)]
    )
    latin = " ".join(r[c] for r in rows(paths.SOURCES / "sources.csv") for c in r if c.endswith("_en"))
    latin += " " + " ".join(r["en_unit"] for r in rows(paths.UNITS))  # the intro explains the English units
    return "\n".join(texts + names), set(LATIN_WORD.findall(latin)) | TECHNICAL


def visible_text(page: Path, page_lang: str) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for element in soup(["script", "style", "noscript", "template", "head"]):
        element.decompose()
    other = "zh" if page_lang == "en" else "en"
    for element in soup.select(f'[lang^="{other}"]'):
        element.decompose()
    return soup.get_text(" ")


def foreign(text: str, page_lang: str) -> set[str]:
    """What on a page is in the other language and not allowed to be."""
    quotes_and_names, latin_allowed = bilingual()
    if page_lang == "en":
        return {run for run in CJK_RUN.findall(text) if run not in quotes_and_names}
    text = DIGEST.sub(" ", FILE_NAME.sub(" ", text))
    return {word for word in LATIN_WORD.findall(text) if word not in latin_allowed}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_is_in_its_editions_language(site, lang):
    pages = [p for p in edition_pages(site, lang) if "webpack-macros" not in p.name]
    assert len(pages) >= 10
    leftovers = {
        p.relative_to(site).as_posix(): sorted(found) for p in pages if (found := foreign(visible_text(p, lang), lang))
    }
    assert leftovers == {}, f"text in the other language on {lang} pages: {leftovers}"


def test_the_check_catches_a_string_left_in_the_other_language():
    assert foreign("Download the chart's data 下载图表数据", "en") == {"下载图表数据"}
    assert foreign("下载图表数据（CSV）Download", "zh") == {"Download"}
    assert foreign("园区企业实现税收3.22亿元 economy.csv", "zh") == set()  # a quote and a file name are fine
