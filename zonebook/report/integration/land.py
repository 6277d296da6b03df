"""Section 1, new space: land acquired against land built, the cost per 亩, and the projects
started as the land table counts them beside the pipeline's count."""

from __future__ import annotations

import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import number, percent, text
from zonebook.data.precision import derived_pct, shown_decimals
from zonebook.data.quantities import quantity, unit_label
from zonebook.report import charts
from zonebook.report.common import fmt, fmt_row, indicator_name
from zonebook.report.integration.shared import LAND, PIPELINE, findings_on, per_text, value_in, written_digits_of
from zonebook.report.present import paragraph

LAND_SIDES = ("land_acquired", "land_built")


def land_balance(data: YearData) -> dict | None:
    """Land acquired and land built (亩), and what that implies. None without both."""
    acquired = value_in(data, "land_acquired", "亩", table=LAND)
    built = value_in(data, "land_built", "亩", table=LAND)
    if acquired is None or built is None or not acquired:
        return None
    return {
        "acquired": acquired,
        "built": built,
        "built_minus_acquired": built - acquired,
        "built_to_acquired_pct": derived_pct(built, acquired, *written_digits_of(data, LAND_SIDES, LAND)),
        "built_to_acquired_digits": min(written_digits_of(data, LAND_SIDES, LAND)),
    }


def new_space_cost_per_mu(data: YearData) -> float | None:
    """Spending on new space per 亩 of land acquired (万元/亩)."""
    spent = value_in(data, "new_space_investment", "万元", table=LAND)
    acquired = value_in(data, "land_acquired", "亩", table=LAND)
    return None if spent is None or not acquired else spent / acquired


def projects_started_counts(data: YearData) -> dict:
    """Projects started as counted in the land table and in the pipeline, and the gap."""
    new_space = data.value("projects_started_new_space", table=LAND)
    pipeline = data.value("projects_started", table=PIPELINE)
    gap = None if new_space is None or pipeline is None else pipeline - new_space
    return {"new_space": new_space, "pipeline": pipeline, "difference": gap}


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
