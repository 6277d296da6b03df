"""Chapter 4, the business environment: the service centre, financing, talent, training.

Pure functions compute (and are unit-tested); `show_*` functions display one section each
and say "not reported" when the year lacks the table.
"""
from __future__ import annotations

import pandas as pd

from .. import charts
from ..data import YearData
from ..i18n import number, text
from ..present import say, show_figure, show_table
from ..units import convert, in_reader_unit, quantity, unit_label
from .common import first_row, first_value, axis_label, entity_name, facts_frame, fmt, indicator_name, not_reported, setup  # noqa: F401
from .supply_side import finding, names, present_entities

TABLE = "services"
CENTRE = "enterprise_service_centre"
COLLEGE = "xianning_vocational_college"
EQUITY_MARKET = "wuhan_equity_custody_center"
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
# Named in "为天安建 / 材、洪盛模具、汇瑞药业落实融资贷款3000万元".
LOAN_FIRMS = ("tianan_building_materials", "hongsheng_mould", "huirui_pharma")
FINANCING = ("loans_arranged", "guaranteed_financing")
TALENT = ("college_partnership_enterprises", "talent_projects_applied", "high_end_talent_recruited",
          "technician_training_contract", "workers_recruited", "associate_professors_seconded")


def _row(data: YearData, indicator: str):
    return first_row(data, TABLE, indicator)


def _value(data: YearData, indicator: str) -> float | None:
    return first_value(data, TABLE, indicator)


def _fmt(data: YearData, indicator: str, lang: str) -> str:
    row = _row(data, indicator)
    return text("ui.not_reported", lang) if row is None else fmt(data, indicator, lang, row["entity"], TABLE)


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
    records = []
    for indicator in FINANCING:
        row = _row(data, indicator)
        if row is not None:
            records.append({"indicator": indicator, "value_wan": convert(float(row["value"]), row["unit"], "万元")})
    return pd.DataFrame(records, columns=["indicator", "value_wan"])


def training(data: YearData) -> pd.DataFrame:
    """Training sessions by kind, most first. Columns: entity, sessions."""
    frame = data.table(TABLE)
    if frame is None:
        return pd.DataFrame(columns=["entity", "sessions"])
    rows = frame[frame["indicator"] == "training_sessions"]
    out = pd.DataFrame({"entity": rows["entity"].tolist(), "sessions": rows["value"].astype(float).tolist()})
    return out.sort_values("sessions", ascending=False, kind="stable").reset_index(drop=True)


# ---- display -------------------------------------------------------------------------------

def show_summary(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    say("environment.summary", lang, year=data.year, centre=entity_name(data, CENTRE, lang))


def show_supervision(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    if _row(data, "supervision_team_staff") is not None:
        say("environment.supervision", lang, staff=_fmt(data, "supervision_team_staff", lang),
            mechanism=indicator_name("supervision_mechanism_elements", lang),
            elements=_fmt(data, "supervision_mechanism_elements", lang))


def show_service_centre(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    if _row(data, "services_offered") is not None:
        say("environment.centre", lang, year=data.year, centre=entity_name(data, CENTRE, lang),
            links=_fmt(data, "service_links", lang), departments=_fmt(data, "service_departments", lang),
            services=_fmt(data, "services_offered", lang), blocks=_fmt(data, "service_blocks", lang),
            staff=_fmt(data, "service_centre_staff", lang), teams=_fmt(data, "service_teams", lang))
    frame = service_ratios(data)
    if frame.empty:
        return
    table = pd.DataFrame({
        text("environment.col_measure", lang): [text(f"environment.ratio_{k}", lang) for k in frame["key"]],
        text("environment.col_computed_as", lang): [
            text("environment.computed_as", lang, a=indicator_name(n, lang), av=number(a, lang), b=indicator_name(d, lang), bv=number(b, lang))
            for n, d, a, b in zip(frame["numerator"], frame["denominator"], frame["a"], frame["b"])],
        text("environment.col_average", lang): [number(round(v, 2), lang) for v in frame["value"]],
    })
    show_table(table, text("environment.ratios_caption", lang, year=data.year), note=text("environment.ratios_note", lang))


def show_baobao(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    members = implied_committee_members(data)
    if members is None:
        return
    say("environment.baobao", lang, projects=_fmt(data, "key_projects_under_baobao", lang),
        per=_fmt(data, "projects_per_committee_member", lang), members=number(round(members, 1), lang))
    note = finding(data, "baobao_jinnian", lang)
    if note:
        say("environment.finding", lang, text=note)


def show_financing(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    firms = present_entities(data, LOAN_FIRMS)
    if _row(data, "loans_arranged") is not None:
        say("environment.financing", lang, meetings=_fmt(data, "bank_enterprise_meetings", lang),
            firms=names(data, firms, lang) or text("ui.not_reported", lang), loans=_fmt(data, "loans_arranged", lang),
            guaranteed=_fmt(data, "guaranteed_financing", lang))
    if _row(data, "regional_equity_market_listings") is not None:
        say("environment.equity_market", lang, market=entity_name(data, EQUITY_MARKET, lang),
            n=_fmt(data, "regional_equity_market_listings", lang))
    note = finding(data, "tianan_name_broken", lang)
    if note and "tianan_building_materials" in firms:
        say("environment.finding", lang, text=note)
    frame = financing(data)
    if frame.empty:
        return
    labels = [indicator_name(i, lang) for i in frame["indicator"]]
    values = [in_reader_unit(v, "万元", lang) for v in frame["value_wan"]]
    shown = [quantity(v, "万元", lang) for v in frame["value_wan"]]
    fig = charts.hbar(labels, values, title=text("environment.financing_title", lang, year=data.year),
                      xlabel=axis_label("environment.financing_axis", "万元", lang), value_labels=shown,
                      colors=[charts.PALETTE[i % len(charts.PALETTE)] for i in range(len(labels))])
    alt = text("environment.financing_alt", lang, items="; ".join(f"{l} {s}" for l, s in zip(labels, shown)))
    rows = pd.DataFrame({"indicator": labels, "value": values, "unit": unit_label("万元", lang)})
    show_figure(charts.figure_html(fig, alt=alt, caption=text("environment.financing_caption", lang), data=rows,
                                   name=f"environment-financing-{data.year}", lang=lang))


def show_talent(data: YearData, lang: str) -> None:
    frame = data.table(TABLE)
    if frame is None:
        return not_reported(TABLE, lang)
    rows = frame[frame["indicator"].isin(TALENT)]
    if rows.empty:
        return
    rows = rows.assign(order=rows["indicator"].map(TALENT.index)).sort_values("order")
    say("environment.talent", lang, college=entity_name(data, COLLEGE, lang))
    note = finding(data, "workers_approx", lang) if (rows["qualifier"] != "exact").any() else ""
    show_table(facts_frame(data, TABLE, lang, rows), text("environment.talent_caption", lang, year=data.year), note=note or "")


def show_training(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    frame = training(data)
    if frame.empty:
        return
    total = frame["sessions"].sum()
    labels = [entity_name(data, e, lang) for e in frame["entity"]]
    say("environment.training", lang, kinds=number(len(frame), lang), total=quantity(total, "次", lang))
    fig = charts.hbar(labels, list(frame["sessions"]), title=text("environment.training_title", lang, year=data.year),
                      xlabel=text("environment.training_axis", lang),
                      value_labels=[number(v, lang) for v in frame["sessions"]], width=7.6)
    fig.axes[0].xaxis.get_major_locator().set_params(integer=True)
    items = "; ".join(f"{l} {number(v, lang)}" for l, v in zip(labels, frame["sessions"]))
    alt = text("environment.training_alt", lang, items=items, total=number(total, lang))
    rows = pd.DataFrame({"kind": labels, "sessions": frame["sessions"]})
    show_figure(charts.figure_html(fig, alt=alt, caption=text("environment.training_caption", lang, total=number(total, lang)),
                                   data=rows, name=f"environment-training-{data.year}", lang=lang))
