"""REVIEW.md: the staff's sheet for checking what `new-year --source` pre-filled.

Every proposal beside its sentence with the figure in bold, every row left empty with why
(and the figures that were candidates), and every numeral of the report that no row took, so
that nothing the report says is silently dropped.
"""

from __future__ import annotations

from zonebook.core.errors import DataError
from zonebook.data import ledger
from zonebook.data.numerals import arabic
from zonebook.data.quantities import convert
from zonebook.staff.prefill.facts import Outcome
from zonebook.staff.prefill.figures import Figure, sentence_span


def _sentence(text: str, figure: Figure) -> str:
    start, end = sentence_span(text, figure.start)
    line = text[start : figure.start] + "**" + text[figure.start : figure.end] + "**" + text[figure.end : end]
    return " ".join(line.split())


def _in_unit(value: float, unit: str, last_years: str) -> str:
    """ " (= 148 亿元, last year's unit)" when the report wrote another unit; "" otherwise."""
    if unit == last_years:
        return ""
    try:
        return f" (= {arabic(round(convert(value, unit, last_years), 6))} {last_years}, last year's unit)"
    except (DataError, ValueError):
        return f" (last year in {last_years})"


def _name(outcome: Outcome, names: dict[str, str]) -> str:
    want = outcome.want
    return f"`{want.table}.csv` `{want.id}` — {names.get(want.indicator, want.indicator)}" + (
        f" ({want.entity})" if want.entity else ""
    )


def write(
    year: int,
    text: str,
    outcomes: list[Outcome],
    qualitative: dict[str, list[dict]],
    names: dict[str, str],
    source_name: str,
) -> str:
    """REVIEW.md: the proposed figures, the rows left empty, the proposed rows and the loose numerals, to read."""
    proposed = [o for o in outcomes if o.figure is not None]
    empty = [o for o in outcomes if o.figure is None]
    lines = _review_intro(year, source_name, len(proposed), len(outcomes), len(empty))
    lines += _figure_lines(text, proposed, empty, names)
    lines += _qualitative_lines(qualitative)
    lines += _numeral_lines(text, proposed, qualitative)
    return "\n".join(lines) + "\n"


def _review_intro(year: int, source_name: str, proposed: int, outcomes: int, empty: int) -> list[str]:
    """The title and how to decide, with the counts of rows filled and left empty."""
    return [
        f"# {year}: pre-filled from the report — check before publishing / 预填内容核对表",
        "",
        f"`zonebook new-year {year} --source {source_name}` filled {proposed} of {outcomes} figure rows "
        f"from the report and left {empty} empty. Every filled row has `status` = `proposed`: the book is not "
        "built until each is checked.",
        "",
        "This page is for reading; the decisions go into REVIEW.csv, beside it, one line each. For each proposal "
        "below: read the sentence (the figure in **bold**) and write `confirm` in the line's `decision` column "
        "(correct its value first if it is wrong). For each empty row: write the figure and its quote into the "
        "line, or `absent` if the report does not give it. Then run "
        f"`zonebook review-apply {year}`, which writes every decision into the tables.",
        "",
    ]


def _figure_lines(text: str, proposed: list[Outcome], empty: list[Outcome], names: dict[str, str]) -> list[str]:
    """The sections of proposed figures (each in its sentence) and of rows left empty (with candidates)."""
    lines = [f"## Proposed figures ({len(proposed)})", ""]
    for o in proposed:
        f = o.figure
        shown = arabic(f.value) + (f"–{arabic(f.value_max)}" if f.value_max is not None else "")
        converted = _in_unit(f.value, f.unit, o.want.unit)
        lines.append(f"- [ ] {_name(o, names)}: **{shown}** {f.unit}{converted}, {f.qualifier} — {_sentence(text, f)}")
    lines += ["", f"## Left empty ({len(empty)})", ""]
    for o in empty:
        lines.append(f"- [ ] {_name(o, names)}: {o.reason}.")
        for c in o.candidates[:6]:
            lines.append(f"    - candidate {c.token}{c.unit}: {_sentence(text, c)}")
    return lines


def _qualitative_lines(qualitative: dict[str, list[dict]]) -> list[str]:
    """A section per qualitative table with proposed rows, each row by its words and quote."""
    lines = []
    for table, rows in qualitative.items():
        if not rows:
            continue
        lines += ["", f"## Proposed rows of {table}.csv ({len(rows)})", ""]
        for row in rows:
            words = row.get("text_zh") or row.get("title_zh") or row.get("name_zh") or row.get("text") or ""
            lines.append(
                f"- [ ] `{row['id']}`: {words}"
                + (f" — quote: {row['quote']}" if row.get("quote") and row["quote"] != words else "")
            )
    return lines


def _numeral_lines(text: str, proposed: list[Outcome], qualitative: dict[str, list[dict]]) -> list[str]:
    """The section of the report's numerals that no proposed figure or exclusion accounts for."""
    fact_rows = {
        "proposed": [
            {
                "id": f"{o.want.table}:{o.want.id}",
                "quote": o.quote,
                "value": o.figure.value,
                "value_max": o.figure.value_max,
            }
            for o in proposed
        ]
    }
    entries = ledger.account(fact_rows, qualitative.get("ledger_exclusions", []), text)
    loose = [e for e in entries if e.disposition == ledger.UNACCOUNTED]
    lines = [
        "",
        f"## Numerals of the report that no row took ({len(loose)} of {len(entries)})",
        "",
        "Each is a figure to add as a row (a new indicator: see CHECKLIST.md, “A new indicator”) or a numeral "
        "that is not a fact (add it to ledger_exclusions.csv with the reason). `zonebook validate` lists the "
        "ones still unaccounted.",
        "",
    ]
    for e in loose:
        lines.append(f"- [ ] line {e.line}: {e.context}")
    return lines
