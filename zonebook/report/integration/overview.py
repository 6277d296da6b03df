"""What spans the sections: the chapter's lede, and each section's figures that no sentence,
chart or table of the section shows (listed under it)."""

from __future__ import annotations

from zonebook.data import YearData
from zonebook.data.i18n import text
from zonebook.report.common import entity_detail, facts_frame
from zonebook.report.formatting import without_empty_columns
from zonebook.report.integration.districts import districts_frame
from zonebook.report.integration.facilities import facilities_frame
from zonebook.report.integration.land import land_balance, new_space_cost_per_mu
from zonebook.report.integration.pipeline import pipeline_stages
from zonebook.report.integration.shared import (
    DISTRICT_FIGURES,
    DISTRICTS,
    FACILITIES,
    FACILITY_FIGURES,
    FUNNEL,
    LAND,
    PIPELINE,
    SPENDING,
    SPENDING_ITEM,
    SPENDING_TOTAL,
    STAGE_MONEY,
    other_figures,
)
from zonebook.report.integration.spending import item_figures, spending_items
from zonebook.report.present import Table
from zonebook.report.prose import lede_text, line_of, targets_line, thought, variant

# The lede: projects, land, spending, last year's targets for them (strings integration.lede_*).
LEDE = (
    (
        PIPELINE,
        thought(
            variant(
                "integration.lede_pipeline",
                signed="projects_signed",
                started="projects_started",
                production="projects_in_production",
            ),
            variant("integration.lede_signed_started", signed="projects_signed", started="projects_started"),
            variant(
                "integration.lede_started_production", started="projects_started", production="projects_in_production"
            ),
            variant("integration.lede_signed", signed="projects_signed"),
            variant("integration.lede_started", started="projects_started"),
        ),
    ),
    (
        LAND,
        thought(
            variant("integration.lede_land", acquired="land_acquired", built="land_built"),
            variant("integration.lede_land_acquired", acquired="land_acquired"),
            variant("integration.lede_land_built", built="land_built"),
        ),
    ),
    (SPENDING, thought(variant("integration.lede_spending", total="infrastructure_spending_total"))),
)
TARGETED = ("land_acquired", "land_levelled", "land_built", *FUNNEL, "infrastructure_spending_total", "road_length")


def lede(data: YearData, lang: str) -> list[str]:
    """The chapter's opening paragraph: projects, land and spending in up to three sentences,
    then the targets the previous report set for them, met or missed; none without a figure."""
    lines = [line_of(data, table, item, lang) for table, item in LEDE]
    lines.append(targets_line(data, TARGETED, lang))
    return lede_text(data, [line for line in lines if line is not None], lang)


def shown_indicators(data: YearData, table: str) -> set[str]:
    """The indicators of a section's table that its sentences, charts and tables show."""
    shown: set[str] = set()
    if table == LAND:
        if land_balance(data) is not None:
            shown |= {"land_acquired", "land_built"}
        if new_space_cost_per_mu(data) is not None:
            shown.add("new_space_investment")
        if data.row("projects_started_new_space", table=LAND) is not None:
            shown.add("projects_started_new_space")
    elif table == SPENDING:
        if data.row(SPENDING_TOTAL, table=SPENDING) is not None:
            shown.add(SPENDING_TOTAL)
        if not spending_items(data).empty:
            shown.add(SPENDING_ITEM)
        for item in item_figures(data):
            shown |= set(item["rows"]["indicator"])
    elif table == FACILITIES and not facilities_frame(data).empty:
        shown |= FACILITY_FIGURES
    elif table == PIPELINE:
        stages = pipeline_stages(data)
        shown |= set(stages["stage"]) | {STAGE_MONEY[s][0] for s in stages["stage"] if s in STAGE_MONEY}
    elif table == DISTRICTS and not districts_frame(data).empty:
        shown |= DISTRICT_FIGURES
    return shown


def rest_table(data: YearData, table: str, lang: str) -> Table | None:
    """The section's figures no sentence, chart or table shows (with the entity's details); None for none."""
    rows = other_figures(data, table, shown_indicators(data, table))
    if rows.empty:
        return None
    frame = facts_frame(data, table, lang, rows)
    frame[text("integration.col_detail", lang)] = [entity_detail(data, e, lang) if e else "" for e in rows["entity"]]
    return Table(
        without_empty_columns(frame, [text("integration.col_detail", lang)]),
        text("integration.other_caption", lang, year=data.year),
    )
