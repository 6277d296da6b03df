"""Numbers as the source writes them: Arabic digits and Chinese numerals.

`scan(text)` finds every numeral in a text (it does not judge which ones are facts: the
ledger does); `parse_chinese` reads one Chinese numeral; `forms(value)` lists the ways a
value may be written in a quote; `to_chinese` writes an integer the standard way.

The Chinese numerals of this kind of report stop below 万: 万 and 亿 are read as part of
the unit (2亿元 is 2 with unit 亿元, 百亿 is 100 with unit 亿元), so they are not in a run.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}
CHINESE_CHARS = "".join(DIGITS) + "".join(MULTIPLIERS)
NUMERAL = re.compile(rf"\d+(?:\.\d+)?|[{CHINESE_CHARS}]+")
_STANDARD_DIGITS = "零一二三四五六七八九"


class Numeral(NamedTuple):
    """One numeral in a text. `value_max` is set for a Chinese range such as 三四十 (30..40)."""

    start: int
    end: int
    token: str
    value: float | None  # None when the run of characters is not a number (rare)
    value_max: float | None = None

    def values(self) -> tuple[float, ...]:
        return tuple(v for v in (self.value, self.value_max) if v is not None)


def scan(text: str) -> list[Numeral]:
    """Every run of Arabic digits or Chinese numeral characters in `text`, in order."""
    found = []
    for match in NUMERAL.finditer(text):
        token = match.group()
        if token[0].isdigit() and token.isascii():
            value, value_max = float(token), None
        elif token[0].isdigit():
            continue  # full-width or other-script digits: \d matches them, the source uses none
        else:
            value, value_max = parse_chinese_range(token)
        found.append(Numeral(match.start(), match.end(), token, value, value_max))
    return found


def parse_chinese(token: str) -> float | None:
    """A Chinese numeral below 10 000 as a number: 十 → 10, 三十 → 30, 两 → 2, 一百零五 → 105,
    二〇一七 → 2017 (digit by digit). None when the characters do not form one number."""
    if not token or any(ch not in CHINESE_CHARS for ch in token):
        return None
    if all(ch in DIGITS for ch in token):
        if len(token) == 1:
            return float(DIGITS[token])
        return float("".join(str(DIGITS[ch]) for ch in token))  # 二〇一七, 三六 (a name)
    return _positional(token)


def _positional(token: str) -> float | None:
    """一千五百零三 and the like: digits, each followed by its multiplier, descending."""
    total, digit, last_multiplier = 0, None, 10_000
    for ch in token:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # two digits in a row without a multiplier: not positional
            digit = DIGITS[ch] if DIGITS[ch] != 0 else None
        else:
            multiplier = MULTIPLIERS[ch]
            if multiplier >= last_multiplier:
                return None
            total += (1 if digit is None else digit) * multiplier  # 十 alone is 10, 百 is 100
            digit, last_multiplier = None, multiplier
    return float(total + (digit or 0))


def parse_chinese_range(token: str) -> tuple[float | None, float | None]:
    """A numeral that may be an approximate range: 三四十 → (30, 40), 七八 → (7, 8);
    anything else → (value, None)."""
    core, multiplier = token, 1
    if len(token) == 3 and token[-1] in MULTIPLIERS:
        core, multiplier = token[:-1], MULTIPLIERS[token[-1]]
    if (
        len(core) == 2
        and all(ch in DIGITS and DIGITS[ch] > 0 for ch in core)
        and DIGITS[core[1]] == DIGITS[core[0]] + 1
    ):
        return float(DIGITS[core[0]] * multiplier), float(DIGITS[core[1]] * multiplier)
    return parse_chinese(token), None


def to_chinese(number: int) -> str:
    """The standard way to write 0 ≤ number < 10 000: 10 → 十, 30 → 三十, 105 → 一百零五."""
    if not 0 <= number < 10_000:
        raise ValueError(f"{number} is outside 0..9999")
    if number == 0:
        return "零"
    parts, pending_zero = [], False
    for multiplier, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // multiplier % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_STANDARD_DIGITS[digit] + name)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text  # 十五, not 一十五


def arabic(value: float) -> str:
    """A number as a person writes it: 134.0 → "134", 3.22 → "3.22", 1504.70 → "1504.7"."""
    if float(value).is_integer():
        return str(int(value))
    return format(value, ".10f").rstrip("0").rstrip(".")


def forms(value: float, unit: str | None = None) -> list[str]:
    """The ways `value` may be written in a quote, most usual first: "134"; for whole numbers
    below 10 000 also the Chinese numerals ("三", and "两" for 2, "百" for 100). With a unit,
    each form is followed by the same form with the unit ("134亿元"), for messages."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return []
    found = [arabic(value)]
    if float(value).is_integer() and 0 <= value < 10_000:
        chinese = to_chinese(int(value))
        found.append(chinese)
        if chinese.startswith("二") and (len(chinese) == 1 or chinese[1] in "百千"):
            found.append("两" + chinese[1:])  # 两期, 两百
        if chinese in ("一百", "一千"):
            found.append(chinese[1:])  # 百亿, 千亩
    if unit:
        found += [form + unit for form in found]
    return found


def same_number(a: float | None, b: float | None) -> bool:
    """Equal as the source writes them (floats from CSV text compared with a small tolerance)."""
    if a is None or b is None:
        return False
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
