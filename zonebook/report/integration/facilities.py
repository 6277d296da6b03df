"""Section 3, supporting facilities: area, investment (total or planned, never added together),
investment per 亩, phases and the body that builds each."""

from __future__ import annotations

import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import listing, number, text
from zonebook.data.quantities import convert, in_reader_unit, quantity, unit_label
from zonebook.report.common import entity_detail, entity_name
from zonebook.report.formatting import absent, cell_number, money_text, without_empty_columns
from zonebook.report.integration.shared import FACILITIES, entity_column, per_text, per_unit_label, value_in
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import joined


def facility_builder(data: YearData, facility: str) -> str | None:
    """The body that builds a facility, as entities.csv records it (`builder`), or None."""
    return entity_column(data, facility, "builder") or None


def facilities_frame(data: YearData) -> pd.DataFrame:
    """One row per facility with an area or an investment: area (亩, ha), investment (万元) and
    whether it is total or planned, investment per 亩, phases, builder (entity id or None)."""
    columns = ["entity", "area_mu", "area_ha", "investment", "investment_kind", "per_mu", "phases", "builder"]
    table = data.table(FACILITIES)
    if table is None:
        return pd.DataFrame(columns=columns)
    records = []
    for entity in dict.fromkeys(
        table.loc[
            table["indicator"].isin(["facility_area", "facility_investment", "facility_planned_investment"]), "entity"
        ]
    ):
        area = value_in(data, "facility_area", "亩", entity, FACILITIES)
        total = value_in(data, "facility_investment", "万元", entity, FACILITIES)
        planned = value_in(data, "facility_planned_investment", "万元", entity, FACILITIES)
        investment, kind = (
            (total, "total") if total is not None else (planned, "planned" if planned is not None else None)
        )
        records.append(
            {
                "entity": entity,
                "area_mu": area,
                "area_ha": None if area is None else convert(area, "亩", "万㎡"),  # 1 ha = 1万㎡
                "investment": investment,
                "investment_kind": kind,
                "per_mu": None if investment is None or not area else investment / area,
                "phases": data.value("facility_phases", entity, FACILITIES),
                "builder": facility_builder(data, entity),
            }
        )
    return pd.DataFrame(records, columns=columns)


def facilities_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table | None:
    """The facilities (see facilities_frame): area, investment and per 亩, phases, builder; None without any."""
    if frame.empty:
        return None
    money = unit_label("万元", lang)
    phases_col = text("integration.col_phases", lang)
    table = pd.DataFrame(
        {
            text("integration.col_facility", lang): [entity_name(data, e, lang) for e in frame["entity"]],
            text("integration.col_area", lang, unit=unit_label("亩", lang)): [
                cell_number(v, lang, 4) for v in frame["area_mu"]
            ],
            text("integration.col_area_ha", lang): [cell_number(v, lang, 3) for v in frame["area_ha"]],
            text("integration.col_investment", lang, unit=money): [
                cell_number(None if absent(v) else in_reader_unit(v, "万元", lang), lang, 4)
                for v in frame["investment"]
            ],
            text("integration.col_investment_kind", lang): [
                None if absent(k) else text(f"integration.kind_{k}", lang) for k in frame["investment_kind"]
            ],
            text("integration.col_per_mu", lang, unit=per_unit_label("万元", "integration.per_mu", lang)): [
                cell_number(None if absent(v) else in_reader_unit(v, "万元", lang), lang) for v in frame["per_mu"]
            ],
            phases_col: [None if absent(p) else number(p, lang) for p in frame["phases"]],
        }
    )
    table = without_empty_columns(table, [phases_col])
    details = tuple(d for d in (facility_details(data, r, lang) for _, r in frame.iterrows()) if d)
    builders = not all(absent(b) for b in frame["builder"])
    notes = [text("integration.facilities_note", lang)] + ([text("integration.builder_note", lang)] if builders else [])
    return Table(
        table,
        text("integration.facilities_caption", lang, year=data.year),
        note=joined(notes, lang),
        details=details,
    )


def facility_details(data: YearData, row: pd.Series, lang: str) -> str:
    """What a facility's row cannot hold (too long for a column): its builder and the report's
    words on its plans, as one sentence under the table; "" when there is neither."""
    name, detail = entity_name(data, row["entity"], lang), entity_detail(data, row["entity"], lang)
    builder = None if absent(row["builder"]) else entity_name(data, row["builder"], lang)
    if builder and detail:
        return text("integration.facility_builder_detail", lang, name=name, builder=builder, detail=detail)
    if builder:
        return text("integration.facility_builder", lang, name=name, builder=builder)
    return text("integration.name_detail", lang, name=name, detail=detail) if detail else ""


def investment_by_kind(priced: pd.DataFrame, lang: str) -> str:
    """The facilities' investment summed within each kind only: total and planned investment are
    not the same measure, so they are never added (总投资1500万元和计划投资1052万元)."""
    sums = priced.groupby("investment_kind", sort=False)["investment"].sum()
    return listing(
        [
            text(
                "integration.kind_amount",
                lang,
                kind=text(f"integration.kind_{kind}_lower", lang),
                amount=money_text(v, "万元", lang, 4),
            )
            for kind, v in sums.items()
        ],
        lang,
    )


def facilities_text(data: YearData, frame: pd.DataFrame, lang: str) -> str | None:
    """The dearest and cheapest facility per 亩 (see facilities_frame); None with fewer than two priced."""
    priced = frame.dropna(subset=["per_mu"])
    if len(priced) <= 1:
        return None
    hi, lo = priced.loc[priced["per_mu"].idxmax()], priced.loc[priced["per_mu"].idxmin()]
    return paragraph(
        "integration.facilities_per_mu",
        lang,
        high=entity_name(data, hi["entity"], lang),
        high_rate=per_text(hi["per_mu"], "万元", "integration.per_mu", lang),
        high_kind=text(f"integration.kind_{hi['investment_kind']}_lower", lang),
        low=entity_name(data, lo["entity"], lang),
        low_rate=per_text(lo["per_mu"], "万元", "integration.per_mu", lang),
        low_kind=text(f"integration.kind_{lo['investment_kind']}_lower", lang),
        total=investment_by_kind(priced, lang),
        n=len(priced),
        area=quantity(round(priced["area_mu"].sum(), 2), "亩", lang),
    )
