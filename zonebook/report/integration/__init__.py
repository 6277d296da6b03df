"""Chapter 2, industry-city integration: new space, spending by item, supporting facilities,
the project pipeline, the districts planned, and what the report says was done.

Everything shown is the year's data: the figures of the land, spending, facilities, pipeline
and districts tables; the heading each spending item is listed under (`section` of
entities.csv, a row of sections.csv) and the body that builds a facility (`builder`); the
measures of measures.csv. A section the year does not cover is left out of the page, and a
figure of a section's table that no computation uses is still shown, among the section's other
figures. Pure functions compute (and are unit-tested), others turn their results into the
sentences, tables and charts a reader sees; the chapter's template shows them section by section.

One module per section (land, spending, facilities, pipeline, districts), the lede and the
figures no section shows (overview), and what they share (shared); this package keeps the
names the template and the tests use.
"""

from zonebook.data.i18n import text
from zonebook.report.common import setup
from zonebook.report.integration.districts import districts_frame, districts_table, districts_text
from zonebook.report.integration.facilities import (
    facilities_frame,
    facilities_table,
    facilities_text,
    facility_builder,
    facility_details,
    investment_by_kind,
)
from zonebook.report.integration.land import (
    land_balance,
    land_chart,
    land_text,
    new_space_cost_per_mu,
    new_space_text,
    projects_started_counts,
)
from zonebook.report.integration.overview import LEDE, TARGETED, lede, rest_table, shown_indicators
from zonebook.report.integration.pipeline import (
    pipeline_chart,
    pipeline_stages,
    pipeline_table,
    pipeline_text,
    stage_ratio,
)
from zonebook.report.integration.shared import (
    CHAPTER,
    DISTRICT_FIGURES,
    DISTRICTS,
    FACILITIES,
    FACILITY_FIGURES,
    FIGURE_TOPICS,
    FUNNEL,
    LAND,
    NO_HEADING,
    PIPELINE,
    SIDE,
    SPENDING,
    SPENDING_ITEM,
    SPENDING_TOTAL,
    STAGE_MONEY,
    TABLES,
    TOPIC_DISTRICTS,
    TOPIC_FACILITIES,
    TOPIC_MEASURES,
    TOPIC_NEW_SPACE,
    TOPIC_PIPELINE,
    TOPIC_SPENDING,
    TOPICS,
    has_measures,
)
from zonebook.report.integration.spending import (
    category_totals,
    check_text,
    grouped,
    heading_name,
    heading_order,
    item_figures,
    item_figures_text,
    item_heading,
    road_cost_per_km,
    spending_chart,
    spending_check,
    spending_items,
    spending_table,
    spending_text,
)

__all__ = [
    "CHAPTER",
    "DISTRICTS",
    "DISTRICT_FIGURES",
    "FACILITIES",
    "FACILITY_FIGURES",
    "FIGURE_TOPICS",
    "FUNNEL",
    "LAND",
    "LEDE",
    "NO_HEADING",
    "PIPELINE",
    "SIDE",
    "SPENDING",
    "SPENDING_ITEM",
    "SPENDING_TOTAL",
    "STAGE_MONEY",
    "TABLES",
    "TARGETED",
    "TOPICS",
    "TOPIC_DISTRICTS",
    "TOPIC_FACILITIES",
    "TOPIC_MEASURES",
    "TOPIC_NEW_SPACE",
    "TOPIC_PIPELINE",
    "TOPIC_SPENDING",
    "category_totals",
    "check_text",
    "districts_frame",
    "districts_table",
    "districts_text",
    "facilities_frame",
    "facilities_table",
    "facilities_text",
    "facility_builder",
    "facility_details",
    "grouped",
    "has_measures",
    "heading_name",
    "heading_order",
    "investment_by_kind",
    "item_figures",
    "item_figures_text",
    "item_heading",
    "land_balance",
    "land_chart",
    "land_text",
    "lede",
    "new_space_cost_per_mu",
    "new_space_text",
    "pipeline_chart",
    "pipeline_stages",
    "pipeline_table",
    "pipeline_text",
    "projects_started_counts",
    "rest_table",
    "road_cost_per_km",
    "setup",
    "shown_indicators",
    "spending_chart",
    "spending_check",
    "spending_items",
    "spending_table",
    "spending_text",
    "stage_ratio",
    "text",
]
