"""What every chapter needs: names in the reader's language, fact tables, 'not reported'."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from zonebook.core import paths
from zonebook.data import FACT_TABLES, YearData, catalogue, load, source_text
from zonebook.data import units as unit_table
from zonebook.data.i18n import LANGUAGES, check_lang, fill, listing, text
from zonebook.data.quantities import quantity, unit_label
from zonebook.report.formatting import bracketed
from zonebook.report.present import Table, omit, paragraph, say, show_html, show_table

SOURCE_TAG = LANGUAGES["zh"].tag  # the language of every quote: the reports are in Chinese


def indicator_name(indicator: str, lang: str) -> str:
    return catalogue().loc[indicator, f"name_{lang}"]


def entity_name(data: YearData, entity: str, lang: str) -> str:
    entities = data.table("entities")
    if entities is None or entity not in set(entities["id"]):
        return entity
    return entities.loc[entities["id"] == entity, f"name_{lang}"].iloc[0]


def entity_detail(data: YearData, entity: str, lang: str) -> str:
    entities = data.table("entities")
    if entities is None or entity not in set(entities["id"]):
        return ""
    return entities.loc[entities["id"] == entity, f"detail_{lang}"].iloc[0]


def fmt_row(row: pd.Series, lang: str) -> str:
    """A fact row's value as the reader should see it, with the source's qualifier."""
    value_max = None if pd.isna(row["value_max"]) else float(row["value_max"])
    return quantity(float(row["value"]), row["unit"], lang, row["qualifier"], value_max)


def fmt(data: YearData, indicator: str, lang: str, entity: str = "", table: str | None = None) -> str:
    """One indicator's value, formatted, or the edition's 'not reported' word."""
    row = data.row(indicator, entity, table)
    return text("ui.not_reported", lang) if row is None else fmt_row(row, lang)


def facts_frame(data: YearData, table: str, lang: str, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """A fact table for readers: what, which (entity), value with unit, as the source says it."""
    frame = data.table(table) if rows is None else rows
    out = pd.DataFrame(
        {
            text("ui.col_indicator", lang): [indicator_name(i, lang) for i in frame["indicator"]],
            text("ui.col_entity", lang): [entity_name(data, e, lang) if e else "" for e in frame["entity"]],
            text("ui.col_value", lang): [fmt_row(r, lang) for _, r in frame.iterrows()],
        }
    )
    if not any(frame["entity"]):
        out = out.drop(columns=text("ui.col_entity", lang))
    return out


def units_dimension(unit: str) -> str:
    """The dimension of a unit in data/units.csv (count, area, length, calendar_month, ...)."""
    return unit_table().loc[unit, "dimension"]


def axis_label(key: str, unit: str, lang: str) -> str:
    """An axis title with its unit in the reader's language: 工业总产值（亿元） / Gross output (billion yuan)."""
    return bracketed(text(key, lang), unit_label(unit, lang), lang)


def setup(year, lang: str, data_root: str = "") -> YearData:
    """Check the parameters and load the year; say so when its figures have no source to check."""
    check_lang(lang)
    paths.use_data(data_root or None)
    data = load(year)
    if source_text(data.year) is None:
        say("ui.unverified", lang)
    return data


def show_sources(data: YearData, slug: str, lang: str) -> None:
    """Every figure the chapter's tables hold, with the source's own words: the trace from page to report.

    The chapter's tables are its module's `TABLES`. Shows indicators the chapter's sections do
    not discuss too, such as one that first appears in a new year's data."""
    import importlib

    chapter = importlib.import_module(f"zonebook.report.{slug.split('_', 1)[1]}")  # the notebook's own module
    tables = [t for t in chapter.TABLES if t in FACT_TABLES and data.table(t) is not None and not data.table(t).empty]
    if not tables:
        return omit("section")
    say("ui.sources_heading_note", lang)
    for table in tables:
        frame = data.table(table)
        out = facts_frame(data, table, lang)
        out[text("ui.col_quote", lang)] = list(frame["quote"])
        show_table(
            out,
            text("ui.sources_caption", lang, table=text(f"table.{table}", lang), file=f"{table}.csv"),
            lang_columns={text("ui.col_quote", lang): SOURCE_TAG},
            collapsed=text("ui.sources_show", lang, table=text(f"table.{table}", lang)),
        )


def first_row(data: YearData, table: str, indicator: str) -> pd.Series | None:
    """The indicator's row in `table` whatever its entity (some carry the body they describe)."""
    frame = data.table(table)
    if frame is None:
        return None
    hit = frame[frame["indicator"] == indicator]
    return None if hit.empty else hit.iloc[0]


def first_value(data: YearData, table: str, indicator: str) -> float | None:
    row = first_row(data, table, indicator)
    return None if row is None or pd.isna(row["value"]) else float(row["value"])


# ---- what a year covers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """A section of a chapter and the test of whether a year's data cover it.

    Its name, for the sentence that says a year does not cover it, is the string
    `{chapter}.topic_{key}`."""

    key: str
    covered: Callable[[YearData], bool]


def has_table(name: str) -> Callable[[YearData], bool]:
    return lambda data: data.table(name) is not None and not data.table(name).empty


def has_rows(table: str, *indicators: str) -> Callable[[YearData], bool]:
    """Covered when the table holds a row of any of the indicators."""
    return lambda data: any(first_row(data, table, i) is not None for i in indicators)


def has_figures(data: YearData, chapter: str) -> bool:
    """Whether a fact table the chapter presents (its module's `TABLES`, whose every row its
    sources section shows) holds a row for the year."""
    import importlib

    module = importlib.import_module(f"zonebook.report.{chapter}")
    tables = [t for t in getattr(module, "TABLES", ()) if t in FACT_TABLES]
    return any(data.table(t) is not None and not data.table(t).empty for t in tables)


def chapter_covered(data: YearData, chapter: str, topics: tuple[Topic, ...]) -> bool:
    """Whether the year's report says anything of the chapter: a figure (one no section discusses
    too: a new indicator is shown among the chapter's sources at least), a heading or a measure."""
    return (
        any(t.covered(data) for t in topics)
        or has_figures(data, chapter)
        or data.headline(chapter) is not None
        or not data.rows_of("sections", chapter).empty
        or not data.rows_of("measures", chapter).empty
    )


def open_chapter(data: YearData, chapter: str, lang: str, topics: tuple[Topic, ...] = ()) -> bool:
    """The chapter's first words for the year: the report's own heading as a subtitle and, once,
    what the year does not cover. A chapter the year does not cover at all says so in one
    sentence and the rest of its page is left out. True when the chapter has content."""
    if not chapter_covered(data, chapter, topics):
        say("chapter.not_covered", lang, year=data.year, subject=text(f"chapter.subject_{chapter}", lang))
        omit("rest")
        return False
    headline = data.headline(chapter)
    # under the lede an English subtitle is the report's words translated, or left out (not the
    # Chinese marked as not yet translated, which other untranslated texts keep)
    if headline is not None and (lang != "en" or translated(headline, "text")):
        # text() escapes the headline it fills in
        show_html(
            f'<p class="zb-subtitle">{text("chapter.headline", lang, year=data.year, headline=headline[f"text_{lang}"])}</p>'
        )
    missing = [text(f"{chapter}.topic_{t.key}", lang) for t in topics if not t.covered(data)]
    if missing:
        say("chapter.topics_not_covered", lang, year=data.year, items=listing(missing, lang))
    return True


def translated(row: pd.Series, field: str) -> bool:
    """Whether a row's English `field` is a translation, not its Chinese marked as not yet
    translated (data._translation_pending, string ui.untranslated)."""
    zh = str(row.get(f"{field}_zh") or "").strip()
    return not zh or str(row.get(f"{field}_en") or "") != fill("ui.untranslated", "en", str, {"zh": zh})


def section(data: YearData, topic: Topic) -> bool:
    """True when the year covers the topic; otherwise the section is left out of the page."""
    if topic.covered(data):
        return True
    omit("section")
    return False


def measures(data: YearData, chapter: str, lang: str, section_id: str | None = None) -> list[str]:
    """The measures the year's report gives for a chapter (under one of its sections), in order."""
    rows = (
        data.rows_of("measures", chapter)
        if section_id is None
        else data.rows_of("measures", chapter, section=section_id)
    )
    return [r[f"text_{lang}"] for _, r in rows.iterrows()]


def measures_html(data: YearData, chapter: str, lang: str) -> str | None:
    """The year's measures for the chapter as lists under the report's own sub-headings; None without any."""
    rows = data.rows_of("measures", chapter)
    if rows.empty:
        return None
    sections = data.rows_of("sections", chapter)
    groups = [(r[f"title_{lang}"], measures(data, chapter, lang, r["id"])) for _, r in sections.iterrows()]
    groups.append(
        (
            text("chapter.measures_other", lang) if sections.shape[0] else "",
            [r[f"text_{lang}"] for _, r in rows.iterrows() if not r["section"]],
        )
    )
    body = "".join(
        (f"<h4>{html.escape(title)}</h4>" if title else "")
        + "<ul>"
        + "".join(f"<li>{html.escape(item)}</li>" for item in items)
        + "</ul>"
        for title, items in groups
        if items
    )
    return f'<div class="zb-measures" aria-label="{html.escape(text("chapter.measures_caption", lang, year=data.year))}">{body}</div>'


# ---- figures and notes as sentences ----------------------------------------------------------


def rows_of_indicators(data: YearData, table: str, indicators) -> pd.DataFrame:
    """The table's rows of the given indicators, in the order given (file order within one)."""
    frame = data.table(table)
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["id", "indicator", "entity"] if frame is None else frame.columns)
    order = {indicator: i for i, indicator in enumerate(indicators)}
    rows = frame[frame["indicator"].isin(order)]
    return rows.assign(_order=rows["indicator"].map(order)).sort_values("_order", kind="stable").drop(columns="_order")


def findings_with(data: YearData, concerns: Callable[[set[str]], bool]) -> pd.DataFrame:
    """The year's findings whose refs ("<table>:<id>", ';'-separated) satisfy `concerns`."""
    findings = data.table("findings")
    if findings is None or findings.empty:
        return pd.DataFrame(columns=["id", "description_zh", "description_en", "refs"])
    refs = findings["refs"].fillna("").map(lambda text: {r.strip() for r in str(text).split(";") if r.strip()})
    return findings[refs.map(concerns).astype(bool)].reset_index(drop=True)


def notes_on(data: YearData, table: str, rows: pd.DataFrame, lang: str) -> list[str]:
    """The year's findings that refer to any of the rows, or to the bodies they concern
    ("<table>:<row id>" or "entities:<id>" in findings.refs)."""
    if rows.empty:
        return []
    wanted = {f"{table}:{i}" for i in rows["id"]} | {f"entities:{e}" for e in rows["entity"] if e}
    return list(findings_with(data, lambda refs: wanted & refs)[f"description_{lang}"])


def rows_outside(data: YearData, table: str, indicators) -> pd.DataFrame:
    """The table's rows of none of the indicators (one a year adds that no section discusses)."""
    frame = data.table(table)
    if frame is None:
        return pd.DataFrame(columns=["id", "indicator", "entity"])
    return frame[~frame["indicator"].isin(indicators)]


def measures_topic(chapter: str) -> Topic:
    """The section of the measures the year's report gives for the chapter (string `<chapter>.topic_measures`)."""
    return Topic("measures", lambda data: not data.rows_of("measures", chapter).empty)


def open_and_list(
    data: YearData, chapter: str, lang: str, topics: tuple[Topic, ...], quiet: tuple[Topic, ...] = ()
) -> None:
    """The chapter's opening (see open_chapter), then once which of its topics the year covers.
    `quiet` topics are listed when covered but not announced when absent."""
    if not open_chapter(data, chapter, lang, topics):
        return
    covered = [text(f"{chapter}.topic_{t.key}", lang) for t in (*topics, *quiet) if t.covered(data)]
    if covered:
        say("chapter.topics_covered", lang, year=data.year, items=listing(covered, lang))


def notes_paragraphs(data: YearData, table: str, rows: pd.DataFrame, lang: str) -> list[str]:
    """The year's notes on the rows (see notes_on), a paragraph each."""
    return [paragraph("chapter.source_note", lang, text=note) for note in notes_on(data, table, rows, lang)]


def rows_table(data: YearData, table: str, rows: pd.DataFrame, lang: str, caption: str) -> Table:
    """A table of fact rows, with the year's notes on them below."""
    return Table(facts_frame(data, table, lang, rows), caption, note=" ".join(notes_on(data, table, rows, lang)))
