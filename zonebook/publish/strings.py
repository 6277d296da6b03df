"""The site's own strings (titles, download links, the workbook's README), from
`data/i18n/strings/*.csv`, each checked in both languages before any notebook runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from zonebook.core.errors import DataError
from zonebook.data.i18n import LANGS, fill

REQUIRED_STRINGS = {
    "site.title": "the book's title",
    "site.author": "the issuing body, shown as author",
    "site.editions": "heading of the list of editions",
    "site.edition": "one edition's link text; `{year}` is replaced by the year",
    "site.search": "placeholder text of the search box",
    "site.copyright": "the footer's copyright line; `{year}` is _config.yml's copyright year",
    "site.downloads": "heading of the list of downloads (PDF and data package of each edition)",
    "site.download_pdf": "link text of an edition's PDF; `{year}` is replaced by the year",
    "site.download_data": "link text of an edition's data package (ZIP); `{year}` is replaced by the year",
    "site.download_workbook": "link text of an edition's workbook (XLSX); `{year}` is replaced by the year",
    "site.description": "the landing page's paragraph about the site; `{years}` is the list of years",
    "site.years_joiner": "what stands between two years in a list of years",
    "site.language_edition": "the name of the edition in this language, on the landing page",
    "download.readme": "the introduction of the data zip's README; `{year}`, `{workbook}` (the .xlsx file) are filled in",
    "pdf.contents": "heading of the contents page of an edition's PDF",
    "download.sheet": "the workbook README's heading of the list of sheets",
    "download.sheet_rows": "what a sheet of the workbook holds; `{table}` and `{rows}` are filled in",
}


def text(key: str, lang: str, data_root: Path, **fields) -> str:
    """A string of the site, its fields as given (the caller escapes the result for where it goes)."""
    return fill(key, lang, str, fields, data_root)


def check_strings(data_root: Path) -> None:
    """Every string the site needs, checked before any notebook runs."""
    problems = []
    for key, purpose in REQUIRED_STRINGS.items():
        for lang in LANGS:
            try:
                text(key, lang, data_root, year=2000, workbook="tables.xlsx", years="2000", table="t", rows=1)
            except DataError as error:
                problems += [replace(p, message=f"{p.message} ({purpose})") for p in error.problems]
    if problems:
        raise DataError(problems)
