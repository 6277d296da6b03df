"""Chapter 7, next year's plan: the targets the year's report sets for the next year
(targets.csv, milestones.csv) beside the year's actuals, the growth they imply against the growth
just achieved, the land, project and works plans, the milestones, and last year's plan against
this year's actual (when the data hold last year).

Targets meet actuals through their indicator ids (history.actual_row), never through a year's
entity names. A section the year's data do not cover is left out of the page; a year whose
report sets no plan for the next year says so once. Pure functions compute (and are
unit-tested), others turn their results into the sentences, tables and charts a reader sees;
the chapter's template shows them section by section.
"""

from __future__ import annotations

import calendar
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from zonebook.data import YearData
from zonebook.data.i18n import clauses, counted, listing, lower_first, number, percent, significant, text
from zonebook.data.quantities import convert, in_reader_unit, quantity, unit_label
from zonebook.report import charts
from zonebook.report.common import (  # noqa: F401
    Topic,
    entity_detail,
    entity_name,
    findings_with,
    fmt_row,
    indicator_name,
    open_chapter,
    setup,
    units_dimension,
)
from zonebook.report.formatting import absent, signed_percent
from zonebook.report.history import actual_row, plan_against_actual
from zonebook.report.present import Table, omit, paragraph, show_text
from zonebook.report.prose import Line, joined, lede_text

CHAPTER = "plan"
TARGETS, MILESTONES = "targets", "milestones"
# the plan's own tables (the sources section lists their quotes); the actuals it compares with are
# other chapters' tables, whose quotes those chapters list
TABLES = (TARGETS, MILESTONES)
# Targets the chapter sets beside each other, by indicator id (data/catalogue.csv); every target,
# of these or any other indicator, is in the table of all targets.
LAND = ["land_acquired", "land_levelled", "land_built", "land_quota_applied", "smart_manufacturing_park_area"]
PROJECTS = ["projects_signed", "projects_started", "projects_in_production"]
WORKS = ["infrastructure_spending_total", "road_length", "road_construction_areas"]
CHART_UNITS = {"land": "亩", "projects": "个"}  # the unit each group's chart draws its bars in
TIMING = "calendar_month"  # a target that is a date (the school's opening month), not an amount
STATUS_MET, STATUS_MISSED, STATUS_NOT_REPORTED = "met", "missed", "not_reported"


def growth_of(indicator: str) -> str:
    return f"{indicator}_growth"


def implied_growth(target: float, actual: float | None) -> float | None:
    """The growth (%) a target implies over the actual: (target / actual − 1) × 100."""
    if absent(actual) or actual == 0:
        return None
    return (target / actual - 1) * 100


# ---- computations ----------------------------------------------------------------------------


def targets_frame(data: YearData) -> pd.DataFrame:
    """Every numeric target beside this year's actual for the same indicator (and entity).

    Columns: id (the target's row), indicator, entity, target, unit (the target's), actual (in
    the target's unit, None when this year has no actual), implied_growth_pct. Timing targets
    (a month) are left out: they are milestones' dates, not amounts.
    """
    columns = ["id", "indicator", "entity", "target", "unit", "actual", "implied_growth_pct"]
    targets = data.table(TARGETS)
    if targets is None:
        return pd.DataFrame(columns=columns)
    records = []
    for _, t in targets.iterrows():
        if units_dimension(t["unit"]) == TIMING:
            continue
        row = actual_row(data, t["indicator"], t["entity"])  # this year's facts (the targets table is not among them)
        try:
            actual = None if row is None else convert(float(row["value"]), row["unit"], t["unit"])
        except ValueError:  # a different kind of count (家 vs 个): not comparable
            actual = None
        target = float(t["value"])
        records.append(
            {
                "id": t["id"],
                "indicator": t["indicator"],
                "entity": t["entity"],
                "target": target,
                "unit": t["unit"],
                "actual": actual,
                "implied_growth_pct": implied_growth(target, actual),
            }
        )
    return pd.DataFrame(records, columns=columns)


def growth_comparison(data: YearData) -> pd.DataFrame:
    """For every target whose indicator the year also reports a growth rate for (`<indicator>_growth`):
    the growth achieved this year and the growth the next year's target implies, in the targets' order."""
    records = []
    for _, t in targets_frame(data).iterrows():
        achieved = actual_row(data, growth_of(t["indicator"]), t["entity"])
        if achieved is None or pd.isna(achieved["value"]) or absent(t["implied_growth_pct"]):
            continue
        records.append(
            {
                "id": t["id"],
                "indicator": t["indicator"],
                "achieved_pct": float(achieved["value"]),
                "implied_pct": float(t["implied_growth_pct"]),
            }
        )
    return pd.DataFrame(records, columns=["id", "indicator", "achieved_pct", "implied_pct"])


def below_actual(data: YearData) -> pd.DataFrame:
    """Targets set below this year's actual (the plan expects less than was achieved)."""
    frame = targets_frame(data)
    return frame[frame["implied_growth_pct"].notna() & (frame["implied_growth_pct"] < 0)].reset_index(drop=True)


def target_only(data: YearData) -> list[str]:
    """Indicators targeted for next year with no actual this year."""
    frame = targets_frame(data)
    return list(frame.loc[frame["actual"].isna(), "indicator"])


def milestones_frame(data: YearData) -> pd.DataFrame:
    """Non-numeric targets with their entity and, when the targets set one, the month."""
    columns = ["id", "entity", "text_zh", "text_en", "month"]
    milestones = data.table(MILESTONES)
    if milestones is None:
        return pd.DataFrame(columns=columns)
    targets = data.table(TARGETS)
    months = {}
    if targets is not None:
        for _, t in targets.iterrows():
            if units_dimension(t["unit"]) == TIMING and t["entity"]:
                months[t["entity"]] = int(t["value"])
    return pd.DataFrame(
        [
            {
                "id": m["id"],
                "entity": m["entity"],
                "text_zh": m["text_zh"],
                "text_en": m["text_en"],
                "month": months.get(m["entity"]),
            }
            for _, m in milestones.iterrows()
        ],
        columns=columns,
    )


def prior_plan(data: YearData) -> pd.DataFrame | None:
    """history.plan_against_actual with a status (met / missed / not_reported) and the actual
    as a % of the target. A missing actual is 'not_reported', never a zero. None when the data
    hold no previous year or its report set no target."""
    frame = plan_against_actual(data)
    if frame is None or frame.empty:
        return None
    frame = frame.copy()
    frame["status"] = [
        STATUS_NOT_REPORTED if absent(a) else (STATUS_MET if m else STATUS_MISSED)
        for a, m in zip(frame["actual"], frame["met"])
    ]
    frame["pct_of_target"] = [None if absent(r) else r * 100 for r in frame["ratio"]]
    return frame


def findings_about(data: YearData, table: str, ids: set[str] | None = None) -> pd.DataFrame:
    """Recorded quirks of the source that concern rows of `table` (refs `table:id`), or only
    the rows with the given ids."""

    def concerns(refs: set[str]) -> bool:
        return any(r.startswith(f"{table}:") and (ids is None or r[len(table) + 1 :] in ids) for r in refs)

    return findings_with(data, concerns)


def target_ids(data: YearData, indicators) -> set[str]:
    """The ids of the target rows of the given indicators."""
    frame = targets_frame(data)
    return set(frame.loc[frame["indicator"].isin(indicators), "id"])


def group_frame(data: YearData, indicators: list[str]) -> pd.DataFrame:
    """The rows of `targets_frame` of the indicators, in the order given."""
    frame = targets_frame(data)
    frame = frame[frame["indicator"].isin(indicators)]
    return (
        frame.assign(order=frame["indicator"].map(indicators.index))
        .sort_values("order", kind="stable")
        .drop(columns="order")
    )


def ungrouped_ids(data: YearData) -> set[str]:
    """The target rows no group section below the table of all targets discusses."""
    targets = data.table(TARGETS)
    return set(targets["id"]) - target_ids(data, LAND + PROJECTS + WORKS)


def has_plan(data: YearData) -> bool:
    """Whether the year's report sets anything for the next year: a target or a milestone."""
    return any(data.table(t) is not None and not data.table(t).empty for t in (TARGETS, MILESTONES))


def _targets_of(*groups: list[str]):
    return lambda data: bool(target_ids(data, [i for g in groups for i in g]))


TOPIC_TARGETS = Topic("targets", lambda data: not targets_frame(data).empty)
TOPIC_ECONOMY = Topic("economy", lambda data: not growth_comparison(data).empty)
TOPIC_LAND_PROJECTS = Topic("land_projects", _targets_of(LAND, PROJECTS))
TOPIC_WORKS = Topic("works", _targets_of(WORKS))
TOPIC_MILESTONES = Topic("milestones", lambda data: not milestones_frame(data).empty)
TOPIC_PRIOR = Topic("prior", lambda data: prior_plan(data) is not None)
# What the year's own report may leave out; last year's plan depends on the data holding last year.
PLAN_TOPICS = (TOPIC_TARGETS, TOPIC_ECONOMY, TOPIC_LAND_PROJECTS, TOPIC_WORKS, TOPIC_MILESTONES)
# What the page shows at all (see open_plan): the introduction asks the same question of it.
TOPICS = (*PLAN_TOPICS, TOPIC_PRIOR)


# ---- for the reader: sentences, tables and charts -------------------------------------------


def _target_row(data: YearData, indicator: str, entity: str = "") -> pd.Series | None:
    return data.row(indicator, entity, table=TARGETS)


def _target_by_id(data: YearData, target_id: str) -> pd.Series:
    targets = data.table(TARGETS)
    return targets[targets["id"] == target_id].iloc[0]


def _next(data: YearData) -> int:
    return data.year + 1


def open_plan(data: YearData, lang: str) -> bool:
    """The chapter's opening (see open_chapter); a year that sets no plan for the next year says so
    once instead, and the page keeps only last year's plan against this year, if any. True when
    the year's plan follows."""
    if not has_plan(data):
        show_text(paragraph("plan.no_plan", lang, year=data.year, next=_next(data)))
        if not TOPIC_PRIOR.covered(data):
            omit("rest")
        return False
    return open_chapter(data, CHAPTER, lang, PLAN_TOPICS)


def _how_many(n: int, lang: str) -> str:
    return text("plan.none", lang) if n == 0 else number(n, lang)


def _plan_lines(data: YearData, frame: pd.DataFrame, milestones: pd.DataFrame, fields: dict, lang: str) -> list[Line]:
    """The lede's sentences on the year's own plan: what it sets, its largest implied rise, and the
    targets set below the year's actual."""
    counts = {"targets": number(len(frame), lang), "milestones": number(len(milestones), lang)}
    shape = "both" if len(frame) and len(milestones) else "targets" if len(frame) else "milestones"
    lines = [Line(f"plan.lede_sets_{shape}", {**fields, **counts})]
    rising = frame[frame["implied_growth_pct"].notna() & (frame["implied_growth_pct"] > 0)]
    if not rising.empty:
        top = rising.loc[rising["implied_growth_pct"].astype(float).idxmax()]
        lines.append(
            Line(
                "plan.lede_top",
                {
                    **fields,
                    "name": lower_first(indicator_name(top["indicator"], lang), lang),
                    "target": fmt_row(_target_by_id(data, top["id"]), lang),
                    "actual": fmt_row(actual_row(data, top["indicator"], top["entity"]), lang),
                    "pct": percent(top["implied_growth_pct"], lang),
                },
            )
        )
    below = below_actual(data)
    if not below.empty:
        names = [lower_first(indicator_name(i, lang), lang) for i in below["indicator"]]
        key = "plan.lede_below_one" if len(below) == 1 else "plan.lede_below"
        lines.append(Line(key, {**fields, "n": number(len(below), lang), "names": listing(names, lang)}))
    return lines


def _prior_line(prior: pd.DataFrame, fields: dict, lang: str) -> Line:
    """The lede's sentence on the previous report's targets for this year: met, missed, unreported."""
    counts = {
        status: int((prior["status"] == status).sum()) for status in (STATUS_MET, STATUS_MISSED, STATUS_NOT_REPORTED)
    }
    key = "plan.lede_prior_unreported" if counts[STATUS_NOT_REPORTED] else "plan.lede_prior"
    return Line(
        key,
        {
            **fields,
            "n": number(len(prior), lang),
            "met": _how_many(counts[STATUS_MET], lang),
            "missed": _how_many(counts[STATUS_MISSED], lang),
            "unreported": number(counts[STATUS_NOT_REPORTED], lang),
        },
    )


def lede_lines(data: YearData, lang: str) -> list[Line]:
    """The plan in up to four sentences: how many targets and milestones it sets, the largest rise
    a target implies, the targets set below the year's actual, and how the previous report's
    targets for this year fared."""
    lines = []
    frame, milestones = targets_frame(data), milestones_frame(data)
    fields = {"year": data.year, "next": _next(data), "previous": data.year - 1}
    if has_plan(data):
        lines += _plan_lines(data, frame, milestones, fields, lang)
    prior = prior_plan(data)
    if prior is not None:
        lines.append(_prior_line(prior, fields, lang))
    return lines


def lede(data: YearData, lang: str) -> list[str]:
    """The chapter's opening paragraph (see lede_lines); none when the year neither sets a plan
    nor follows one."""
    return lede_text(data, lede_lines(data, lang), lang)


def summary_text(data: YearData, frame: pd.DataFrame, lang: str) -> list[str]:
    """How many of the plan's numeric targets (see `targets_frame`) have an actual to compare with
    (how many targets and milestones it sets is the lede's)."""
    with_actual, without = int(frame["actual"].notna().sum()), int(frame["actual"].isna().sum())
    comparable = ([counted("plan.count_with_actual", with_actual, lang, year=data.year)] if with_actual else []) + (
        [counted("plan.count_without_actual", without, lang, year=data.year)] if without else []
    )
    if not comparable:
        return []
    return [
        paragraph("plan.comparable", lang, parts="，".join(comparable) if lang == "zh" else listing(comparable, lang))
    ]


def findings_text(data: YearData, table: str, lang: str, ids: set[str] | None = None) -> list[str]:
    """The source's quirks recorded against rows of `table` (only those with the ids, when given)."""
    return [
        paragraph("plan.finding", lang, text=f[f"description_{lang}"])
        for _, f in findings_about(data, table, ids).iterrows()
    ]


def targets_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table:
    """Every numeric target (see `targets_frame`) beside this year's actual and the growth it implies."""
    no_actual = text("plan.no_actual", lang, year=data.year)
    actual_cells = []
    for _, r in frame.iterrows():
        row = actual_row(data, r["indicator"], r["entity"])
        actual_cells.append(no_actual if absent(r["actual"]) or row is None else fmt_row(row, lang))
    cells = pd.DataFrame(
        {
            text("ui.col_indicator", lang): [indicator_name(i, lang) for i in frame["indicator"]],
            text("plan.col_actual", lang, year=data.year): actual_cells,
            text("plan.col_target", lang, year=_next(data)): [
                fmt_row(_target_by_id(data, i), lang) for i in frame["id"]
            ],
            text("plan.col_implied", lang): [
                None if absent(g) else signed_percent(g, lang) for g in frame["implied_growth_pct"]
            ],
        }
    )
    notes = [text("plan.targets_note", lang, year=data.year)]
    if len(frame) < len(data.table(TARGETS)) and TOPIC_MILESTONES.covered(data):
        notes.append(text("plan.timing_note", lang))
    return Table(
        cells,
        text("plan.targets_caption", lang, next=_next(data), year=data.year),
        note=" ".join(notes) if lang == "en" else "".join(notes),
    )


def below_actual_text(data: YearData, below: pd.DataFrame, lang: str) -> str | None:
    """The targets set below this year's actual (see `below_actual`), a sentence each; None when none."""
    if below.empty:
        return None
    return joined(
        [
            paragraph(
                "plan.below_part",
                lang,
                name=lower_first(indicator_name(r["indicator"], lang), lang),
                target=fmt_row(data.row(r["indicator"], r["entity"], TARGETS), lang),
                actual=fmt_row(actual_row(data, r["indicator"], r["entity"]), lang),
                diff=quantity(abs(r["actual"] - r["target"]), r["unit"], lang),
                pct=signed_percent(r["implied_growth_pct"], lang),
                year=data.year,
                next=_next(data),
            )
            for _, r in below.iterrows()
        ],
        lang,
    )


def economy_text(data: YearData, comparison: pd.DataFrame, lang: str) -> str:
    """Each economic target's implied growth against the growth achieved (see `growth_comparison`),
    a sentence each, in one paragraph."""
    sentences = []
    for _, r in comparison.iterrows():
        implied, achieved = (
            round(r["implied_pct"], 1),
            round(r["achieved_pct"], 1),
        )  # compared as the sentence shows them
        key = "plan.slower" if implied < achieved else "plan.faster" if implied > achieved else "plan.same_pace"
        sentences.append(
            paragraph(
                "plan.economy_part",
                lang,
                name=lower_first(indicator_name(r["indicator"], lang), lang),
                target=fmt_row(_target_by_id(data, r["id"]), lang),
                implied=signed_percent(r["implied_pct"], lang)
                if r["implied_pct"] < 0
                else percent(r["implied_pct"], lang),
                achieved=percent(r["achieved_pct"], lang),
                pace=text(key, lang),
                year=data.year,
                next=_next(data),
            )
        )
    return joined(sentences, lang)


def growth_chart(data: YearData, comparison: pd.DataFrame, lang: str) -> str:
    """Bars: the growth achieved this year beside the growth next year's target implies (hatched)."""
    labels = [indicator_name(i, lang) for i in comparison["indicator"]]
    achieved_name = text("plan.series_achieved", lang, year=data.year)
    implied_name = text("plan.series_implied", lang, next=_next(data))
    fig = charts.grouped_bars(
        labels,
        {achieved_name: list(comparison["achieved_pct"]), implied_name: list(comparison["implied_pct"])},
        title=text("plan.growth_title", lang, year=data.year, next=_next(data)),
        ylabel=text("plan.growth_axis", lang),
        value_fmt=lambda v: percent(v, lang),
        kinds={implied_name: charts.DERIVED},
    )
    fig.set_size_inches(7.6, 3.8)
    ax = fig.axes[0]
    top = max(max(comparison["achieved_pct"]), max(comparison["implied_pct"]), 0)
    bottom = min(min(comparison["achieved_pct"]), min(comparison["implied_pct"]), 0)
    ax.set_ylim(bottom * 1.18, top * 1.18 if top else 1)
    alt = text(
        "plan.growth_alt",
        lang,
        year=data.year,
        next=_next(data),
        items=clauses(
            [
                text("plan.growth_alt_item", lang, name=n, achieved=percent(a, lang), implied=percent(i, lang))
                for n, a, i in zip(labels, comparison["achieved_pct"], comparison["implied_pct"])
            ],
            lang,
        ),
    )
    frame = pd.DataFrame(
        {
            "indicator": labels,
            "achieved_pct": comparison["achieved_pct"],
            "implied_pct": comparison["implied_pct"].round(2),
        }
    )
    return charts.figure_html(
        fig,
        alt=alt,
        caption=text("plan.growth_caption", lang, year=data.year, next=_next(data)),
        data=frame,
        name=f"plan-growth-{data.year}",
        lang=lang,
    )


def _parts(data: YearData, group: pd.DataFrame, lang: str) -> tuple[list[str], list[str]]:
    """Sentences for targets with an actual ('the target is T against A (+g%)'), and the names
    (with their targets) of those without one."""
    changes, only = [], []
    for _, r in group.iterrows():
        target = fmt_row(_target_row(data, r["indicator"], r["entity"]), lang)
        name = lower_first(indicator_name(r["indicator"], lang), lang)
        if absent(r["actual"]):
            only.append(
                text(
                    "plan.only_part",
                    lang,
                    name=indicator_name(r["indicator"], lang) if lang == "zh" else name,
                    target=target,
                )
            )
        elif not absent(r["implied_growth_pct"]):
            changes.append(
                paragraph(
                    "plan.change_part",
                    lang,
                    name=name,
                    target=target,
                    actual=fmt_row(actual_row(data, r["indicator"], r["entity"]), lang),
                    change=signed_percent(r["implied_growth_pct"], lang),
                    year=data.year,
                    next=_next(data),
                )
            )
    return changes, only


def group_text(data: YearData, group: pd.DataFrame, key: str, lang: str) -> list[str]:
    """A group's targets (see `group_frame`) with an actual, a sentence each in one paragraph;
    those without one in one sentence. (`key` names the group: land, projects, works.)"""
    changes, only = _parts(data, group, lang)
    out = [joined(changes, lang)] if changes else []
    if only:
        out.append(paragraph("plan.only", lang, year=data.year, next=_next(data), parts=listing(only, lang)))
    return out


def started_text(data: YearData, projects: pd.DataFrame, lang: str) -> str | None:
    """When the report gives two counts of projects started, the growth the target implies over the other one."""
    first, second = data.value("projects_started_new_space"), data.value("projects_started")
    goal = data.target("projects_started")
    if not any(_parts(data, projects, lang)) or first is None or second is None or first == second or goal is None:
        return None
    return paragraph(
        "plan.started_note",
        lang,
        year=data.year,
        first=number(first, lang),
        second=number(second, lang),
        first_name=lower_first(indicator_name("projects_started_new_space", lang), lang),
        second_name=lower_first(indicator_name("projects_started", lang), lang),
        alt=signed_percent(implied_growth(goal, first), lang),
    )


def _group_values(group: pd.DataFrame, unit: str, lang: str) -> tuple[list[str], list[float], list[float]]:
    """The group's indicators, then this year's actuals (NaN where missing) and next year's targets
    in `unit` as a reader sees it."""
    frame = group.set_index("indicator")
    chosen = list(frame.index)
    actual = [
        float("nan")
        if absent(frame.loc[i, "actual"])
        else in_reader_unit(convert(frame.loc[i, "actual"], frame.loc[i, "unit"], unit), unit, lang)
        for i in chosen
    ]
    target = [in_reader_unit(convert(frame.loc[i, "target"], frame.loc[i, "unit"], unit), unit, lang) for i in chosen]
    return chosen, actual, target


def _group_axis(key: str, unit: str, lang: str) -> str:
    """The value axis of a group's chart: a count needs no unit in English."""
    if lang == "en" and units_dimension(unit) == "count":
        return text(f"plan.{key}_axis", lang)
    return text("plan.axis_unit", lang, what=text(f"plan.{key}_axis", lang), unit=unit_label(unit, lang))


def _group_figure(data: YearData, labels: list[str], actual: list[float], target: list[float], key: str, lang: str):
    """Actual beside target per indicator; a missing actual is labelled where its bar would stand."""
    actual_name = text("plan.series_actual", lang, year=data.year)
    target_name = text("plan.series_target", lang, next=_next(data))
    fig = charts.grouped_bars(
        labels,
        {actual_name: actual, target_name: target},
        title=text(f"plan.{key}_title", lang, next=_next(data), year=data.year),
        ylabel=_group_axis(key, CHART_UNITS[key], lang),
        value_fmt=lambda v: charts.value_label(v, lang),
        kinds={target_name: charts.TARGET},
    )
    fig.set_size_inches(7.6, 4.0)
    ax = fig.axes[0]
    top = max([v for v in actual + target if v == v])
    for x, v in enumerate(actual):
        if v != v:  # NaN: no actual this year
            ax.annotate(
                text("plan.no_actual_short", lang),
                (x - 0.2, 0),
                ha="center",
                va="bottom",
                fontsize=7,
                rotation=90,
                xytext=(0, 3),
                textcoords="offset points",
                color="#555555",
            )
    ax.set_ylim(0, top * 1.2)
    ax.set_xticks(range(len(labels)), [lbl if lang == "zh" else textwrap.fill(lbl, 16) for lbl in labels], fontsize=8)
    return fig


def _group_alt(data: YearData, labels: list[str], actual: list[float], target: list[float], key: str, lang: str) -> str:
    """The chart's text alternative: each indicator's target, and its actual where there is one."""
    return text(
        "plan.bars_alt",
        lang,
        year=data.year,
        next=_next(data),
        items=clauses(
            [
                text("plan.bars_alt_item_only", lang, name=n, target=number(significant(t, 4), lang))
                if a != a
                else text(
                    "plan.bars_alt_item",
                    lang,
                    name=n,
                    target=number(significant(t, 4), lang),
                    actual=number(significant(a, 4), lang),
                )
                for n, a, t in zip(labels, actual, target)
            ],
            lang,
        ),
        unit=_group_axis(key, CHART_UNITS[key], lang),
    )


def group_chart(data: YearData, group: pd.DataFrame, key: str, lang: str) -> str | None:
    """Grouped bars: this year's actual beside next year's target (see `group_frame`), in the unit
    of CHART_UNITS[key]; a missing actual is labelled. None when the group's sentences say nothing."""
    if group.empty or not any(_parts(data, group, lang)):
        return None
    unit = CHART_UNITS[key]
    chosen, actual, target = _group_values(group, unit, lang)
    labels = [indicator_name(i, lang) for i in chosen]
    fig = _group_figure(data, labels, actual, target, key, lang)
    rows = pd.DataFrame(
        {
            "indicator": labels,
            "actual": [None if v != v else round(v, 4) for v in actual],
            "target": [round(v, 4) for v in target],
            "unit": unit_label(unit, lang),
        }
    )
    alt = _group_alt(data, labels, actual, target, key, lang)
    caption = (
        text("plan.land_caption", lang, year=data.year, next=_next(data))
        if key == "land"
        else text("plan.projects_caption", lang, year=data.year, next=_next(data))
    )  # literal keys: validation checks their fields
    return charts.figure_html(fig, alt=alt, caption=caption, data=rows, name=f"plan-{key}-{data.year}", lang=lang)


def milestones_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table:
    """The milestones (see `milestones_frame`) with when they are due and, for a facility, its state."""
    nxt = _next(data)
    timing = [
        text("plan.during", lang, next=nxt)
        if absent(m)
        else text("plan.by_month", lang, next=nxt, month=int(m), month_name=calendar.month_name[int(m)])
        for m in frame["month"]
    ]
    facilities = (
        set(data.table("entities").query("kind == 'facility'")["id"]) if data.table("entities") is not None else set()
    )
    status = text("plan.col_status", lang, year=data.year)
    cells = pd.DataFrame(
        {
            text("plan.col_item", lang): [entity_name(data, e, lang) if e else None for e in frame["entity"]],
            text("plan.col_milestone", lang, next=nxt): list(frame[f"text_{lang}"]),
            text("plan.col_when", lang): timing,
            status: [entity_detail(data, e, lang) or None if e in facilities else None for e in frame["entity"]],
        }
    )
    notes = [text("plan.milestones_note", lang)]
    if cells[status].isna().all():
        cells = cells.drop(columns=status)
    else:
        notes.append(text("plan.status_note", lang))
    return Table(cells, text("plan.milestones_caption", lang, next=nxt), note=joined(notes, lang))


def prior_text(data: YearData, frame: pd.DataFrame, lang: str) -> str:
    """How many of last year's targets (see `prior_plan`) were met, missed, or have no actual."""
    counts = frame["status"].value_counts()
    parts = [
        counted(f"plan.count_{s}", int(counts[s]), lang, year=data.year)
        for s in (STATUS_MET, STATUS_MISSED, STATUS_NOT_REPORTED)
        if counts.get(s, 0)
    ]
    return paragraph(
        "plan.prior_summary",
        lang,
        prior=data.year - 1,
        year=data.year,
        targets=counted("plan.count_targets", len(frame), lang),
        parts=listing(parts, lang),
    )


def _prior_cell(v, u, lang: str) -> str | None:
    if absent(v):
        return None
    if units_dimension(u) == TIMING and lang == "en" and float(v).is_integer() and 1 <= v <= 12:
        return calendar.month_name[int(v)]  # 9月 -> September
    return quantity(significant(v, 6), u, lang)


def prior_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table:
    """Last year's targets (see `prior_plan`) against this year's actuals, with the verdict."""
    prior = data.year - 1
    cells = pd.DataFrame(
        {
            text("ui.col_indicator", lang): [indicator_name(i, lang) for i in frame["indicator"]],
            text("plan.col_prior_target", lang, prior=prior, year=data.year): [
                _prior_cell(v, u, lang) for v, u in zip(frame["target"], frame["unit"])
            ],
            text("plan.col_actual", lang, year=data.year): [
                _prior_cell(v, u, lang) for v, u in zip(frame["actual"], frame["unit"])
            ],
            text("plan.col_difference", lang): [
                None if absent(d) else ("+" if d > 0 else "−" if d < 0 else "") + _prior_cell(abs(d), u, lang)
                for d, u in zip(frame["difference"], frame["unit"])
            ],
            text("plan.col_pct_of_target", lang): [
                None if absent(p) else percent(p, lang) for p in frame["pct_of_target"]
            ],
            text("plan.col_status_result", lang): [text(f"plan.status_{s}", lang) for s in frame["status"]],
        }
    )
    return Table(
        cells, text("plan.prior_caption", lang, prior=prior, year=data.year), note=text("plan.prior_note", lang)
    )


def prior_chart(data: YearData, frame: pd.DataFrame, lang: str) -> str | None:
    """Horizontal bars of the actual as % of last year's target (see `prior_plan`), a line at 100%;
    colour says met or missed, not reported labelled without a bar. A date target (a month) is
    judged in the table, not drawn as a share; fewer than two amounts make no chart (the table says it)."""
    frame = frame[[units_dimension(u) != TIMING for u in frame["unit"]]]
    if len(frame) < 2:
        return None
    prior = data.year - 1
    alt = text(
        "plan.prior_alt",
        lang,
        prior=prior,
        year=data.year,
        items=clauses(
            [
                f"{indicator_name(i, lang)} {text('plan.status_not_reported', lang) if absent(p) else percent(p, lang)}"
                for i, p in zip(frame["indicator"], frame["pct_of_target"])
            ],
            lang,
        ),
    )
    rows = pd.DataFrame(
        {
            "indicator": [indicator_name(i, lang) for i in frame["indicator"]],
            "target": frame["target"],
            "actual": frame["actual"],
            "unit": [unit_label(u, lang) for u in frame["unit"]],
            "pct_of_target": [None if absent(p) else round(p, 2) for p in frame["pct_of_target"]],
            "status": [text(f"plan.status_{s}", lang) for s in frame["status"]],
        }
    )
    return charts.figure_html(
        _prior_figure(frame, data, lang),
        alt=alt,
        caption=text("plan.prior_caption_fig", lang, prior=prior, year=data.year),
        data=rows,
        name=f"plan-prior-{data.year}",
        lang=lang,
    )


def _prior_figure(frame: pd.DataFrame, data: YearData, lang: str):
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    values = [0.0 if absent(p) else float(p) for p in frame["pct_of_target"]]
    fig, ax = plt.subplots(figsize=(7.6, 0.42 * len(labels) + 1.8))
    ys = list(range(len(labels)))[::-1]
    colours = {STATUS_MET: charts.PALETTE[2], STATUS_MISSED: charts.PALETTE[3], STATUS_NOT_REPORTED: charts.MUTED}
    ax.barh(ys, values, color=[colours[s] for s in frame["status"]], height=0.6, edgecolor="white")
    ax.axvline(100, color="#333333", linewidth=1, linestyle="--")
    span = max(values + [100])
    for y, v, s in zip(ys, values, frame["status"]):
        label = text("ui.not_reported", lang) if s == STATUS_NOT_REPORTED else percent(v, lang)
        ax.text(
            v + span * 0.01,
            y,
            label,
            va="center",
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
        )
    ax.set_yticks(ys, labels, fontsize=8)
    ax.set_xlim(0, span * 1.2)
    ax.grid(axis="y", visible=False)
    ax.set_title(text("plan.prior_title", lang, prior=data.year - 1, year=data.year), loc="left")
    ax.set_xlabel(text("plan.prior_axis", lang))
    present = [s for s in (STATUS_MET, STATUS_MISSED) if s in set(frame["status"])]  # not reported: labelled, no bar
    if present:
        charts.encoding_legend(
            ax,
            [Patch(facecolor=colours[s], edgecolor="white", label=text(f"plan.status_{s}", lang)) for s in present],
            ncols=len(present),
        )
    fig.set_layout_engine("constrained")
    return fig
