"""Chapter 2, industry-city integration: new space, spending by item, supporting facilities,
the project pipeline, and the commercial and logistics districts.

Pure functions compute (and are unit-tested); `show_*` functions display one section each
and say "not reported" when the year lacks the table, never showing a missing figure as 0.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from .. import charts
from ..data import YearData
from ..i18n import number, percent, significant, text
from ..present import say, show_figure, show_table
from ..units import convert, in_reader_unit, quantity, to_base, unit_label
from .common import entity_detail, entity_name, fmt, fmt_row, indicator_name, not_reported, setup  # noqa: F401

LAND, SPENDING, FACILITIES, PIPELINE, DISTRICTS = "land", "spending", "facilities", "pipeline", "districts"

# The source groups the items of 2(二) under two headings, 基础设施建设方面 and 园区环境改善方面;
# entities.csv records no category, so the grouping is kept here by the items' stable ids
# (tests check it against the headings' positions in the source). An unknown item is "other".
CATEGORY_INFRASTRUCTURE, CATEGORY_ENVIRONMENT, CATEGORY_OTHER = "infrastructure", "environment", "other"
SPENDING_CATEGORY = {
    "sp_roads": CATEGORY_INFRASTRUCTURE, "sp_municipal": CATEGORY_INFRASTRUCTURE, "sp_water_power": CATEGORY_INFRASTRUCTURE,
    "sp_greening": CATEGORY_ENVIRONMENT, "sp_streetlights": CATEGORY_ENVIRONMENT, "sp_signs": CATEGORY_ENVIRONMENT,
    "sp_surveillance": CATEGORY_ENVIRONMENT, "sp_security": CATEGORY_ENVIRONMENT, "sp_beautiful_park": CATEGORY_ENVIRONMENT,
}
CATEGORY_ORDER = [CATEGORY_INFRASTRUCTURE, CATEGORY_ENVIRONMENT, CATEGORY_OTHER]
ROAD_ITEM = "sp_roads"

# The pipeline's stages in the order a project moves through them, then the side tracks.
FUNNEL = ["projects_signed", "projects_started", "projects_in_production"]
SIDE = ["projects_negotiating", "expansion_upgrade_projects"]
STAGE_MONEY = {  # stage -> (money indicator, what the money is)
    "projects_signed": ("investment_funds_in_place", "funds_in_place"),
    "projects_started": ("projects_started_investment", "total_investment"),
    "projects_in_production": ("projects_in_production_investment", "investment"),
    "expansion_upgrade_projects": ("expansion_upgrade_investment", "total_investment"),
}
FINDING_STARTED = "projects_started_25_vs_28"
FINDING_SPENDING = "spending_items_sum"


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
    """A computed amount of money for prose: to `digits` significant figures when given; in
    English an amount under one million yuan is written in yuan (2,200 yuan, not 0.0022 million)."""
    if lang == "en" and unit in ("万元", "亿元") and in_reader_unit(convert(abs(value), unit, "万元"), "万元", lang) < 1:
        yuan = to_base(value, unit)  # the base unit of 万元 and 亿元 is 元
        return f"{number(significant(yuan, digits) if digits else round(yuan, 2), lang)} {text('integration.unit_yuan', lang)}"
    return quantity(significant(value, digits) if digits else value, unit, lang)


def per_text(value: float, unit: str, per_key: str, lang: str) -> str:
    """A rate such as 440万元/公里 or 4.4 million yuan per km (99,500 yuan per mu under a million)."""
    return text("integration.rate", lang, amount=money_text(value, unit, lang, 3) if unit in ("万元", "亿元")
                else quantity(significant(value, 3), unit, lang), per=text(per_key, lang))


def join(parts: list[str], lang: str) -> str:
    """Clauses joined the reader's way: ；in Chinese, '; ' in English."""
    return (text("integration.list_sep", lang) + ("" if lang == "zh" else " ")).join(parts)


def per_unit_label(unit: str, per_key: str, lang: str) -> str:
    """The unit of a rate for a table header: 万元/亩, million yuan per mu."""
    return text("integration.rate", lang, amount=unit_label(unit, lang), per=text(per_key, lang))


def finding_text(data: YearData, finding: str, lang: str) -> str | None:
    """A recorded quirk of the source in the reader's language, or None."""
    findings = data.table("findings")
    if findings is None or finding not in set(findings["id"]):
        return None
    return findings.loc[findings["id"] == finding, f"description_{lang}"].iloc[0]


def _entities(data: YearData, kind: str) -> pd.DataFrame:
    entities = data.table("entities")
    return pd.DataFrame(columns=["id", "name_zh", "detail_zh"]) if entities is None else entities[entities["kind"] == kind]


# ---- 1. new space ----------------------------------------------------------------------------

def land_balance(data: YearData) -> dict | None:
    """Land acquired and land built (亩), and what that implies. None without both."""
    acquired = _value_in(data, "land_acquired", "亩", table=LAND)
    built = _value_in(data, "land_built", "亩", table=LAND)
    if acquired is None or built is None:
        return None
    return {"acquired": acquired, "built": built, "built_minus_acquired": built - acquired,
            "built_to_acquired_pct": built / acquired * 100 if acquired else None}


def new_space_cost_per_mu(data: YearData) -> float | None:
    """Spending on new space per 亩 of land acquired (万元/亩)."""
    spent = _value_in(data, "new_space_investment", "万元", table=LAND)
    acquired = _value_in(data, "land_acquired", "亩", table=LAND)
    return None if spent is None or not acquired else spent / acquired


def projects_started_counts(data: YearData) -> dict:
    """Projects started as counted in 2(一) (land table) and in 2(三) (pipeline), and the gap."""
    new_space = data.value("projects_started_new_space", table=LAND)
    pipeline = data.value("projects_started", table=PIPELINE)
    gap = None if new_space is None or pipeline is None else pipeline - new_space
    return {"new_space": new_space, "pipeline": pipeline, "difference": gap}


# ---- 2. spending by item ---------------------------------------------------------------------

def spending_items(data: YearData) -> pd.DataFrame:
    """The items of 2(二) in 万元 with their category and their share (%) of the items' sum
    (the reported total is checked separately), largest first within each category."""
    columns = ["entity", "category", "value", "share_pct"]
    table = data.table(SPENDING)
    if table is None:
        return pd.DataFrame(columns=columns)
    rows = table[table["indicator"] == "infrastructure_spending_item"]
    values = [convert(float(r["value"]), r["unit"], "万元") for _, r in rows.iterrows()]
    frame = pd.DataFrame({"entity": list(rows["entity"]),
                          "category": [SPENDING_CATEGORY.get(e, CATEGORY_OTHER) for e in rows["entity"]],
                          "value": values}, columns=columns[:3])
    total = sum(values)
    frame["share_pct"] = frame["value"] / total * 100 if total else None
    frame["order"] = frame["category"].map(CATEGORY_ORDER.index)
    return frame.sort_values(["order", "value"], ascending=[True, False]).drop(columns="order").reset_index(drop=True)


def category_totals(items: pd.DataFrame) -> pd.DataFrame:
    """Each category's sum (万元) and share (%) of the items' sum, in CATEGORY_ORDER."""
    grouped = items.groupby("category", sort=False)["value"].sum()
    total = grouped.sum()
    out = pd.DataFrame({"category": grouped.index, "value": grouped.values,
                        "share_pct": grouped.values / total * 100 if total else None})
    out["order"] = out["category"].map(CATEGORY_ORDER.index)
    return out.sort_values("order").drop(columns="order").reset_index(drop=True)


def spending_check(data: YearData) -> dict | None:
    """The items' sum against the reported total. Within rounding when |sum − total| is less
    than half a unit in the total's last written digit (2893 -> 0.5; 2893.5 -> 0.05)."""
    items = spending_items(data)
    total_row = data.row("infrastructure_spending_total", table=SPENDING)
    if items.empty or total_row is None:
        return None
    total = convert(float(total_row["value"]), total_row["unit"], "万元")
    places = max([decimals_of(float(v)) for v in data.table(SPENDING).query("indicator == 'infrastructure_spending_item'")["value"]]
                 + [decimals_of(total)])
    items_sum = round(float(items["value"].sum()), places)  # no float noise: the items' own precision
    difference = round(items_sum - total, places)
    tolerance = 0.5 * 10 ** -decimals_of(float(total_row["value"])) * convert(1, total_row["unit"], "万元")
    return {"items_sum": items_sum, "total": total, "difference": difference, "tolerance": tolerance,
            "within_rounding": bool(abs(difference) < tolerance), "n_items": len(items)}


def road_cost_per_km(data: YearData) -> float | None:
    """Road investment ÷ road length (万元/公里)."""
    cost = _value_in(data, "infrastructure_spending_item", "万元", entity=ROAD_ITEM, table=SPENDING)
    length = _value_in(data, "road_length", "公里", table=SPENDING)
    return None if cost is None or not length else cost / length


# ---- 3. supporting facilities ----------------------------------------------------------------

def facility_builder(data: YearData, facility: str) -> str | None:
    """The department that builds a facility: the department entity named in its detail_zh."""
    detail = entity_detail(data, facility, "zh")
    for _, dept in _entities(data, "department").iterrows():
        if dept["name_zh"] and dept["name_zh"] in detail:
            return dept["id"]
    return None


def facilities_frame(data: YearData) -> pd.DataFrame:
    """One row per facility with an area or an investment: area (亩, ha), investment (万元) and
    whether it is total or planned, investment per 亩, phases, builder (entity id or None)."""
    columns = ["entity", "area_mu", "area_ha", "investment", "investment_kind", "per_mu", "phases", "builder"]
    table = data.table(FACILITIES)
    if table is None:
        return pd.DataFrame(columns=columns)
    records = []
    for entity in dict.fromkeys(table.loc[table["indicator"].isin(["facility_area", "facility_investment", "facility_planned_investment"]), "entity"]):
        area = _value_in(data, "facility_area", "亩", entity, FACILITIES)
        total = _value_in(data, "facility_investment", "万元", entity, FACILITIES)
        planned = _value_in(data, "facility_planned_investment", "万元", entity, FACILITIES)
        investment, kind = (total, "total") if total is not None else (planned, "planned" if planned is not None else None)
        records.append({
            "entity": entity, "area_mu": area, "area_ha": None if area is None else convert(area, "亩", "万㎡"),  # 1 ha = 1万㎡
            "investment": investment, "investment_kind": kind,
            "per_mu": None if investment is None or not area else investment / area,
            "phases": data.value("facility_phases", entity, FACILITIES), "builder": facility_builder(data, entity),
        })
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
            records.append({"stage": stage, "track": track, "count": count, "money": money,
                            "money_kind": kind if money is not None else None,
                            "per_project": None if money is None or not count else money / count})
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
    for entity in dict.fromkeys(table["entity"]):
        area = _value_in(data, "district_planned_area", "亩", entity, DISTRICTS)
        row = data.row("district_entrants", entity, DISTRICTS)
        entrants = None if row is None else float(row["value"])
        records.append({"entity": entity, "area_mu": area, "area_ha": None if area is None else convert(area, "亩", "万㎡"),
                        "entrants": entrants, "entrants_unit": None if row is None else row["unit"],
                        "per_entrant": None if area is None or not entrants else area / entrants})
    return pd.DataFrame(records, columns=columns)


# ---- display ---------------------------------------------------------------------------------

def _absent(value) -> bool:
    """None or NaN (pandas turns a None into NaN in a numeric column)."""
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _na(lang: str) -> str:
    return text("ui.not_reported", lang)


def _num(value, lang: str, digits: int = 3) -> str:
    """A computed number for a table cell, to `digits` significant figures; '未报告' when None."""
    return _na(lang) if _absent(value) else number(significant(float(value), digits), lang)


def show_intro(data: YearData, lang: str) -> None:
    say("integration.intro", lang, year=data.year)


def show_new_space(data: YearData, lang: str) -> None:
    if data.table(LAND) is None:
        return not_reported(LAND, lang)
    balance = land_balance(data)
    if balance is not None:
        key = "integration.land_more_built" if balance["built_minus_acquired"] > 0 else "integration.land_less_built"
        say(key, lang, year=data.year, acquired=fmt(data, "land_acquired", lang, table=LAND),
            built=fmt(data, "land_built", lang, table=LAND),
            diff=quantity(abs(balance["built_minus_acquired"]), "亩", lang), ratio=percent(balance["built_to_acquired_pct"], lang))
        labels = [indicator_name("land_acquired", lang), indicator_name("land_built", lang)]
        values = [balance["acquired"], balance["built"]]
        fig = charts.hbar(labels, values, title=text("integration.land_title", lang, year=data.year),
                          xlabel=text("integration.axis_area", lang, unit=unit_label("亩", lang)),
                          value_labels=[quantity(v, "亩", lang) for v in values], colors=[charts.ACCENT, charts.PALETTE[2]], width=6.5)
        alt = text("integration.land_alt", lang, year=data.year, acquired=quantity(values[0], "亩", lang), built=quantity(values[1], "亩", lang))
        frame = pd.DataFrame({"indicator": labels, "value": values, "unit": unit_label("亩", lang)})
        show_figure(charts.figure_html(fig, alt=alt, caption=text("integration.land_caption", lang, year=data.year), data=frame,
                                       name=f"integration-land-{data.year}", lang=lang))
    cost = new_space_cost_per_mu(data)
    if cost is not None:
        say("integration.new_space_cost", lang, investment=fmt(data, "new_space_investment", lang, table=LAND),
            per_mu=per_text(cost, "万元", "integration.per_mu", lang))
    show_projects_started(data, lang)


def show_projects_started(data: YearData, lang: str) -> None:
    counts = projects_started_counts(data)
    if counts["new_space"] is None and counts["pipeline"] is None:
        return
    if counts["difference"] is None:
        row = data.row("projects_started_new_space", table=LAND)
        if row is not None:
            say("integration.started_one", lang, n=fmt_row(row, lang))
        return
    if counts["difference"] == 0:
        return say("integration.started_agree", lang, n=number(counts["pipeline"], lang))
    say("integration.started_discrepancy", lang, first=number(counts["new_space"], lang), second=number(counts["pipeline"], lang),
        diff=number(abs(counts["difference"]), lang))
    note = finding_text(data, FINDING_STARTED, lang)
    if note:
        say("integration.finding", lang, text=note)


def _spending_chart(items: pd.DataFrame, data: YearData, lang: str):
    """Horizontal bars grouped by category (colour), a gap between the groups."""
    cats = [c for c in CATEGORY_ORDER if c in set(items["category"])]
    styles = {CATEGORY_INFRASTRUCTURE: (charts.PALETTE[0], None), CATEGORY_ENVIRONMENT: (charts.PALETTE[1], None),
              CATEGORY_OTHER: (charts.PALETTE[5], None)}
    positions, labels, values, colours, hatches = [], [], [], [], []
    y = 0
    for cat in cats:
        for _, r in items[items["category"] == cat].iterrows():
            positions.append(y)
            labels.append(entity_name(data, r["entity"], lang))
            values.append(in_reader_unit(r["value"], "万元", lang))
            colours.append(styles[cat][0])
            hatches.append(styles[cat][1])
            y += 1
        y += 0.6  # gap between categories
    fig, ax = plt.subplots(figsize=(7.6, 0.42 * len(values) + 1.6))
    ys = [-p for p in positions]
    bars = ax.barh(ys, values, color=colours, height=0.62, edgecolor="white")
    for bar, hatch in zip(bars, hatches):
        if hatch:
            bar.set_hatch(hatch)
    ax.set_yticks(ys, labels)
    span = max(values)
    for yy, v, (_, r) in zip(ys, values, items.iterrows()):
        ax.text(v + span * 0.01, yy, f"{charts.value_label(v, lang)}（{percent(r['share_pct'], lang)}）" if lang == "zh"
                else f"{charts.value_label(v, lang)} ({percent(r['share_pct'], lang)})", va="center")
    ax.set_xlim(0, span * 1.3)
    ax.grid(axis="y", visible=False)
    ax.set_title(text("integration.spending_title", lang, year=data.year), loc="left")
    ax.set_xlabel(text("integration.axis_money", lang, unit=unit_label("万元", lang)))
    totals = category_totals(items)
    handles = [Patch(facecolor=styles[c][0], hatch=styles[c][1], edgecolor="white",
                     label=text("integration.category_legend", lang, name=text(f"integration.cat_{c}", lang),
                                value=number(round(in_reader_unit(v, "万元", lang), 2), lang), share=percent(s, lang)))
               for c, v, s in zip(totals["category"], totals["value"], totals["share_pct"])]
    charts.encoding_legend(ax, handles).set_ncols(1)
    fig.tight_layout()
    return fig


def show_spending(data: YearData, lang: str) -> None:
    items = spending_items(data)
    if items.empty:
        return not_reported(SPENDING, lang)
    totals = category_totals(items)
    say("integration.spending_summary", lang, year=data.year, total=fmt(data, "infrastructure_spending_total", lang, table=SPENDING),
        n=len(items), groups=join([text("integration.category_part", lang, name=text(f"integration.cat_{c}", lang),
                                        value=money_text(v, "万元", lang, 4), share=percent(s, lang))
                                   for c, v, s in zip(totals["category"], totals["value"], totals["share_pct"])], lang),
        top=entity_name(data, items.loc[items["value"].idxmax(), "entity"], lang),
        top_share=percent(items["share_pct"].max(), lang))
    fig = _spending_chart(items, data, lang)
    alt = text("integration.spending_alt", lang, year=data.year, items=join(
        [f"{entity_name(data, e, lang)} {money_text(v, '万元', lang)}" for e, v in zip(items["entity"], items["value"])], lang))
    frame = pd.DataFrame({"item": [entity_name(data, e, lang) for e in items["entity"]],
                          "category": [text(f"integration.cat_{c}", lang) for c in items["category"]],
                          "value": [round(in_reader_unit(v, "万元", lang), 4) for v in items["value"]],
                          "unit": unit_label("万元", lang), "share_pct": items["share_pct"].round(2)})
    show_figure(charts.figure_html(fig, alt=alt, caption=text("integration.spending_caption", lang), data=frame,
                                   name=f"integration-spending-{data.year}", lang=lang))
    money = unit_label("万元", lang)
    table = pd.DataFrame({
        text("integration.col_item", lang): [entity_name(data, e, lang) for e in items["entity"]],
        text("integration.col_category", lang): [text(f"integration.cat_{c}", lang) for c in items["category"]],
        text("integration.col_money", lang, unit=money): [number(in_reader_unit(v, "万元", lang), lang) for v in items["value"]],
        text("integration.col_share", lang): [percent(s, lang, 2) for s in items["share_pct"]],
        text("integration.col_detail", lang): [entity_detail(data, e, lang) for e in items["entity"]],
    })
    show_table(table, text("integration.spending_table_caption", lang, year=data.year),
               note=text("integration.spending_table_note", lang, total=fmt(data, "infrastructure_spending_total", lang, table=SPENDING)))
    show_spending_check(data, lang)
    show_road_cost(data, lang)


def show_spending_check(data: YearData, lang: str) -> None:
    check = spending_check(data)
    if check is None:
        return
    fields = dict(n=check["n_items"], items_sum=quantity(check["items_sum"], "万元", lang),
                  total=quantity(check["total"], "万元", lang), diff=money_text(abs(check["difference"]), "万元", lang),
                  tolerance=money_text(check["tolerance"], "万元", lang))
    if check["difference"] == 0:
        say("integration.check_equal", lang, **fields)
    elif check["within_rounding"]:
        say("integration.check_rounding", lang, **fields)
    else:
        say("integration.check_gap", lang, **fields)


def show_road_cost(data: YearData, lang: str) -> None:
    cost = road_cost_per_km(data)
    if cost is None:
        return
    say("integration.road_cost", lang, roads=fmt(data, "roads_built", lang, table=SPENDING), length=fmt(data, "road_length", lang, table=SPENDING),
        investment=fmt(data, "infrastructure_spending_item", lang, entity=ROAD_ITEM, table=SPENDING),
        per_km=per_text(cost, "万元", "integration.per_km", lang),
        municipal=fmt(data, "roads_municipal_completed", lang, table=SPENDING))


def show_facilities(data: YearData, lang: str) -> None:
    frame = facilities_frame(data)
    if data.table(FACILITIES) is None:
        return not_reported(FACILITIES, lang)
    if not frame.empty:
        money = unit_label("万元", lang)
        table = pd.DataFrame({
            text("integration.col_facility", lang): [entity_name(data, e, lang) for e in frame["entity"]],
            text("integration.col_area", lang, unit=unit_label("亩", lang)): [_num(v, lang, 4) for v in frame["area_mu"]],
            text("integration.col_area_ha", lang): [_num(v, lang, 3) for v in frame["area_ha"]],
            text("integration.col_investment", lang, unit=money): [_num(None if _absent(v) else in_reader_unit(v, "万元", lang), lang, 4) for v in frame["investment"]],
            text("integration.col_investment_kind", lang): [_na(lang) if _absent(k) else text(f"integration.kind_{k}", lang) for k in frame["investment_kind"]],
            text("integration.col_per_mu", lang, unit=per_unit_label("万元", "integration.per_mu", lang)):
                [_num(None if _absent(v) else in_reader_unit(v, "万元", lang), lang) for v in frame["per_mu"]],
            text("integration.col_phases", lang): [text("integration.not_stated", lang) if _absent(p) else number(p, lang) for p in frame["phases"]],
            text("integration.col_builder", lang): [text("integration.not_stated", lang) if _absent(b) else entity_name(data, b, lang) for b in frame["builder"]],
            text("integration.col_detail", lang): [entity_detail(data, e, lang) for e in frame["entity"]],
        })
        show_table(table, text("integration.facilities_caption", lang, year=data.year), note=text("integration.facilities_note", lang))
        priced = frame.dropna(subset=["per_mu"])
        if not priced.empty:
            hi, lo = priced.loc[priced["per_mu"].idxmax()], priced.loc[priced["per_mu"].idxmin()]
            say("integration.facilities_per_mu", lang, high=entity_name(data, hi["entity"], lang),
                high_rate=per_text(hi["per_mu"], "万元", "integration.per_mu", lang),
                high_kind=text(f"integration.kind_{hi['investment_kind']}_lower", lang),
                low=entity_name(data, lo["entity"], lang), low_rate=per_text(lo["per_mu"], "万元", "integration.per_mu", lang),
                low_kind=text(f"integration.kind_{lo['investment_kind']}_lower", lang),
                total=money_text(priced["investment"].sum(), "万元", lang, 4), n=len(priced),
                area=quantity(round(priced["area_mu"].sum(), 2), "亩", lang))
    housing = data.row("public_rental_housing_units", table=FACILITIES)
    if housing is not None:
        say("integration.housing", lang, units=fmt_row(housing, lang),
            detail=entity_detail(data, housing["entity"], lang) if housing["entity"] else "")


def _funnel_chart(stages: pd.DataFrame, data: YearData, lang: str):
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
            label += text("integration.funnel_label_money", lang, kind=text(f"integration.money_{r['money_kind']}", lang),
                          money=quantity(r["money"], "亿元", lang))
        ax.text(r["count"] + span * 0.015, yy, label, va="center")
    ax.set_xlim(0, span * 1.95)
    ax.grid(axis="y", visible=False)
    ax.set_title(text("integration.funnel_title", lang, year=data.year), loc="left")
    ax.set_xlabel(text("integration.axis_projects", lang))
    handles = [Patch(facecolor=charts.ACCENT, label=text("integration.track_funnel", lang)),
               Patch(facecolor=charts.MUTED, label=text("integration.track_side", lang))]
    charts.encoding_legend(ax, [h for h, t in zip(handles, ["funnel", "side"]) if t in set(stages["track"])])
    fig.tight_layout()
    return fig


def show_pipeline(data: YearData, lang: str) -> None:
    stages = pipeline_stages(data)
    if stages.empty:
        return not_reported(PIPELINE, lang)
    fig = _funnel_chart(stages, data, lang)
    alt = text("integration.funnel_alt", lang, year=data.year, items=join(
        [text("integration.funnel_alt_item", lang, stage=indicator_name(r["stage"], lang), n=number(r["count"], lang))
         + ("" if _absent(r["money"]) else text("integration.funnel_label_money", lang, kind=text(f"integration.money_{r['money_kind']}", lang),
                                                money=quantity(r["money"], "亿元", lang)))
         for _, r in stages.iterrows()], lang))
    frame = pd.DataFrame({"stage": [indicator_name(s, lang) for s in stages["stage"]],
                          "track": [text(f"integration.track_{t}", lang) for t in stages["track"]],
                          "projects": stages["count"],
                          "money": [None if _absent(m) else round(in_reader_unit(m, "亿元", lang), 4) for m in stages["money"]],
                          "money_kind": [None if _absent(k) else text(f"integration.money_{k}", lang) for k in stages["money_kind"]],
                          "money_unit": unit_label("亿元", lang)})
    show_figure(charts.figure_html(fig, alt=alt, caption=text("integration.funnel_caption", lang), data=frame,
                                   name=f"integration-pipeline-{data.year}", lang=lang))
    per_unit = "亿元" if lang == "zh" else "万元"  # 1.55亿元/个; 155 million yuan per project
    per = per_unit_label(per_unit, "integration.per_project", lang)
    table = pd.DataFrame({
        text("integration.col_stage", lang): [indicator_name(s, lang) for s in stages["stage"]],
        text("integration.col_projects", lang): [number(c, lang) for c in stages["count"]],
        text("integration.col_money_kind", lang): [_na(lang) if _absent(k) else text(f"integration.money_{k}", lang) for k in stages["money_kind"]],
        text("integration.col_money", lang, unit=unit_label("亿元", lang)): [_num(None if _absent(m) else in_reader_unit(m, "亿元", lang), lang, 4) for m in stages["money"]],
        text("integration.col_per_project", lang, unit=per): [_num(None if _absent(p) else in_reader_unit(convert(p, "亿元", per_unit), per_unit, lang), lang) for p in stages["per_project"]],
    })
    show_table(table, text("integration.pipeline_caption", lang, year=data.year), note=text("integration.pipeline_note", lang))
    rates = {r["stage"]: r["per_project"] for _, r in stages.iterrows() if not _absent(r["per_project"])}
    if all(k in rates for k in ["projects_signed", "projects_started", "projects_in_production"]):
        started, production = rates["projects_started"], rates["projects_in_production"]
        say("integration.pipeline_per_project", lang,
            signed_rate=money_text(rates["projects_signed"], "亿元", lang, 3),
            started_rate=money_text(started, "亿元", lang, 3),
            production_rate=money_text(production, "亿元", lang, 3),
            comparison=text("integration.smaller" if production < started else "integration.larger", lang),
            size_ratio=percent(production / started * 100, lang))
    if "expansion_upgrade_projects" in rates:
        say("integration.pipeline_upgrade", lang, n=fmt(data, "expansion_upgrade_projects", lang, table=PIPELINE),
            money=fmt(data, "expansion_upgrade_investment", lang, table=PIPELINE),
            rate=per_text(rates["expansion_upgrade_projects"], "亿元", "integration.per_project", lang))
    production = stage_ratio(stages, "projects_in_production", "projects_started")
    if production is not None:
        say("integration.pipeline_ratio", lang, production=fmt(data, "projects_in_production", lang, table=PIPELINE),
            started=fmt(data, "projects_started", lang, table=PIPELINE), ratio=percent(production, lang))


def show_districts(data: YearData, lang: str) -> None:
    frame = districts_frame(data)
    if frame.empty:
        return not_reported(DISTRICTS, lang)
    table = pd.DataFrame({
        text("integration.col_district", lang): [entity_name(data, e, lang) for e in frame["entity"]],
        text("integration.col_area", lang, unit=unit_label("亩", lang)): [_num(v, lang, 4) for v in frame["area_mu"]],
        text("integration.col_area_ha", lang): [_num(v, lang, 3) for v in frame["area_ha"]],
        text("integration.col_entrants", lang): [_num(v, lang) for v in frame["entrants"]],
        text("integration.col_per_entrant", lang, unit=per_unit_label("亩", "integration.per_entrant", lang)): [_num(v, lang) for v in frame["per_entrant"]],
    })
    show_table(table, text("integration.districts_caption", lang, year=data.year), note=text("integration.districts_note", lang))
    for _, r in frame.iterrows():
        if _absent(r["per_entrant"]):
            continue
        say("integration.district_line", lang, name=entity_name(data, r["entity"], lang),
            area=fmt(data, "district_planned_area", lang, entity=r["entity"], table=DISTRICTS),
            entrants=fmt(data, "district_entrants", lang, entity=r["entity"], table=DISTRICTS),
            per=quantity(significant(r["per_entrant"], 3), "亩", lang))
