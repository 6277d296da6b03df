"""`Year`: what the checks of one year share, read once (tables, schemas, source, shared lists)."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path

from zonebook.core import paths
from zonebook.core.errors import Problem, rel
from zonebook.data import FACT_TABLES, ledger
from zonebook.data.numerals import scan
from zonebook.data.validate.shared import Row, Shared

SHOWN_PROBLEMS = 500  # per year: beyond this a list is no longer read, and printing it takes long


@dataclass
class Report:
    """What validating one year found."""

    year: int | str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: int = 0
    facts: int = 0
    numerals: int | None = None  # numerals accounted for; None when there is no source document

    def summary_line(self) -> str:
        checked = f"{self.numerals} numerals accounted" if self.numerals is not None else "unverified against a source"
        return f"OK: {self.year} — {self.tables} tables, {self.facts} facts, {checked}"

    def print(self) -> bool:
        """Print its notes, then OK or every problem (up to SHOWN_PROBLEMS); True when it has problems."""
        for note in self.notes:
            print(f"note: {self.year}: {note}")
        if not self.problems:
            print(self.summary_line())
            return False
        print(f"zonebook validate: {self.year}: {len(self.problems)} problem(s)", file=sys.stderr)
        for problem in self.problems[:SHOWN_PROBLEMS]:
            print(f"  - {problem}", file=sys.stderr)
        if len(self.problems) > SHOWN_PROBLEMS:
            print(
                f"  … and {len(self.problems) - SHOWN_PROBLEMS} more, not shown: fix these first and run again",
                file=sys.stderr,
            )
        return True


@dataclass
class Year:
    """One year as the checks see it. Opening the year (`structure.open_year`) fills it; a check
    reads it and yields problems, and may add a note to `report` (the only thing it changes)."""

    year: int
    root: Path
    shared: Shared
    report: Report = None  # type: ignore[assignment]  # a fresh one by default
    tables: dict[str, list[Row]] = field(default_factory=dict)
    schemas: dict[str, dict] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # tables present but not read: checks that need them skip
    source: str | None = None
    proposed: dict | None = None  # rows new-year proposed (zonebook.data.status)
    _where: dict[str, str] = field(default_factory=dict, repr=False)
    _numerals: dict[str, list] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        if self.report is None:
            self.report = Report(self.year)

    @property
    def folder(self) -> Path:
        return paths.year_dir(self.year, self.root)

    def problem(self, table: str, message: str, fix: str, row: int | None = None, column: str | None = None):
        """A problem of one of the year's tables (named as the file that holds it)."""
        if table not in self._where:  # rel() resolves on disk: once per table
            self._where[table] = rel(self.files.get(table, self.folder / f"{table}.csv"))
        return Problem(self._where[table], message, fix, row, column)

    def fact_tables(self, include_targets: bool = True):
        """(name, rows) of each fact table read this year, in FACT_TABLES order."""
        for name in FACT_TABLES:
            if name in self.tables and (include_targets or name != "targets"):
                yield name, self.tables[name]

    def in_base_unit(self, row: Row) -> float | None:
        factor = self.shared.factor(row.get("unit", ""))
        value = row.get("value")
        return value * factor if isinstance(value, float) and factor is not None else None

    @functools.cached_property
    def source_numerals(self) -> list:
        return scan(self.source)

    def numerals_in(self, text: str) -> list:
        """The numerals of `text` where the source says it (or in the text itself, without a source).
        Cached: many rows share a quote, and the source is scanned once per distinct quote."""
        if text not in self._numerals:
            self._numerals[text] = (
                scan(text)
                if self.source is None
                else [
                    n
                    for span in ledger.spans(text, self.source)
                    for n in ledger.numerals_inside(self.source_numerals, span)
                ]
            )
        return self._numerals[text]
