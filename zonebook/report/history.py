"""Several years side by side: trends, and last year's plan against this year's actual.

Years are read from the same data folder as the edition's year, never later ones, so an
edition does not change when a later year is added.
"""

from __future__ import annotations

import pandas as pd

from zonebook.data import YearData, available_years, load
from zonebook.data import units as unit_table
from zonebook.data.precision import derived, factor_digits, written_digits
from zonebook.data.quantities import convert

KIND_REPORTED, KIND_IMPLIED = "reported", "implied"
DATES = {"calendar_month"}  # unit dimensions that name a point in time


def earlier_years(data: YearData) -> list[YearData]:
    """The years present up to and including the edition's year, oldest first."""
    root = data.folder.parent
    years = sorted(y for y in available_years(root) if y <= data.year)
    return [data if y == data.year else load(y, root) for y in years]


def implied_prior(value: float, growth_pct: float) -> float:
    """The prior year's value a growth rate implies: value / (1 + g), to the digits its inputs justify
    (134 and 14% give 118, not 117.54: see zonebook.data.precision)."""
    return derived(value / (1 + growth_pct / 100), written_digits(value), factor_digits(growth_pct))


def series(data: YearData, indicator: str, growth_indicator: str | None = None) -> pd.DataFrame:
    """An indicator over the years: reported values, plus prior years implied by growth rates.

    A reported value always wins over an implied one. Values are in the edition year's unit.
    Columns: year, value, unit, kind.
    """
    rows: dict[int, dict] = {}
    unit = None
    for year_data in reversed(earlier_years(data)):  # latest first: its unit is the edition's
        row = year_data.row(indicator)
        if row is None:
            continue
        unit = unit or row["unit"]
        value = convert(float(row["value"]), row["unit"], unit)
        rows[year_data.year] = {"year": year_data.year, "value": value, "unit": unit, "kind": KIND_REPORTED}
        growth = year_data.value(growth_indicator) if growth_indicator else None
        prior = year_data.year - 1
        if growth is not None and prior not in rows:
            rows[prior] = {"year": prior, "value": implied_prior(value, growth), "unit": unit, "kind": KIND_IMPLIED}
    # Older years come later in the loop, so a reported value replaces an implied one.
    return pd.DataFrame(sorted(rows.values(), key=lambda r: r["year"]), columns=["year", "value", "unit", "kind"])


def actual_row(data: YearData, indicator: str, entity: str = "") -> pd.Series | None:
    """The year's fact row a target of `indicator` (and `entity`) is compared with: the row of the
    same entity; for a target of no entity, the indicator's row without one or else its only row
    (a figure the year records against the body it concerns). None when there is no such row."""
    facts = data.facts()
    rows = facts[facts["indicator"] == indicator]
    same = rows[rows["entity"] == entity]
    if not same.empty:
        return same.iloc[0]
    return rows.iloc[0] if not entity and len(rows) == 1 else None


def plan_against_actual(data: YearData) -> pd.DataFrame | None:
    """The targets the previous year's report set for this year, beside this year's actuals.

    None when there is no previous year's data. Columns: indicator, target, actual, unit,
    difference, ratio (actual / target), met (True/False/None when the actual is missing).
    """
    root = data.folder.parent
    if data.year - 1 not in available_years(root):
        return None
    previous = load(data.year - 1, root)
    targets = previous.table("targets")
    if targets is None:
        return None
    records = []
    for _, target in targets.iterrows():
        row = actual_row(data, target["indicator"], target["entity"])
        try:
            actual = None if row is None else convert(float(row["value"]), row["unit"], target["unit"])
        except ValueError:  # reported in a unit of another kind: not comparable, so not reported
            actual = None
        goal = float(target["value"])
        is_date = unit_table().loc[target["unit"], "dimension"] in DATES
        records.append(
            {
                "indicator": target["indicator"],
                "entity": target["entity"],
                "target": goal,
                "actual": actual,
                "unit": target["unit"],
                # a month is a date: no difference of amounts, no share of the target
                "difference": None if actual is None or is_date else actual - goal,
                "ratio": None if actual is None or goal == 0 or is_date else actual / goal,
                # a date target ("opens in month 9") is met by being on time; an amount by reaching it
                "met": None if actual is None else (actual <= goal if is_date else actual >= goal),
            }
        )
    return pd.DataFrame(records)
