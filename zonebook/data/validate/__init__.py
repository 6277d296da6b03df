"""`zonebook validate`: check a year's data package before anything is built from it.

Reads the files through zonebook.data.readers (no pandas) and reports every problem at once, each
naming the file, the spreadsheet row and the column, what was expected and what to do. It
never modifies anything.

Checks, in order: the descriptor; each table's header; each table against its Table Schema
(types, constraints, primary and foreign keys: frictionless, through zonebook.data.schema_check);
rows waiting for confirmation; indicators, units and refs against the lists they name;
consistency (sums, counts, signs, discrepancies); which number of its quote a row takes;
provenance against the year's source document (when there is one); the numeral ledger.

Decisions:
- A table the descriptor lists but the folder lacks is "not reported this year": a note, not
  an error (its numbers then show up as unaccounted numerals when the year has a source).
  A missing or broken datapackage.json is an error; so is a file the descriptor does not list.
- UTF-8 with or without BOM and GB18030/GBK (Excel on Chinese Windows) are accepted; UTF-16,
  other code pages, .xls and two files for one table are errors saying how to save.
- Thousands separators are accepted where the schema declares `groupChar: ","` (the number
  fields of the fact tables: Excel writes 1,504.7 for a cell formatted with separators), when
  well formed; a decimal comma (3,22) is not. Publishing writes such values as plain numbers.
- A unit other than the catalogue's is accepted when units.csv gives it the same dimension
  (万元 for 亿元), since values are kept as the source writes them.
- When a table cannot be read, checks that would only repeat that (the ledger, refs and
  foreign keys into it) are skipped and say so in a note.
- Data is shown as text, exactly as written: a control, zero-width, bidirectional or
  private-use character in any cell (year tables, catalogue, units, strings, glossary) is an
  error naming its position; Markdown or HTML in a cell is not (it is escaped where shown).
- A quote that holds several numbers: `occurrence` (optional) says which one a row takes;
  without it, rows of a table that share a quote take its numbers in the quote's order. A
  row repeating another's indicator, entity, value and quote is a copy (it would count twice).
  Several indicators may take the same number (分别达到36个).
- A year without a source document still has each value checked against its own quote.
- Each text of data/i18n/strings may use only the {fields} the package passes for its key
  (read from the package's `text(key, ...)` / `say(key, ...)` / `paragraph(key, ...)` calls).
- A year folder without datapackage.json is "half-made": one advice, `zonebook new-year Y`,
  which completes it.

Layout: `structure` opens a year (descriptor, files, source, tables against their schemas) into a
`context.Year`; `CHECKS` below are then run on it in order, each a function `check_…(year)` that
yields problems: `pending` (rows to confirm, texts to translate), `links` (references),
`consistency` (figures among themselves), `positions` (which number of a quote a row takes),
`quotes` (provenance), `ledger_checks` (every numeral accounted for). `shared` reads and checks the
lists every year shares; `cells` holds what any cell must be.
"""

from __future__ import annotations

from pathlib import Path

from zonebook.core import paths
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import parse_year
from zonebook.data.validate.cells import fields_given, invisible_characters, placeholder_problems
from zonebook.data.validate.consistency import (
    QUALIFIERS,
    check_discrepancies,
    check_entity_details,
    check_numbers,
    check_spending_total,
)
from zonebook.data.validate.context import Report, Year
from zonebook.data.validate.growth import check_growth_rates
from zonebook.data.validate.ledger_checks import check_ledger
from zonebook.data.validate.links import check_finding_refs, check_listed, check_measure_chapters, check_unit_dimensions
from zonebook.data.validate.pending import check_unconfirmed, note_untranslated
from zonebook.data.validate.positions import check_positions
from zonebook.data.validate.quotes import _marker, check_own_quotes, check_provenance
from zonebook.data.validate.shared import Shared, read_shared
from zonebook.data.validate.structure import open_year

__all__ = [
    "CHECKS",
    "QUALIFIERS",
    "Report",
    "Shared",
    "Year",
    "_marker",
    "check",
    "check_all",
    "fields_given",
    "invisible_characters",
    "main",
    "placeholder_problems",
    "read_shared",
    "run_checks",
    "validate_all",
    "validate_year",
    "year_folders",
]

# The checks of an opened year, in the order their problems are listed.
CHECKS = [
    check_unconfirmed,
    note_untranslated,
    check_listed,
    check_measure_chapters,
    check_finding_refs,
    check_unit_dimensions,
    check_numbers,
    check_spending_total,
    check_discrepancies,
    check_entity_details,
    check_growth_rates,  # a note
    check_positions,
    check_own_quotes,  # without a source document
    check_provenance,  # with one
    check_ledger,  # with one
]


def run_checks(year: Year) -> None:
    """Run every check of CHECKS on an opened year, adding what they find to its report."""
    for one in CHECKS:
        year.report.problems.extend(one(year))


# ---------------------------------------------------------------- entry points


def validate_year(year, data_root: Path | str | None = None) -> list[Problem]:
    """Every problem of one year's data (empty when it is fine)."""
    return check(year, data_root).problems


def validate_all(data_root: Path | str | None = None) -> dict[int | str, list[Problem]]:
    """Every year folder's problems, by year."""
    return {report.year: report.problems for report in check_all(data_root)}


def check_all(data_root: Path | str | None = None) -> list[Report]:
    root = paths.resolve(data_root)
    years = year_folders(root)
    if not years:
        return [
            Report(
                "-",
                [
                    Problem(
                        rel(root),
                        "there is no year folder (such as 2017/) in the data folder",
                        "Create the year with `zonebook new-year YEAR`",
                    )
                ],
            )
        ]
    shared = read_shared(root)
    reports = [check(year, root, shared) for year in years]
    for report in reports[1:]:  # a problem of catalogue.csv or units.csv is reported once, not per year
        report.problems = [p for p in report.problems if p not in shared.problems]
    return reports


def check(year, data_root: Path | str | None = None, shared: Shared | None = None) -> Report:
    """Validate one year: a Report with its problems, notes and counts."""
    root = paths.resolve(data_root)
    years = year_folders(root)
    try:
        year = parse_year(year)
    except DataError as error:
        return Report(year, error.problems)
    if year not in years:
        return Report(
            year,
            [
                Problem(
                    rel(root),
                    f"there is no data for year {year} (years present: {', '.join(map(str, years)) or 'none'})",
                    "Pick one of those years, or create the year with `zonebook new-year YEAR`",
                )
            ],
        )
    shared = shared or read_shared(root)
    report = Report(year, list(shared.problems))
    opened = open_year(year, root, shared, report)
    if opened is not None:
        run_checks(opened)
    return report


def main(args) -> int:
    """The CLI: print OK per year or every problem, one per line; exit 1 on any problem."""
    data_root = getattr(args, "data", None)
    reports = [check(args.year, data_root)] if getattr(args, "year", None) is not None else check_all(data_root)
    failed = [report.print() for report in reports]
    return 1 if any(failed) else 0


def year_folders(root: Path) -> list[int]:
    """Every folder named like a year, with or without a descriptor (a missing one is a problem)."""
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4)
