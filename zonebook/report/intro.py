"""The introduction: the zone, the source and its citation, how to read the book, a glance.

Pure functions compute (and are unit-tested), others turn their results into the sentences,
tables and chart a reader sees; the template shows them section by section and leaves out what
the year's data do not give, never a silent zero.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from zonebook.core.chapters import TEMPLATES, chapter_name
from zonebook.data import YearData
from zonebook.data.i18n import listing, lower_first, number, percent, strings, text
from zonebook.data.quantities import quantity
from zonebook.data.readers import optional_rows
from zonebook.report import charts
from zonebook.report.common import Topic, axis_label, chapter_covered, fmt, fmt_row, indicator_name, setup, translated  # noqa: F401  (setup is the notebook's entry)
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import Line, lede_text, line_of, thought, variant

TABLE = "economy"
GROWTH_SUFFIX = "_growth"


def data_root(data: YearData) -> Path:
    """The data folder the year was loaded from (the bundled data/ or a test's copy)."""
    return data.folder.parent


def citation(data: YearData) -> dict | None:
    """The year's row of sources/sources.csv (title, issuer, period, sha256), or None."""
    rows = optional_rows(data_root(data) / "sources" / "sources.csv")
    if rows is None:
        return None
    hits = [r for r in rows if str(r.get("year", "")).strip() == str(data.year)]
    return hits[0] if hits else None


def glance(data: YearData) -> pd.DataFrame:
    """Every figure of the year's economy table, with its growth where the year gives one.

    Columns: indicator, row (the fact row), growth (float or None). Growth rates are shown
    beside their indicator, not as rows of their own; nothing missing is shown as zero.
    """
    frame = data.table(TABLE)
    if frame is None:
        return pd.DataFrame(columns=["indicator", "row", "growth"])
    records = [
        {"indicator": r["indicator"], "row": r, "growth": data.value(r["indicator"] + GROWTH_SUFFIX, table=TABLE)}
        for _, r in frame.iterrows()
        if not r["indicator"].endswith(GROWTH_SUFFIX) and r["entity"] == ""
    ]
    return pd.DataFrame(records, columns=["indicator", "row", "growth"])


# The sections at a glance; they are left out of a year that gives none of their figures.
GLANCE = Topic("glance", lambda data: not glance(data).empty)
ENTERPRISES = Topic("enterprises", lambda data: enterprise_structure(data) is not None)


def has_plan(data: YearData) -> bool:
    """Whether the year's report sets a plan for the year after (targets or milestones)."""
    return any(data.table(t) is not None and not data.table(t).empty for t in ("targets", "milestones"))


def chapter_covered_by(data: YearData, key: str) -> bool:
    """Whether the year's report covers a chapter, by that chapter's own topics."""
    module = importlib.import_module(f"zonebook.report.{key}")
    return chapter_covered(data, key, getattr(module, "TOPICS", ()))


def enterprise_structure(data: YearData) -> dict | None:
    """Enterprises in the zone split into above-scale and the others (total − above-scale).

    The 'others' count is derived (the source states only the total and the above-scale
    count). None when either is missing or the split is impossible.
    """
    total = data.value("enterprises_total", table=TABLE) if data.table(TABLE) is not None else None
    above = data.value("enterprises_above_scale", table=TABLE) if data.table(TABLE) is not None else None
    if total is None or above is None or above > total or total <= 0:
        return None
    return {
        "total": total,
        "above": above,
        "others": total - above,
        "share": above / total * 100,
        "unit": data.row("enterprises_total", table=TABLE)["unit"],
    }


def chapter_rows(data: YearData, lang: str) -> pd.DataFrame:
    """The book's templates in reading order with their title and what each covers this year."""
    table, year = strings(), data.year
    records = []
    for t in TEMPLATES:
        key = chapter_name(t.slug)
        title_key = f"chapter.{key}" if t.kind == "chapter" else f"intro.chapter_{t.slug}"
        about_key = f"intro.about_{t.slug}"
        title = text(title_key, lang) if title_key in table else t.slug
        about = text(about_key, lang, year=year, next_year=year + 1) if about_key in table else ""
        if key == "plan":
            about = plan_about(data, lang)
        if t.kind == "chapter" and not chapter_covered_by(data, key):
            about = text("intro.not_covered", lang, year=year)
        records.append({"slug": t.slug, "kind": t.kind, "title": title, "about": about})
    return pd.DataFrame(records, columns=["slug", "kind", "title", "about"])


def plan_about(data: YearData, lang: str) -> str:
    """What the plan chapter holds this year: the plan it sets, the last plan's outcome, or both
    (asked as the plan page asks it)."""
    from zonebook.report import plan

    parts = []
    if has_plan(data):
        parts.append(text("intro.about_plan_sets", lang, next_year=data.year + 1))
    if plan.TOPIC_PRIOR.covered(data):
        parts.append(text("intro.about_plan_outcome", lang, year=data.year, previous=data.year - 1))
    return (
        listing(parts, lang) + ("。" if lang == "zh" else ".")
        if parts
        else text("intro.not_covered", lang, year=data.year)
    )


def qualifier_example(data: YearData, qualifier: str) -> pd.Series | None:
    """The first fact row with the given qualifier (approx, more_than, range), or None."""
    facts = data.facts()
    if facts.empty:
        return None
    hit = facts[facts["qualifier"] == qualifier]
    return None if hit.empty else hit.iloc[0]


# ---- for the reader: sentences, tables and the chart ------------------------------------

ENTERPRISES_LINE = thought(
    variant("intro.lede_enterprises", total="enterprises_total", above="enterprises_above_scale"),
    variant("intro.lede_enterprises_total", total="enterprises_total"),
    variant("intro.lede_enterprises_above", above="enterprises_above_scale"),
)
YEAR_SENTENCES = 5


def lede_lines(data: YearData, lang: str) -> list[Line]:
    """The year in up to five sentences, from the chapters' ledes: output and the other headline
    figures, the zone's enterprises, projects, the park, work safety; the plan always last."""
    from zonebook.report import economy, integration, plan, safety, supply_side

    first = economy.lede_lines(data, economy.headline(data), lang)
    candidates = [
        first[0] if first else None,
        first[1] if len(first) > 1 else None,
        line_of(data, TABLE, ENTERPRISES_LINE, lang),
        line_of(data, *integration.LEDE[0], lang),
        line_of(data, *supply_side.LEDE[0], lang),
        line_of(data, safety.TABLE, safety.LEDE[0], lang),
        next(iter(plan.lede_lines(data, lang)), None),
    ]
    lines = [line for line in candidates if line is not None]
    return lines[: YEAR_SENTENCES - 1] + lines[-1:] if len(lines) > YEAR_SENTENCES else lines


def lede(data: YearData, lang: str) -> list[str]:
    """The introduction's opening paragraph: the year in five sentences (see lede_lines)."""
    return lede_text(data, lede_lines(data, lang), lang)


def zone_text(data: YearData, source: dict | None, lang: str) -> list[str]:
    """Where the zone is and who reports on it (see `citation`), and the report's title (the
    zone's size is the lede's)."""
    issuer = source["issuer_zh"] if source else text("intro.zone_name", "zh")
    out = [paragraph("intro.zone_where", lang, issuer=issuer, issuer_en=text("intro.zone_name", "en"))]
    title = data.headline("report")
    if title is not None and (lang == "zh" or translated(title, "text")):
        out.append(paragraph("intro.report_title", lang, year=data.year, title=title[f"text_{lang}"]))
    elif title is not None:  # an English sentence does not quote a title it cannot give in English
        out.append(paragraph("intro.report_title_untranslated", lang, year=data.year, title_zh=title["text_zh"]))
    return out


def _period(data: YearData, lang: str) -> str:
    return text(
        "intro.period_plan" if has_plan(data) else "intro.period", lang, year=data.year, next_year=data.year + 1
    )


def about_source_text(data: YearData, source: dict | None, lang: str) -> str:
    """What the source document is (see `citation`), or that the year has no citation."""
    if source is None:
        return paragraph("intro.source_missing", lang, year=data.year)
    key = "intro.source_plan" if has_plan(data) else "intro.source"
    # an English title not yet translated is left out, not shown as an empty (“”)
    untitled = not str(source.get("title_en") or "").strip()
    return paragraph(
        key + "_untitled" if untitled else key,
        lang,
        title_zh=source["title_zh"],
        title_en=source["title_en"],
        issuer=source[f"issuer_{lang}"],
        year=data.year,
        next_year=data.year + 1,
    )


def source_table(data: YearData, source: dict | None, lang: str) -> Table | None:
    """The citation's fields: title in both languages, issuer, period (a title not yet
    translated says so rather than leaving its cell empty)."""
    if source is None:
        return None
    title_en = str(source.get("title_en") or "").strip() or text("intro.title_not_translated", lang)
    cells = pd.DataFrame(
        {
            text("intro.col_field", lang): [
                text(f"intro.field_{k}", lang) for k in ("title_zh", "title_en", "issuer", "period")
            ],
            text("intro.col_detail", lang): [
                source["title_zh"],
                title_en,
                source[f"issuer_{lang}"],
                _period(data, lang),
            ],
        }
    )
    return Table(cells, text("intro.source_caption", lang))


def cite_text(source: dict | None, lang: str) -> str | None:
    """How to cite the source document."""
    if source is None:
        return None
    untitled = not str(source.get("title_en") or "").strip()
    return paragraph(
        "intro.cite_untitled" if untitled else "intro.cite",
        lang,
        issuer=source["issuer_zh"] if lang == "zh" else source["issuer_en"],
        title=source["title_zh"] if lang == "zh" or untitled else source["title_en"],
        title_zh=source["title_zh"],
    )


def chapters_text(rows: pd.DataFrame, lang: str) -> str:
    """How many chapters and other pages the book has (see `chapter_rows`)."""
    return paragraph(
        "intro.chapters", lang, n=int(sum(rows["kind"] == "chapter")), pages=int(sum(rows["kind"] != "chapter"))
    )


def chapters_table(rows: pd.DataFrame, lang: str) -> Table:
    """The book's chapters and pages (see `chapter_rows`), each with what it covers."""
    cells = pd.DataFrame(
        {
            text("intro.col_chapter", lang): rows["title"],
            text("intro.col_about", lang): rows["about"],
        }
    )
    return Table(cells, text("intro.chapters_caption", lang))


def conventions_text(data: YearData, lang: str) -> list[str]:
    """How the book writes units, the source's qualifiers, implied values and missing figures,
    with the year's own examples where it has them."""
    out = [paragraph("intro.conv_units", lang)]
    output = data.row("gross_industrial_output", table=TABLE) if data.table(TABLE) is not None else None
    if output is not None:
        out.append(
            paragraph(
                "intro.conv_units_example",
                lang,
                zh=quantity(float(output["value"]), output["unit"], "zh"),
                en=quantity(float(output["value"]), output["unit"], "en"),
            )
        )
    approx, more = qualifier_example(data, "approx"), qualifier_example(data, "more_than")
    if approx is not None and more is not None:
        out.append(
            paragraph(
                "intro.conv_qualifiers",
                lang,
                approx=fmt_row(approx, lang),
                approx_quote=approx["quote"],
                approx_name=lower_first(indicator_name(approx["indicator"], lang), lang),
                more=fmt_row(more, lang),
                more_quote=more["quote"],
                more_name=lower_first(indicator_name(more["indicator"], lang), lang),
            )
        )
    else:
        out.append(paragraph("intro.conv_qualifiers_plain", lang))
    return out + [paragraph("intro.conv_implied", lang), paragraph("intro.conv_not_reported", lang)]


def glance_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table:
    """The year's headline figures (see `glance`), each with its growth where the year gives one."""
    cells = pd.DataFrame(
        {
            text("ui.col_indicator", lang): [indicator_name(i, lang) for i in frame["indicator"]],
            text("intro.col_year_value", lang, year=data.year): [fmt_row(r, lang) for r in frame["row"]],
            text("intro.col_growth", lang): [
                percent(g, lang) if g is not None and pd.notna(g) else "—" for g in frame["growth"]
            ],
        }
    )
    return Table(cells, text("intro.glance_caption", lang, year=data.year), note=text("intro.glance_note", lang))


def enterprise_chart(data: YearData, split: dict, lang: str) -> str:
    """One bar: the above-scale enterprises beside the others (derived, hatched); see `enterprise_structure`."""
    unit = split["unit"]
    labels = [text("intro.ent_above", lang), text("intro.ent_others", lang)]
    values = [split["above"], split["others"]]
    fig, ax = plt.subplots(figsize=(7.0, 1.9), layout="constrained")
    left = 0.0
    for label, value, kind in zip(labels, values, [charts.REPORTED, charts.DERIVED]):
        charts.style_bar(ax.barh([0], [value], left=left, height=0.55)[0], kind)
        hatch = kind == charts.DERIVED
        ax.text(
            left + value / 2,
            0,
            f"{label}\n{number(value, lang)}（{percent(value / split['total'] * 100, lang)}）"
            if lang == "zh"
            else f"{label}\n{number(value, lang)} ({percent(value / split['total'] * 100, lang)})",
            ha="center",
            va="center",
            fontsize=9,
            color="white" if not hatch else "black",
            bbox=None if not hatch else {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 2},
        )
        left += value
    ax.set_yticks([])
    ax.set_xlim(0, split["total"])
    ax.set_xlabel(axis_label("intro.ent_axis", unit, lang))
    ax.set_title(text("intro.ent_title", lang, year=data.year, total=number(split["total"], lang)), loc="left")
    ax.spines["left"].set_visible(False)
    charts.encoding_legend(ax, [charts.encoding_handle(k, lang) for k in (charts.REPORTED, charts.DERIVED)])
    alt = text(
        "intro.ent_alt",
        lang,
        total=number(split["total"], lang),
        above=number(split["above"], lang),
        others=number(split["others"], lang),
        share=percent(split["share"], lang),
    )
    frame = pd.DataFrame(
        {"group": labels, "enterprises": values, "kind": [text("ui.reported", lang), text("intro.derived", lang)]}
    )
    return charts.figure_html(
        fig,
        alt=alt,
        caption=text("intro.ent_caption", lang),
        data=frame,
        name=f"intro-enterprises-{data.year}",
        lang=lang,
    )
