"""What readers take away: each chart's data (CSV), each edition's data package (ZIP) and PDF."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from zonebook.core.chapters import TEMPLATES
from zonebook.data.i18n import LANGS
from zonebook.publish import downloads

CSV_URI = re.compile(r"^data:text/csv;charset=utf-8;base64,(?P<data>[A-Za-z0-9+/=]+)$")
# A few words each edition's PDF must contain: it is the edition, in its language, as text.
PDF_WORDS = {"zh": ["经济", "安全生产", "固定资产投资"], "en": ["economy", "investment", "safety"]}


def edition_years(site: Path, lang: str) -> list[str]:
    return sorted(p.name for p in (site / lang).iterdir() if p.is_dir() and p.name.isdigit())


def chart_downloads(page: Path) -> list[tuple[str, str]]:
    """(file name, data: URI) of every chart's CSV link on a page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [(a.get("download", ""), a["href"]) for a in soup.select("figure.zb-figure a.zb-download")]


def parse_csv(uri: str) -> list[list[str]]:
    match = CSV_URI.match(uri)
    assert match, f"not a base64 CSV data: URI: {uri[:80]}"
    text = base64.b64decode(match["data"]).decode("utf-8")
    assert text.startswith("\ufeff"), "the CSV has no BOM: Excel would not open it as UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_every_chart_has_a_csv_of_its_data(site):
    figures, problems = 0, []
    for lang in LANGS:
        for page in sorted((site / lang).glob("*/*.html")):
            soup_figures = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("figure.zb-figure")
            links = chart_downloads(page)
            if len(links) != len(soup_figures):
                problems.append(f"{page.relative_to(site)}: {len(soup_figures)} charts, {len(links)} CSV links")
            for name, uri in links:
                figures += 1
                rows = parse_csv(uri)
                header, body = rows[0], rows[1:]
                if not name.endswith(".csv"):
                    problems.append(f"{page.relative_to(site)}: download name {name!r} is not a .csv")
                if not (header and all(h.strip() for h in header)):
                    problems.append(f"{page.relative_to(site)} {name}: bad header {header}")
                if not body or any(len(row) != len(header) for row in body):
                    problems.append(f"{page.relative_to(site)} {name}: {len(body)} rows, header {header}")
    assert problems == []
    assert figures >= 2 * 7


def test_a_chart_download_saves_its_csv(desktop, server, site, tmp_path):
    """In the browser, the link really saves a file with the chart's data."""
    year = edition_years(site, "en")[0]
    desktop.open(server.url(f"en/{year}/01_economy.html"))
    link = desktop.page.locator("figure.zb-figure a.zb-download").first
    with desktop.page.expect_download() as info:
        link.click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".csv" and saved.read_bytes() == base64.b64decode(
        CSV_URI.match(link.get_attribute("href"))["data"]
    )


def fetch(desktop, url: str) -> bytes:
    response = desktop.context.request.get(url)
    assert response.ok, f"{url}: HTTP {response.status}"
    return response.body()


@pytest.mark.parametrize("lang", LANGS)
def test_the_methods_page_links_the_data_package(desktop, server, site, lang):
    for year in edition_years(site, lang):
        desktop.open(server.url(f"{lang}/{year}/08_methods.html"))
        hrefs = desktop.page.eval_on_selector_all("a.zb-download[href$='.zip']", "links => links.map(a => a.href)")
        expected = server.url(f"{lang}/downloads/{year}/{downloads.data_zip_name(int(year))}")
        assert hrefs == [expected], f"{lang} {year} methods page links {hrefs}"
        archive = zipfile.ZipFile(io.BytesIO(fetch(desktop, expected)))
        assert archive.testzip() is None
        names = set(archive.namelist())
        package = json.loads(archive.read(f"data/{year}/datapackage.json").decode("utf-8"))
        resources = [r["path"] for r in package["resources"]]
        assert resources and all(p.endswith(".csv") for p in resources)
        missing = [p for p in resources if f"data/{year}/{p}" not in names]
        assert missing == [], f"datapackage.json lists files the zip lacks: {missing}"
        for path in resources:  # each listed table is a CSV with a header and rows
            rows = list(csv.reader(io.StringIO(archive.read(f"data/{year}/{path}").decode("utf-8"))))
            assert rows and rows[0], path
        # the paths the methods page gives, a README, and the workbook beside the zip
        listed = set(desktop.page.eval_on_selector_all("td", "cells => cells.map(c => c.textContent.trim())"))
        assert {f"data/sources/{year}.txt", "data/catalogue.csv", "data/i18n/glossary.csv", "README.md"} <= names
        assert {n for n in listed if n.startswith("data/") and n.endswith(".csv")} <= names
        fetch(desktop, server.url(f"{lang}/downloads/{year}/{downloads.workbook_name(int(year))}"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_edition_landing_page_links_its_pdf_data_and_workbook(walk, desktop, site, lang):
    links = {link["href"]: link["text"] for link in walk[f"{lang}/index.html"].facts["links"]}
    for year in edition_years(site, lang):
        for name in (
            downloads.pdf_name(int(year), lang),
            downloads.data_zip_name(int(year)),
            downloads.workbook_name(int(year)),
        ):
            url = [href for href in links if href.endswith(f"/{lang}/downloads/{year}/{name}")]
            assert url, f"{lang}/index.html has no link to {name}: {sorted(links)}"
            assert links[url[0]], f"the link to {name} has no text"
            assert fetch(desktop, url[0]) == (site / lang / "downloads" / year / name).read_bytes()


@pytest.mark.parametrize("lang", LANGS)
def test_the_edition_pdf_has_the_chapters_as_outline_and_text(walk, site, lang):
    for year in edition_years(site, lang):
        path = site / lang / "downloads" / year / downloads.pdf_name(int(year), lang)
        assert path.is_file(), f"no PDF at {path}"
        reader = PdfReader(path)
        titles = [item.title for item in reader.outline]
        expected = [walk[f"{lang}/{year}/{t.slug}.html"].facts["title"].split("\u2014")[0].strip() for t in TEMPLATES]
        assert titles == expected
        assert len(reader.pages) >= len(TEMPLATES)
        # the outline points at the page where each chapter starts, in order
        starts = [reader.get_destination_page_number(item) for item in reader.outline]
        assert starts == sorted(starts) and starts[0] >= 2 and len(set(starts)) == len(starts)
        # a title page and the contents come first, with the page each chapter starts on
        front = "\n".join(reader.pages[i].extract_text() for i in range(starts[0]))
        assert all(title in front for title in titles), front[:300]
        assert [f"{t}" for t in titles] and all(str(s + 1) in front for s in starts)
        # every chapter page carries its page number, counted through the book
        for i in starts:
            assert str(i + 1) in reader.pages[i].extract_text().split(), f"page {i + 1} has no page number"
        text = "\n".join(reader.pages[i].extract_text() for i in sorted(set(starts)))
        missing = [word for word in PDF_WORDS[lang] if word.lower() not in text.lower()]
        assert missing == [], f"{path.name}: words not found in the chapters' first pages: {missing}"
        # copied or searched, the text is ideographs, not look-alike radicals (生, not ⽣ U+2F63)
        assert re.findall("[\u2e80-\u2fdf]", text) == []
