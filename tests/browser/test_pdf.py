"""Each edition's PDF, read as a file: real embedded fonts on every page (no Type 3), every
table the site shows (the source tables, closed on the site, too), the data package named
where the site links it, and English typography intact."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from zonebook.core.chapters import TEMPLATES
from zonebook.data.i18n import LANGS
from zonebook.publish import downloads

CAPTION = re.compile(r"<caption>(.*?)</caption>", re.S)


def editions(site: Path) -> list[tuple[str, int]]:
    return [(lang, int(p.name)) for lang in LANGS for p in sorted((site / lang).iterdir()) if p.name.isdigit()]


@cache
def read(path: Path) -> tuple[list[set[str]], str]:
    """Per page its fonts' subtypes, and the whole text with no white space (a PDF breaks lines anywhere)."""
    reader = PdfReader(path)
    fonts = []
    for page in reader.pages:
        resources = page.get("/Resources", {})
        found = {str(f.get_object().get("/Subtype")) for f in resources.get("/Font", {}).values()}
        for xobject in resources.get("/XObject", {}).values():  # a form's own fonts
            form = xobject.get_object()
            found |= {str(f.get_object().get("/Subtype")) for f in form.get("/Resources", {}).get("/Font", {}).values()}
        fonts.append(found)
    text = "".join(page.extract_text() for page in reader.pages)
    return fonts, text


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))  # a ligature (ﬁ) reads as its letters


@pytest.fixture(scope="module")
def pdfs(site) -> dict[tuple[str, int], Path]:
    found = {
        (lang, year): downloads.folder(site, lang, year) / downloads.pdf_name(year, lang)
        for lang, year in editions(site)
    }
    assert found and all(p.is_file() for p in found.values()), sorted(found)
    return found


def test_every_page_has_real_fonts(pdfs):
    type3 = {
        f"{path.name} page {i + 1}"
        for path in pdfs.values()
        for i, fonts in enumerate(read(path)[0])
        if "/Type3" in fonts
    }
    assert sorted(type3) == [], f"{len(type3)} pages print text in Type 3 fonts"


def test_every_table_the_site_shows_is_in_the_pdf(pdfs, site):
    missing = []
    for (lang, year), path in pdfs.items():
        text = flat(read(path)[1])
        for template in TEMPLATES:
            page = site / lang / str(year) / f"{template.slug}.html"
            for caption in CAPTION.findall(page.read_text(encoding="utf-8")):
                if flat(html.unescape(caption)) not in text:
                    missing.append(f"{path.name} ({template.slug}): {html.unescape(caption)}")
    assert missing == [], "\n".join(missing)


def test_the_pdf_says_where_the_data_package_is(pdfs):
    for (_, year), path in pdfs.items():
        assert downloads.data_zip_name(year) in flat(read(path)[1]), path.name


def test_english_apostrophes_are_not_spaced(pdfs):
    for (lang, _), path in pdfs.items():
        if lang == "en":
            text = read(path)[1]
            assert re.findall(r"\w’ s\b", text) == [], path.name
