"""Chapter 6, work safety: what the year's report says was done, and its figures on responsibility,
training and the enforcement chain.

Everything shown is the year's data: the measures and the report's own sub-headings are rows of
`measures.csv` and `sections.csv`, the figures rows of `safety.csv`, the bodies they concern (an
inspection contractor, a certifying bureau) the rows' entities. Bounds are kept as bounds: 70余个
hazards is "more than 70", so a ratio with it in the numerator is a lower bound and one with it
in the denominator an upper bound.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import clauses, labelled, listing, number, percent, text
from zonebook.data.quantities import quantity, unit_label
from zonebook.report import charts
from zonebook.report.common import (
    Topic,
    first_row,
    first_value,
    fmt_row,
    has_rows,
    indicator_name,
    measures_topic,
    notes_on,
    rows_of_indicators,
    rows_outside,
    rows_table,
    setup,  # noqa: F401  (setup is the notebook's entry)
)
from zonebook.report.formatting import bracketed
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import lede_of, section_paragraphs, thought, variant

CHAPTER = TABLE = "safety"
TABLES = (TABLE,)  # the tables the chapter presents: its sources section lists their quotes
QUARTERS_PER_YEAR = 4  # calendar constant: a quarterly inspection happens four times a year
PER = 100  # certificates are given per hundred person-times
PERSON_TIMES = "人次"
# Which of the table's indicators each section discusses (the catalogue's vocabulary, not a year's).
RESPONSIBILITY = (
    "safety_cadres",
    "safety_key_enterprises",
    "safety_responsibility_letters",
    "third_party_inspections_per_quarter",
)
TRAINING = ("safety_training_meetings", "fire_drills", "safety_trainees", "safety_certificates")
FUNNEL = ("safety_inspections", "hazards_found", "rectification_notices", "enterprises_shut_down")
# Which side of the true value a ratio lies on when its numerator / denominator is a bound.
LOWER, UPPER, EXACT, APPROX = "lower", "upper", "exact", "approx"
OPEN_ENDED = ("more_than", "at_least")  # the true count is the value or higher


def other_rows(data: YearData) -> pd.DataFrame:
    """The table's rows no section discusses (an indicator a year adds), in file order."""
    return rows_outside(data, TABLE, RESPONSIBILITY + TRAINING + FUNNEL)


MEASURES = measures_topic(CHAPTER)
RESPONSIBILITY_TOPIC = Topic("responsibility", has_rows(TABLE, *RESPONSIBILITY))
TRAINING_TOPIC = Topic("training", has_rows(TABLE, *TRAINING))
ENFORCEMENT_TOPIC = Topic("enforcement", has_rows(TABLE, *FUNNEL))
TOPICS = (MEASURES, RESPONSIBILITY_TOPIC, TRAINING_TOPIC, ENFORCEMENT_TOPIC)
SECTIONS = {RESPONSIBILITY_TOPIC: RESPONSIBILITY, TRAINING_TOPIC: TRAINING, ENFORCEMENT_TOPIC: FUNNEL}
# Not announced when absent: most years' figures all belong to a section above.
OTHER = Topic("other", lambda data: not other_rows(data).empty)


def _same(a: str, b: str):
    return lambda v: v[a] == v[b]


def _differ(a: str, b: str):
    return lambda v: v[a] != v[b]


def _once(name: str):
    return lambda v: v[name] == 1


CADRES, KEY, LETTERS = "safety_cadres", "safety_key_enterprises", "safety_responsibility_letters"
# What each section says, fullest variant first (strings safety.s_*).
RESPONSIBILITY_THOUGHTS = (
    thought(
        variant(
            "safety.s_cadres_all_signed",
            _same("enterprises", "letters"),
            cadres=CADRES,
            enterprises=KEY,
            letters=LETTERS,
        ),
        variant(
            "safety.s_cadres_letters",
            _differ("enterprises", "letters"),
            cadres=CADRES,
            enterprises=KEY,
            letters=LETTERS,
        ),
        variant("safety.s_cadres", cadres=CADRES, enterprises=KEY),
        variant("safety.s_all_signed", _same("enterprises", "letters"), enterprises=KEY, letters=LETTERS),
        variant("safety.s_enterprises", enterprises=KEY),
        variant("safety.s_cadres_only", cadres=CADRES),
    ),
    thought(variant("safety.s_letters", letters=LETTERS)),
    thought(
        variant(
            "safety.s_third_party_once",
            _once("per_quarter"),
            ("per_quarter",),
            per_quarter="third_party_inspections_per_quarter",
        ),
        variant("safety.s_third_party", named=("per_quarter",), per_quarter="third_party_inspections_per_quarter"),
        variant("safety.s_third_party_unnamed", per_quarter="third_party_inspections_per_quarter"),
    ),
)
MEETINGS, DRILLS, TRAINEES, CERTIFICATES = (
    "safety_training_meetings",
    "fire_drills",
    "safety_trainees",
    "safety_certificates",
)
TRAINING_THOUGHTS = (
    thought(
        variant("safety.s_training_all", meetings=MEETINGS, drills=DRILLS, trainees=TRAINEES),
        variant("safety.s_training_meetings_trainees", meetings=MEETINGS, trainees=TRAINEES),
        variant("safety.s_training_drills_trainees", drills=DRILLS, trainees=TRAINEES),
        variant("safety.s_training_events", meetings=MEETINGS, drills=DRILLS),
        variant("safety.s_trainees", trainees=TRAINEES),
        variant("safety.s_meetings", meetings=MEETINGS),
    ),
    thought(variant("safety.s_drills", drills=DRILLS)),
    thought(
        variant("safety.s_certificates_body", named=("certificates",), certificates=CERTIFICATES),
        variant("safety.s_certificates", certificates=CERTIFICATES),
    ),
)
INSPECTIONS, HAZARDS, NOTICES, SHUTDOWNS = (
    "safety_inspections",
    "hazards_found",
    "rectification_notices",
    "enterprises_shut_down",
)
ENFORCEMENT_THOUGHTS = (
    thought(
        variant(
            "safety.s_enforcement_all", inspections=INSPECTIONS, hazards=HAZARDS, notices=NOTICES, shutdowns=SHUTDOWNS
        ),
        variant("safety.s_enforcement_notices", inspections=INSPECTIONS, hazards=HAZARDS, notices=NOTICES),
        variant("safety.s_enforcement_hazards", inspections=INSPECTIONS, hazards=HAZARDS),
        variant("safety.s_inspections", inspections=INSPECTIONS),
    ),
    thought(variant("safety.s_hazards", hazards=HAZARDS)),
    thought(variant("safety.s_notices", notices=NOTICES)),
    thought(variant("safety.s_shutdowns", shutdowns=SHUTDOWNS)),
)
THOUGHTS = {
    RESPONSIBILITY_TOPIC: RESPONSIBILITY_THOUGHTS,
    TRAINING_TOPIC: TRAINING_THOUGHTS,
    ENFORCEMENT_TOPIC: ENFORCEMENT_THOUGHTS,
}
# The lede: what the year's work on safety came to, most telling first (strings safety.lede_*).
LEDE = (
    thought(
        variant(
            "safety.lede_all_signed", _same("enterprises", "letters"), cadres=CADRES, enterprises=KEY, letters=LETTERS
        ),
        variant("safety.lede_letters", _differ("enterprises", "letters"), enterprises=KEY, letters=LETTERS),
        variant("safety.lede_cadres", cadres=CADRES, enterprises=KEY),
        variant("safety.lede_enterprises", enterprises=KEY),
    ),
    thought(
        variant("safety.lede_enforcement_all", inspections=INSPECTIONS, hazards=HAZARDS, shutdowns=SHUTDOWNS),
        variant("safety.lede_enforcement", inspections=INSPECTIONS, hazards=HAZARDS),
        variant("safety.lede_inspections", inspections=INSPECTIONS),
        variant("safety.lede_shutdowns", shutdowns=SHUTDOWNS),
    ),
    thought(
        variant("safety.lede_training_certified", trainees=TRAINEES, certificates=CERTIFICATES),
        variant("safety.lede_trainees", trainees=TRAINEES),
    ),
)


def _row(data: YearData, indicator: str):
    return first_row(data, TABLE, indicator)


def _value(data: YearData, indicator: str) -> float | None:
    return first_value(data, TABLE, indicator)


def _fmt(data: YearData, indicator: str, lang: str) -> str:
    """A figure the caller knows the year gives."""
    return fmt_row(_row(data, indicator), lang)


def _bound(row) -> str:
    """Which way a value may be off: more_than -> the true value is higher."""
    if row is None or row["qualifier"] == "exact":
        return EXACT
    return LOWER if row["qualifier"] in OPEN_ENDED else APPROX


# ---- computations --------------------------------------------------------------------------


def enterprises_per_cadre(data: YearData) -> float | None:
    enterprises, cadres = _value(data, "safety_key_enterprises"), _value(data, "safety_cadres")
    return None if enterprises is None or not cadres else enterprises / cadres


def letter_coverage(data: YearData) -> float | None:
    """Enterprises with a safety responsibility letter as % of the key enterprises."""
    letters, enterprises = _value(data, "safety_responsibility_letters"), _value(data, "safety_key_enterprises")
    return None if letters is None or not enterprises else letters / enterprises * 100


def third_party_per_year(data: YearData) -> float | None:
    """Sweeping third-party inspections a year, derived: per quarter × 4."""
    per_quarter = _value(data, "third_party_inspections_per_quarter")
    return None if per_quarter is None else per_quarter * QUARTERS_PER_YEAR


def training_events(data: YearData) -> float | None:
    """Training meetings plus fire drills; None unless both are reported."""
    meetings, drills = _value(data, "safety_training_meetings"), _value(data, "fire_drills")
    return None if meetings is None or drills is None else meetings + drills


def certificates_per_100_trainees(data: YearData) -> float | None:
    """Certificates per 100 person-times trained (person-times, not people: see the caveat)."""
    certificates, trainees = _value(data, "safety_certificates"), _value(data, "safety_trainees")
    return None if certificates is None or not trainees else certificates / trainees * PER


def enforcement_ratios(data: YearData) -> pd.DataFrame:
    """Ratios along the enforcement chain, each with the side of the truth it lies on.

    Columns: key, numerator, denominator, value, bound (lower: the true ratio is at least
    this; upper: at most this; exact), percent (True when shown as %).
    """
    specs = (
        ("hazards_per_inspection", "hazards_found", "safety_inspections", False),
        ("notices_per_inspection", "rectification_notices", "safety_inspections", False),
        ("notices_per_hazard", "rectification_notices", "hazards_found", False),
        ("shutdowns_share_key", "enterprises_shut_down", "safety_key_enterprises", True),
    )
    records = []
    for key, top, bottom, as_percent in specs:
        a, b = _row(data, top), _row(data, bottom)
        if a is None or b is None or not float(b["value"]):
            continue
        value = float(a["value"]) / float(b["value"]) * (100 if as_percent else 1)
        top_bound, bottom_bound = _bound(a), _bound(b)
        if APPROX in (top_bound, bottom_bound) or top_bound == bottom_bound == LOWER:
            bound = APPROX  # both ends open, or an approximate figure: only "about" is honest
        else:
            bound = LOWER if top_bound == LOWER else (UPPER if bottom_bound == LOWER else EXACT)
        records.append(
            {"key": key, "numerator": top, "denominator": bottom, "value": value, "bound": bound, "percent": as_percent}
        )
    return pd.DataFrame(records, columns=["key", "numerator", "denominator", "value", "bound", "percent"])


def responsibility_derived(data: YearData) -> dict:
    """What the book derives from the responsibility figures (None where the year lacks a figure):
    per_cadre (`enterprises_per_cadre`), coverage (`letter_coverage`), per_year (`third_party_per_year`)."""
    return {
        "per_cadre": enterprises_per_cadre(data),
        "coverage": letter_coverage(data),
        "per_year": third_party_per_year(data),
    }


def training_derived(data: YearData) -> dict:
    """What the book derives from the training figures (None where the year lacks a figure):
    events (`training_events`), per_100 (`certificates_per_100_trainees`)."""
    return {"events": training_events(data), "per_100": certificates_per_100_trainees(data)}


def section_rows(data: YearData, topic: Topic) -> pd.DataFrame:
    """The table's rows a section discusses, in the order of its indicators."""
    return rows_of_indicators(data, TABLE, SECTIONS[topic])


def funnel(data: YearData) -> pd.DataFrame:
    """The enforcement chain as reported. Columns: indicator, value, unit, qualifier."""
    records = []
    for indicator in FUNNEL:
        row = _row(data, indicator)
        if row is not None:
            records.append(
                {
                    "indicator": indicator,
                    "value": float(row["value"]),
                    "unit": row["unit"],
                    "qualifier": row["qualifier"],
                }
            )
    return pd.DataFrame(records, columns=["indicator", "value", "unit", "qualifier"])


# ---- for the reader: sentences, the table and the chart ------------------------------------


def lede(data: YearData, lang: str) -> list[str]:
    """The chapter's opening paragraph: responsibility, inspections and training in two to
    three sentences, from the figures the year gives; none when it gives none."""
    return lede_of(data, [(TABLE, item) for item in LEDE], lang)


def section_text(data: YearData, topic: Topic, rows: pd.DataFrame, lang: str, after=None) -> list[str]:
    """The section's figures in sentences, each followed by what `after` gives for it (see
    prose.section_paragraphs), then the year's notes on them."""
    return section_paragraphs(data, TABLE, THOUGHTS[topic], rows, lang, after)


def enforcement_text(data: YearData, rows: pd.DataFrame, lang: str) -> list[str]:
    """The inspections, hazards, notices and shutdowns in sentences, with the year's notes on them."""
    return section_text(data, ENFORCEMENT_TOPIC, rows, lang)


def responsibility_text(data: YearData, rows: pd.DataFrame, derived: dict, lang: str) -> list[str]:
    """The responsibility figures, each followed by what the book derives from it (see `responsibility_derived`)."""
    per_cadre, coverage, per_year = derived["per_cadre"], derived["coverage"], derived["per_year"]
    per = None if per_cadre is None else round(per_cadre, 1)
    per_text = (
        None
        if per is None
        else paragraph(
            "safety.per_cadre_exact" if per_cadre == per else "safety.per_cadre", lang, per=number(per, lang)
        )
    )
    coverage_text = (
        None
        if coverage is None or coverage == 100  # all signed: the sentence itself says so
        else paragraph("safety.letter_coverage", lang, pct=percent(coverage, lang))
    )
    per_year_text = (
        None if per_year is None else paragraph("safety.third_party", lang, per_year=quantity(per_year, "次", lang))
    )
    return section_text(
        data,
        RESPONSIBILITY_TOPIC,
        rows,
        lang,
        after={KEY: [per_text, coverage_text], "third_party_inspections_per_quarter": [per_year_text]},
    )


def training_text(data: YearData, rows: pd.DataFrame, derived: dict, lang: str) -> list[str]:
    """The training figures, the certificates followed by their rate (see `training_derived`)."""
    rate = derived["per_100"]
    person_times = rate is not None and _row(data, "safety_trainees")["unit"] == PERSON_TIMES
    rate_text = (
        None
        if rate is None
        else paragraph(
            "safety.certificates_person_times" if person_times else "safety.certificates",
            lang,
            rate=number(round(rate), lang),
            base=number(PER, lang),
        )
    )
    return section_text(data, TRAINING_TOPIC, rows, lang, after={CERTIFICATES: [rate_text]})


def _bound_text(value: str, bound: str, lang: str) -> str:
    return text(f"safety.bound_{bound}", lang, value=value) if bound != EXACT else value


def ratios_table(data: YearData, ratios: pd.DataFrame, lang: str) -> Table | None:
    """The enforcement ratios (see `enforcement_ratios`), each with how it is computed and its bound."""
    if ratios.empty:
        return None
    cells = pd.DataFrame(
        {
            text("safety.col_ratio", lang): [text(f"safety.ratio_{k}", lang) for k in ratios["key"]],
            text("safety.col_computed_as", lang): [
                text(
                    "safety.computed_as",
                    lang,
                    a=indicator_name(n, lang),
                    av=_fmt(data, n, lang),
                    b=indicator_name(d, lang),
                    bv=_fmt(data, d, lang),
                )
                for n, d in zip(ratios["numerator"], ratios["denominator"])
            ],
            text("safety.col_value", lang): [
                _bound_text(percent(v, lang) if p else number(round(v, 2), lang), b, lang)
                for v, p, b in zip(ratios["value"], ratios["percent"], ratios["bound"])
            ],
        }
    )
    used = rows_of_indicators(data, TABLE, sorted(set(ratios["numerator"]) | set(ratios["denominator"])))
    notes = notes_on(data, TABLE, used, lang)
    if "shutdowns_share_key" in set(ratios["key"]):
        notes.append(text("safety.ratios_note", lang))
    return Table(cells, text("safety.ratios_caption", lang, year=data.year), note=" ".join(notes))


def other_table(data: YearData, rows: pd.DataFrame, lang: str) -> Table:
    """The figures no section discusses (see `other_rows`), with the year's notes on them."""
    return rows_table(data, TABLE, rows, lang, text("safety.other_caption", lang, year=data.year))


def _funnel_figure(data: YearData, frame: pd.DataFrame, labels: list[str], shown: list[str], lang: str):
    """Centred bars, one per stage of the chain, each labelled as written; an open end gets an arrow."""
    values = list(frame["value"])
    top = max(values)
    fig, ax = plt.subplots(figsize=(7.6, 0.75 * len(values) + 1.4), layout="constrained")
    positions = list(range(len(values)))[::-1]
    for pos, value, qualifier, color in zip(positions, values, frame["qualifier"], charts.PALETTE):
        ax.barh(pos, value, left=-value / 2, height=0.62, color=color, edgecolor="white")
        if qualifier in OPEN_ENDED:  # an open end: the true count is higher
            ax.annotate(
                "",
                xy=(value / 2 + top * 0.12, pos),
                xytext=(value / 2, pos),
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.6, "linestyle": "--"},
            )
    for pos, value, qualifier, label in zip(positions, values, frame["qualifier"], shown):
        offset = top * (0.14 if qualifier in OPEN_ENDED else 0.02)
        ax.text(value / 2 + offset, pos, label, va="center", ha="left", fontsize=9)
    ax.set_yticks(positions, labels)
    ax.set_xlim(-top * 0.55, top * 0.95)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    ax.set_xlabel(text("safety.funnel_axis", lang))
    ax.set_title(text("safety.funnel_title", lang, year=data.year), loc="left")
    return fig


def funnel_chart(data: YearData, frame: pd.DataFrame, lang: str) -> str:
    """The enforcement chain (see `funnel`) as centred bars; an open-ended count gets an arrow."""
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    shown = [quantity(v, u, lang, q) for v, u, q in zip(frame["value"], frame["unit"], frame["qualifier"])]
    values = list(frame["value"])
    fig = _funnel_figure(data, frame, labels, shown, lang)
    open_ends = [bracketed(label, s, lang) for label, s, q in zip(labels, shown, frame["qualifier"]) if q in OPEN_ENDED]
    ends = listing(open_ends, lang) if open_ends else ""
    alt = text(
        "safety.funnel_alt" if open_ends else "safety.funnel_alt_plain",
        lang,
        items=clauses([labelled(label, s, lang) for label, s in zip(labels, shown)], lang),
        open=ends,
    )
    rows = pd.DataFrame(
        {
            "stage": labels,
            "value": values,
            "unit": [unit_label(u, lang) for u in frame["unit"]],
            "qualifier": list(frame["qualifier"]),
        }
    )
    return charts.figure_html(
        fig,
        alt=alt,
        caption=text("safety.funnel_caption" if open_ends else "safety.funnel_caption_plain", lang, open=ends),
        data=rows,
        name=f"safety-enforcement-{data.year}",
        lang=lang,
    )
