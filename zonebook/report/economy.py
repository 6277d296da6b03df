"""Chapter 1, the economy: headline indicators, growth, structure, tax, exports, jobs.

Pure functions compute (and are unit-tested); `show_*` functions display one section each
and say "not reported" when the year lacks the table.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .. import charts
from ..data import YearData, exchange_rates
from ..i18n import number, percent, text
from ..present import say, show_figure, show_table
from ..units import convert, in_reader_unit, quantity, unit_label
from .common import fmt, indicator_name, not_reported, setup  # noqa: F401  (setup is the notebook's entry)
from .history import KIND_IMPLIED, series

HEADLINE = ["gross_industrial_output", "tax_revenue", "fixed_asset_investment", "exports"]
TABLE = "economy"


def growth_of(indicator: str) -> str:
    return f"{indicator}_growth"


def headline(data: YearData) -> pd.DataFrame:
    """The headline indicators with growth and the prior-year value the growth implies."""
    records = []
    for indicator in HEADLINE:
        row = data.row(indicator, table=TABLE)
        if row is None:
            continue
        growth = data.value(growth_of(indicator), table=TABLE)
        value = float(row["value"])
        records.append({
            "indicator": indicator, "value": value, "unit": row["unit"], "growth_pct": growth,
            "prior_implied": None if growth is None else value / (1 + growth / 100),
        })
    return pd.DataFrame(records, columns=["indicator", "value", "unit", "growth_pct", "prior_implied"])


def above_scale_share(data: YearData) -> float | None:
    """Above-scale enterprises as a share (%) of all enterprises in the zone."""
    total, above = data.value("enterprises_total", table=TABLE), data.value("enterprises_above_scale", table=TABLE)
    return None if not total or above is None else above / total * 100


def tax_to_output(data: YearData) -> float | None:
    """Tax revenue per 100 yuan of above-scale gross output (%).

    Tax is paid by all of the zone's enterprises, output counts above-scale ones only: the
    ratio is an upper bound on the above-scale enterprises' tax burden.
    """
    tax, output = data.row("tax_revenue", table=TABLE), data.row("gross_industrial_output", table=TABLE)
    if tax is None or output is None:
        return None
    return convert(float(tax["value"]), tax["unit"], output["unit"]) / float(output["value"]) * 100


def exports_in_cny(data: YearData) -> dict | None:
    """Exports in USD and in CNY at the year's cited average rate; None without both."""
    row = data.row("exports", table=TABLE)
    rates = exchange_rates()
    rate = rates[(rates["year"] == data.year) & (rates["currency"] == "USD")]
    if row is None:
        return None
    usd = convert(float(row["value"]), row["unit"], "万美元")
    if rate.empty:
        return {"usd_wan": usd, "rate": None, "cny_yi": None, "source": None}
    r = rate.iloc[0]
    cny_yi = convert(usd * float(r["rate_cny"]), "万元", "亿元")
    return {"usd_wan": usd, "rate": float(r["rate_cny"]), "cny_yi": cny_yi, "source_zh": r["source_zh"], "source_en": r["source_en"]}


# ---- display -------------------------------------------------------------------------------

def show_summary(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    say("economy.summary", lang, year=data.year,
        output=fmt(data, "gross_industrial_output", lang), tax=fmt(data, "tax_revenue", lang),
        investment=fmt(data, "fixed_asset_investment", lang), exports=fmt(data, "exports", lang),
        output_growth=fmt(data, "gross_industrial_output_growth", lang),
        tax_growth=fmt(data, "tax_revenue_growth", lang),
        investment_growth=fmt(data, "fixed_asset_investment_growth", lang),
        exports_growth=fmt(data, "exports_growth", lang))


def show_headline(data: YearData, lang: str) -> None:
    frame = headline(data)
    if frame.empty:
        return not_reported(TABLE, lang)
    prior = data.year - 1
    table = pd.DataFrame({
        text("ui.col_indicator", lang): [indicator_name(i, lang) for i in frame["indicator"]],
        text("ui.col_unit", lang): [unit_label(u, lang) for u in frame["unit"]],
        text("economy.col_year_value", lang, year=data.year): [number(in_reader_unit(v, u, lang), lang) for v, u in zip(frame["value"], frame["unit"])],
        text("economy.col_growth", lang): [percent(g, lang) if pd.notna(g) else text("ui.not_reported", lang) for g in frame["growth_pct"]],
        text("economy.col_prior_implied", lang, year=prior): [number(round(in_reader_unit(p, u, lang), 2), lang) if pd.notna(p) else "—"
                                                             for p, u in zip(frame["prior_implied"], frame["unit"])],
    })
    show_table(table, text("economy.headline_caption", lang, year=data.year), note=text("economy.headline_note", lang, year=prior))


def show_trends(data: YearData, lang: str) -> None:
    """Small multiples: each headline indicator over the years, implied years hatched."""
    panels = [(i, series(data, i, growth_of(i))) for i in HEADLINE]
    panels = [(i, s) for i, s in panels if len(s) >= 2]
    if not panels:
        return
    columns = 2 if len(panels) > 2 else len(panels)
    lines = -(-len(panels) // columns)
    fig, axes = plt.subplots(lines, columns, figsize=(7.0, 2.9 * lines + 0.4), squeeze=False)
    for spare in axes.flat[len(panels):]:
        spare.set_visible(False)
    rows = []
    for ax, (indicator, frame) in zip(axes.flat, panels):
        unit = frame["unit"].iloc[0]
        values = [in_reader_unit(v, unit, lang) for v in frame["value"]]
        implied = [k == KIND_IMPLIED for k in frame["kind"]]
        bars = ax.bar([str(y) for y in frame["year"]], values)
        for bar, is_implied in zip(bars, implied):
            charts.style_bar(bar, charts.DERIVED if is_implied else charts.REPORTED)
        for bar, v, is_implied in zip(bars, values, implied):  # written as the headline table writes it
            ax.annotate(charts.value_label(v, lang) if is_implied else number(v, lang), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", xytext=(0, 2), textcoords="offset points")
        ax.set_title(indicator_name(indicator, lang), fontsize=10.5, loc="left")
        ax.set_ylabel(unit_label(unit, lang))
        ax.grid(axis="x", visible=False)
        ax.set_ylim(0, max(values) * 1.2)
        for (_, r), v in zip(frame.iterrows(), values):
            rows.append({"indicator": indicator_name(indicator, lang), "year": r["year"], "value": round(v, 4),
                         "unit": unit_label(unit, lang), "kind": text(f"ui.{r['kind']}", lang)})
    fig.suptitle(text("economy.trend_title", lang), x=0.01, ha="left", fontweight="bold")
    fig.legend(handles=[charts.encoding_handle(k, lang) for k in (charts.REPORTED, charts.DERIVED)], loc="outside lower left",
               ncols=2, frameon=False)
    fig.set_layout_engine("constrained")
    latest = panels[0][1]
    alt = text("economy.trend_alt", lang, first=int(latest["year"].min()), last=int(latest["year"].max()),
               items="; ".join(f"{r['indicator']} {r['year']}: {number(r['value'], lang)} {r['unit']} ({r['kind']})" for r in rows))
    show_figure(charts.figure_html(fig, alt=alt, caption=text("economy.trend_caption", lang), data=pd.DataFrame(rows),
                                   name=f"economy-trends-{data.year}", lang=lang))


def show_growth_chart(data: YearData, lang: str) -> None:
    frame = headline(data).dropna(subset=["growth_pct"])
    if frame.empty:
        return
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    values = list(frame["growth_pct"])
    fig = charts.hbar(labels, values, title=text("economy.growth_title", lang, year=data.year),
                      xlabel=text("economy.growth_axis", lang), value_labels=[percent(v, lang) for v in values])
    alt = text("economy.growth_alt", lang, items="; ".join(f"{l} {percent(v, lang)}" for l, v in zip(labels, values)))
    show_figure(charts.figure_html(fig, alt=alt, caption=text("economy.growth_caption", lang),
                                   data=pd.DataFrame({"indicator": labels, "growth_pct": values}),
                                   name=f"economy-growth-{data.year}", lang=lang))


def show_structure(data: YearData, lang: str) -> None:
    share = above_scale_share(data)
    if share is None:
        return not_reported(TABLE, lang)
    say("economy.structure", lang, total=fmt(data, "enterprises_total", lang), above=fmt(data, "enterprises_above_scale", lang),
        share=percent(share, lang), new=fmt(data, "new_above_scale_enterprises", lang), jobs=fmt(data, "new_jobs", lang))


def show_tax(data: YearData, lang: str) -> None:
    ratio = tax_to_output(data)
    if ratio is None:
        return not_reported(TABLE, lang)
    say("economy.tax", lang, tax=fmt(data, "tax_revenue", lang), output=fmt(data, "gross_industrial_output", lang),
        ratio=percent(ratio, lang, 2))


def show_exports(data: YearData, lang: str) -> None:
    result = exports_in_cny(data)
    if result is None:
        return not_reported(TABLE, lang)
    usd = quantity(result["usd_wan"], "万美元", lang)
    if result["rate"] is None:
        return say("economy.exports_no_rate", lang, usd=usd, year=data.year)
    say("economy.exports", lang, usd=usd, rate=number(result["rate"], lang), cny=quantity(round(result["cny_yi"], 2), "亿元", lang),
        source=result[f"source_{lang}"], year=data.year)
