"""Chapter 4, the business environment: what the year's report says was done, and its figures on
project supervision, services for projects, committee members answerable for key projects,
financing, talent and training.

Everything shown is the year's data: the measures and the report's own sub-headings are rows of
`measures.csv` and `sections.csv`, the figures rows of `services.csv`, the bodies they concern
(service centre, college, market, kinds of training) the rows' entities. A section the year does
not cover is left out; a figure the year does not give is left out of its sentence.
"""

from __future__ import annotations

import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import clauses, counted, labelled, number, text
from zonebook.data.quantities import convert, in_reader_unit, quantity, unit_label
from zonebook.report import charts
from zonebook.report.common import (
    Topic,
    axis_label,
    entity_name,
    first_value,
    has_rows,
    indicator_name,
    measures_topic,
    rows_of_indicators,
    rows_outside,
    rows_table,
    setup,  # noqa: F401  (setup is the notebook's entry)
)
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import lede_of, section_paragraphs, thought, variant

CHAPTER = "environment"
TABLE = "services"
TABLES = (TABLE,)  # the tables the chapter presents: its sources section lists their quotes

# Which of the table's indicators each section discusses (the catalogue's vocabulary, not a year's).
SUPERVISION = ("supervision_team_staff", "supervision_mechanism_elements")
SERVICE = (
    "services_offered",
    "service_links",
    "service_departments",
    "service_blocks",
    "service_centre_staff",
    "service_teams",
)
BAOBAO = ("key_projects_under_baobao", "projects_per_committee_member")
FINANCING = ("bank_enterprise_meetings", "loans_arranged", "guaranteed_financing", "regional_equity_market_listings")
TALENT = (
    "college_partnership_enterprises",
    "talent_projects_applied",
    "high_end_talent_recruited",
    "technician_training_contract",
    "workers_recruited",
    "associate_professors_seconded",
)
TRAINING = ("training_sessions",)
GROUPED = SUPERVISION + SERVICE + BAOBAO + FINANCING + TALENT + TRAINING
LOANS = ("loans_arranged", "guaranteed_financing")
# The service centre's averages: (key, numerator, denominator). Averages only: the source
# does not say how the services, links or staff are split.
RATIOS = (
    ("services_per_block", "services_offered", "service_blocks"),
    ("services_per_team", "services_offered", "service_teams"),
    ("staff_per_team", "service_centre_staff", "service_teams"),
    ("services_per_staff", "services_offered", "service_centre_staff"),
    ("links_per_service", "service_links", "services_offered"),
    ("services_per_department", "services_offered", "service_departments"),
)


def other_rows(data: YearData) -> pd.DataFrame:
    """The table's rows no section discusses (an indicator a year adds), in file order."""
    return rows_outside(data, TABLE, GROUPED)


MEASURES = measures_topic(CHAPTER)
SUPERVISION_TOPIC = Topic("supervision", has_rows(TABLE, *SUPERVISION))
SERVICE_TOPIC = Topic("service", has_rows(TABLE, *SERVICE))
BAOBAO_TOPIC = Topic("baobao", has_rows(TABLE, *BAOBAO))
FINANCING_TOPIC = Topic("financing", has_rows(TABLE, *FINANCING))
TALENT_TOPIC = Topic("talent", has_rows(TABLE, *TALENT))
TRAINING_TOPIC = Topic("training", has_rows(TABLE, *TRAINING))
TOPICS = (MEASURES, SUPERVISION_TOPIC, SERVICE_TOPIC, BAOBAO_TOPIC, FINANCING_TOPIC, TALENT_TOPIC, TRAINING_TOPIC)
SECTIONS = {
    SUPERVISION_TOPIC: SUPERVISION,
    SERVICE_TOPIC: SERVICE,
    BAOBAO_TOPIC: BAOBAO,
    FINANCING_TOPIC: FINANCING,
    TALENT_TOPIC: TALENT,
    TRAINING_TOPIC: TRAINING,
}
# Not announced when absent: most years' figures all belong to a section above.
OTHER = Topic("other", lambda data: not other_rows(data).empty)

# What each section says, fullest variant first (strings environment.s_*).
STAFF, ELEMENTS = "supervision_team_staff", "supervision_mechanism_elements"
SERVICES, LINKS, DEPARTMENTS, BLOCKS = "services_offered", "service_links", "service_departments", "service_blocks"
CENTRE_STAFF, TEAMS = "service_centre_staff", "service_teams"
KEY_PROJECTS, PER_MEMBER = "key_projects_under_baobao", "projects_per_committee_member"
MEETINGS, LOANS_ARRANGED, GUARANTEED, LISTINGS = FINANCING
SERVICES_THOUGHT = thought(
    variant("environment.s_services_all", services=SERVICES, links=LINKS, departments=DEPARTMENTS),
    variant("environment.s_services_departments", services=SERVICES, departments=DEPARTMENTS),
    variant("environment.s_services_links", services=SERVICES, links=LINKS),
    variant("environment.s_services", services=SERVICES),
)
FINANCING_THOUGHT = thought(
    variant("environment.s_financing_meetings_loans", meetings=MEETINGS, loans=LOANS_ARRANGED),
    variant("environment.s_financing_loans", loans=LOANS_ARRANGED),
    variant("environment.s_financing_meetings", meetings=MEETINGS),
)
BAOBAO_THOUGHT = thought(
    variant("environment.s_baobao", projects=KEY_PROJECTS, per=PER_MEMBER),
    variant("environment.s_baobao_projects", projects=KEY_PROJECTS),
    variant("environment.s_baobao_per", per=PER_MEMBER),
)
THOUGHTS = {
    SUPERVISION_TOPIC: (
        thought(
            variant("environment.s_supervision", staff=STAFF, elements=ELEMENTS),
            variant("environment.s_supervision_staff", staff=STAFF),
            variant("environment.s_supervision_mechanism", elements=ELEMENTS),
        ),
    ),
    SERVICE_TOPIC: (
        SERVICES_THOUGHT,
        thought(variant("environment.s_blocks", blocks=BLOCKS)),
        thought(
            variant("environment.s_teams_named", named=("staff",), staff=CENTRE_STAFF, teams=TEAMS),
            variant("environment.s_teams", staff=CENTRE_STAFF, teams=TEAMS),
            variant("environment.s_centre_staff", staff=CENTRE_STAFF),
            variant("environment.s_teams_only", teams=TEAMS),
        ),
    ),
    BAOBAO_TOPIC: (BAOBAO_THOUGHT,),
    FINANCING_TOPIC: (
        FINANCING_THOUGHT,
        thought(variant("environment.s_guaranteed", guaranteed=GUARANTEED)),
        thought(
            variant("environment.s_listings_named", named=("listings",), listings=LISTINGS),
            variant("environment.s_listings", listings=LISTINGS),
        ),
    ),
}
# The lede: services, money for enterprises, the projects answered for (strings environment.lede_*).
LEDE = (
    SERVICES_THOUGHT,
    thought(
        variant("environment.lede_loans_guaranteed", loans=LOANS_ARRANGED, guaranteed=GUARANTEED),
        variant("environment.s_financing_loans", loans=LOANS_ARRANGED),
        variant("environment.s_guaranteed", guaranteed=GUARANTEED),
    ),
    BAOBAO_THOUGHT,
)


def _value(data: YearData, indicator: str) -> float | None:
    return first_value(data, TABLE, indicator)


# ---- computations --------------------------------------------------------------------------


def service_ratios(data: YearData) -> pd.DataFrame:
    """The service centre's averages. Columns: key, numerator, denominator, a, b, value."""
    records = []
    for key, top, bottom in RATIOS:
        a, b = _value(data, top), _value(data, bottom)
        if a is None or not b:
            continue
        records.append({"key": key, "numerator": top, "denominator": bottom, "a": a, "b": b, "value": a / b})
    return pd.DataFrame(records, columns=["key", "numerator", "denominator", "a", "b", "value"])


def implied_committee_members(data: YearData) -> float | None:
    """Committee members the 包保 system implies: key projects ÷ projects per member."""
    projects, per = _value(data, "key_projects_under_baobao"), _value(data, "projects_per_committee_member")
    return None if projects is None or not per else projects / per


def financing(data: YearData) -> pd.DataFrame:
    """Loans arranged and financing guaranteed, both in 万元. Columns: indicator, value_wan."""
    rows = rows_of_indicators(data, TABLE, LOANS)
    return pd.DataFrame(
        {
            "indicator": list(rows["indicator"]),
            "value_wan": [convert(float(v), u, "万元") for v, u in zip(rows["value"], rows["unit"])],
        },
        columns=["indicator", "value_wan"],
    )


def training(data: YearData) -> pd.DataFrame:
    """Training sessions by kind, most first. Columns: entity, sessions."""
    rows = rows_of_indicators(data, TABLE, TRAINING)
    out = pd.DataFrame(
        {"entity": list(rows["entity"]), "sessions": [float(v) for v in rows["value"]]}, columns=["entity", "sessions"]
    )
    return out.sort_values("sessions", ascending=False, kind="stable").reset_index(drop=True)


# ---- for the reader: sentences, tables and charts -------------------------------------------


def section_rows(data: YearData, topic: Topic) -> pd.DataFrame:
    """The table's rows a section discusses, in the order of its indicators."""
    return rows_of_indicators(data, TABLE, SECTIONS[topic])


def lede(data: YearData, lang: str) -> list[str]:
    """The chapter's opening paragraph: services, financing and the projects answered for, from
    the figures the year gives; none when it gives none."""
    return lede_of(data, [(TABLE, item) for item in LEDE], lang)


def section_text(data: YearData, topic: Topic, rows: pd.DataFrame, lang: str, after=None) -> list[str]:
    """The section's figures in sentences, each followed by what `after` gives for it (see
    prose.section_paragraphs), then the year's notes on them."""
    return section_paragraphs(data, TABLE, THOUGHTS[topic], rows, lang, after)


def ratios_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table | None:
    """The service centre's averages (see service_ratios), each with how it is computed; None without any."""
    if frame.empty:
        return None
    cells = pd.DataFrame(
        {
            text("environment.col_measure", lang): [text(f"environment.ratio_{k}", lang) for k in frame["key"]],
            text("environment.col_computed_as", lang): [
                text(
                    "environment.computed_as",
                    lang,
                    a=indicator_name(n, lang),
                    av=number(a, lang),
                    b=indicator_name(d, lang),
                    bv=number(b, lang),
                )
                for n, d, a, b in zip(frame["numerator"], frame["denominator"], frame["a"], frame["b"])
            ],
            text("environment.col_average", lang): [number(round(v, 2), lang) for v in frame["value"]],
        }
    )
    return Table(
        cells, text("environment.ratios_caption", lang, year=data.year), note=text("environment.ratios_note", lang)
    )


def baobao_text(data: YearData, rows: pd.DataFrame, members: float | None, lang: str) -> list[str]:
    """The 包保 figures, with the committee members they imply (see implied_committee_members)."""
    implied = (
        None
        if members is None
        else paragraph("environment.baobao_members", lang, members=number(round(members, 1), lang))
    )
    return section_text(data, BAOBAO_TOPIC, rows, lang, after={KEY_PROJECTS: [implied]})


def financing_chart(data: YearData, frame: pd.DataFrame, lang: str) -> str | None:
    """Loans arranged and financing guaranteed (see financing) as bars; None without either."""
    if frame.empty:
        return None
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    values = [in_reader_unit(v, "万元", lang) for v in frame["value_wan"]]
    shown = [quantity(v, "万元", lang) for v in frame["value_wan"]]
    fig = charts.hbar(
        labels,
        values,
        title=text("environment.financing_title", lang, year=data.year),
        xlabel=axis_label("environment.financing_axis", "万元", lang),
        value_labels=shown,
        colors=[charts.PALETTE[i % len(charts.PALETTE)] for i in range(len(labels))],
    )
    alt = text(
        "environment.financing_alt",
        lang,
        items=clauses([labelled(label, s, lang) for label, s in zip(labels, shown)], lang),
    )
    rows = pd.DataFrame({"indicator": labels, "value": values, "unit": unit_label("万元", lang)})
    caption = "environment.financing_caption" if len(frame) > 1 else "environment.financing_caption_one"
    return charts.figure_html(
        fig, alt=alt, caption=text(caption, lang), data=rows, name=f"environment-financing-{data.year}", lang=lang
    )


def talent_table(data: YearData, rows: pd.DataFrame, lang: str) -> Table:
    return rows_table(data, TABLE, rows, lang, text("environment.talent_caption", lang, year=data.year))


def training_text(data: YearData, frame: pd.DataFrame, lang: str) -> str:
    """How many kinds of training and sessions in all (see training)."""
    return paragraph(
        "environment.training",
        lang,
        year=data.year,
        kinds=counted("environment.count_kinds", len(frame), lang),
        total=counted("environment.count_sessions", frame["sessions"].sum(), lang),
    )


def training_chart(data: YearData, frame: pd.DataFrame, lang: str) -> str:
    """Training sessions by kind (see training) as bars, most first."""
    total = frame["sessions"].sum()
    labels = [entity_name(data, e, lang) if e else indicator_name("training_sessions", lang) for e in frame["entity"]]
    fig = charts.hbar(
        labels,
        list(frame["sessions"]),
        title=text("environment.training_title", lang, year=data.year),
        xlabel=text("environment.training_axis", lang),
        value_labels=[number(v, lang) for v in frame["sessions"]],
        width=7.6,
    )
    fig.axes[0].xaxis.get_major_locator().set_params(integer=True)
    items = clauses(
        [labelled(label, quantity(v, "次", lang), lang) for label, v in zip(labels, frame["sessions"])], lang
    )
    alt = text("environment.training_alt", lang, items=items, total=number(total, lang))
    rows = pd.DataFrame({"kind": labels, "sessions": frame["sessions"]})
    return charts.figure_html(
        fig,
        alt=alt,
        caption=text("environment.training_caption", lang, total=number(total, lang)),
        data=rows,
        name=f"environment-training-{data.year}",
        lang=lang,
    )


def other_table(data: YearData, rows: pd.DataFrame, lang: str) -> Table:
    return rows_table(data, TABLE, rows, lang, text("environment.other_caption", lang, year=data.year))
