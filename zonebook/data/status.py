"""The `status` column: a row written by `zonebook new-year --source` is `proposed` until a
person has checked it against the report and written `confirmed` (or corrected its value); the
year's datapackage.json keeps which rows were proposed, so emptying the cell or deleting the
column does not count as a review."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zonebook.core.errors import Problem, rel

COLUMN = "status"
PROPOSED, CONFIRMED = "proposed", "confirmed"
FIELD = {
    "name": COLUMN,
    "type": "string",
    "constraints": {"required": False, "enum": [PROPOSED, CONFIRMED]},
    "description": "proposed: pre-filled from the report by `zonebook new-year --source`, not yet checked; "
    "confirmed: checked by a person; empty: a row not pre-filled (a pre-filled row stays proposed until it "
    "is confirmed or corrected). The book is not built while a row is proposed.",
}


def with_status(schema: dict) -> dict:
    """The schema with the status column appended (once)."""
    fields = [f for f in schema["fields"] if f.get("name") != COLUMN]
    return dict(schema, fields=fields + [FIELD])


@dataclass(frozen=True)
class Unconfirmed(Problem):
    """A table's proposed rows, as one problem; `count` is how many."""

    count: int = 0


# datapackage.json keeps the rows `new-year --source` proposed (table -> id -> value), so that a
# status column emptied or deleted does not count as their review
RECORD = "zonebook_proposed"


def record(tables: dict[str, list[dict]]) -> dict[str, dict[str, str]]:
    """The proposed rows of freshly pre-filled tables, for the descriptor's RECORD."""
    found = {
        name: {r["id"]: r.get("value", "") for r in rows if r.get("id") and r.get(COLUMN) == PROPOSED}
        for name, rows in tables.items()
    }
    return {name: ids for name, ids in found.items() if ids}


def waiting(row: dict, proposed: dict[str, str]) -> bool:
    """The row waits for a person: marked proposed, or recorded as proposed, unchanged and not
    marked confirmed (its status cell emptied, or the column deleted)."""
    mark = (row.get(COLUMN) or "").strip()
    if mark == PROPOSED:
        return True
    recorded = proposed.get(row.get("id", ""))
    return mark != CONFIRMED and recorded is not None and _same(recorded, row.get("value"))


def _same(recorded: str, value) -> bool:
    """The value as proposed (validation reads it typed: 160.0 for "160")."""
    try:
        return float(recorded) == float(value)
    except (TypeError, ValueError):
        return str(recorded).strip() == ("" if value is None else str(value).strip())


def unconfirmed(
    tables: dict[str, list[dict]], files: dict[str, Path], recorded: dict | None = None
) -> list[Unconfirmed]:
    """One problem per table that still has proposed rows, with their count and row numbers."""
    problems = []
    recorded = recorded if isinstance(recorded, dict) else {}
    for name, rows in tables.items():
        proposed = recorded.get(name) if isinstance(recorded.get(name), dict) else {}
        late = [r["__row__"] for r in rows if waiting(r, proposed)]
        if not late:
            continue
        shown = ", ".join(map(str, late[:12])) + (" …" if len(late) > 12 else "")
        where = files.get(name)
        problems.append(
            Unconfirmed(
                rel(where) if where else f"{name}.csv",
                f"{len(late)} row(s) pre-filled from the report are not confirmed yet (rows {shown})",
                "Check each against REVIEW.md (value, unit, qualifier and quote), then write 'confirmed' in its status cell "
                "(or delete the row if it is wrong)",
                late[0],
                COLUMN,
                len(late),
            )
        )
    return problems
