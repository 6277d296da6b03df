"""How many significant digits a derived value may carry: no more than its least precise input.

A value as the report writes it has the digits it was written with: 134 and 3.22 have three,
65 two, 2560 three (the zeros that end a whole number only place it). A growth rate enters a
derivation as its factor: 14% as 1.14, three digits; 3% as 1.03, three. A value derived from
such inputs is rounded to the fewest digits among them (docs/style.md, "Precision").
"""

from __future__ import annotations

import math


def written_digits(value: float) -> int:
    """Significant digits of a value as written: 134 -> 3, 3.22 -> 3, 2560 -> 3, 0.05 -> 1, 1504.7 -> 5."""
    if value == 0 or not math.isfinite(value):
        return 1
    body = f"{abs(value):.10f}".rstrip("0").rstrip(".")
    whole, _, fraction = body.partition(".")
    digits = (whole.lstrip("0") + fraction) if whole.strip("0") else fraction.lstrip("0")
    if not fraction:
        digits = digits.rstrip("0")
    return max(1, len(digits))


def factor_digits(rate_pct: float) -> int:
    """Significant digits of the factor (1 + rate) of a growth rate written in per cent: 14 -> 3 (1.14)."""
    factor = f"{abs(1 + rate_pct / 100):.{_decimals(rate_pct) + 2}f}"  # written to the rate's last digit
    return max(1, len(factor.replace(".", "").lstrip("0")))


def _decimals(value: float) -> int:
    body = f"{value:.10f}".rstrip("0").rstrip(".")
    return len(body.partition(".")[2])


def round_to(value: float, digits: int) -> float:
    """`value` to `digits` significant figures (117.5439, 3 -> 118.0)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def derived(value: float, *digits: int) -> float:
    """A derived value rounded to the fewest significant digits among its inputs' (`digits`)."""
    return round_to(value, min(digits))


def shown_decimals(value: float, digits: int) -> int:
    """Decimals that write a value (already rounded) with `digits` significant figures: 2.4, 2 -> 1;
    2.4, 3 -> 2 (2.40); 105.5, 4 -> 1; 48, 2 -> 0."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(value))))


def derived_pct(part: float, whole: float, *digits: int) -> float:
    """`part` as a per cent of `whole`, to the fewest significant digits among the inputs'
    (3.6亿元 of 152亿元: 2.4%, not 2.37%). Pass no digits for exact counts (not limited)."""
    share = part / whole * 100
    return derived(share, *digits) if digits else share


def sum_digits(values, digits) -> int:
    """Significant digits of a sum of values written with `digits` each: the sum is known to the
    coarsest last digit among them (1504.7 + 50, the 50 known to the tens: 1554.7 has three)."""
    pairs = [(v, d) for v, d in zip(values, digits) if v and math.isfinite(v)]
    total = sum(v for v, _ in pairs)
    if not pairs or total == 0:
        return 1
    place = max(math.floor(math.log10(abs(v))) - d + 1 for v, d in pairs)
    return max(1, math.floor(math.log10(abs(total))) - place + 1)
