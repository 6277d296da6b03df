"""Formatting shared by the chapters: a value that may be missing, a computed number for a
table cell or a sentence, a signed percentage, the columns a table may leave out.

Language-level wording (numbers, percentages, lists, clauses) lives in zonebook.data.i18n and
quantities with units in zonebook.data.quantities; this module holds what the chapters build on
them, so that a chapter never keeps its own copy. Sentences run together as one paragraph with
zonebook.report.prose.joined, clauses with zonebook.data.i18n.clauses.
"""

from __future__ import annotations

import pandas as pd

from zonebook.data.i18n import number, percent, significant
from zonebook.data.quantities import quantity


def absent(value) -> bool:
    """None or NaN (pandas turns a None into NaN in a numeric column); a string is never absent."""
    return value is None or (not isinstance(value, str) and pd.isna(value))


def cell_number(value, lang: str, digits: int = 3) -> str | None:
    """A computed number for a table cell, to `digits` significant figures; None (shown as —) when absent."""
    return None if absent(value) else number(significant(float(value), digits), lang)


def decimals_of(value: float) -> int:
    """Decimal places of a number as written (2893 -> 0, 1504.7 -> 1, 62.73 -> 2)."""
    body = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(body.split(".")[1]) if "." in body else 0


def money_text(value: float, unit: str, lang: str, digits: int | None = None) -> str:
    """A computed amount of money for prose, to `digits` significant figures when given, in the
    unit a reader chooses (units.amount_scale: 2,200 yuan, not 0.0022 million)."""
    return quantity(significant(value, digits) if digits else value, unit, lang)


def bracketed(phrase: str, aside: str, lang: str) -> str:
    """A phrase with an aside in brackets: 工业总产值（亿元） / Gross output (billion yuan)."""
    return f"{phrase}（{aside}）" if lang == "zh" else f"{phrase} ({aside})"


def signed_percent(value: float, lang: str) -> str:
    """+11.9% / −33.3% (a true minus sign)."""
    body = percent(abs(value), lang)
    return ("+" if value > 0 else "−" if value < 0 else "") + body


def without_empty_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Drop the named columns that hold nothing in any row."""
    empty = [c for c in columns if all(absent(v) or v == "" for v in frame[c])]
    return frame.drop(columns=empty)
