"""Chapter 2, industry-city integration: new space, spending by item, supporting facilities,
the project pipeline, the districts planned, and what the report says was done.

Everything shown is the year's data: the figures of the land, spending, facilities, pipeline
and districts tables; the heading each spending item is listed under (`section` of
entities.csv, a row of sections.csv) and the body that builds a facility (`builder`); the
measures of measures.csv. A section the year does not cover is left out of the page, and a
figure of a section's table that no computation uses is still shown, among the section's other
figures. Pure functions compute (and are unit-tested), others turn their results into the
sentences, tables and charts a reader sees; the chapter's template shows them section by section.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from zonebook.data import YearData
from zonebook.data import units as unit_table
from zonebook.data.i18n import clauses, counted, labelled, listing, lower_first, number, percent, significant, text
from zonebook.data.precision import derived_pct, shown_decimals, sum_digits, written_digits
from zonebook.data.quantities import amount_scale, amounts, convert, in_reader_unit, quantity, unit_label
from zonebook.report import charts
from zonebook.report.common import (
    Topic,
    entity_detail,
    entity_name,
    facts_frame,
    findings_with,
    fmt,
    fmt_row,
    has_table,
    indicator_name,
    setup,  # noqa: F401  (setup is the notebook's entry)
)
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import lede_text, line_of, targets_line, thought, variant

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


# ---- small helpers ---------------------------------------------------------------------------


def _value_in(data: YearData, indicator: str, unit: str, entity: str = "", table: str | None = None) -> float | None:
    """An indicator's value converted to `unit`, or None when not reported."""
    row = data.row(indicator, entity, table)
    if row is None or pd.isna(row["value"]):
        return None
    return convert(float(row["value"]), row["unit"], unit)


def decimals_of(value: float) -> int:
    """Decimal places of a number as written (2893 -> 0, 1504.7 -> 1, 62.73 -> 2)."""
    body = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(body.split(".")[1]) if "." in body else 0


def money_text(value: float, unit: str, lang: str, digits: int | None = None) -> str:
    """A computed amount of money for prose, to `digits` significant figures when given, in the
    unit a reader chooses (units.amount_scale: 2,200 yuan, not 0.0022 million)."""
    return quantity(significant(value, digits) if digits else value, unit, lang)


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


def join(parts: list[str], lang: str) -> str:
    """Clauses joined the reader's way: ；in Chinese, '; ' in English."""
    return (text("integration.list_sep", lang) + ("" if lang == "zh" else " ")).join(parts)


def sentences(parts: list[str], lang: str) -> str:
    """Sentences run together: no space between Chinese sentences, one between English ones."""
    return ("" if lang == "zh" else " ").join(parts)


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


def _absent(value) -> bool:
    """None or NaN (pandas turns a None into NaN in a numeric column)."""
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _num(value, lang: str, digits: int = 3) -> str | None:
    """A computed number for a table cell, to `digits` significant figures; None (shown as —) when absent."""
    return None if _absent(value) else number(significant(float(value), digits), lang)


def _dimension(unit: str) -> str:
    return unit_table().loc[unit, "dimension"]


def without_empty_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Drop the named columns that hold nothing in any row."""
    empty = [c for c in columns if all(_absent(v) or v == "" for v in frame[c])]
    return frame.drop(columns=empty)


# ---- 1. new space ----------------------------------------------------------------------------


def land_balance(data: YearData) -> dict | None:
    """Land acquired and land built (亩), and what that implies. None without both."""
    acquired = _value_in(data, "land_acquired", "亩", table=LAND)
    built = _value_in(data, "land_built", "亩", table=LAND)
    if acquired is None or built is None or not acquired:
        return None
    return {
        "acquired": acquired,
        "built": built,
        "built_minus_acquired": built - acquired,
        "built_to_acquired_pct": derived_pct(built, acquired, *_digits(data, ("land_acquired", "land_built"), LAND)),
        "built_to_acquired_digits": min(_digits(data, ("land_acquired", "land_built"), LAND)),
    }


def _digits(data: YearData, indicators, table: str) -> list[int]:
    """The significant digits each indicator's value is written with (zonebook.data.precision)."""
    return [written_digits(float(data.row(i, table=table)["value"])) for i in indicators]


def new_space_cost_per_mu(data: YearData) -> float | None:
    """Spending on new space per 亩 of land acquired (万元/亩)."""
    spent = _value_in(data, "new_space_investment", "万元", table=LAND)
    acquired = _value_in(data, "land_acquired", "亩", table=LAND)
    return None if spent is None or not acquired else spent / acquired


def projects_started_counts(data: YearData) -> dict:
    """Projects started as counted in the land table and in the pipeline, and the gap."""
    new_space = data.value("projects_started_new_space", table=LAND)
    pipeline = data.value("projects_started", table=PIPELINE)
    gap = None if new_space is None or pipeline is None else pipeline - new_space
    return {"new_space": new_space, "pipeline": pipeline, "difference": gap}


# ---- 2. spending by item ---------------------------------------------------------------------


def heading_order(data: YearData) -> list[str]:
    """The ids of the report's sub-headings in the report's order."""
    sections = data.table("sections")
    return [] if sections is None else list(sections["id"])


def item_heading(data: YearData, entity: str) -> str:
    """The sub-heading (sections.csv id) the report lists a spending item under, or NO_HEADING."""
    heading = entity_column(data, entity, "section")
    return heading if heading in heading_order(data) else NO_HEADING


def heading_name(data: YearData, heading: str, lang: str) -> str:
    if heading == NO_HEADING:
        return text("integration.cat_other", lang)
    sections = data.table("sections")
    return sections.loc[sections["id"] == heading, f"title_{lang}"].iloc[0]


def spending_items(data: YearData) -> pd.DataFrame:
    """The spending items in 万元 with the heading they are listed under (`category`, a
    sections.csv id or NO_HEADING) and their share (%) of the items' sum (the reported total
    is checked separately); headings in the report's order, largest item first within each."""
    columns = ["entity", "category", "value", "share_pct"]
    table = data.table(SPENDING)
    if table is None:
        return pd.DataFrame(columns=columns + ["digits", "share_digits"])
    rows = table[table["indicator"] == SPENDING_ITEM]
    values = [convert(float(r["value"]), r["unit"], "万元") for _, r in rows.iterrows()]
    frame = pd.DataFrame(
        {"entity": list(rows["entity"]), "category": [item_heading(data, e) for e in rows["entity"]], "value": values},
        columns=columns[:3],
    )
    total = sum(values)
    # a share keeps the digits of its item and of the items' sum (zonebook.data.precision): 50万元 of 2893 is 2%
    frame["digits"] = [written_digits(float(v)) for v in rows["value"]]
    frame["share_digits"] = [min(d, sum_digits(values, frame["digits"])) for d in frame["digits"]]
    frame["share_pct"] = [derived_pct(v, total, d) for v, d in zip(values, frame["share_digits"])] if total else None
    order = heading_order(data) + [NO_HEADING]
    frame["order"] = frame["category"].map(order.index)
    return frame.sort_values(["order", "value"], ascending=[True, False]).drop(columns="order").reset_index(drop=True)


def grouped(items: pd.DataFrame) -> bool:
    """Whether the report lists the items under headings (any item has one)."""
    return bool((items["category"] != NO_HEADING).any())


def category_totals(items: pd.DataFrame) -> pd.DataFrame:
    """Each heading's sum (万元) and share (%) of the items' sum, in the items' order."""
    sums = items.groupby("category", sort=False)["value"].sum()
    total = sums.sum()
    everything = sum_digits(items["value"], items["digits"]) if "digits" in items else None
    digits = [
        min(sum_digits(group["value"], group["digits"]), everything) if everything else None
        for _, group in items.groupby("category", sort=False)
    ]
    shares = [
        (derived_pct(v, total, d) if d else v / total * 100) if total else None for v, d in zip(sums.values, digits)
    ]
    return pd.DataFrame(
        {"category": sums.index, "value": sums.values, "share_pct": shares, "share_digits": digits}
    ).reset_index(drop=True)


def share_text(share: float, digits, lang: str, decimals: int = 1) -> str:
    """A share (%) to the digits it keeps (`digits`, None for exact counts), at most `decimals`."""
    if digits is None or pd.isna(digits):
        return percent(share, lang, decimals)
    return percent(share, lang, min(decimals, shown_decimals(share, int(digits))))


def spending_check(data: YearData) -> dict | None:
    """The items' sum against the reported total. Within rounding when |sum − total| is less
    than half a unit in the total's last written digit (2893 -> 0.5; 2893.5 -> 0.05)."""
    items = spending_items(data)
    total_row = data.row(SPENDING_TOTAL, table=SPENDING)
    if items.empty or total_row is None:
        return None
    total = convert(float(total_row["value"]), total_row["unit"], "万元")
    table = data.table(SPENDING)
    places = max(
        [decimals_of(float(v)) for v in table.loc[table["indicator"] == SPENDING_ITEM, "value"]] + [decimals_of(total)]
    )
    items_sum = round(float(items["value"].sum()), places)  # no float noise: the items' own precision
    difference = round(items_sum - total, places)
    tolerance = 0.5 * 10 ** -decimals_of(float(total_row["value"])) * convert(1, total_row["unit"], "万元")
    return {
        "items_sum": items_sum,
        "total": total,
        "difference": difference,
        "tolerance": tolerance,
        "within_rounding": bool(abs(difference) < tolerance),
        "n_items": len(items),
    }


def item_figures(data: YearData) -> list[dict]:
    """The spending items the table also describes by other figures of the same entity (roads
    built, their length): those rows, the item's investment (万元) and, when exactly one of the
    rows is a length, the investment per km."""
    table = data.table(SPENDING)
    out = []
    for _, item in spending_items(data).iterrows():
        rows = table[(table["entity"] == item["entity"]) & (table["indicator"] != SPENDING_ITEM)]
        if rows.empty:
            continue
        lengths = [
            convert(float(r["value"]), r["unit"], "公里")
            for _, r in rows.iterrows()
            if _dimension(r["unit"]) == "length"
        ]
        per_km = item["value"] / lengths[0] if len(lengths) == 1 and lengths[0] else None
        out.append({"entity": item["entity"], "rows": rows, "investment": item["value"], "per_km": per_km})
    return out


def road_cost_per_km(data: YearData) -> float | None:
    """Investment ÷ length of the one spending item the data give a length for (万元/公里)."""
    rates = [f["per_km"] for f in item_figures(data) if f["per_km"] is not None]
    return rates[0] if len(rates) == 1 else None


# ---- 3. supporting facilities ----------------------------------------------------------------


def facility_builder(data: YearData, facility: str) -> str | None:
    """The body that builds a facility, as entities.csv records it (`builder`), or None."""
    return entity_column(data, facility, "builder") or None


def facilities_frame(data: YearData) -> pd.DataFrame:
    """One row per facility with an area or an investment: area (亩, ha), investment (万元) and
    whether it is total or planned, investment per 亩, phases, builder (entity id or None)."""
    columns = ["entity", "area_mu", "area_ha", "investment", "investment_kind", "per_mu", "phases", "builder"]
    table = data.table(FACILITIES)
    if table is None:
        return pd.DataFrame(columns=columns)
    records = []
    for entity in dict.fromkeys(
        table.loc[
            table["indicator"].isin(["facility_area", "facility_investment", "facility_planned_investment"]), "entity"
        ]
    ):
        area = _value_in(data, "facility_area", "亩", entity, FACILITIES)
        total = _value_in(data, "facility_investment", "万元", entity, FACILITIES)
        planned = _value_in(data, "facility_planned_investment", "万元", entity, FACILITIES)
        investment, kind = (
            (total, "total") if total is not None else (planned, "planned" if planned is not None else None)
        )
        records.append(
            {
                "entity": entity,
                "area_mu": area,
                "area_ha": None if area is None else convert(area, "亩", "万㎡"),  # 1 ha = 1万㎡
                "investment": investment,
                "investment_kind": kind,
                "per_mu": None if investment is None or not area else investment / area,
                "phases": data.value("facility_phases", entity, FACILITIES),
                "builder": facility_builder(data, entity),
            }
        )
    return pd.DataFrame(records, columns=columns)


# ---- 4. the pipeline -------------------------------------------------------------------------


def pipeline_stages(data: YearData) -> pd.DataFrame:
    """Each stage's project count, its money (亿元) and what the money is, and money per project."""
    columns = ["stage", "track", "count", "money", "money_kind", "per_project"]
    if data.table(PIPELINE) is None:
        return pd.DataFrame(columns=columns)
    records = []
    for track, stages in (("funnel", FUNNEL), ("side", SIDE)):
        for stage in stages:
            count = data.value(stage, table=PIPELINE)
            if count is None:
                continue
            money_indicator, kind = STAGE_MONEY.get(stage, (None, None))
            money = _value_in(data, money_indicator, "亿元", table=PIPELINE) if money_indicator else None
            records.append(
                {
                    "stage": stage,
                    "track": track,
                    "count": count,
                    "money": money,
                    "money_kind": kind if money is not None else None,
                    "per_project": None if money is None or not count else money / count,
                }
            )
    return pd.DataFrame(records, columns=columns)


def stage_ratio(stages: pd.DataFrame, numerator: str, denominator: str) -> float | None:
    """One stage's count as a % of another's (both in the same year; not a cohort rate)."""
    counts = dict(zip(stages["stage"], stages["count"]))
    if numerator not in counts or not counts.get(denominator):
        return None
    return counts[numerator] / counts[denominator] * 100


# ---- 5. districts ----------------------------------------------------------------------------


def districts_frame(data: YearData) -> pd.DataFrame:
    """Each district's planned area (亩, ha), entrants, and area per entrant (亩)."""
    columns = ["entity", "area_mu", "area_ha", "entrants", "entrants_unit", "per_entrant"]
    table = data.table(DISTRICTS)
    if table is None:
        return pd.DataFrame(columns=columns)
    records = []
    for entity in dict.fromkeys(table.loc[table["indicator"].isin(DISTRICT_FIGURES), "entity"]):
        area = _value_in(data, "district_planned_area", "亩", entity, DISTRICTS)
        row = data.row("district_entrants", entity, DISTRICTS)
        entrants = None if row is None else float(row["value"])
        records.append(
            {
                "entity": entity,
                "area_mu": area,
                "area_ha": None if area is None else convert(area, "亩", "万㎡"),
                "entrants": entrants,
                "entrants_unit": None if row is None else row["unit"],
                "per_entrant": None if area is None or not entrants else area / entrants,
            }
        )
    return pd.DataFrame(records, columns=columns)


def other_figures(data: YearData, table: str, used: set[str]) -> pd.DataFrame:
    """The rows of `table` whose indicator the section's computations did not use."""
    frame = data.table(table)
    return frame[~frame["indicator"].isin(used)]


# ---- for the reader: sentences, tables and charts -------------------------------------------


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


# ---- 1. new space ----


def land_text(data: YearData, balance: dict | None, lang: str) -> str | None:
    """Land built against land acquired (see land_balance); None without both."""
    if balance is None:
        return None
    key = "integration.land_more_built" if balance["built_minus_acquired"] > 0 else "integration.land_less_built"
    return paragraph(
        key,
        lang,
        year=data.year,
        acquired=fmt(data, "land_acquired", lang, table=LAND),
        built=fmt(data, "land_built", lang, table=LAND),
        diff=quantity(abs(balance["built_minus_acquired"]), "亩", lang),
        ratio=percent(
            balance["built_to_acquired_pct"],
            lang,
            shown_decimals(balance["built_to_acquired_pct"], balance["built_to_acquired_digits"]),
        ),
    )


def land_chart(data: YearData, balance: dict | None, lang: str) -> str | None:
    """Land acquired and land built as bars (see land_balance); None without both."""
    if balance is None:
        return None
    labels = [indicator_name("land_acquired", lang), indicator_name("land_built", lang)]
    values = [balance["acquired"], balance["built"]]
    fig = charts.hbar(
        labels,
        values,
        title=text("integration.land_title", lang, year=data.year),
        xlabel=text("integration.axis_area", lang, unit=unit_label("亩", lang)),
        value_labels=[quantity(v, "亩", lang) for v in values],
        colors=[charts.ACCENT, charts.PALETTE[2]],
        width=6.5,
    )
    alt = text(
        "integration.land_alt",
        lang,
        year=data.year,
        acquired=quantity(values[0], "亩", lang),
        built=quantity(values[1], "亩", lang),
    )
    frame = pd.DataFrame({"indicator": labels, "value": values, "unit": unit_label("亩", lang)})
    return charts.figure_html(
        fig,
        alt=alt,
        caption=text("integration.land_caption", lang, year=data.year),
        data=frame,
        name=f"integration-land-{data.year}",
        lang=lang,
    )


def new_space_text(data: YearData, cost: float | None, lang: str) -> list[str]:
    """The cost per 亩 of new space (see new_space_cost_per_mu), then the projects started as the
    land table counts them beside the pipeline's count (see projects_started_counts)."""
    out = []
    if cost is not None:
        out.append(
            paragraph(
                "integration.new_space_cost",
                lang,
                investment=fmt(data, "new_space_investment", lang, table=LAND),
                per_mu=per_text(cost, "万元", "integration.per_mu", lang),
            )
        )
    first = data.row("projects_started_new_space", table=LAND)
    if first is None:
        return out  # the pipeline's count has its own section
    counts = projects_started_counts(data)
    if counts["difference"] is None:
        return out + [
            paragraph(
                "integration.started_one",
                lang,
                name=indicator_name("projects_started_new_space", lang),
                n=fmt_row(first, lang),
            )
        ]
    if counts["difference"] == 0:
        return out + [paragraph("integration.started_agree", lang, n=number(counts["pipeline"], lang))]
    second = data.row("projects_started", table=PIPELINE)
    out.append(
        paragraph(
            "integration.started_discrepancy",
            lang,
            first=number(counts["new_space"], lang),
            second=number(counts["pipeline"], lang),
            first_name=indicator_name("projects_started_new_space", lang),
            second_name=indicator_name("projects_started", lang),
            diff=number(abs(counts["difference"]), lang),
        )
    )
    return out + [
        paragraph("integration.finding", lang, text=note)
        for note in findings_on(data, [f"{LAND}:{first['id']}", f"{PIPELINE}:{second['id']}"], lang)
    ]


# ---- 2. spending by item ----


def _category_styles(categories: list[str]) -> dict[str, tuple[str, str | None]]:
    """A colour per heading, in order; items under no heading muted. Hatching is kept for what the
    book derives (zonebook.report.charts), so headings differ by colour alone."""
    styles, i = {}, 0
    for category in categories:
        if category == NO_HEADING:
            styles[category] = (charts.MUTED, None)
        else:
            styles[category] = (charts.PALETTE[i % len(charts.PALETTE)], None)
            i += 1
    return styles


def _spending_figure(items: pd.DataFrame, data: YearData, lang: str):
    """Horizontal bars grouped by heading (colour), a gap between the groups."""
    by_heading = grouped(items)
    cats = list(dict.fromkeys(items["category"]))
    styles = _category_styles(cats) if by_heading else {c: (charts.ACCENT, None) for c in cats}
    money, scale = amount_scale(items["value"], "万元", lang, table=True)
    positions, labels, values, colours, hatches = [], [], [], [], []
    y = 0
    for cat in cats:
        for _, r in items[items["category"] == cat].iterrows():
            positions.append(y)
            labels.append(entity_name(data, r["entity"], lang))
            values.append(r["value"] * scale)
            colours.append(styles[cat][0])
            hatches.append(styles[cat][1])
            y += 1
        y += 0.6 if by_heading else 0  # gap between headings
    fig, ax = plt.subplots(figsize=(7.6, 0.42 * len(values) + 1.6))
    ys = [-p for p in positions]
    bars = ax.barh(ys, values, color=colours, height=0.62, edgecolor="white")
    for bar, hatch in zip(bars, hatches):
        if hatch:
            bar.set_hatch(hatch)
    ax.set_yticks(ys, labels)
    span = max(values)
    for yy, v, (_, r) in zip(ys, values, items.iterrows()):
        ax.text(
            v + span * 0.01,
            yy,
            f"{charts.value_label(v, lang)}（{share_text(r['share_pct'], r['share_digits'], lang)}）"
            if lang == "zh"
            else f"{charts.value_label(v, lang)} ({share_text(r['share_pct'], r['share_digits'], lang)})",
            va="center",
        )
    ax.set_xlim(0, span * 1.3)
    ax.grid(axis="y", visible=False)
    ax.set_title(text("integration.spending_title", lang, year=data.year), loc="left")
    ax.set_xlabel(text("integration.axis_money", lang, unit=money))
    if by_heading:
        totals = category_totals(items)
        handles = [
            Patch(
                facecolor=styles[c][0],
                hatch=styles[c][1],
                edgecolor="white",
                label=text(
                    "integration.category_legend",
                    lang,
                    name=heading_name(data, c, lang),
                    value=charts.value_label(v * scale, lang),
                    share=share_text(s, d, lang),
                ),
            )
            for c, v, s, d in zip(totals["category"], totals["value"], totals["share_pct"], totals["share_digits"])
        ]
        charts.encoding_legend(ax, handles, ncols=1)
    fig.set_layout_engine("constrained")
    return fig


def spending_text(data: YearData, items: pd.DataFrame, lang: str) -> list[str]:
    """The reported total, then the items (see spending_items): under which headings, the largest."""
    out = []
    total = data.row(SPENDING_TOTAL, table=SPENDING)
    if total is not None:
        out.append(
            paragraph(
                "integration.spending_total",
                lang,
                year=data.year,
                name=lower_first(indicator_name(SPENDING_TOTAL, lang), lang),
                name_cap=indicator_name(SPENDING_TOTAL, lang),
                total=fmt_row(total, lang),
            )
        )
    if items.empty:
        return out
    n_items = counted("integration.count_items", len(items), lang)
    if grouped(items):
        totals = category_totals(items)
        out.append(
            paragraph(
                "integration.items_grouped",
                lang,
                n=n_items,
                headings=counted("integration.count_headings", len(totals), lang),
                groups=join(
                    [
                        text(
                            "integration.category_part",
                            lang,
                            name=heading_name(data, c, lang),
                            name_lc=lower_first(heading_name(data, c, lang), lang),
                            value=money_text(v, "万元", lang, 4),
                            share=share_text(s, d, lang),
                        )
                        for c, v, s, d in zip(
                            totals["category"], totals["value"], totals["share_pct"], totals["share_digits"]
                        )
                    ],
                    lang,
                ),
            )
        )
    else:
        out.append(paragraph("integration.items_listed", lang, n=n_items))
    if len(items) > 1:
        out.append(
            paragraph(
                "integration.items_top",
                lang,
                top=entity_name(data, items.loc[items["value"].idxmax(), "entity"], lang),
                top_lc=lower_first(entity_name(data, items.loc[items["value"].idxmax(), "entity"], lang), lang),
                top_share=share_text(
                    items.loc[items["value"].idxmax(), "share_pct"],
                    items.loc[items["value"].idxmax(), "share_digits"],
                    lang,
                ),
            )
        )
    return out


def spending_chart(data: YearData, items: pd.DataFrame, lang: str) -> str | None:
    """The items (see spending_items) as bars, by heading; None without items."""
    if items.empty:
        return None
    by_heading = grouped(items)
    fig = _spending_figure(items, data, lang)
    alt = text(
        "integration.spending_alt",
        lang,
        year=data.year,
        items=clauses(
            [
                labelled(entity_name(data, e, lang), money_text(v, "万元", lang), lang)
                for e, v in zip(items["entity"], items["value"])
            ],
            lang,
        ),
    )
    money, scale = amount_scale(items["value"], "万元", lang, table=True)
    frame = pd.DataFrame(
        {
            "item": [entity_name(data, e, lang) for e in items["entity"]],
            "category": [heading_name(data, c, lang) for c in items["category"]],
            "value": [float(number(v * scale, lang).replace(",", "")) for v in items["value"]],
            "unit": money,
            "share_pct": items["share_pct"].round(2),
        }
    )
    caption = "integration.spending_caption_grouped" if by_heading else "integration.spending_caption"
    return charts.figure_html(
        fig,
        alt=alt,
        caption=text(caption, lang),
        data=frame if by_heading else frame.drop(columns="category"),
        name=f"integration-spending-{data.year}",
        lang=lang,
    )


def spending_table(data: YearData, items: pd.DataFrame, lang: str) -> Table | None:
    """The items (see spending_items): heading, money, share, details; None without items."""
    if items.empty:
        return None
    by_heading = grouped(items)
    heading_col = text("integration.col_category", lang)
    money, scale = amount_scale(items["value"], "万元", lang, table=True)
    table = pd.DataFrame(
        {
            text("integration.col_item", lang): [entity_name(data, e, lang) for e in items["entity"]],
            heading_col: [heading_name(data, c, lang) for c in items["category"]],
            text("integration.col_money", lang, unit=money): [number(v * scale, lang) for v in items["value"]],
            text("integration.col_share", lang): [
                share_text(s, d, lang, 2) for s, d in zip(items["share_pct"], items["share_digits"])
            ],
            text("integration.col_detail", lang): [entity_detail(data, e, lang) for e in items["entity"]],
        }
    )
    if not by_heading:
        table = table.drop(columns=heading_col)
    notes = [text("integration.spending_share_note", lang)]
    if by_heading:
        notes.append(text("integration.spending_heading_note", lang))
    if data.row(SPENDING_TOTAL, table=SPENDING) is not None:
        notes.append(
            text("integration.spending_total_note", lang, total=fmt(data, SPENDING_TOTAL, lang, table=SPENDING))
        )
    return Table(
        without_empty_columns(table, [text("integration.col_detail", lang)]),
        text("integration.spending_table_caption", lang, year=data.year),
        note=sentences(notes, lang),
    )


def check_text(check: dict | None, lang: str) -> str | None:
    """The items' sum against the reported total (see spending_check); None without both."""
    if check is None:
        return None
    items_sum, total, diff, tolerance = amounts(
        [check["items_sum"], check["total"], abs(check["difference"]), check["tolerance"]], "万元", lang
    )  # in one unit, to be compared
    fields = dict(n=check["n_items"], items_sum=items_sum, total=total, diff=diff, tolerance=tolerance)
    if check["difference"] == 0:
        return paragraph("integration.check_equal", lang, **fields)
    return paragraph(
        "integration.check_rounding" if check["within_rounding"] else "integration.check_gap", lang, **fields
    )


def item_figures_text(data: YearData, items: list[dict], lang: str) -> list[str]:
    """One sentence per spending item the table describes by other figures (see item_figures):
    roads, how many, how long, the cost per km."""
    out = []
    for item in items:
        facts = [
            text(
                "integration.item_fact",
                lang,
                name=lower_first(indicator_name(r["indicator"], lang), lang),
                value=fmt_row(r, lang),
            )
            for _, r in item["rows"].iterrows()
        ]
        rate = (
            ""
            if item["per_km"] is None
            else text(
                "integration.item_rate", lang, per_km=per_text(item["per_km"], "万元", "integration.per_km", lang)
            )
        )
        out.append(
            paragraph(
                "integration.item_figures" if facts else "integration.item_figures_plain",
                lang,
                item=entity_name(data, item["entity"], lang),
                facts=listing(facts, lang) if facts else "",
                investment=money_text(item["investment"], "万元", lang),
                rate=rate,
            )
        )
    return out


# ---- 3. supporting facilities ----


def facilities_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table | None:
    """The facilities (see facilities_frame): area, investment and per 亩, phases, builder; None without any."""
    if frame.empty:
        return None
    money = unit_label("万元", lang)
    phases_col = text("integration.col_phases", lang)
    table = pd.DataFrame(
        {
            text("integration.col_facility", lang): [entity_name(data, e, lang) for e in frame["entity"]],
            text("integration.col_area", lang, unit=unit_label("亩", lang)): [
                _num(v, lang, 4) for v in frame["area_mu"]
            ],
            text("integration.col_area_ha", lang): [_num(v, lang, 3) for v in frame["area_ha"]],
            text("integration.col_investment", lang, unit=money): [
                _num(None if _absent(v) else in_reader_unit(v, "万元", lang), lang, 4) for v in frame["investment"]
            ],
            text("integration.col_investment_kind", lang): [
                None if _absent(k) else text(f"integration.kind_{k}", lang) for k in frame["investment_kind"]
            ],
            text("integration.col_per_mu", lang, unit=per_unit_label("万元", "integration.per_mu", lang)): [
                _num(None if _absent(v) else in_reader_unit(v, "万元", lang), lang) for v in frame["per_mu"]
            ],
            phases_col: [None if _absent(p) else number(p, lang) for p in frame["phases"]],
        }
    )
    table = without_empty_columns(table, [phases_col])
    details = tuple(d for d in (facility_details(data, r, lang) for _, r in frame.iterrows()) if d)
    builders = not all(_absent(b) for b in frame["builder"])
    notes = [text("integration.facilities_note", lang)] + ([text("integration.builder_note", lang)] if builders else [])
    return Table(
        table,
        text("integration.facilities_caption", lang, year=data.year),
        note=sentences(notes, lang),
        details=details,
    )


def facility_details(data: YearData, row: pd.Series, lang: str) -> str:
    """What a facility's row cannot hold (too long for a column): its builder and the report's
    words on its plans, as one sentence under the table; "" when there is neither."""
    name, detail = entity_name(data, row["entity"], lang), entity_detail(data, row["entity"], lang)
    builder = None if _absent(row["builder"]) else entity_name(data, row["builder"], lang)
    if builder and detail:
        return text("integration.facility_builder_detail", lang, name=name, builder=builder, detail=detail)
    if builder:
        return text("integration.facility_builder", lang, name=name, builder=builder)
    return text("integration.name_detail", lang, name=name, detail=detail) if detail else ""


def investment_by_kind(priced: pd.DataFrame, lang: str) -> str:
    """The facilities' investment summed within each kind only: total and planned investment are
    not the same measure, so they are never added (总投资1500万元和计划投资1052万元)."""
    sums = priced.groupby("investment_kind", sort=False)["investment"].sum()
    return listing(
        [
            text(
                "integration.kind_amount",
                lang,
                kind=text(f"integration.kind_{kind}_lower", lang),
                amount=money_text(v, "万元", lang, 4),
            )
            for kind, v in sums.items()
        ],
        lang,
    )


def facilities_text(data: YearData, frame: pd.DataFrame, lang: str) -> str | None:
    """The dearest and cheapest facility per 亩 (see facilities_frame); None with fewer than two priced."""
    priced = frame.dropna(subset=["per_mu"])
    if len(priced) <= 1:
        return None
    hi, lo = priced.loc[priced["per_mu"].idxmax()], priced.loc[priced["per_mu"].idxmin()]
    return paragraph(
        "integration.facilities_per_mu",
        lang,
        high=entity_name(data, hi["entity"], lang),
        high_rate=per_text(hi["per_mu"], "万元", "integration.per_mu", lang),
        high_kind=text(f"integration.kind_{hi['investment_kind']}_lower", lang),
        low=entity_name(data, lo["entity"], lang),
        low_rate=per_text(lo["per_mu"], "万元", "integration.per_mu", lang),
        low_kind=text(f"integration.kind_{lo['investment_kind']}_lower", lang),
        total=investment_by_kind(priced, lang),
        n=len(priced),
        area=quantity(round(priced["area_mu"].sum(), 2), "亩", lang),
    )


# ---- 4. the pipeline ----


def _funnel_figure(stages: pd.DataFrame, data: YearData, lang: str):
    """Ordered horizontal bars: the funnel's stages solid on top, the side tracks muted below."""
    fig, ax = plt.subplots(figsize=(7.6, 0.55 * len(stages) + 1.7))
    ys, y = [], 0.0
    previous = None
    for track in stages["track"]:
        if previous is not None and track != previous:
            y += 0.7
        ys.append(-y)
        y += 1
        previous = track
    colours = [charts.ACCENT if t == "funnel" else charts.MUTED for t in stages["track"]]
    ax.barh(ys, list(stages["count"]), color=colours, height=0.62, edgecolor="white")
    ax.set_yticks(ys, [indicator_name(s, lang) for s in stages["stage"]])
    span = float(stages["count"].max())
    for yy, (_, r) in zip(ys, stages.iterrows()):
        label = text("integration.funnel_label_count", lang, n=number(r["count"], lang))
        if r["money"] is not None and pd.notna(r["money"]):
            label += text(
                "integration.funnel_label_money",
                lang,
                kind=text(f"integration.money_{r['money_kind']}", lang),
                money=quantity(r["money"], "亿元", lang),
            )
        ax.text(r["count"] + span * 0.015, yy, label, va="center")
    ax.set_xlim(0, span * 1.95)
    ax.grid(axis="y", visible=False)
    ax.set_title(text("integration.funnel_title", lang, year=data.year), loc="left")
    ax.set_xlabel(text("integration.axis_projects", lang))
    handles = [
        Patch(facecolor=charts.ACCENT, label=text("integration.track_funnel", lang)),
        Patch(facecolor=charts.MUTED, label=text("integration.track_side", lang)),
    ]
    charts.encoding_legend(ax, [h for h, t in zip(handles, ["funnel", "side"]) if t in set(stages["track"])])
    fig.set_layout_engine("constrained")
    return fig


def pipeline_chart(data: YearData, stages: pd.DataFrame, lang: str) -> str | None:
    """The stages (see pipeline_stages) as ordered bars with their money; None without any."""
    if stages.empty:
        return None
    fig = _funnel_figure(stages, data, lang)
    alt = text(
        "integration.funnel_alt",
        lang,
        year=data.year,
        items=join(
            [
                text(
                    "integration.funnel_alt_item",
                    lang,
                    stage=indicator_name(r["stage"], lang),
                    n=number(r["count"], lang),
                )
                + (
                    ""
                    if _absent(r["money"])
                    else text(
                        "integration.funnel_label_money",
                        lang,
                        kind=text(f"integration.money_{r['money_kind']}", lang),
                        money=quantity(r["money"], "亿元", lang),
                    )
                )
                for _, r in stages.iterrows()
            ],
            lang,
        ),
    )
    frame = pd.DataFrame(
        {
            "stage": [indicator_name(s, lang) for s in stages["stage"]],
            "track": [text(f"integration.track_{t}", lang) for t in stages["track"]],
            "projects": stages["count"],
            "money": [None if _absent(m) else round(in_reader_unit(m, "亿元", lang), 4) for m in stages["money"]],
            "money_kind": [None if _absent(k) else text(f"integration.money_{k}", lang) for k in stages["money_kind"]],
            "money_unit": unit_label("亿元", lang),
        }
    )
    caption = [text("integration.funnel_caption", lang)]
    if "funds_in_place" in set(stages["money_kind"]):
        caption.append(text("integration.funnel_caption_signed", lang))
    return charts.figure_html(
        fig, alt=alt, caption=sentences(caption, lang), data=frame, name=f"integration-pipeline-{data.year}", lang=lang
    )


def pipeline_table(data: YearData, stages: pd.DataFrame, lang: str) -> Table | None:
    """The stages (see pipeline_stages): projects, money and money per project; None without any."""
    if stages.empty:
        return None
    per_unit = "亿元" if lang == "zh" else "万元"  # 1.55亿元/个; 155 million yuan per project
    per = per_unit_label(per_unit, "integration.per_project", lang)
    money_cols = [
        text("integration.col_money_kind", lang),
        text("integration.col_money", lang, unit=unit_label("亿元", lang)),
        text("integration.col_per_project", lang, unit=per),
    ]
    table = pd.DataFrame(
        {
            text("integration.col_stage", lang): [indicator_name(s, lang) for s in stages["stage"]],
            text("integration.col_projects", lang): [number(c, lang) for c in stages["count"]],
            money_cols[0]: [None if _absent(k) else text(f"integration.money_{k}", lang) for k in stages["money_kind"]],
            money_cols[1]: [
                _num(None if _absent(m) else in_reader_unit(m, "亿元", lang), lang, 4) for m in stages["money"]
            ],
            money_cols[2]: [
                _num(None if _absent(p) else in_reader_unit(convert(p, "亿元", per_unit), per_unit, lang), lang)
                for p in stages["per_project"]
            ],
        }
    )
    table = without_empty_columns(table, money_cols)
    return Table(
        table,
        text("integration.pipeline_caption", lang, year=data.year),
        note=text("integration.pipeline_note", lang) if money_cols[1] in table else "",
    )


def _size_ratio(data: YearData, production: float, started: float, lang: str) -> str:
    """Money per project in production as a % of money per project started, to the digits of
    the two sums of money (the counts are exact and do not limit them)."""
    monies = [STAGE_MONEY[s][0] for s in ("projects_in_production", "projects_started")]
    digits = min(_digits(data, monies, PIPELINE))
    ratio = derived_pct(production, started, digits)
    return percent(ratio, lang, shown_decimals(ratio, digits))


def pipeline_text(data: YearData, stages: pd.DataFrame, lang: str) -> list[str]:
    """Money per project along the funnel, the upgrade projects, and production as a share of starts."""
    if stages.empty:
        return []
    out = []
    rates = {r["stage"]: r["per_project"] for _, r in stages.iterrows() if not _absent(r["per_project"])}
    if all(k in rates for k in FUNNEL):
        started, production = rates["projects_started"], rates["projects_in_production"]
        out.append(
            paragraph(
                "integration.pipeline_per_project",
                lang,
                year=data.year,
                signed_rate=money_text(rates["projects_signed"], "亿元", lang, 3),
                started_rate=money_text(started, "亿元", lang, 3),
                production_rate=money_text(production, "亿元", lang, 3),
                comparison=text("integration.smaller" if production < started else "integration.larger", lang),
                size_ratio=_size_ratio(data, production, started, lang),
            )
        )
    if "expansion_upgrade_projects" in rates:
        out.append(
            paragraph(
                "integration.pipeline_upgrade",
                lang,
                n=fmt(data, "expansion_upgrade_projects", lang, table=PIPELINE),
                money=fmt(data, "expansion_upgrade_investment", lang, table=PIPELINE),
                rate=per_text(rates["expansion_upgrade_projects"], "亿元", "integration.per_project", lang),
            )
        )
    production = stage_ratio(stages, "projects_in_production", "projects_started")
    if production is not None:
        out.append(
            paragraph(
                "integration.pipeline_ratio",
                lang,
                production=fmt(data, "projects_in_production", lang, table=PIPELINE),
                started=fmt(data, "projects_started", lang, table=PIPELINE),
                ratio=percent(production, lang),
            )
        )
    return out


# ---- 5. districts ----


def districts_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table | None:
    """The districts (see districts_frame): planned area, entrants, area per entrant; None without any."""
    if frame.empty:
        return None
    entrants = indicator_name("district_entrants", lang)
    cols = [
        text("integration.col_area", lang, unit=unit_label("亩", lang)),
        text("integration.col_area_ha", lang),
        entrants,
        text("integration.col_per_entrant", lang, unit=per_unit_label("亩", "integration.per_entrant", lang)),
    ]
    table = pd.DataFrame(
        {
            text("integration.col_district", lang): [entity_name(data, e, lang) for e in frame["entity"]],
            cols[0]: [_num(v, lang, 4) for v in frame["area_mu"]],
            cols[1]: [_num(v, lang, 3) for v in frame["area_ha"]],
            cols[2]: [
                None if _absent(v) else quantity(v, u, lang) for v, u in zip(frame["entrants"], frame["entrants_unit"])
            ],
            cols[3]: [_num(v, lang) for v in frame["per_entrant"]],
        }
    )
    # the report's words on each district: too long for a column, listed under the table
    details = tuple(
        text("integration.name_detail", lang, name=entity_name(data, e, lang), detail=entity_detail(data, e, lang))
        for e in frame["entity"]
        if entity_detail(data, e, lang)
    )
    return Table(
        without_empty_columns(table, cols),
        text("integration.districts_caption", lang, year=data.year),
        note=text("integration.districts_note", lang),
        details=details,
    )


def districts_text(data: YearData, frame: pd.DataFrame, lang: str) -> list[str]:
    """Each district's planned area per entrant, in a sentence."""
    return [
        paragraph(
            "integration.district_line",
            lang,
            name=entity_name(data, r["entity"], lang),
            name_lc=lower_first(entity_name(data, r["entity"], lang), lang),
            area=fmt(data, "district_planned_area", lang, entity=r["entity"], table=DISTRICTS),
            entrants=fmt(data, "district_entrants", lang, entity=r["entity"], table=DISTRICTS),
            per=quantity(significant(r["per_entrant"], 3), "亩", lang),
        )
        for _, r in frame.iterrows()
        if not _absent(r["per_entrant"])
    ]
