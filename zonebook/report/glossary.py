"""The glossary: the report's policy terms and proper names, explained in the reader's language.

Read from data/i18n/glossary.csv (term_zh, term_en, explanation_en, explanation_zh), which is
shared by every year. A missing or empty glossary is said, never shown as an empty table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from zonebook.core import paths
from zonebook.data import YearData, source_text
from zonebook.data.i18n import LANGUAGES, text
from zonebook.data.readers import optional_rows
from zonebook.report.common import setup  # noqa: F401  (setup is the notebook's entry)
from zonebook.report.present import Table, paragraph

COLUMNS = ["term_zh", "term_en", "explanation_en", "explanation_zh"]


def terms(path: Path | None = None) -> pd.DataFrame | None:
    """The glossary's rows in file order, or None when the file is absent or has no rows."""
    return _terms(Path(path) if path else paths.glossary_file())


@paths.read_once
def _terms(path: Path) -> pd.DataFrame | None:
    rows = optional_rows(path)
    if rows is None:
        return None
    frame = pd.DataFrame([{c: (r.get(c) or "").strip() for c in COLUMNS} for r in rows], columns=COLUMNS)
    frame = frame[frame["term_zh"] != ""].reset_index(drop=True)
    return None if frame.empty else frame


def year_terms(data: YearData, path: Path | None = None) -> pd.DataFrame | None:
    """The terms the year's report uses (all of them when the year has no source document):
    another year's proper names do not belong on this year's page."""
    frame = terms(path)
    source = source_text(data.year, data.folder.parent)
    if frame is None or source is None:
        return frame
    used = frame[[term in source for term in frame["term_zh"]]].reset_index(drop=True)
    return None if used.empty else used


def intro_text(terms: pd.DataFrame | None, lang: str) -> str:
    """How many terms the page explains (see `year_terms`), or that there is no glossary."""
    return paragraph("glossary.missing", lang) if terms is None else paragraph("glossary.intro", lang, n=len(terms))


def glossary_table(terms: pd.DataFrame | None, lang: str) -> Table | None:
    """The terms (see `year_terms`) as a reader sees them: Chinese term, English term, explanation
    in the reader's language; the column in the other language marked as such."""
    if terms is None:
        return None
    cells = pd.DataFrame(
        {
            text("glossary.col_term", lang): terms["term_zh"],
            text("glossary.col_english", lang): terms["term_en"],
            text("glossary.col_explanation", lang): terms[f"explanation_{lang}"],
        }
    )
    other = "en" if lang == "zh" else "zh"  # the column in the other language: a term or its translation
    column = text("glossary.col_english" if other == "en" else "glossary.col_term", lang)
    return Table(
        cells,
        text("glossary.caption", lang),
        note=text("glossary.note", lang),
        lang_columns={column: LANGUAGES[other].tag},
    )
