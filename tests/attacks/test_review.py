"""Review cannot be skipped by accident: a year's proposed rows stay proposed until a person
confirms them, another year's report is not taken as this year's, and a shared table deleted
by mistake stops validation instead of publishing a book without it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.attacks import REAL_YEAR, digest, line_with, run_cli
from support.fictional import copy_years
from support.tables import read_rows, write_rows
from zonebook.core import paths
from zonebook.data.status import COLUMN, PROPOSED, Unconfirmed
from zonebook.data.validate import validate_year
from zonebook.staff.newyear import scaffold

REPORT = Path(__file__).parent.parent / "fixtures" / "prefill" / "report_a.txt"  # fictional: 2018's report


@pytest.fixture(scope="module")
def prefilled(tmp_path_factory) -> Path:
    """The bundled year's data with 2018 pre-filled from a fictional report, every row still
    proposed (whatever years staff have added to data/)."""
    data = copy_years(tmp_path_factory.mktemp("prefilled") / "data", [REAL_YEAR], paths.DATA)
    scaffold(2018, data, REPORT)
    return data


@pytest.fixture
def year(prefilled, tmp_path) -> Path:
    return Path(shutil.copytree(prefilled, tmp_path / "data"))


def waiting_rows(data: Path) -> dict[str, int]:
    return {Path(p.file).name: p.count for p in validate_year(2018, data) if isinstance(p, Unconfirmed)}


def test_proposed_rows_stay_unconfirmed_when_the_status_column_is_deleted_and_added_again_empty(year):
    table = year / "2018" / "economy.csv"
    header, rows = read_rows(table)
    proposed = sum(r[COLUMN] == PROPOSED for r in rows)
    assert proposed and waiting_rows(year)["economy.csv"] == proposed
    write_rows(table, [c for c in header if c != COLUMN], [{k: v for k, v in r.items() if k != COLUMN} for r in rows])
    missing = [p for p in validate_year(2018, year) if p.file.endswith("economy.csv") and p.field == COLUMN]
    assert missing and "is missing" in missing[0].message  # what validate says: add the column again
    write_rows(table, header, [r | {COLUMN: ""} for r in rows])
    assert waiting_rows(year).get("economy.csv") == proposed


def test_a_corrected_or_confirmed_row_is_no_longer_waiting(year):
    table = year / "2018" / "economy.csv"
    header, rows = read_rows(table)
    marked = [r for r in rows if r[COLUMN] == PROPOSED]
    marked[0][COLUMN] = "confirmed"
    marked[1][COLUMN], marked[1]["value"] = "", marked[1]["value"] + "1"  # corrected by hand
    write_rows(table, header, rows)
    assert waiting_rows(year)["economy.csv"] == len(marked) - 2


def test_an_earlier_years_report_given_as_the_source_is_refused(real, tmp_path, capsys):
    before = digest(real)
    code, output = run_cli(
        capsys, "new-year", "2018", "--source", str(real / "sources" / "2017.txt"), "--data", str(real)
    )
    assert code == 1
    line_with(output, "2017.txt", "2017's report (the same sha256 checksum)", "Give 2018's own work report")
    edited = tmp_path / "report.txt"
    edited.write_text((real / "sources" / "2017.txt").read_text(encoding="utf-8") + "\n附件\n", encoding="utf-8")
    code, output = run_cli(capsys, "new-year", "2018", "--source", str(edited), "--data", str(real))
    assert code == 1
    line_with(output, "report.txt", "it reads as the report of 2017, not of 2018", "Give 2018's own work report")
    assert digest(real) == before


@pytest.mark.parametrize("shared", ["i18n/glossary.csv", "reference/exchange_rates.csv", "units.csv", "catalogue.csv"])
def test_a_deleted_shared_table_fails_validation_with_its_fix(real, capsys, shared):
    (real / shared).unlink()
    code, output = run_cli(capsys, "validate", "--data", str(real))
    assert code == 1
    line_with(output, Path(shared).name, "the file is missing", "git checkout --", "every year needs it")
