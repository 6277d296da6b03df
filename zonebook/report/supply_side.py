"""Chapter 3, supply-side reform: what the year's report says was done, and its figures on the
industry structure, the industrial park, idle assets and innovation.

Everything shown is the year's data: the measures and the report's own sub-headings are rows of
`measures.csv` and `sections.csv` (which name the enterprises the report credits), the figures
rows of `industry.csv`, `stock_assets.csv` and `innovation.csv`, the industries the entities of
kind `industry`, and the park or enterprise a figure concerns the row's entity.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import clauses, labelled, listing, lower_first, number, percent, text
from zonebook.data.precision import derived, written_digits
from zonebook.data.quantities import convert, quantity, to_base, unit_label
from zonebook.report import charts
from zonebook.report.common import (
    Topic,
    axis_label,
    entity_name,
    fmt_row,
    has_rows,
    indicator_name,
    measures_topic,
    rows_of_indicators,
    rows_outside,
    rows_table,
    setup,  # noqa: F401  (setup is the notebook's entry)
)
from zonebook.report.formatting import absent, bracketed
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import lede_of, section_paragraphs, thought, variant

CHAPTER = "supply_side"
INDUSTRY, STOCK, INNOVATION = "industry", "stock_assets", "innovation"
TABLES = (INDUSTRY, STOCK, INNOVATION)  # presented here: the sources section lists their quotes

# Which of the tables' indicators each section discusses (the catalogue's vocabulary, not a year's).
STRUCTURE = (
    "traditional_industries",
    "traditional_industry_history",
    "emerging_industries",
    "emerging_industry_pillar_horizon",
    "emerging_cluster_target_scale",
)
PARK_STAGES = ("bamboo_park_planned_area", "bamboo_park_land_acquired", "bamboo_park_land_prepared")
PARK = PARK_STAGES + ("bamboo_park_enterprises", "export_products")
ASSETS = ("enterprises_resumed_production", "stock_leasing_projects", "stock_floor_area_leased")
INNOVATIONS = (
    "product_length_before",
    "product_length_after",
    "county_dispatch_funds_secured",
    "provincial_high_tech_enterprises",
)
GROUPED = {INDUSTRY: STRUCTURE + PARK, STOCK: ASSETS, INNOVATION: INNOVATIONS}
LONG_RANGE = "emerging_cluster_target_scale"  # an aim years away, not the next year's target
ENTERPRISES = "家"  # the unit of a count of enterprises, which the report may illustrate with names


def industries(data: YearData) -> pd.DataFrame:
    """The industries the year's report names (entities of kind industry), in file order."""
    entities = data.table("entities")
    if entities is None:
        return pd.DataFrame(columns=["id", "name_zh", "name_en", "detail_zh", "detail_en"])
    return entities[entities["kind"] == "industry"]


def other_rows(data: YearData) -> dict[str, pd.DataFrame]:
    """Per table, the rows no section discusses (an indicator a year adds)."""
    found = {table: rows_outside(data, table, indicators) for table, indicators in GROUPED.items()}
    return {table: rows for table, rows in found.items() if not rows.empty}


MEASURES = measures_topic(CHAPTER)
STRUCTURE_TOPIC = Topic("structure", has_rows(INDUSTRY, *STRUCTURE))
PARK_TOPIC = Topic("park", has_rows(INDUSTRY, *PARK))
ASSETS_TOPIC = Topic("assets", has_rows(STOCK, *ASSETS))
INNOVATION_TOPIC = Topic("innovation", has_rows(INNOVATION, *INNOVATIONS))
TOPICS = (MEASURES, STRUCTURE_TOPIC, PARK_TOPIC, ASSETS_TOPIC, INNOVATION_TOPIC)
# Not announced when absent: most years' figures all belong to a section above.
OTHER = Topic("other", lambda data: bool(other_rows(data)))
SECTIONS = {
    STRUCTURE_TOPIC: (INDUSTRY, STRUCTURE),
    PARK_TOPIC: (INDUSTRY, PARK),
    ASSETS_TOPIC: (STOCK, ASSETS),
    INNOVATION_TOPIC: (INNOVATION, INNOVATIONS),
}  # each section's table and indicators

# What each section says, fullest variant first (strings supply_side.s_*).
TRADITIONAL, HISTORY, EMERGING, HORIZON = STRUCTURE[:4]
PLANNED, ACQUIRED, PREPARED = PARK_STAGES
PARK_ENTERPRISES, EXPORTS = PARK[3:]
RESUMED, LEASING, FLOOR_AREA = ASSETS
BEFORE, AFTER, FUNDS, HIGH_TECH = INNOVATIONS
LAND = {"planned": PLANNED, "acquired": ACQUIRED, "prepared": PREPARED}
HIGH_TECH_THOUGHT = thought(variant("supply_side.s_high_tech", high_tech=HIGH_TECH))
RESUMED_THOUGHT = thought(variant("supply_side.s_resumed", resumed=RESUMED))
THOUGHTS = {
    STRUCTURE_TOPIC: (
        thought(
            variant("supply_side.s_traditional", traditional=TRADITIONAL, history=HISTORY),
            variant("supply_side.s_traditional_only", traditional=TRADITIONAL),
        ),
        thought(
            variant("supply_side.s_emerging", emerging=EMERGING, horizon=HORIZON),
            variant("supply_side.s_emerging_only", emerging=EMERGING),
        ),
        thought(variant("supply_side.cluster_note", cluster=LONG_RANGE)),
    ),
    PARK_TOPIC: (
        thought(
            variant("supply_side.s_park_named", named=("planned",), **LAND),
            variant("supply_side.s_park", **LAND),
            variant("supply_side.s_park_acquired", planned=PLANNED, acquired=ACQUIRED),
            variant("supply_side.s_park_planned", planned=PLANNED),
            variant("supply_side.s_park_acquired_only", acquired=ACQUIRED),
        ),
        thought(
            variant("supply_side.s_park_enterprises_named", named=("enterprises",), enterprises=PARK_ENTERPRISES),
            variant("supply_side.s_park_enterprises", enterprises=PARK_ENTERPRISES),
        ),
        thought(
            variant("supply_side.s_exports_named", named=("exports",), exports=EXPORTS),
            variant("supply_side.s_exports", exports=EXPORTS),
        ),
    ),
    ASSETS_TOPIC: (
        RESUMED_THOUGHT,
        thought(
            variant("supply_side.s_leasing", projects=LEASING, area=FLOOR_AREA),
            variant("supply_side.s_leasing_projects", projects=LEASING),
            variant("supply_side.s_leasing_area", area=FLOOR_AREA),
        ),
    ),
    INNOVATION_TOPIC: (
        thought(
            variant("supply_side.s_length_named", named=("before",), before=BEFORE, after=AFTER),
            variant("supply_side.s_length", before=BEFORE, after=AFTER),
        ),
        thought(
            variant("supply_side.s_funds_named", named=("funds",), funds=FUNDS),
            variant("supply_side.s_funds", funds=FUNDS),
        ),
        HIGH_TECH_THOUGHT,
    ),
}
# The lede: the park, new high-tech enterprises, idle assets at work, the long-range aim (strings supply_side.lede_*).
LEDE = (
    (
        INDUSTRY,
        thought(
            variant(
                "supply_side.lede_park",
                named=("planned",),
                planned=PLANNED,
                acquired=ACQUIRED,
                enterprises=PARK_ENTERPRISES,
            ),
            variant("supply_side.lede_park_land", named=("planned",), planned=PLANNED, acquired=ACQUIRED),
        ),
    ),
    (INNOVATION, HIGH_TECH_THOUGHT),
    (
        STOCK,
        thought(
            variant("supply_side.lede_assets", resumed=RESUMED, projects=LEASING, area=FLOOR_AREA),
            variant("supply_side.lede_leasing", projects=LEASING, area=FLOOR_AREA),
            variant("supply_side.s_resumed", resumed=RESUMED),
        ),
    ),
    (
        INDUSTRY,
        thought(
            variant("supply_side.lede_cluster", emerging=EMERGING, cluster=LONG_RANGE),
            variant("supply_side.lede_emerging", emerging=EMERGING),
        ),
    ),
)


def name_both(data: YearData, entity: str, lang: str) -> str:
    """The name in the reader's language; in English the Chinese form beside it."""
    name = entity_name(data, entity, lang)
    zh = entity_name(data, entity, "zh")
    return name if lang == "zh" or zh == name else f"{name} ({zh})"


# ---- computations --------------------------------------------------------------------------


def park_entity(data: YearData) -> str | None:
    """The park the land figures concern: the entity of the first land row."""
    rows = rows_of_indicators(data, INDUSTRY, PARK_STAGES)
    return None if rows.empty else rows["entity"].iloc[0]


def park_progress(data: YearData) -> pd.DataFrame:
    """The park's land: planned, acquired, prepared, each as % of planned and of the stage before.

    Columns: indicator, value, unit, pct_of_planned, pct_of_previous (None where not computable).
    """
    park = park_entity(data)
    planned = data.row(PARK_STAGES[0], park, INDUSTRY) if park is not None else None
    records, previous = [], None
    for indicator in PARK_STAGES:
        row = data.row(indicator, park, INDUSTRY) if park is not None else None
        if row is None:
            previous = None
            continue
        value = float(row["value"])
        of_planned = (
            None if planned is None else convert(value, row["unit"], planned["unit"]) / float(planned["value"]) * 100
        )
        of_previous = (
            None if previous is None else convert(value, row["unit"], previous["unit"]) / float(previous["value"]) * 100
        )
        records.append(
            {
                "indicator": indicator,
                "value": value,
                "unit": row["unit"],
                "pct_of_planned": of_planned,
                "pct_of_previous": of_previous,
            }
        )
        previous = row
    return pd.DataFrame(records, columns=["indicator", "value", "unit", "pct_of_planned", "pct_of_previous"])


def floor_area_per_project(data: YearData) -> float | None:
    """Leased idle floor area per leasing project, in m² (approximate when the area is), to the
    digits the area is written with (a count of projects is exact): 约8万㎡ ÷ 13 is about 6,000 m²."""
    area, projects = data.row("stock_floor_area_leased", table=STOCK), data.value("stock_leasing_projects", table=STOCK)
    if area is None or not projects:
        return None
    return derived(to_base(float(area["value"]), area["unit"]) / projects, written_digits(float(area["value"])))


def named_for(data: YearData, row: pd.Series) -> list[str]:
    """The enterprises the measure stating a figure names (its quote holds the figure's quote),
    in the measure's order: 巨宁竹业 … for "三森木业等12家企业入驻"."""
    measures = data.rows_of("measures", CHAPTER)
    entities = data.table("entities")
    if measures.empty or entities is None or row["unit"] != ENTERPRISES or not row["quote"]:
        return []
    words = "".join(t for t, q in zip(measures["text_zh"], measures["quote"]) if row["quote"] in q)
    found = [
        (words.find(name), i)
        for i, name, kind in zip(entities["id"], entities["name_zh"], entities["kind"])
        if kind == "enterprise" and name and name in words
    ]
    return [i for _, i in sorted(found)]


def length_rows(data: YearData) -> tuple[pd.Series, pd.Series] | None:
    """The before and after product-length rows of the first enterprise that has both."""
    rows = rows_of_indicators(data, INNOVATION, ("product_length_before",))
    for entity in rows["entity"]:
        after = data.row("product_length_after", entity, INNOVATION)
        if after is not None:
            return data.row("product_length_before", entity, INNOVATION), after
    return None


def length_gain(data: YearData) -> float | None:
    """How many times longer the product became (after ÷ before)."""
    pair = length_rows(data)
    if pair is None or not float(pair[0]["value"]):
        return None
    before, after = pair
    return convert(float(after["value"]), after["unit"], before["unit"]) / float(before["value"])


# ---- for the reader: sentences, tables and charts -------------------------------------------


def section_rows(data: YearData, topic: Topic) -> pd.DataFrame:
    """The rows a section discusses, in the order of its indicators."""
    return rows_of_indicators(data, *SECTIONS[topic])


def lede(data: YearData, lang: str) -> list[str]:
    """The chapter's opening paragraph: the park, high-tech enterprises, idle assets, the long-range
    aim, from the figures the year gives; none when it gives none."""
    return lede_of(data, LEDE, lang)


def section_text(data: YearData, topic: Topic, rows: pd.DataFrame, lang: str, after=None) -> list[str]:
    """The section's figures in sentences, each followed by what `after` gives for it (see
    prose.section_paragraphs), then the year's notes on them."""
    return section_paragraphs(data, SECTIONS[topic][0], THOUGHTS[topic], rows, lang, after)


def named_paragraphs(data: YearData, rows: pd.DataFrame, lang: str) -> dict[str, list[str]]:
    """For each count the report illustrates with names (by indicator): which it names, and how
    many it leaves unnamed."""
    out = {}
    for _, row in rows.iterrows():
        named = named_for(data, row)
        if not named:
            continue
        unnamed = float(row["value"]) - len(named)
        out.setdefault(row["indicator"], []).append(
            paragraph(
                "supply_side.named" if unnamed > 0 else "supply_side.named_all",
                lang,
                indicator=lower_first(indicator_name(row["indicator"], lang), lang),
                total=fmt_row(row, lang),
                named=quantity(len(named), row["unit"], lang),
                unnamed=quantity(unnamed, row["unit"], lang),
                names=listing([entity_name(data, e, lang) for e in named], lang),
            )
        )
    return out


def structure_text(data: YearData, rows: pd.DataFrame, lang: str) -> list[str]:
    """The structure's figures, the long-range aim said as the report says it, then the notes."""
    return section_text(data, STRUCTURE_TOPIC, rows, lang)


def industries_table(data: YearData, named: pd.DataFrame, lang: str) -> Table | None:
    """The industries the report names (see industries) and what each is; None without any."""
    if named.empty:
        return None
    cells = pd.DataFrame(
        {
            text("supply_side.col_industry", lang): [name_both(data, i, lang) for i in named["id"]],
            text("supply_side.col_what", lang): [d or "—" for d in named[f"detail_{lang}"]],
        }
    )
    return Table(cells, text("supply_side.industries_caption", lang, year=data.year))


def park_text(data: YearData, rows: pd.DataFrame, progress: pd.DataFrame, lang: str) -> list[str]:
    """The park's figures, the shares of its land at each stage (see park_progress), who is named, notes."""
    by = dict(zip(progress["indicator"], progress.to_dict("records")))
    shares = None
    if set(PARK_STAGES) <= set(by):
        shares = paragraph(
            "supply_side.park_shares",
            lang,
            acquired=indicator_name(PARK_STAGES[1], lang),
            prepared=lower_first(indicator_name(PARK_STAGES[2], lang), lang),
            acquired_pct=percent(by[PARK_STAGES[1]]["pct_of_planned"], lang),
            prepared_pct=percent(by[PARK_STAGES[2]]["pct_of_planned"], lang),
            prepared_of_acquired=percent(by[PARK_STAGES[2]]["pct_of_previous"], lang),
        )
    return section_text(
        data, PARK_TOPIC, rows, lang, after=_after(named_paragraphs(data, rows, lang), PREPARED, shares)
    )


def _progress_figure(frame: pd.DataFrame, lang: str, year: int, park: str):
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    unit = frame["unit"].iloc[0]
    values = list(frame["value"])
    full = values[0] if frame["indicator"].iloc[0] == PARK_STAGES[0] else max(values)
    fig, ax = plt.subplots(figsize=(7.4, 0.62 * len(labels) + 1.5), layout="constrained")
    positions = list(range(len(labels)))[::-1]
    for pos, value, color in zip(positions, values, charts.PALETTE):
        ax.barh(pos, full, height=0.6, color="#EEF1F4", edgecolor=charts.MUTED, linewidth=0.6)
        ax.barh(pos, value, height=0.6, color=color, edgecolor="white")
    for pos, value, pct in zip(positions, values, frame["pct_of_planned"]):
        label = quantity(value, unit, lang)
        if pct is not None and pd.notna(pct):
            label += ("" if lang == "zh" else " ") + text(
                "supply_side.progress_pct_label", lang, pct=percent(pct, lang)
            )
        ax.text(full * 1.01, pos, label, va="center", fontsize=9)
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, full * 1.42)
    ax.xaxis.set_major_locator(charts.ScaleTo(full))  # no tick over the labels beside the bars
    ax.set_xlabel(axis_label("supply_side.progress_axis", unit, lang))
    ax.set_title(text("supply_side.progress_title", lang, year=year, park=park), loc="left")
    ax.grid(axis="y", visible=False)
    return fig


def progress_chart(data: YearData, frame: pd.DataFrame, lang: str) -> str | None:
    """The park's land at each stage (see park_progress) against the planned area; None without any."""
    if frame.empty:
        return None
    park = lower_first(
        entity_name(data, park_entity(data), lang) if park_entity(data) else text("supply_side.the_park", lang), lang
    )
    fig = _progress_figure(frame, lang, data.year, park)
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    items = clauses(
        [
            labelled(
                label,
                quantity(v, u, lang) if absent(p) else bracketed(quantity(v, u, lang), percent(p, lang), lang),
                lang,
            )
            for label, v, u, p in zip(labels, frame["value"], frame["unit"], frame["pct_of_planned"])
        ],
        lang,
    )
    rows = pd.DataFrame(
        {
            "stage": labels,
            "value": frame["value"],
            "unit": [unit_label(u, lang) for u in frame["unit"]],
            "pct_of_planned": [None if absent(p) else round(p, 1) for p in frame["pct_of_planned"]],
        }
    )
    return charts.figure_html(
        fig,
        alt=text("supply_side.progress_alt", lang, park=park, items=items),
        caption=text(
            "supply_side.progress_caption"
            if frame["pct_of_planned"].notna().any()
            else "supply_side.progress_caption_plain",
            lang,
            park=park,
        ),
        data=rows,
        name=f"supply-side-park-progress-{data.year}",
        lang=lang,
    )


def assets_text(data: YearData, rows: pd.DataFrame, per: float | None, lang: str) -> list[str]:
    """The idle assets' figures, the floor area per leasing project (see floor_area_per_project), who is named, notes."""
    average = []
    if per is not None:
        approximate = data.row("stock_floor_area_leased", table=STOCK)["qualifier"] != "exact"
        key = "supply_side.leasing_average_approx" if approximate else "supply_side.leasing_average"
        average.append(paragraph(key, lang, per=number(per, lang)))
    return section_text(
        data, ASSETS_TOPIC, rows, lang, after=_after(named_paragraphs(data, rows, lang), FLOOR_AREA, *average)
    )


def innovation_text(data: YearData, rows: pd.DataFrame, gain: float | None, lang: str) -> list[str]:
    """The innovation figures, how many times longer the product became (see length_gain), who is named, notes."""
    length = None if gain is None else paragraph("supply_side.length", lang, gain=number(round(gain, 2), lang))
    return section_text(
        data, INNOVATION_TOPIC, rows, lang, after=_after(named_paragraphs(data, rows, lang), AFTER, length)
    )


def _after(named: dict[str, list[str]], indicator: str, *derived: str | None) -> dict[str, list[str | None]]:
    """What follows the sentences of a section: the derived values after `indicator`, the names after their count."""
    return {**named, indicator: [*named.get(indicator, []), *derived]}


def _length_figure(before: pd.Series, after: pd.Series, gain: float, lang: str, name: str):
    labels = [indicator_name("product_length_before", lang), indicator_name("product_length_after", lang)]
    values = [float(before["value"]), convert(float(after["value"]), after["unit"], before["unit"])]
    fig, ax = plt.subplots(figsize=(6.0, 3.4), layout="constrained")
    bars = ax.bar(labels, values, color=[charts.MUTED, charts.ACCENT], width=0.55, edgecolor="white")
    for bar, v in zip(bars, values):
        ax.annotate(
            quantity(v, before["unit"], lang),
            (bar.get_x() + bar.get_width() / 2, v),
            ha="center",
            va="bottom",
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=9,
        )
    ax.annotate(
        "",
        xy=(1 - 0.3, values[1]),
        xytext=(0.3, values[0]),
        arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.2},
    )
    ax.text(
        0.5,
        (values[0] + values[1]) / 2,
        text("supply_side.length_gain_label", lang, gain=number(round(gain, 2), lang)),
        ha="right",
        va="bottom",
        fontsize=11,
        fontweight="bold",
    )
    ax.set_ylim(0, max(values) * 1.2)
    ax.set_ylabel(axis_label("supply_side.length_axis", before["unit"], lang))
    ax.set_title(text("supply_side.length_title", lang, name=name), loc="left")
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", visible=True, color="#E3E7EB")
    return fig


def length_chart(data: YearData, gain: float | None, lang: str) -> str | None:
    """The product's length before and after (see length_rows), with the gain; None without a gain."""
    if gain is None:
        return None
    before, after = length_rows(data)
    name = entity_name(data, before["entity"], lang) if before["entity"] else text("supply_side.the_product", lang)
    fig = _length_figure(before, after, gain, lang, name)
    labels = [indicator_name("product_length_before", lang), indicator_name("product_length_after", lang)]
    frame = pd.DataFrame(
        {
            "measure": labels,
            "value": [float(before["value"]), float(after["value"])],
            "unit": [unit_label(before["unit"], lang), unit_label(after["unit"], lang)],
        }
    )
    return charts.figure_html(
        fig,
        alt=text(
            "supply_side.length_alt",
            lang,
            name=name,
            before=fmt_row(before, lang),
            after=fmt_row(after, lang),
            gain=number(round(gain, 2), lang),
        ),
        caption=text("supply_side.length_caption", lang),
        data=frame,
        name=f"supply-side-product-length-{data.year}",
        lang=lang,
    )


def other_tables(data: YearData, found: dict[str, pd.DataFrame], lang: str) -> list[Table]:
    """A table of each table's rows no section discusses (see other_rows)."""
    return [
        rows_table(
            data,
            table,
            rows,
            lang,
            text("supply_side.other_caption", lang, year=data.year, table=text(f"table.{table}", lang)),
        )
        for table, rows in found.items()
    ]
