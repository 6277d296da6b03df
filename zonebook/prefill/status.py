"""The `status` column: a row written by `zonebook new-year --source` is `proposed` until a
person has checked it against the report and written `confirmed` (or emptied the cell)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, rel

COLUMN = "status"
PROPOSED, CONFIRMED = "proposed", "confirmed"
FIELD = {
    "name": COLUMN,
    "type": "string",
    "constraints": {"required": False, "enum": [PROPOSED, CONFIRMED]},
    "description": "proposed: pre-filled from the report by `zonebook new-year --source`, not yet checked; "
    "confirmed (or empty): checked by a person. The book is not built while a row is proposed.",
}


def with_status(schema: dict) -> dict:
    """The schema with the status column appended (once)."""
    fields = [f for f in schema["fields"] if f.get("name") != COLUMN]
    return dict(schema, fields=fields + [FIELD])


@dataclass(frozen=True)
class Unconfirmed(Problem):
    """A table's proposed rows, as one problem; `count` is how many."""

    count: int = 0


def unconfirmed(tables: dict[str, list[dict]], files: dict[str, Path]) -> list[Unconfirmed]:
    """One problem per table that still has proposed rows, with their count and row numbers."""
    problems = []
    for name, rows in tables.items():
        waiting = [r["__row__"] for r in rows if (r.get(COLUMN) or "").strip() == PROPOSED]
        if not waiting:
            continue
        shown = ", ".join(map(str, waiting[:12])) + (" …" if len(waiting) > 12 else "")
        where = files.get(name)
        problems.append(
            Unconfirmed(
                rel(where) if where else f"{name}.csv",
                f"{len(waiting)} row(s) pre-filled from the report are not confirmed yet (rows {shown})",
                "Check each against REVIEW.md (value, unit, qualifier and quote), then write 'confirmed' in its status cell "
                "(or delete the row if it is wrong)",
                waiting[0],
                COLUMN,
                len(waiting),
            )
        )
    return problems
