"""Section 4, the project pipeline: the funnel's stages (signed, started, in production) and the
side tracks, each with its project count, its money and money per project."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from zonebook.data import YearData
from zonebook.data.i18n import clauses, number, percent, text
from zonebook.data.precision import derived_pct, shown_decimals
from zonebook.data.quantities import convert, in_reader_unit, quantity, unit_label
from zonebook.report import charts
from zonebook.report.common import fmt, indicator_name
from zonebook.report.formatting import absent, cell_number, money_text, without_empty_columns
from zonebook.report.integration.shared import (
    FUNNEL,
    PIPELINE,
    SIDE,
    STAGE_MONEY,
    per_text,
    per_unit_label,
    value_in,
    written_digits_of,
)
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import joined


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
            money = value_in(data, money_indicator, "亿元", table=PIPELINE) if money_indicator else None
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
        items=clauses(
            [
                text(
                    "integration.funnel_alt_item",
                    lang,
                    stage=indicator_name(r["stage"], lang),
                    n=number(r["count"], lang),
                )
                + (
                    ""
                    if absent(r["money"])
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
            "money": [None if absent(m) else round(in_reader_unit(m, "亿元", lang), 4) for m in stages["money"]],
            "money_kind": [None if absent(k) else text(f"integration.money_{k}", lang) for k in stages["money_kind"]],
            "money_unit": unit_label("亿元", lang),
        }
    )
    caption = [text("integration.funnel_caption", lang)]
    if "funds_in_place" in set(stages["money_kind"]):
        caption.append(text("integration.funnel_caption_signed", lang))
    return charts.figure_html(
        fig, alt=alt, caption=joined(caption, lang), data=frame, name=f"integration-pipeline-{data.year}", lang=lang
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
            money_cols[0]: [None if absent(k) else text(f"integration.money_{k}", lang) for k in stages["money_kind"]],
            money_cols[1]: [
                cell_number(None if absent(m) else in_reader_unit(m, "亿元", lang), lang, 4) for m in stages["money"]
            ],
            money_cols[2]: [
                cell_number(None if absent(p) else in_reader_unit(convert(p, "亿元", per_unit), per_unit, lang), lang)
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


def pipeline_text(data: YearData, stages: pd.DataFrame, lang: str) -> list[str]:
    """Money per project along the funnel, the upgrade projects, and production as a share of starts."""
    if stages.empty:
        return []
    out = []
    rates = {r["stage"]: r["per_project"] for _, r in stages.iterrows() if not absent(r["per_project"])}
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


def _size_ratio(data: YearData, production: float, started: float, lang: str) -> str:
    """Money per project in production as a % of money per project started, to the digits of
    the two sums of money (the counts are exact and do not limit them)."""
    monies = [STAGE_MONEY[s][0] for s in ("projects_in_production", "projects_started")]
    digits = min(written_digits_of(data, monies, PIPELINE))
    ratio = derived_pct(production, started, digits)
    return percent(ratio, lang, shown_decimals(ratio, digits))
