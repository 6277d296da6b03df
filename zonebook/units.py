"""Units as the source writes them, converted by data/units.csv — never by hand."""

from __future__ import annotations

import calendar

from . import paths
from .data import units as unit_table
from .errors import DataError, Problem, rel
from .i18n import number

QUALIFIER_EN = {"approx": "about {}", "more_than": "more than {}", "at_least": "{} or more"}


def _unit(unit: str):
    table = unit_table()
    if unit not in table.index:
        raise DataError(
            Problem(
                rel(paths.units_file()),
                f"unknown unit '{unit}'",
                "Add the unit to data/units.csv with its conversion",
                field="unit",
            )
        )
    return table.loc[unit]


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """value in from_unit, expressed in to_unit (both must share a dimension and base unit)."""
    a, b = _unit(from_unit), _unit(to_unit)
    if a["base_unit"] != b["base_unit"]:
        raise ValueError(f"cannot convert {from_unit} to {to_unit}: {a['base_unit']} vs {b['base_unit']}")
    return value * a["factor"] / b["factor"]


def to_base(value: float, unit: str) -> float:
    return value * _unit(unit)["factor"]


def unit_label(unit: str, lang: str) -> str:
    """The unit as a reader of `lang` expects it: 亿元 / billion yuan."""
    return unit if lang == "zh" else _unit(unit)["en_unit"]


def in_reader_unit(value: float, unit: str, lang: str) -> float:
    """The value in unit_label(unit, lang): 134 亿元 -> 13.4 (billion yuan) in English."""
    return value if lang == "zh" else value * _unit(unit)["en_factor"]


def quantity(value: float, unit: str, lang: str, qualifier: str = "exact", value_max: float | None = None) -> str:
    """A figure with its unit and the source's qualifier: 约8万㎡ / about 80,000 m².

    In English a count is the bare number, because the noun belongs to the sentence or the
    table's indicator column ("850 new jobs", not "850 items").
    """
    if _unit(unit)["dimension"] == "calendar_month" and float(value).is_integer() and 1 <= value <= 12:
        return f"{int(value)}月" if lang == "zh" else calendar.month_name[int(value)]  # a date: 9月, September
    label = unit_label(unit, lang)
    scale = _unit(unit)["en_factor"]
    if lang == "en" and label.startswith("billion ") and value * scale < 1:  # 0.322 billion -> 322 million
        label, scale = label.replace("billion", "million", 1), scale * 1000
    shown = number(value if lang == "zh" else value * scale, lang)
    if qualifier == "range" and value_max is not None:
        shown += "–" + number(value_max if lang == "zh" else value_max * scale, lang)
    if lang == "zh":  # 约8万㎡, 70余个, 70件以上
        more = "余" if qualifier == "more_than" else ""
        return (
            ("约" if qualifier == "approx" else "") + shown + more + label + ("以上" if qualifier == "at_least" else "")
        )
    if _unit(unit)["dimension"] == "count":  # English names the thing in the sentence: "147 enterprises"
        body = shown
    else:
        body = f"{shown}{label}" if label == "%" else f"{shown} {label}"
    return QUALIFIER_EN.get(qualifier, "{}").format(body)
