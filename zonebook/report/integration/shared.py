"""What the chapter's sections share: the tables, the topics, and the helpers that read a
figure in a unit, word a rate, and find the source's recorded quirks."""

from __future__ import annotations

import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import significant, text
from zonebook.data.precision import written_digits
from zonebook.data.quantities import convert, quantity, unit_label
from zonebook.report.common import Topic, findings_with, has_table
from zonebook.report.formatting import money_text

CHAPTER = "integration"
LAND, SPENDING, FACILITIES, PIPELINE, DISTRICTS = "land", "spending", "facilities", "pipeline", "districts"
TABLES = (LAND, SPENDING, FACILITIES, PIPELINE, DISTRICTS)  # presented here: the sources section lists their quotes
SPENDING_TOTAL, SPENDING_ITEM = "infrastructure_spending_total", "infrastructure_spending_item"
FACILITY_FIGURES = {"facility_area", "facility_investment", "facility_planned_investment", "facility_phases"}
DISTRICT_FIGURES = {"district_planned_area", "district_entrants"}
NO_HEADING = ""  # the category of a spending item listed under none of the report's headings

# The pipeline's stages in the order a project moves through them, then the side tracks
# (indicator ids of data/catalogue.csv, the same in every year).
FUNNEL = ["projects_signed", "projects_started", "projects_in_production"]
SIDE = ["projects_negotiating", "expansion_upgrade_projects"]
STAGE_MONEY = {  # stage -> (money indicator, what the money is)
    "projects_signed": ("investment_funds_in_place", "funds_in_place"),
    "projects_started": ("projects_started_investment", "total_investment"),
    "projects_in_production": ("projects_in_production_investment", "investment"),
    "expansion_upgrade_projects": ("expansion_upgrade_investment", "total_investment"),
}


def has_measures(data: YearData) -> bool:
    return not data.rows_of("measures", CHAPTER).empty


TOPIC_NEW_SPACE = Topic("new_space", has_table(LAND))
TOPIC_SPENDING = Topic("spending", has_table(SPENDING))
TOPIC_FACILITIES = Topic("facilities", has_table(FACILITIES))
TOPIC_PIPELINE = Topic("pipeline", has_table(PIPELINE))
TOPIC_DISTRICTS = Topic("districts", has_table(DISTRICTS))
TOPIC_MEASURES = Topic("measures", has_measures)
FIGURE_TOPICS = (TOPIC_NEW_SPACE, TOPIC_SPENDING, TOPIC_FACILITIES, TOPIC_PIPELINE, TOPIC_DISTRICTS)
TOPICS = (*FIGURE_TOPICS, TOPIC_MEASURES)


def value_in(data: YearData, indicator: str, unit: str, entity: str = "", table: str | None = None) -> float | None:
    """An indicator's value converted to `unit`, or None when not reported."""
    row = data.row(indicator, entity, table)
    if row is None or pd.isna(row["value"]):
        return None
    return convert(float(row["value"]), row["unit"], unit)


def per_text(value: float, unit: str, per_key: str, lang: str) -> str:
    """A rate such as 440万元/公里 or 4.4 million yuan per km (99,500 yuan per mu under a million)."""
    return text(
        "integration.rate",
        lang,
        amount=money_text(value, unit, lang, 3)
        if unit in ("万元", "亿元")
        else quantity(significant(value, 3), unit, lang),
        per=text(per_key, lang),
    )


def per_unit_label(unit: str, per_key: str, lang: str) -> str:
    """The unit of a rate for a table header: 万元/亩, million yuan per mu."""
    return text("integration.rate", lang, amount=unit_label(unit, lang), per=text(per_key, lang))


def findings_on(data: YearData, refs: list[str], lang: str) -> list[str]:
    """The recorded quirks of the source that concern every one of `refs` (`table:id`)."""
    return list(findings_with(data, lambda found: set(refs) <= found)[f"description_{lang}"])


def entity_column(data: YearData, entity: str, column: str) -> str:
    """A cell of an entity's row ('' when the entity, or the optional column, is absent)."""
    entities = data.table("entities")
    if entities is None or column not in entities.columns:
        return ""
    hit = entities.loc[entities["id"] == entity, column]
    return "" if hit.empty else str(hit.iloc[0])


def other_figures(data: YearData, table: str, used: set[str]) -> pd.DataFrame:
    """The rows of `table` whose indicator the section's computations did not use."""
    frame = data.table(table)
    return frame[~frame["indicator"].isin(used)]


def written_digits_of(data: YearData, indicators, table: str) -> list[int]:
    """The significant digits each indicator's value is written with (zonebook.data.precision)."""
    return [written_digits(float(data.row(i, table=table)["value"])) for i in indicators]
