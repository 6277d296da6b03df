"""What every chapter needs: names in the reader's language, fact tables, 'not reported'."""
from __future__ import annotations

import pandas as pd

from ..data import FACT_TABLES, YearData, catalogue, load, source_text
from ..i18n import check_lang, text
from ..present import say, show_table
from ..units import quantity, unit_label


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
    out = pd.DataFrame({
        text("ui.col_indicator", lang): [indicator_name(i, lang) for i in frame["indicator"]],
        text("ui.col_entity", lang): [entity_name(data, e, lang) if e else "" for e in frame["entity"]],
        text("ui.col_value", lang): [fmt_row(r, lang) for _, r in frame.iterrows()],
    })
    if not any(frame["entity"]):
        out = out.drop(columns=text("ui.col_entity", lang))
    return out


def show_facts(data: YearData, table: str, lang: str, caption_key: str, rows: pd.DataFrame | None = None) -> bool:
    """Show a table of the facts, or say it was not reported. True when shown."""
    if data.table(table) is None:
        not_reported(table, lang)
        return False
    show_table(facts_frame(data, table, lang, rows), text(caption_key, lang))
    return True


def not_reported(table: str, lang: str) -> None:
    say("ui.table_not_reported", lang, table=text(f"table.{table}", lang))


def axis_label(key: str, unit: str, lang: str) -> str:
    """An axis title with its unit in the reader's language: 工业总产值（亿元） / Gross output (billion yuan)."""
    label = text(key, lang)
    return f"{label}（{unit_label(unit, lang)}）" if lang == "zh" else f"{label} ({unit_label(unit, lang)})"


def setup(year, lang: str, data_root: str = "") -> YearData:
    """Check the parameters and load the year; say so when its figures have no source to check."""
    check_lang(lang)
    data = load(year, data_root or None)
    if source_text(data.year, data_root or None) is None:
        say("ui.unverified", lang)
    return data


def _owner(table: str) -> str:
    """The chapter that lists a table's sources: the first to read it (the plan does not repeat them)."""
    from ..chapters import TEMPLATES

    return next(t.slug for t in TEMPLATES if t.kind == "chapter" and table in t.tables)


def show_sources(data: YearData, slug: str, lang: str) -> None:
    """Every figure the chapter's tables hold, with the source's own words: the trace from page to report.

    Shows indicators the chapter's sections do not discuss too, such as one that first appears
    in a new year's data."""
    from ..chapters import SHARED, template

    shown = False
    say("ui.sources_heading_note", lang)
    for table in template(slug).tables:
        frame = data.table(table)
        if table in SHARED or frame is None or frame.empty or table not in FACT_TABLES or _owner(table) != slug:
            continue
        out = facts_frame(data, table, lang)
        out[text("ui.col_quote", lang)] = list(frame["quote"])
        show_table(out, text("ui.sources_caption", lang, table=text(f"table.{table}", lang), file=f"{table}.csv"),
                   lang_columns={text("ui.col_quote", lang): "zh-CN"}, collapsed=text("ui.sources_show", lang, table=text(f"table.{table}", lang)))
        shown = True
    if not shown:
        say("ui.no_sources", lang)


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
