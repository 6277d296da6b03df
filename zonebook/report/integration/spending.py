"""Section 2, spending by item: the items under the report's headings, their sum against the
reported total, and the items the table also describes by other figures (roads, their length)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from zonebook.data import YearData
from zonebook.data.i18n import clauses, counted, labelled, listing, lower_first, number, percent, text
from zonebook.data.quantities import amount_scale, amounts, convert
from zonebook.report import charts
from zonebook.report.common import entity_detail, entity_name, fmt, fmt_row, indicator_name, units_dimension
from zonebook.report.formatting import bracketed, decimals_of, money_text, without_empty_columns
from zonebook.report.integration.shared import (
    NO_HEADING,
    SPENDING,
    SPENDING_ITEM,
    SPENDING_TOTAL,
    entity_column,
    per_text,
)
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import joined


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
        return pd.DataFrame(columns=columns)
    rows = table[table["indicator"] == SPENDING_ITEM]
    values = [convert(float(r["value"]), r["unit"], "万元") for _, r in rows.iterrows()]
    frame = pd.DataFrame(
        {"entity": list(rows["entity"]), "category": [item_heading(data, e) for e in rows["entity"]], "value": values},
        columns=columns[:3],
    )
    total = sum(values)
    frame["share_pct"] = frame["value"] / total * 100 if total else None
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
    return pd.DataFrame(
        {"category": sums.index, "value": sums.values, "share_pct": sums.values / total * 100 if total else None}
    ).reset_index(drop=True)


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
            if units_dimension(r["unit"]) == "length"
        ]
        per_km = item["value"] / lengths[0] if len(lengths) == 1 and lengths[0] else None
        out.append({"entity": item["entity"], "rows": rows, "investment": item["value"], "per_km": per_km})
    return out


def road_cost_per_km(data: YearData) -> float | None:
    """Investment ÷ length of the one spending item the data give a length for (万元/公里)."""
    rates = [f["per_km"] for f in item_figures(data) if f["per_km"] is not None]
    return rates[0] if len(rates) == 1 else None


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


def _bar_rows(items: pd.DataFrame, data: YearData, styles: dict, scale: float, by_heading: bool, lang: str):
    """Each item's position (a gap between headings), label, value in the axis unit, colour and
    hatching, heading by heading."""
    positions, labels, values, colours, hatches = [], [], [], [], []
    y = 0
    for cat in styles:
        for _, r in items[items["category"] == cat].iterrows():
            positions.append(y)
            labels.append(entity_name(data, r["entity"], lang))
            values.append(r["value"] * scale)
            colours.append(styles[cat][0])
            hatches.append(styles[cat][1])
            y += 1
        y += 0.6 if by_heading else 0  # gap between headings
    return positions, labels, values, colours, hatches


def _heading_legend(ax, items: pd.DataFrame, data: YearData, styles: dict, scale: float, lang: str) -> None:
    """A legend entry per heading: its colour, name, sum and share of the items' sum."""
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
                share=percent(s, lang),
            ),
        )
        for c, v, s in zip(totals["category"], totals["value"], totals["share_pct"])
    ]
    charts.encoding_legend(ax, handles, ncols=1)


def _spending_figure(items: pd.DataFrame, data: YearData, lang: str):
    """Horizontal bars grouped by heading (colour), a gap between the groups."""
    by_heading = grouped(items)
    cats = list(dict.fromkeys(items["category"]))
    styles = _category_styles(cats) if by_heading else {c: (charts.ACCENT, None) for c in cats}
    money, scale = amount_scale(items["value"], "万元", lang, table=True)
    positions, labels, values, colours, hatches = _bar_rows(items, data, styles, scale, by_heading, lang)
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
            bracketed(charts.value_label(v, lang), percent(r["share_pct"], lang), lang),
            va="center",
        )
    ax.set_xlim(0, span * 1.3)
    ax.grid(axis="y", visible=False)
    ax.set_title(text("integration.spending_title", lang, year=data.year), loc="left")
    ax.set_xlabel(text("integration.axis_money", lang, unit=money))
    if by_heading:
        _heading_legend(ax, items, data, styles, scale, lang)
    fig.set_layout_engine("constrained")
    return fig


def _items_paragraph(data: YearData, items: pd.DataFrame, lang: str) -> str:
    """How many items, and under which headings with each heading's sum and share, if any."""
    n_items = counted("integration.count_items", len(items), lang)
    if not grouped(items):
        return paragraph("integration.items_listed", lang, n=n_items)
    totals = category_totals(items)
    return paragraph(
        "integration.items_grouped",
        lang,
        n=n_items,
        headings=counted("integration.count_headings", len(totals), lang),
        groups=clauses(
            [
                text(
                    "integration.category_part",
                    lang,
                    name=heading_name(data, c, lang),
                    name_lc=lower_first(heading_name(data, c, lang), lang),
                    value=money_text(v, "万元", lang, 4),
                    share=percent(s, lang),
                )
                for c, v, s in zip(totals["category"], totals["value"], totals["share_pct"])
            ],
            lang,
        ),
    )


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
    out.append(_items_paragraph(data, items, lang))
    if len(items) > 1:
        top = entity_name(data, items.loc[items["value"].idxmax(), "entity"], lang)
        out.append(
            paragraph(
                "integration.items_top",
                lang,
                top=top,
                top_lc=lower_first(top, lang),
                top_share=percent(items["share_pct"].max(), lang),
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
            # shares of a budget's exact amounts: one decimal down the column, as bulletins give them
            text("integration.col_share", lang): [f"{number(s, lang, 1)}%" for s in items["share_pct"]],
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
        note=joined(notes, lang),
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
