"""Section 5, the districts planned: planned area, entrants and area per entrant."""

from __future__ import annotations

import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import lower_first, significant, text
from zonebook.data.quantities import convert, quantity, unit_label
from zonebook.report.common import entity_detail, entity_name, fmt, indicator_name
from zonebook.report.formatting import absent, cell_number, without_empty_columns
from zonebook.report.integration.shared import DISTRICT_FIGURES, DISTRICTS, per_unit_label, value_in
from zonebook.report.present import Table, paragraph


def districts_frame(data: YearData) -> pd.DataFrame:
    """Each district's planned area (亩, ha), entrants, and area per entrant (亩)."""
    columns = ["entity", "area_mu", "area_ha", "entrants", "entrants_unit", "per_entrant"]
    table = data.table(DISTRICTS)
    if table is None:
        return pd.DataFrame(columns=columns)
    records = []
    for entity in dict.fromkeys(table.loc[table["indicator"].isin(DISTRICT_FIGURES), "entity"]):
        area = value_in(data, "district_planned_area", "亩", entity, DISTRICTS)
        row = data.row("district_entrants", entity, DISTRICTS)
        entrants = None if row is None else float(row["value"])
        records.append(
            {
                "entity": entity,
                "area_mu": area,
                "area_ha": None if area is None else convert(area, "亩", "万㎡"),
                "entrants": entrants,
                "entrants_unit": None if row is None else row["unit"],
                "per_entrant": None if area is None or not entrants else area / entrants,
            }
        )
    return pd.DataFrame(records, columns=columns)


def districts_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table | None:
    """The districts (see districts_frame): planned area, entrants, area per entrant; None without any."""
    if frame.empty:
        return None
    entrants = indicator_name("district_entrants", lang)
    cols = [
        text("integration.col_area", lang, unit=unit_label("亩", lang)),
        text("integration.col_area_ha", lang),
        entrants,
        text("integration.col_per_entrant", lang, unit=per_unit_label("亩", "integration.per_entrant", lang)),
    ]
    table = pd.DataFrame(
        {
            text("integration.col_district", lang): [entity_name(data, e, lang) for e in frame["entity"]],
            cols[0]: [cell_number(v, lang, 4) for v in frame["area_mu"]],
            cols[1]: [cell_number(v, lang, 3) for v in frame["area_ha"]],
            cols[2]: [
                None if absent(v) else quantity(v, u, lang) for v, u in zip(frame["entrants"], frame["entrants_unit"])
            ],
            cols[3]: [cell_number(v, lang) for v in frame["per_entrant"]],
        }
    )
    # the report's words on each district: too long for a column, listed under the table
    details = tuple(
        text("integration.name_detail", lang, name=entity_name(data, e, lang), detail=entity_detail(data, e, lang))
        for e in frame["entity"]
        if entity_detail(data, e, lang)
    )
    return Table(
        without_empty_columns(table, cols),
        text("integration.districts_caption", lang, year=data.year),
        note=text("integration.districts_note", lang),
        details=details,
    )


def districts_text(data: YearData, frame: pd.DataFrame, lang: str) -> list[str]:
    """Each district's planned area per entrant, in a sentence."""
    return [
        paragraph(
            "integration.district_line",
            lang,
            name=entity_name(data, r["entity"], lang),
            name_lc=lower_first(entity_name(data, r["entity"], lang), lang),
            area=fmt(data, "district_planned_area", lang, entity=r["entity"], table=DISTRICTS),
            entrants=fmt(data, "district_entrants", lang, entity=r["entity"], table=DISTRICTS),
            per=quantity(significant(r["per_entrant"], 3), "亩", lang),
        )
        for _, r in frame.iterrows()
        if not absent(r["per_entrant"])
    ]
