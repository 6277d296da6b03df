"""Units as the source writes them, converted by data/units.csv — never by hand."""

from __future__ import annotations

import calendar

from zonebook.core import paths
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import units as unit_table
from zonebook.data.i18n import number

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


# The amounts a reader of each language writes, largest first, as multiples of the base unit
# (元, USD): 亿元 from 1亿元, else 万元; billion from one billion, else million, else the base unit.
SCALES = {"zh": (("亿", 1e8), ("万", 1e4), ("", 1.0)), "en": (("billion", 1e9), ("million", 1e6), ("", 1.0))}
TABLE_SCALES_EN = (("billion", 1e9), ("million", 1e6), ("thousand", 1e3), ("", 1.0))
MAX_DECIMALS = {"zh": 2, "en": 3}  # beyond: the next smaller unit writes the same value more plainly


def _decimals(value: float) -> int:
    body = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(body.partition(".")[2])


def is_amount(unit: str) -> bool:
    """Money, in a unit that has a scale in both languages (万元, 亿元, 万美元)."""
    return str(_unit(unit)["dimension"]).startswith("currency")


def amount_scale(values, unit: str, lang: str, table: bool = False) -> tuple[str, float]:
    """The unit a reader of `lang` reads these amounts of `unit` in together, and the factor from
    `unit` to it: the largest in which the largest value is at least 1 and every value is written
    with few decimals (0.417亿元 -> 4170万元; 3.22亿元 -> 322 million yuan; 307.15万元 ->
    3,071,500 yuan in prose, 3,071.5 thousand yuan in a table)."""
    row = _unit(unit)
    base = to_base(1.0, unit)
    zh_money, en_money = unit.lstrip("万亿"), str(row["en_unit"]).split(" ", 1)[-1]  # 元 / yuan, 美元 / USD
    values = [abs(float(v)) * base for v in values if v is not None]
    largest = max(values, default=0.0)
    scales = TABLE_SCALES_EN if (table and lang == "en") else SCALES[lang]
    for prefix, size in scales:
        if size > 1 and largest < size:
            continue
        if all(_decimals(v / size) <= MAX_DECIMALS[lang] for v in values) or size == 1:
            label = prefix + zh_money if lang == "zh" else f"{prefix} {en_money}".strip()
            return label, base / size
    raise AssertionError("the base unit always fits")  # pragma: no cover


def amounts(values: list[float], unit: str, lang: str) -> list[str]:
    """Amounts a sentence compares, each with its unit, all in one unit (amount_scale over them all):
    28,927,800 yuan against 28,930,000 yuan, not 28,927,800 yuan against 28.93 million yuan."""
    label, scale = amount_scale(values, unit, lang)
    return [number(v * scale, lang) + ("" if lang == "zh" else " ") + label for v in values]


def quantity(value: float, unit: str, lang: str, qualifier: str = "exact", value_max: float | None = None) -> str:
    """A figure with its unit and the source's qualifier: 约8万㎡ / about 80,000 m².

    Amounts of money are written in the unit a reader of the language chooses (amount_scale).
    In English a count is the bare number, because the noun belongs to the sentence or the
    table's indicator column ("850 new jobs", not "850 items").
    """
    if _unit(unit)["dimension"] == "calendar_month" and float(value).is_integer() and 1 <= value <= 12:
        return f"{int(value)}月" if lang == "zh" else calendar.month_name[int(value)]  # a date: 9月, September
    if is_amount(unit):
        label, scale = amount_scale([value, value_max], unit, lang)
    else:
        label = unit_label(unit, lang)
        scale = 1.0 if lang == "zh" else _unit(unit)["en_factor"]
    shown = number(value * scale, lang)
    if qualifier == "range" and value_max is not None:
        shown += "–" + number(value_max * scale, lang)
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
