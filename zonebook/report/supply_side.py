"""Chapter 3, supply-side reform: the industry tiers, the bamboo park, stock assets, innovation.

Pure functions compute (and are unit-tested); `show_*` functions display one section each
and say "not reported" when the year lacks the table. Which named enterprise belongs to
which passage of the source is structure, kept here as id lists; a list member missing from
entities.csv is simply left out.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .. import charts
from ..data import YearData
from ..i18n import number, percent, significant, text
from ..present import say, show_figure, show_table
from ..units import convert, quantity, to_base, unit_label
from .common import (axis_label, entity_detail, entity_name, fmt, fmt_row, indicator_name,  # noqa: F401
                     not_reported, setup)

INDUSTRY, STOCK, INNOVATION = "industry", "stock_assets", "innovation"
PARK = "bamboo_forestry_park"

# tier -> (industries the source puts in it, the figures it gives for the tier, the count indicator)
TIERS = {
    "traditional": (("ramie_textiles", "electromechanical_electronics"),
                    ("traditional_industries", "traditional_industry_history"), "traditional_industries"),
    "emerging": (("cnc_moulds_auto_parts", "biomedicine"),
                 ("emerging_industries", "emerging_industry_pillar_horizon", "emerging_cluster_target_scale"),
                 "emerging_industries"),
    "specialty": (("bamboo_forestry_industry",), (), None),
}
PARK_STAGES = ("bamboo_park_planned_area", "bamboo_park_land_acquired", "bamboo_park_land_prepared")
# Named in "已成功引进了巨宁竹业、江南春竹业、汉邦木业、爱尔木业、湖北圣保罗木业、三森木业等12家企业入驻".
PARK_ENTERPRISES = ("juning_bamboo", "jiangnanchun_bamboo", "hanbang_wood", "aier_wood", "shengbaoluo_wood", "sansen_wood")
# Named in "泉都带钢、江南春竹业、湖北特钻、金海达4家企业 … 2017年全面恢复生产".
RESUMED = ("quandu_strip_steel", "jiangnanchun_bamboo", "hubei_tezuan", "jinhaida")
# Innovation and brands, by what the source credits them with.
INNOVATORS = (
    ("juning_bamboo", "innovation"), ("hongsheng_mould", "innovation"), ("aier_wood", "innovation"),
    ("jinzhan_electronics", "high_tech"), ("zhonggang_metal", "high_tech"),
    ("huaxin_technology", "academician"), ("sanliu_heavy_industry", "academician"),
    ("shengbaoluo_wood", "brand"), ("shenglongchun_tea", "brand"),
)
LENGTH_ENTITY = "juning_bamboo"


# ---- helpers -------------------------------------------------------------------------------

def present_entities(data: YearData, ids) -> list[str]:
    """The ids that entities.csv holds, in the given order."""
    entities = data.table("entities")
    known = set() if entities is None else set(entities["id"])
    return [i for i in ids if i in known]


def names(data: YearData, ids, lang: str) -> str:
    """巨宁竹业、江南春竹业和汉邦木业 / Juning Bamboo, Jiangnanchun Bamboo and Hanbang Wood."""
    parts = [entity_name(data, i, lang) for i in ids]
    if len(parts) <= 1:
        return "".join(parts)
    joiner, last = ("、", "和") if lang == "zh" else (", ", " and ")
    return joiner.join(parts[:-1]) + last + parts[-1]


def name_both(data: YearData, entity: str, lang: str) -> str:
    """The name in the reader's language; in English the Chinese form beside it."""
    name = entity_name(data, entity, lang)
    zh = entity_name(data, entity, "zh")
    return name if lang == "zh" or zh == name else f"{name} ({zh})"


def park_name(data: YearData, lang: str) -> str:
    """The park's name for the middle of a sentence (English: 'the forest products … park')."""
    name = entity_name(data, PARK, lang)
    return name if lang == "zh" else name[:1].lower() + name[1:]


def finding(data: YearData, finding_id: str, lang: str) -> str | None:
    findings = data.table("findings")
    if findings is None or finding_id not in set(findings["id"]):
        return None
    return findings.loc[findings["id"] == finding_id, f"description_{lang}"].iloc[0]


def show_finding(data: YearData, finding_id: str, lang: str) -> None:
    description = finding(data, finding_id, lang)
    if description:
        say("supply_side.finding", lang, text=description)


def facts_text(data: YearData, table: str, indicators, lang: str, entity: str = "") -> str:
    """'Indicator: value; …' for the indicators the table reports, with the source's qualifiers."""
    sep = "：" if lang == "zh" else ": "
    parts = [f"{indicator_name(i, lang)}{sep}{fmt_row(row, lang)}" for i in indicators
             if (row := data.row(i, entity, table)) is not None]
    return ("；" if lang == "zh" else "; ").join(parts)


# ---- computations --------------------------------------------------------------------------

def tiers(data: YearData) -> pd.DataFrame:
    """The three tiers: industries named, the count the source states, the figures it gives.

    Columns: tier, industries (ids present in entities), named, stated (None when the source
    gives no count), indicators (those of the tier the industry table reports).
    """
    table = data.table(INDUSTRY)
    records = []
    for tier, (industries, indicators, count) in TIERS.items():
        present = present_entities(data, industries)
        reported = [] if table is None else [i for i in indicators if data.row(i, table=INDUSTRY) is not None]
        stated = data.value(count, table=INDUSTRY) if count and table is not None else None
        if not present and not reported:
            continue
        records.append({"tier": tier, "industries": present, "named": len(present), "stated": stated,
                        "indicators": reported})
    return pd.DataFrame(records, columns=["tier", "industries", "named", "stated", "indicators"])


def park_progress(data: YearData) -> pd.DataFrame:
    """The bamboo park's land: planned, acquired, prepared, each as % of planned and of the stage before.

    Columns: indicator, value, unit, pct_of_planned, pct_of_previous (None where not computable).
    """
    planned = data.row(PARK_STAGES[0], PARK, INDUSTRY)
    records, previous = [], None
    for indicator in PARK_STAGES:
        row = data.row(indicator, PARK, INDUSTRY)
        if row is None:
            previous = None
            continue
        value = float(row["value"])
        of_planned = None if planned is None else convert(value, row["unit"], planned["unit"]) / float(planned["value"]) * 100
        of_previous = None if previous is None else convert(value, row["unit"], previous["unit"]) / float(previous["value"]) * 100
        records.append({"indicator": indicator, "value": value, "unit": row["unit"],
                        "pct_of_planned": of_planned, "pct_of_previous": of_previous})
        previous = row
    return pd.DataFrame(records, columns=["indicator", "value", "unit", "pct_of_planned", "pct_of_previous"])


def park_unnamed(data: YearData) -> int | None:
    """Park enterprises the source counts but does not name (count − named), or None."""
    total = data.value("bamboo_park_enterprises", PARK, INDUSTRY)
    if total is None:
        return None
    return int(total) - len(present_entities(data, PARK_ENTERPRISES))


def floor_area_per_project(data: YearData) -> float | None:
    """Leased idle floor area per leasing project, in m² (approximate when the area is)."""
    area, projects = data.row("stock_floor_area_leased", table=STOCK), data.value("stock_leasing_projects", table=STOCK)
    if area is None or not projects:
        return None
    return to_base(float(area["value"]), area["unit"]) / projects


def length_gain(data: YearData) -> float | None:
    """How many times longer the product became (after ÷ before)."""
    before = data.row("product_length_before", LENGTH_ENTITY, INNOVATION)
    after = data.row("product_length_after", LENGTH_ENTITY, INNOVATION)
    if before is None or after is None or not float(before["value"]):
        return None
    return convert(float(after["value"]), after["unit"], before["unit"]) / float(before["value"])


def innovators(data: YearData) -> pd.DataFrame:
    """Named enterprises of the innovation and brand passages. Columns: entity, kind."""
    present = set(present_entities(data, [e for e, _ in INNOVATORS]))
    return pd.DataFrame([{"entity": e, "kind": k} for e, k in INNOVATORS if e in present], columns=["entity", "kind"])


# ---- display -------------------------------------------------------------------------------

def show_summary(data: YearData, lang: str) -> None:
    if data.table(INDUSTRY) is None:
        return not_reported(INDUSTRY, lang)
    say("supply_side.summary", lang, year=data.year, tiers=number(len(tiers(data)), lang),
        traditional=fmt(data, "traditional_industries", lang, table=INDUSTRY),
        emerging=fmt(data, "emerging_industries", lang, table=INDUSTRY),
        enterprises=fmt(data, "bamboo_park_enterprises", lang, PARK, INDUSTRY))


def show_tiers(data: YearData, lang: str) -> None:
    if data.table(INDUSTRY) is None:
        return not_reported(INDUSTRY, lang)
    frame = tiers(data)
    if frame.empty:
        return not_reported(INDUSTRY, lang)
    sep = "、" if lang == "zh" else "; "
    table = pd.DataFrame({
        text("supply_side.col_tier", lang): [text(f"supply_side.tier_{t}", lang) for t in frame["tier"]],
        text("supply_side.col_industries", lang): [sep.join(name_both(data, i, lang) for i in ids) for ids in frame["industries"]],
        text("supply_side.col_source_says", lang): [facts_text(data, INDUSTRY, inds, lang) or entity_detail(data, ids[0], lang) if ids
                                                    else facts_text(data, INDUSTRY, inds, lang)
                                                    for ids, inds in zip(frame["industries"], frame["indicators"])],
    })
    notes = [d for d in (finding(data, "history_range", lang), finding(data, "horizon_range", lang)) if d]
    cluster = data.row("emerging_cluster_target_scale", table=INDUSTRY)
    if cluster is not None:
        notes.append(text("supply_side.cluster_note", lang, quote=cluster["quote"], value=fmt_row(cluster, lang)))
    show_table(table, text("supply_side.tiers_caption", lang, year=data.year), note=" ".join(notes))
    mismatched = frame[frame["stated"].notna() & (frame["stated"] != frame["named"])]
    for _, r in mismatched.iterrows():
        say("supply_side.tier_count_mismatch", lang, tier=text(f"supply_side.tier_{r['tier']}", lang),
            stated=number(r["stated"], lang), named=number(r["named"], lang))


def _progress_figure(frame: pd.DataFrame, lang: str, year: int, park: str):
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    unit = frame["unit"].iloc[0]
    values = list(frame["value"])
    full = values[0] if frame["indicator"].iloc[0] == PARK_STAGES[0] else max(values)
    fig, ax = plt.subplots(figsize=(7.4, 0.62 * len(labels) + 1.5))
    positions = list(range(len(labels)))[::-1]
    for pos, value, color in zip(positions, values, charts.PALETTE):
        ax.barh(pos, full, height=0.6, color="#EEF1F4", edgecolor=charts.MUTED, linewidth=0.6)
        ax.barh(pos, value, height=0.6, color=color, edgecolor="white")
    for pos, value, pct in zip(positions, values, frame["pct_of_planned"]):
        label = quantity(value, unit, lang)
        if pct is not None and pd.notna(pct):
            label += ("" if lang == "zh" else " ") + text("supply_side.progress_pct_label", lang, pct=percent(pct, lang))
        ax.text(full * 1.01, pos, label, va="center", fontsize=9)
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, full * 1.42)
    ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= full])
    ax.set_xlabel(axis_label("supply_side.progress_axis", unit, lang))
    ax.set_title(text("supply_side.progress_title", lang, year=year, park=park), loc="left")
    ax.grid(axis="y", visible=False)
    return fig


def show_park(data: YearData, lang: str) -> None:
    if data.table(INDUSTRY) is None:
        return not_reported(INDUSTRY, lang)
    frame = park_progress(data)
    if not frame.empty:
        by = dict(zip(frame["indicator"], frame.to_dict("records")))
        if set(PARK_STAGES) <= set(by):
            say("supply_side.park", lang, park=park_name(data, lang),
                planned=fmt(data, PARK_STAGES[0], lang, PARK, INDUSTRY),
                acquired=fmt(data, PARK_STAGES[1], lang, PARK, INDUSTRY),
                prepared=fmt(data, PARK_STAGES[2], lang, PARK, INDUSTRY),
                acquired_pct=percent(by[PARK_STAGES[1]]["pct_of_planned"], lang),
                prepared_pct=percent(by[PARK_STAGES[2]]["pct_of_planned"], lang),
                prepared_of_acquired=percent(by[PARK_STAGES[2]]["pct_of_previous"], lang))
        fig = _progress_figure(frame, lang, data.year, park_name(data, lang))
        labels = [indicator_name(i, lang) for i in frame["indicator"]]
        items = "; ".join(f"{l} {quantity(v, u, lang)}" + ("" if p is None or pd.isna(p) else f" ({percent(p, lang)})")
                          for l, v, u, p in zip(labels, frame["value"], frame["unit"], frame["pct_of_planned"]))
        rows = pd.DataFrame({"stage": labels, "value": frame["value"], "unit": [unit_label(u, lang) for u in frame["unit"]],
                             "pct_of_planned": [None if p is None or pd.isna(p) else round(p, 1) for p in frame["pct_of_planned"]]})
        show_figure(charts.figure_html(fig, alt=text("supply_side.progress_alt", lang, items=items),
                                       caption=text("supply_side.progress_caption", lang), data=rows,
                                       name=f"supply-side-park-progress-{data.year}", lang=lang))


def show_park_enterprises(data: YearData, lang: str) -> None:
    if data.table(INDUSTRY) is None:
        return not_reported(INDUSTRY, lang)
    named = present_entities(data, PARK_ENTERPRISES)
    unnamed = park_unnamed(data)
    if unnamed is not None and named:
        say("supply_side.park_enterprises", lang, total=fmt(data, "bamboo_park_enterprises", lang, PARK, INDUSTRY),
            named=number(len(named), lang), unnamed=number(max(unnamed, 0), lang))
    if data.row("export_products", LENGTH_ENTITY, INDUSTRY) is not None:
        say("supply_side.juning_exports", lang, name=entity_name(data, LENGTH_ENTITY, lang),
            products=fmt(data, "export_products", lang, LENGTH_ENTITY, INDUSTRY))
    if named:
        table = pd.DataFrame({
            text("supply_side.col_enterprise", lang): [name_both(data, e, lang) for e in named],
            text("supply_side.col_what", lang): [entity_detail(data, e, lang) or "—" for e in named],
        })
        show_table(table, text("supply_side.park_enterprises_caption", lang))


def show_stock_assets(data: YearData, lang: str) -> None:
    if data.table(STOCK) is None:
        return not_reported(STOCK, lang)
    resumed = present_entities(data, RESUMED)
    if data.row("enterprises_resumed_production", table=STOCK) is not None:
        say("supply_side.resumed", lang, n=fmt(data, "enterprises_resumed_production", lang, table=STOCK),
            names=names(data, resumed, lang) or text("ui.not_reported", lang), year=data.year)
    per = floor_area_per_project(data)
    if data.row("stock_leasing_projects", table=STOCK) is not None and data.row("stock_floor_area_leased", table=STOCK) is not None:
        approx = data.row("stock_floor_area_leased", table=STOCK)["qualifier"] != "exact"
        say("supply_side.leasing", lang, projects=fmt(data, "stock_leasing_projects", lang, table=STOCK),
            area=fmt(data, "stock_floor_area_leased", lang, table=STOCK),
            per=number(significant(per, 2), lang),
            caveat=("" if lang == "zh" else " ") + text("supply_side.leasing_caveat", lang) if approx else "")
    show_finding(data, "stock_assets_items_repeat", lang)


def _length_figure(before: pd.Series, after: pd.Series, gain: float, lang: str, name: str):
    labels = [indicator_name("product_length_before", lang), indicator_name("product_length_after", lang)]
    values = [float(before["value"]), convert(float(after["value"]), after["unit"], before["unit"])]
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    bars = ax.bar(labels, values, color=[charts.MUTED, charts.ACCENT], width=0.55, edgecolor="white")
    for bar, v in zip(bars, values):
        ax.annotate(quantity(v, before["unit"], lang), (bar.get_x() + bar.get_width() / 2, v), ha="center", va="bottom",
                    xytext=(0, 3), textcoords="offset points", fontsize=9)
    ax.annotate("", xy=(1 - 0.3, values[1]), xytext=(0.3, values[0]),
                arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.2})
    ax.text(0.5, (values[0] + values[1]) / 2, text("supply_side.length_gain_label", lang, gain=number(round(gain, 2), lang)),
            ha="right", va="bottom", fontsize=11, fontweight="bold")
    ax.set_ylim(0, max(values) * 1.2)
    ax.set_ylabel(axis_label("supply_side.length_axis", before["unit"], lang))
    ax.set_title(text("supply_side.length_title", lang, name=name), loc="left")
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", visible=True, color="#E3E7EB")
    return fig


def show_innovation(data: YearData, lang: str) -> None:
    if data.table(INNOVATION) is None:
        return not_reported(INNOVATION, lang)
    frame = innovators(data)
    gain = length_gain(data)
    name = entity_name(data, LENGTH_ENTITY, lang)
    if gain is not None:
        say("supply_side.length", lang, name=name, before=fmt(data, "product_length_before", lang, LENGTH_ENTITY, INNOVATION),
            after=fmt(data, "product_length_after", lang, LENGTH_ENTITY, INNOVATION), gain=number(round(gain, 2), lang))
    if data.row("county_dispatch_funds_secured", "hongsheng_mould", INNOVATION) is not None:
        say("supply_side.funds", lang, name=entity_name(data, "hongsheng_mould", lang),
            funds=fmt(data, "county_dispatch_funds_secured", lang, "hongsheng_mould", INNOVATION))
    high_tech = [e for e, k in zip(frame["entity"], frame["kind"]) if k == "high_tech"]
    academician = [e for e, k in zip(frame["entity"], frame["kind"]) if k == "academician"]
    brand = [e for e, k in zip(frame["entity"], frame["kind"]) if k == "brand"]
    if data.row("provincial_high_tech_enterprises", table=INNOVATION) is not None:
        say("supply_side.high_tech", lang, year=data.year, n=fmt(data, "provincial_high_tech_enterprises", lang, table=INNOVATION),
            named=number(len(high_tech), lang), names=names(data, high_tech, lang) or "—")
    if academician:
        say("supply_side.academician", lang, names=names(data, academician, lang))
    if len(brand) == 2:
        say("supply_side.brands", lang, first=entity_name(data, brand[0], lang), second=entity_name(data, brand[1], lang))
    if not frame.empty:
        table = pd.DataFrame({
            text("supply_side.col_enterprise", lang): [name_both(data, e, lang) for e in frame["entity"]],
            text("supply_side.col_kind", lang): [text(f"supply_side.kind_{k}", lang) for k in frame["kind"]],
            text("supply_side.col_what", lang): [entity_detail(data, e, lang) or "—" for e in frame["entity"]],
            text("supply_side.col_figures", lang): [facts_text(data, INNOVATION, data.table(INNOVATION)["indicator"].unique(), lang, e) or "—"
                                                    for e in frame["entity"]],
        })
        note = finding(data, "shengbaoluo_two_names", lang) or ""
        show_table(table, text("supply_side.innovators_caption", lang, year=data.year), note=note)
    if gain is not None:
        before = data.row("product_length_before", LENGTH_ENTITY, INNOVATION)
        after = data.row("product_length_after", LENGTH_ENTITY, INNOVATION)
        fig = _length_figure(before, after, gain, lang, name)
        labels = [indicator_name("product_length_before", lang), indicator_name("product_length_after", lang)]
        rows = pd.DataFrame({"measure": labels, "value": [float(before["value"]), float(after["value"])],
                             "unit": [unit_label(before["unit"], lang), unit_label(after["unit"], lang)]})
        show_figure(charts.figure_html(
            fig, alt=text("supply_side.length_alt", lang, name=name, before=fmt_row(before, lang), after=fmt_row(after, lang),
                          gain=number(round(gain, 2), lang)),
            caption=text("supply_side.length_caption", lang), data=rows,
            name=f"supply-side-product-length-{data.year}", lang=lang))
