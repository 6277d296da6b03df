"""Every figure a report states: the numeral, the unit written after it, and its qualifier.

A figure is a numeral followed by a unit of data/units.csv (亿元, 亩, 家, %, …), with 余/多
between them when the report writes one; `5-10年` and `三四十年` are ranges. Numerals not
followed by a unit (一是, 十九大, 2018年) are not figures: the ledger accounts for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from zonebook.data.numerals import scan
from zonebook.data.readers import read_csv
from zonebook.data.validate import _marker

RANGE_DASHES = "-－—–~～至到"
MORE = "余多"
BIG = "大"  # between a numeral and its unit: 4大块, 3大类
BOUNDARY = re.compile(r"[，,。；;：:、！？!?\n（）()“”]")
SENTENCE_END = re.compile(r"[。；;！？!?\n]")
FULL_WIDTH = {"％": "%"}


@dataclass(frozen=True)
class Unit:
    unit: str
    base_unit: str
    factor: float


@dataclass(frozen=True)
class Figure:
    """One stated figure: where it is, what it says."""

    start: int  # the numeral (the first one of a range)
    end: int  # end of the unit
    token: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str  # exact, approx, more_than, range

    def base(self, units: dict[str, Unit]) -> float:
        return self.value * units[self.unit].factor


def unit_table(units_csv: Path) -> dict[str, Unit]:
    """Units by the ways a report writes them (万㎡ and 万平方米 are one unit)."""
    table = {}
    for row in read_csv(units_csv).rows:
        unit = Unit(row["unit"], row["base_unit"], float(row["factor"]))
        table[row["unit"]] = unit
        if row.get("name_zh") and row["name_zh"] not in table:
            table[row["name_zh"]] = unit
    return table


def unit_at(text: str, position: int, units: dict[str, Unit]) -> tuple[str, int, bool] | None:
    """(unit, end, more) for the unit written at `position` (余 may come first, or after 万)."""
    more = False
    if position < len(text) and text[position] in MORE:
        more, position = True, position + 1
    if text.startswith(BIG, position) and any(text.startswith(u, position + 1) for u in units):
        position += 1  # 分成4大块: 大 says what the blocks are, the unit is 块
    for written in sorted(units, key=len, reverse=True):
        if text.startswith(written, position):
            return units[written].unit, position + len(written), more
        if (
            written[0] in "万亿"
            and text.startswith(written[0], position)
            and position + 1 < len(text)
            and text[position + 1] in MORE
            and text.startswith(written[1:], position + 2)
        ):
            return units[written].unit, position + 1 + len(written), True  # 8万余㎡
    for full, half in FULL_WIDTH.items():
        if text.startswith(full, position):
            return half, position + 1, more
    return None


def figures(text: str, units: dict[str, Unit]) -> list[Figure]:
    """Every figure of `text`, in order."""
    numerals = [n for n in scan(text) if n.value is not None]
    found, skip = [], set()
    for index, numeral in enumerate(numerals):
        if index in skip:
            continue
        value_max, end = numeral.value_max, numeral.end
        following = numerals[index + 1] if index + 1 < len(numerals) else None
        if (
            following is not None
            and following.start == numeral.end + 1
            and text[numeral.end] in RANGE_DASHES
            and following.value is not None
            and following.value > numeral.value
        ):
            value_max, end = following.value, following.end  # 5-10年
            skip.add(index + 1)
        unit = unit_at(text, end, units)
        if unit is None:
            continue
        name, unit_end, more = unit
        if value_max is not None:
            qualifier = "range"
        elif more:
            qualifier = "more_than"
        else:
            marker = _marker(text, numeral)
            qualifier = marker[0] if marker else "exact"
        found.append(
            Figure(numeral.start, unit_end, text[numeral.start : end], numeral.value, value_max, name, qualifier)
        )
    return found


def clause_start(text: str, position: int, floor: int = 0, limit: int = 30) -> int:
    """Where the clause holding `position` begins (after the last comma, stop or list mark)."""
    start = position
    while start > max(floor, position - limit) and not BOUNDARY.match(text[start - 1]):
        start -= 1
    return start


def clause_end(text: str, position: int, limit: int = 30) -> int:
    end = position
    while end < min(len(text), position + limit) and not BOUNDARY.match(text[end]):
        end += 1
    return end


def sentence_span(text: str, position: int) -> tuple[int, int]:
    """The sentence (up to 。；！？ or a line end) around `position`."""
    start = position
    while start > 0 and not SENTENCE_END.match(text[start - 1]):
        start -= 1
    end = position
    while end < len(text) and not SENTENCE_END.match(text[end]):
        end += 1
    return start, min(len(text), end + 1)
