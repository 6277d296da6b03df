"""Chapter 1, the economy: headline indicators, growth, structure, tax, exports, jobs.

Pure functions compute (and are unit-tested), others turn their results into the sentences,
table and charts a reader sees; the chapter's template shows them section by section, each
section left out of the page when the year's data do not cover it (its Topic).
"""

from __future__ import annotations

import weakref

import matplotlib.pyplot as plt
import pandas as pd

from zonebook.data import YearData, catalogue, exchange_rates
from zonebook.data.i18n import clauses, labelled, listing, lower_first, number, percent, text
from zonebook.data.precision import derived_pct, shown_decimals, written_digits
from zonebook.data.quantities import amount_scale, convert, in_reader_unit, is_amount, quantity, unit_label
from zonebook.report import charts
from zonebook.report.common import Topic, fmt, has_rows, indicator_name, setup  # noqa: F401  (setup is the notebook's entry)
from zonebook.report.history import KIND_IMPLIED, KIND_REPORTED, earlier_years, implied_prior, series
from zonebook.report.present import Table, count_in_text, paragraph
from zonebook.report.prose import Line, lede_text, targets_line

CHAPTER = TABLE = "economy"
TABLES = (TABLE,)  # the tables the chapter presents: its sources section lists their quotes
STRUCTURE_INDICATORS = ("enterprises_total", "enterprises_above_scale", "new_above_scale_enterprises", "new_jobs")
KIND_COMPUTED = "computed"  # a growth rate the book computes from two reported years


def growth_of(indicator: str) -> str:
    return f"{indicator}_growth"


def headline_indicators(data: YearData) -> list[str]:
    """The year's economy indicators that have a growth rate in the catalogue (output, tax…),
    in the order of the year's table."""
    frame, known = data.table(TABLE), set(catalogue().index)
    if frame is None:
        return []
    return [i for i in dict.fromkeys(frame["indicator"]) if growth_of(i) in known]


def previous_actual(data: YearData, indicator: str, unit: str) -> float | None:
    """The previous year's reported value of an indicator, in `unit`, when its data exist."""
    earlier = [y for y in earlier_years(data) if y.year == data.year - 1]
    row = earlier[0].row(indicator, table=TABLE) if earlier else None
    if row is None:
        return None
    try:
        return convert(float(row["value"]), row["unit"], unit)
    except ValueError:  # another kind of unit: not comparable
        return None


_headlines: dict[int, tuple[weakref.ref, pd.DataFrame]] = {}  # id(data) -> (data, its headline)


def headline(data: YearData) -> pd.DataFrame:
    """The headline indicators with their growth and the previous year's value.

    The previous year's value is its reported actual when that year's data hold it
    (prior_kind "reported"), else the value the growth rate implies ("implied"). Growth is the
    reported rate, else computed from the two reported years ("computed").

    A chapter asks for it several times (its topics, table, chart and lede; the intro and the
    methods chapter): it depends on the data object alone (and the earlier years' data beside
    it), so it is computed once per data object, and each caller gets its own copy to change."""
    cached = _headlines.get(id(data))
    if cached is None or cached[0]() is not data:
        cached = (weakref.ref(data), _headline(data))
        _headlines[id(data)] = cached
        weakref.finalize(data, _headlines.pop, id(data), None)
    return cached[1].copy()


def _headline(data: YearData) -> pd.DataFrame:
    """The headline frame computed (see `headline`)."""
    records = []
    for indicator in headline_indicators(data):
        row = data.row(indicator, table=TABLE)
        growth = data.value(growth_of(indicator), table=TABLE)
        value = float(row["value"])
        prior, prior_kind = previous_actual(data, indicator, row["unit"]), KIND_REPORTED
        if prior is None and growth is not None:
            prior, prior_kind = implied_prior(value, growth), KIND_IMPLIED
        growth_kind = KIND_REPORTED
        if growth is None and prior is not None and prior_kind == KIND_REPORTED and prior != 0:
            growth, growth_kind = (value / prior - 1) * 100, KIND_COMPUTED
        records.append(
            {
                "indicator": indicator,
                "value": value,
                "unit": row["unit"],
                "growth_pct": growth,
                "growth_kind": None if growth is None else growth_kind,
                "prior": prior,
                "prior_kind": None if prior is None else prior_kind,
            }
        )
    return pd.DataFrame(
        records, columns=["indicator", "value", "unit", "growth_pct", "growth_kind", "prior", "prior_kind"]
    )


def has_headline(data: YearData) -> bool:
    return bool(headline_indicators(data))


def has_growth(data: YearData) -> bool:
    return not headline(data).dropna(subset=["growth_pct"]).empty


def has_trends(data: YearData) -> bool:
    return any(len(series(data, i, growth_of(i))) >= 2 for i in headline_indicators(data))


HEADLINE = Topic("headline", has_headline)
GROWTH = Topic("growth", has_growth)
TRENDS = Topic("trends", has_trends)
STRUCTURE = Topic("structure", has_rows(TABLE, *STRUCTURE_INDICATORS))
TAX = Topic("tax", lambda data: tax_to_output(data) is not None)
EXPORTS = Topic("exports", has_rows(TABLE, "exports"))
TOPICS = (HEADLINE, STRUCTURE, TAX, EXPORTS)


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
    return derived_pct(
        convert(float(tax["value"]), tax["unit"], output["unit"]), float(output["value"]), tax_to_output_digits(data)
    )


def tax_to_output_digits(data: YearData) -> int:
    """The significant digits tax_to_output may carry: its less precise input's (3.22 and 134: three)."""
    rows = (data.row("tax_revenue", table=TABLE), data.row("gross_industrial_output", table=TABLE))
    return min(written_digits(float(r["value"])) for r in rows)


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
    return {
        "usd_wan": usd,
        "rate": float(r["rate_cny"]),
        "cny_yi": cny_yi,
        "source_zh": r["source_zh"],
        "source_en": r["source_en"],
    }


# ---- for the reader: sentences, the table and the charts ----------------------------------


def _move(row: pd.Series, data: YearData, lang: str) -> dict:
    """A headline indicator's fields for a sentence: its name, value and (absolute) growth."""
    return {
        "name": lower_first(indicator_name(row["indicator"], lang), lang),
        "name_cap": indicator_name(row["indicator"], lang),
        "value": fmt(data, row["indicator"], lang, table=TABLE),
        "pct": percent(abs(row["growth_pct"]), lang) if pd.notna(row["growth_pct"]) else "",
    }


def lede_lines(data: YearData, frame: pd.DataFrame, lang: str) -> list[Line]:
    """The year's economy in up to three sentences: the first headline figure and its change (a
    record when higher than in every earlier year the data hold); the
    fastest and slowest of the others; the targets the previous report set for them, met or missed."""
    if frame.empty:
        return []
    first = frame.iloc[0]
    growth = first["growth_pct"]
    key = (
        "economy.lede_first"
        if pd.isna(growth)
        else ("economy.lede_first_up" if growth >= 0 else "economy.lede_first_down")
    )
    reported = series(data, first["indicator"])
    record = len(reported) >= 2 and first["value"] > reported.loc[reported["year"] < data.year, "value"].max()
    # of two years, the higher (两年中较高); of more, the highest of the N years
    record_key = ("_record_two" if len(reported) == 2 else "_record") if record else ""
    lines = [Line(key + record_key, {**_move(first, data, lang), "years": count_in_text(len(reported), lang)})]
    others = frame.iloc[1:].dropna(subset=["growth_pct"]).sort_values("growth_pct", ascending=False, kind="stable")
    if len(others) >= 2:
        top, bottom = others.iloc[0], others.iloc[-1]
        shape = "up" if bottom["growth_pct"] >= 0 else ("down" if top["growth_pct"] < 0 else "mixed")
        fields = {f"top_{k}": v for k, v in _move(top, data, lang).items()}
        fields |= {f"bottom_{k}": v for k, v in _move(bottom, data, lang).items()}
        lines.append(Line(f"economy.lede_range_{shape}", fields))
    elif len(others) == 1:
        one = others.iloc[0]
        lines.append(
            Line("economy.lede_one_up" if one["growth_pct"] >= 0 else "economy.lede_one_down", _move(one, data, lang))
        )
    targets = targets_line(data, frame["indicator"], lang)
    return lines + ([targets] if targets else [])


def lede(data: YearData, lang: str) -> list[str]:
    """The chapter's opening paragraph (see lede_lines); none when the year gives no headline figure."""
    return lede_text(data, lede_lines(data, headline(data), lang), lang)


def _prior_cell(prior: float, scale: float, lang: str) -> str:
    """The prior year's value in the row's reader unit (an implied one already carries only the
    digits its inputs justify: history.implied_prior)."""
    return "—" if pd.isna(prior) else number(prior * scale, lang)


def reader_units(frame: pd.DataFrame, lang: str) -> list[tuple[str, float]]:
    """Each headline row's unit for the reader and the factor to it, one for the row's two years
    (tax of 322 and 313 million yuan, not 0.322 beside 0.31 billion)."""
    return [
        amount_scale([v, p if pd.notna(p) else None], u, lang, table=True)
        if is_amount(u)
        else (unit_label(u, lang), in_reader_unit(1.0, u, lang))
        for v, p, u in zip(frame["value"], frame["prior"], frame["unit"])
    ]


def _basis_cell(prior_kind, growth_kind, kinds: dict[str, str]) -> str:
    """Where the row's prior value and growth come from: 'reported' unless one is implied or computed."""
    if not isinstance(prior_kind, str):
        return "—"
    derived = dict.fromkeys(kinds[k] for k in (prior_kind, growth_kind) if isinstance(k, str) and k != KIND_REPORTED)
    return " / ".join(derived) or kinds[KIND_REPORTED]


def headline_notes(data: YearData, frame: pd.DataFrame, lang: str) -> str:
    """The note under the headline table: where its prior values and rates come from, what a dash means."""
    prior = data.year - 1
    notes = []
    if (frame["prior_kind"] == KIND_REPORTED).any():
        notes.append(text("economy.note_prior_reported", lang, year=prior))
    if (frame["prior_kind"] == KIND_IMPLIED).any():
        notes.append(text("economy.note_prior_implied", lang, year=prior, next=data.year))
    if (frame["growth_kind"] == KIND_COMPUTED).any():
        notes.append(text("economy.note_growth_computed", lang))
    if frame["growth_pct"].isna().any():
        notes.append(text("economy.note_dash", lang))
    return " ".join(notes) if lang == "en" else "".join(notes)


def headline_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table:
    """The headline indicators (see `headline`) for the reader: value, growth, prior year and its basis."""
    kinds = {
        KIND_REPORTED: text("ui.reported", lang),
        KIND_IMPLIED: text("ui.implied", lang),
        KIND_COMPUTED: text("economy.computed", lang),
    }
    units = reader_units(frame, lang)
    cells = pd.DataFrame(
        {
            text("ui.col_indicator", lang): [indicator_name(i, lang) for i in frame["indicator"]],
            text("ui.col_unit", lang): [label for label, _ in units],
            text("economy.col_year_value", lang, year=data.year): [
                number(v * scale, lang) for v, (_, scale) in zip(frame["value"], units)
            ],
            text("economy.col_growth", lang): [percent(g, lang) if pd.notna(g) else "—" for g in frame["growth_pct"]],
            text("economy.col_prior", lang, year=data.year - 1): [
                _prior_cell(p, scale, lang) for p, (_, scale) in zip(frame["prior"], units)
            ],
            text("economy.col_basis", lang): [
                _basis_cell(pk, gk, kinds) for pk, gk in zip(frame["prior_kind"], frame["growth_kind"])
            ],
        }
    )
    return Table(cells, text("economy.headline_caption", lang, year=data.year), note=headline_notes(data, frame, lang))


def trend_series(data: YearData) -> pd.DataFrame:
    """Each headline indicator over the years (see history.series), those with two years or more.
    Columns: indicator, year, value, unit, kind."""
    panels = [series(data, i, growth_of(i)).assign(indicator=i) for i in headline_indicators(data)]
    panels = [p for p in panels if len(p) >= 2]
    columns = ["indicator", "year", "value", "unit", "kind"]
    return pd.concat(panels, ignore_index=True)[columns] if panels else pd.DataFrame(columns=columns)


def _trend_panel(ax, indicator: str, frame: pd.DataFrame, lang: str) -> list[dict]:
    """One indicator's bars over the years on `ax`, implied years hatched; its rows for the
    chart's data (value as the bar's label writes it, `shown` as the alt text does)."""
    unit = frame["unit"].iloc[0]
    label, scale = (
        amount_scale(frame["value"], unit, lang, table=True)
        if is_amount(unit)
        else (unit_label(unit, lang), in_reader_unit(1.0, unit, lang))
    )
    values = [v * scale for v in frame["value"]]
    implied = [k == KIND_IMPLIED for k in frame["kind"]]
    bars = ax.bar([str(y) for y in frame["year"]], values)
    for bar, is_implied in zip(bars, implied):
        charts.style_bar(bar, charts.DERIVED if is_implied else charts.REPORTED)
    for bar, v in zip(bars, values):  # written as the headline table writes it (implied: history.implied_prior)
        ax.annotate(
            number(v, lang),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_title(indicator_name(indicator, lang), fontsize=10.5, loc="left")
    ax.set_ylabel(label)
    ax.grid(axis="x", visible=False)
    ax.set_ylim(0, max(values) * 1.2)
    return [
        {
            "indicator": indicator_name(indicator, lang),
            "year": r["year"],
            "value": float(number(v, lang).replace(",", "")),  # as the bar's label writes it
            "unit": label,
            "kind": text(f"ui.{r['kind']}", lang),
            "shown": quantity(r["value"], unit, lang),
        }
        for (_, r), v in zip(frame.iterrows(), values)
    ]


def _trends_alt(rows: list[dict], lang: str) -> str:
    """The chart's text alternative: every indicator's value in every year, and how it is known."""
    years = [r["year"] for r in rows]
    return text(
        "economy.trend_alt",
        lang,
        first=min(years),
        last=max(years),
        items=clauses(
            [
                text(
                    "economy.trend_alt_item", lang, **{k: r[k] for k in ("indicator", "year", "kind")}, value=r["shown"]
                )
                for r in rows
            ],
            lang,
        ),
    )


def trends_chart(data: YearData, trends: pd.DataFrame, lang: str) -> str:
    """Small multiples: each indicator of `trend_series` over the years, implied years hatched."""
    panels = list(trends.groupby("indicator", sort=False))
    columns = 2 if len(panels) > 2 else len(panels)
    lines = -(-len(panels) // columns)
    fig, axes = plt.subplots(lines, columns, figsize=(7.0, 2.9 * lines + 0.4), squeeze=False)
    for spare in axes.flat[len(panels) :]:
        spare.set_visible(False)
    rows = []
    for ax, (indicator, frame) in zip(axes.flat, panels):
        rows += _trend_panel(ax, indicator, frame, lang)
    fig.suptitle(text("economy.trend_title", lang), x=0.01, ha="left", fontweight="bold")
    derived = any(r["kind"] == text("ui.implied", lang) for r in rows)
    fig.legend(
        handles=[charts.encoding_handle(k, lang) for k in (charts.REPORTED, charts.DERIVED)[: 2 if derived else 1]],
        loc="outside lower left",
        ncols=2,
        frameon=False,
    )
    fig.set_layout_engine("constrained")
    caption = text("economy.trend_caption_implied" if derived else "economy.trend_caption", lang)
    return charts.figure_html(
        fig,
        alt=_trends_alt(rows, lang),
        caption=caption,
        data=pd.DataFrame(rows).drop(columns="shown"),
        name=f"economy-trends-{data.year}",
        lang=lang,
    )


def growth_chart(data: YearData, frame: pd.DataFrame, lang: str) -> str:
    """The headline indicators' growth rates as bars (those with a rate)."""
    frame = frame.dropna(subset=["growth_pct"])
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    values = list(frame["growth_pct"])
    fig = charts.hbar(
        labels,
        values,
        title=text("economy.growth_title", lang, year=data.year),
        xlabel=text("economy.growth_axis", lang),
        value_labels=[percent(v, lang) for v in values],
    )
    alt = text(
        "economy.growth_alt",
        lang,
        items=clauses([labelled(label, percent(v, lang), lang) for label, v in zip(labels, values)], lang),
    )
    return charts.figure_html(
        fig,
        alt=alt,
        caption=text("economy.growth_caption", lang),
        data=pd.DataFrame({"indicator": labels, "growth_pct": values}),
        name=f"economy-growth-{data.year}",
        lang=lang,
    )


def structure_text(data: YearData, share: float | None, lang: str) -> str:
    """Enterprises and jobs in one sentence, from the figures the year gives; `share`: above_scale_share."""
    present = {i: fmt(data, i, lang, table=TABLE) for i in STRUCTURE_INDICATORS if data.row(i, table=TABLE) is not None}
    clauses = []
    if "enterprises_total" in present:
        clauses.append(text("economy.clause_total", lang, total=present["enterprises_total"]))
    if "enterprises_above_scale" in present:
        key = "economy.clause_above_share" if share is not None else "economy.clause_above"
        clauses.append(
            text(
                key,
                lang,
                above=present["enterprises_above_scale"],
                share=percent(share, lang) if share is not None else "",
            )
        )
    if "new_above_scale_enterprises" in present:
        clauses.append(text("economy.clause_new", lang, new=present["new_above_scale_enterprises"]))
    if "new_jobs" in present:
        clauses.append(text("economy.clause_jobs", lang, jobs=present["new_jobs"]))
    return paragraph(
        "economy.structure",
        lang,
        year=data.year,
        clauses=listing(clauses, lang) if lang == "en" else "；".join(clauses),
    )


def tax_text(data: YearData, ratio: float, lang: str) -> str:
    """Tax, output and `ratio` (tax_to_output) in one sentence."""
    return paragraph(
        "economy.tax",
        lang,
        tax=fmt(data, "tax_revenue", lang),
        output=fmt(data, "gross_industrial_output", lang),
        ratio=percent(ratio, lang, shown_decimals(ratio, tax_to_output_digits(data))),
    )


def exports_text(data: YearData, exports: dict, lang: str) -> str:
    """Exports (see exports_in_cny) in one sentence, in yuan too when the year's rate is known."""
    usd = quantity(exports["usd_wan"], "万美元", lang)
    if exports["rate"] is None:
        return paragraph("economy.exports_no_rate", lang, usd=usd, year=data.year)
    return paragraph(
        "economy.exports",
        lang,
        usd=usd,
        rate=number(exports["rate"], lang),
        cny=quantity(round(exports["cny_yi"], 2), "亿元", lang),
        source=exports[f"source_{lang}"],
        year=data.year,
    )
