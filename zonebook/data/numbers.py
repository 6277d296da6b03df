"""How a table writes a number, in one place: Table Schema's rule as zonebook applies it.

Bare digits with an optional minus sign and a decimal point; the field's `groupChar` (the
fact tables' `,`) only between groups of three, as Excel writes 1,504.7. A decimal comma
(3,22) is not a number. Loading (`tables`), the schema check (`schema_check`), the ledger and
validation all read numbers through `parse`, so a cell means the same everywhere.
"""

from __future__ import annotations

import functools
import math
import re


@functools.cache
def pattern(group_char: str = "", decimal_char: str = ".", integer: bool = False) -> re.Pattern:
    """The form a number is written in, for a field with these characters."""
    if integer:
        return re.compile(r"-?\d+")
    group, point = re.escape(group_char), re.escape(decimal_char)
    whole = rf"(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)" if group_char else r"\d+"
    return re.compile(rf"-?{whole}(?:{point}\d+)?")


def parse(text, group_char: str = ",", decimal_char: str = ".", integer: bool = False) -> float | None:
    """A cell's number; None when the cell is empty. ValueError when it is not written as one."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return None if math.isnan(text) else float(text)  # already typed (NaN is an empty cell)
    text = str(text).strip()
    if not text:
        return None
    if not pattern(group_char, decimal_char, integer).fullmatch(text):
        raise ValueError(f"'{text}' is not a number")
    return float(
        text.replace(group_char, "").replace(decimal_char, ".") if group_char else text.replace(decimal_char, ".")
    )


def field_parser(field: dict):
    """`parse` with a Table Schema field's own characters (a descriptor's field as a dict)."""
    group, point = field.get("groupChar", ""), field.get("decimalChar", ".")
    integer = field.get("type") == "integer"
    return lambda text: parse(text, group, point, integer)
