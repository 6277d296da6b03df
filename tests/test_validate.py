"""`zonebook validate` on the bundled data (must pass) and on the bad-input corpus (must fail well).

The corpus has two parts:
- static cases in tests/fixtures/bad/<case>/ (encodings, file formats), each an overlay on the
  small valid tree tests/fixtures/good/ plus a case.json saying what to expect;
- mutation cases below: a copy of the real data/ with one thing changed, so they stay in step
  with the data as it grows.

Every failing case asserts the exit code and that one output line names the file, the row and
the field (where there is one) together with the expected message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.fictional import copy_earlier_years
from support.tables import read_rows, write_rows
from zonebook import cli
from zonebook.core import paths
from zonebook.data.numerals import scan
from zonebook.data.quantities import quantity
from zonebook.data.validate import _marker, check, validate_all, validate_year

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
REAL_YEAR = paths.data_root() / "2017"


def run(capsys, *argv: str) -> tuple[int, str]:
    """Run the CLI in-process; the exit code and everything it printed."""
    code = cli.main(["validate", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_reported(output: str, *fragments: str) -> None:
    """One line of the output holds every fragment (file, row, field, message together)."""
    lines = [line for line in output.splitlines() if all(f in line for f in fragments)]
    assert lines, f"no line holds all of {fragments!r} in:\n{output}"


# ------------------------------------------------------------------ CSV editing helpers


def set_cell(path: Path, row_id: str, column: str, value: str) -> int:
    """Change one cell of the row with `row_id`; its spreadsheet row number (header = 1)."""
    header, rows = read_rows(path)
    number = next(i for i, r in enumerate(rows, start=2) if r["id"] == row_id)
    rows[number - 2][column] = value
    write_rows(path, header, rows)
    return number


def drop_row(path: Path, row_id: str) -> None:
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r["id"] != row_id])


def row_number(path: Path, row_id: str) -> int:
    return next(i for i, r in enumerate(read_rows(path)[1], start=2) if r["id"] == row_id)


@pytest.fixture
def real(tmp_path) -> Path:
    """A copy of the bundled data/ up to 2017 to break one thing in (writable: cases break the source on purpose)."""
    if not (REAL_YEAR / "datapackage.json").exists():
        pytest.skip("data/2017 is not written yet")
    return copy_earlier_years(tmp_path / "data")


# ------------------------------------------------------------------ the bundled data


@pytest.mark.data_years
def test_bundled_data_validates(capsys):
    code, output = run(capsys)
    assert code == 0, output
    assert_reported(output, "OK: 2017 —", "tables", "facts", "numerals accounted")


@pytest.mark.data_years
def test_bundled_data_validates_by_year_through_the_installed_command():
    command = Path(sys.executable).parent / "zonebook"
    result = subprocess.run([str(command), "validate", "--year", "2017"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 2017 — ")


@pytest.mark.data_years
def test_validate_api_finds_no_problem():
    assert validate_year(2017) == []
    found = validate_all()
    assert 2017 in found and all(problems == [] for problems in found.values()), found


@pytest.mark.data_years
def test_validate_modifies_nothing():
    before = {p: p.read_bytes() for p in paths.DATA.rglob("*") if p.is_file()}
    check(2017)
    assert {p: p.read_bytes() for p in paths.DATA.rglob("*") if p.is_file()} == before


def test_descriptor_is_standard_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(REAL_YEAR / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_small_good_fixture_validates(capsys):
    code, output = run(capsys, "--data", str(GOOD))
    assert code == 0, output
    assert "OK: 2017 — 5 tables, 9 facts, 13 numerals accounted" in output


# ------------------------------------------------------------------ static corpus (overlays on good/)

STATIC_CASES = sorted(p.name for p in BAD.iterdir() if (p / "case.json").exists())


@pytest.mark.parametrize("case", STATIC_CASES)
def test_static_case(case, tmp_path, capsys):
    spec = json.loads((BAD / case / "case.json").read_text(encoding="utf-8"))
    root = tmp_path / "data"
    shutil.copytree(GOOD, root)
    for relative in spec["remove"]:
        (root / relative).unlink()
    for path in (BAD / case).rglob("*"):
        if path.is_file() and path.name != "case.json":
            target = root / path.relative_to(BAD / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    code, output = run(capsys, "--data", str(root))
    assert code == spec["exit"], output
    assert_reported(output, *spec["expect"])


def test_static_encoding_cases_hold_the_good_table():
    """The accepted encodings decode to exactly the good fixture's table: they test encoding only."""
    good = (GOOD / "2017" / "economy.csv").read_text(encoding="utf-8")
    gbk = (BAD / "gb18030_accepted" / "2017" / "economy.csv").read_bytes().decode("gb18030")
    bom = (BAD / "utf8_bom_accepted" / "2017" / "economy.csv").read_bytes().decode("utf-8-sig")
    assert gbk.replace("\r\n", "\n") == good
    assert bom.replace("\r\n", "\n") == good


# ------------------------------------------------------------------ mutation corpus (on a copy of data/)


@dataclass
class Mutation:
    """Break one thing; expect exit 1 and a line with these fragments (file, row, field, message)."""

    name: str
    mutate: Callable[[Path], tuple[str, ...]]  # returns the fragments, computed from the data
    exit_code: int = 1


def economy(root: Path) -> Path:
    return root / "2017" / "economy.csv"


def where(path: Path, row: int | None, field: str | None) -> tuple[str, ...]:
    parts = [path.name]
    if row is not None:
        parts.append(f", row {row}, field '{field}':" if field else f", row {row}:")
    return tuple(parts)


def text_in_number_column(root):
    row = set_cell(economy(root), "gross_industrial_output", "value", "134亿")
    return (*where(economy(root), row, "value"), "'134亿' is not a number", "put the unit")


def decimal_comma(root):
    row = set_cell(economy(root), "tax_revenue", "value", "3,22")
    return (*where(economy(root), row, "value"), "'3,22' is not a number", "Use a point for decimals")


def thousands_separator_accepted(root):
    set_cell(root / "2017" / "spending.csv", "spending_roads", "value", "1,504.7")
    return ("OK: 2017",)


def edit_schema(root: Path, table: str, field: str, change: Callable[[dict], None]) -> None:
    """Change one field of a table's schema in the copy's datapackage.json (no code changes)."""
    path = root / "2017" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    change(next(f for f in resource["schema"]["fields"] if f["name"] == field))
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def thousands_separator_without_group_char(root):
    edit_schema(root, "spending", "value", lambda f: f.pop("groupChar"))
    path = root / "2017" / "spending.csv"
    row = set_cell(path, "spending_roads", "value", "1,504.7")
    return (*where(path, row, "value"), "'1,504.7' is not a number")


def tightened_constraint(root):
    edit_schema(root, "economy", "id", lambda f: f["constraints"].update(maxLength=24))
    row = row_number(economy(root), "gross_industrial_output_growth")
    return (*where(economy(root), row, "id"), "'gross_industrial_output_growth' has 30 characters, more than 24")


def missing_column(root):
    header, rows = read_rows(economy(root))
    header.remove("qualifier")
    write_rows(economy(root), header, [{k: v for k, v in r.items() if k != "qualifier"} for r in rows])
    return (*where(economy(root), 1, "qualifier"), "column 'qualifier' is missing")


def extra_column(root):
    header, rows = read_rows(economy(root))
    write_rows(economy(root), header + ["comment"], [{**r, "comment": "checked"} for r in rows])
    return (*where(economy(root), 1, "comment"), "unknown column 'comment'", "Delete the column")


def duplicate_id(root):
    row = set_cell(economy(root), "enterprises_above_scale", "id", "enterprises_total")
    return (*where(economy(root), row, "id"), "id 'enterprises_total' is used twice (first in row 2)")


def required_field_empty(root):
    row = set_cell(economy(root), "exports", "quote", "")
    return (*where(economy(root), row, "quote"), "'quote' is empty but required")


def enum_violation(root):
    row = set_cell(economy(root), "exports", "qualifier", "about")
    return (*where(economy(root), row, "qualifier"), "'about' is not one of the allowed values")


def unknown_indicator(root):
    row = set_cell(economy(root), "exports", "indicator", "export")
    return (
        *where(economy(root), row, "indicator"),
        "indicator 'export' is not in data/catalogue.csv",
        "did you mean 'exports'",
    )


def unknown_unit(root):
    row = set_cell(economy(root), "exports", "unit", "亿美金")
    return (*where(economy(root), row, "unit"), "unit '亿美金' is not in data/units.csv")


def wrong_unit(root):
    row = set_cell(economy(root), "gross_industrial_output", "unit", "亩")
    return (*where(economy(root), row, "unit"), "wrong unit '亩'", "expected '亿元'")


def convertible_unit_accepted(root):
    set_cell(root / "2017" / "land.csv", "new_space_investment", "unit", "亿元")  # same dimension as 万元
    return ("OK: 2017",)


def unknown_entity(root):
    path = root / "2017" / "spending.csv"
    row = set_cell(path, "spending_roads", "entity", "sp_road")
    return (*where(path, row, "entity"), "entity 'sp_road' is not in entities.csv")


def quote_not_in_source(root):
    row = set_cell(economy(root), "gross_industrial_output", "quote", "规模以上企业完成工业总产值 134 亿元")
    return (*where(economy(root), row, "quote"), "is not in the source document")


def value_disagrees_with_quote(root):
    row = set_cell(economy(root), "gross_industrial_output", "value", "143")
    return (*where(economy(root), row, "value"), "value 143 does not appear in the quote", "the quote has 134")


def negative_count(root):
    row = set_cell(economy(root), "enterprises_total", "value", "-147")
    return (*where(economy(root), row, "value"), "-147 is negative")


def non_integer_count(root):
    row = set_cell(economy(root), "enterprises_total", "value", "147.5")
    return (*where(economy(root), row, "value"), "147.5 is not a whole number")


def percent_out_of_range(root):
    row = set_cell(economy(root), "gross_industrial_output_growth", "value", "1400")
    return (*where(economy(root), row, "value"), "1400% is outside -100..1000")


def approx_quote_exact_qualifier(root):
    path = root / "2017" / "safety.csv"
    row = set_cell(path, "hazards_found", "qualifier", "exact")
    return (*where(path, row, "qualifier"), "the quote says '余'", "Set the qualifier to 'more_than'")


def figure_in_entity_description(root):
    path = root / "2017" / "entities.csv"
    row = set_cell(path, "education_bureau", "detail_zh", "已有数十年的发展历程")  # fictional test data
    return (*where(path, row, "detail_zh"), "the description states a figure ('已有数十年的发' in")


def approx_qualifier_without_marker(root):
    row = set_cell(economy(root), "exports", "qualifier", "approx")
    return (*where(economy(root), row, "qualifier"), "the quote has no 约")


def spending_sum_mismatch(root):
    path = root / "2017" / "spending.csv"
    set_cell(path, "spending_streetlights", "value", "29.7")
    total_row = row_number(path, "infrastructure_spending_total")
    return (*where(path, total_row, "value"), "add up to 2902.78 万元, but the total says 2893")


def unaccounted_numeral(root):
    drop_row(root / "2017" / "ledger_exclusions.csv", "year_2017")
    line = next(
        i
        for i, text in enumerate((root / "sources" / "2017.txt").read_text(encoding="utf-8").splitlines(), 1)
        if "2017" in text
    )
    return ("sources/2017.txt", f", row {line}:", "the numeral '2017'", "is in no fact row and no exclusion")


def exclusion_numeral_not_in_text(root):
    path = root / "2017" / "ledger_exclusions.csv"
    row = set_cell(path, "year_2017", "numeral", "2018")
    return (*where(path, row, "numeral"), "numeral '2018' is not in the text '2017年'")


def discrepancy_without_finding(root):
    set_cell(root / "2017" / "land.csv", "projects_started_new_space", "indicator", "projects_started")
    drop_row(root / "2017" / "findings.csv", "projects_started_25_vs_28")
    path = root / "2017" / "land.csv"
    return (
        *where(path, row_number(path, "projects_started_new_space"), "value"),
        "has different values in different rows",
        "no finding explains it",
    )


def dangling_finding_ref(root):
    path = root / "2017" / "findings.csv"
    row = set_cell(path, "projects_started_25_vs_28", "refs", "land:projects_started_new_space;pipeline:no_such_row")
    return (*where(path, row, "refs"), "ref 'pipeline:no_such_row' names no row")


def malformed_csv(root):
    lines = economy(root).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace("规模以上企业完成工业总产值134亿元", '"规模以上企业完成工业总产值134亿元')
    economy(root).write_text("".join(lines), encoding="utf-8")
    return (*where(economy(root), 4, None), "opened in this row is not closed")


def ragged_row(root):
    lines = economy(root).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra,cells\n"
    economy(root).write_text("".join(lines), encoding="utf-8")
    return (*where(economy(root), 3, None), "cells but the header has 10 columns")


def unknown_table_file(root):
    shutil.copyfile(economy(root), root / "2017" / "economy_old.csv")
    return ("economy_old.csv", "'economy_old.csv' is not a table of the data package")


def two_files_for_one_table(root):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["id"])
    book.save(root / "2017" / "economy.xlsx")
    return ("2017", "table 'economy' is given twice (economy.csv, economy.xlsx)", "Keep one file per table")


def xlsx_accepted(root):
    openpyxl = pytest.importorskip("openpyxl")
    header, rows = read_rows(economy(root))
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append([float(row[c]) if c == "value" else row[c] for c in header])  # numbers as numbers
    book.save(root / "2017" / "economy.xlsx")
    economy(root).unlink()
    return ("OK: 2017",)


def missing_descriptor(root):
    (root / "2017" / "datapackage.json").unlink()
    return ("2017: the year folder has no datapackage.json", "Run `zonebook new-year 2017`")


def invalid_json_descriptor(root):
    path = root / "2017" / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    return ("2017/datapackage.json", "the descriptor is not valid JSON")


def schema_without_common_column(root):
    path = root / "2017" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "safety")
    resource["schema"]["fields"] = [f for f in resource["schema"]["fields"] if f["name"] != "quote"]
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return ("datapackage.json", "the schema of fact table 'safety' lacks the common column 'quote'")


def header_only_table_accepted(root):
    path = root / "2017" / "findings.csv"
    header, _ = read_rows(path)
    write_rows(path, header, [])
    return ("OK: 2017",)


def missing_optional_table_is_a_note(root):
    (root / "2017" / "milestones.csv").unlink()
    findings = root / "2017" / "findings.csv"
    header, rows = read_rows(findings)
    for row in rows:  # a finding may point at a milestone: drop those refs with the table
        row["refs"] = ";".join(r for r in row["refs"].split(";") if not r.startswith("milestones:"))
    write_rows(findings, header, rows)
    return ("note: 2017: table 'milestones' is not reported this year",)


def source_document_changed(root):
    path = root / "sources" / "2017.txt"
    path.write_bytes(path.read_bytes() + b"\n")
    return ("sources.csv", ", row 2, field 'sha256':", "the source document has changed")


def no_source_is_unverified(root):
    (root / "sources" / "2017.txt").unlink()
    return ("OK: 2017 —", "unverified against a source")


MUTATIONS = [
    Mutation("text_in_number_column", text_in_number_column),
    Mutation("decimal_comma", decimal_comma),
    Mutation("thousands_separator_accepted", thousands_separator_accepted, exit_code=0),
    Mutation("thousands_separator_without_group_char", thousands_separator_without_group_char),
    Mutation("tightened_constraint", tightened_constraint),
    Mutation("missing_column", missing_column),
    Mutation("extra_column", extra_column),
    Mutation("duplicate_id", duplicate_id),
    Mutation("required_field_empty", required_field_empty),
    Mutation("enum_violation", enum_violation),
    Mutation("unknown_indicator", unknown_indicator),
    Mutation("unknown_unit", unknown_unit),
    Mutation("wrong_unit", wrong_unit),
    Mutation("convertible_unit_accepted", convertible_unit_accepted, exit_code=0),
    Mutation("unknown_entity", unknown_entity),
    Mutation("quote_not_in_source", quote_not_in_source),
    Mutation("value_disagrees_with_quote", value_disagrees_with_quote),
    Mutation("negative_count", negative_count),
    Mutation("non_integer_count", non_integer_count),
    Mutation("percent_out_of_range", percent_out_of_range),
    Mutation("approx_quote_exact_qualifier", approx_quote_exact_qualifier),
    Mutation("approx_qualifier_without_marker", approx_qualifier_without_marker),
    Mutation("figure_in_entity_description", figure_in_entity_description),
    Mutation("spending_sum_mismatch", spending_sum_mismatch),
    Mutation("unaccounted_numeral", unaccounted_numeral),
    Mutation("exclusion_numeral_not_in_text", exclusion_numeral_not_in_text),
    Mutation("discrepancy_without_finding", discrepancy_without_finding),
    Mutation("dangling_finding_ref", dangling_finding_ref),
    Mutation("malformed_csv", malformed_csv),
    Mutation("ragged_row", ragged_row),
    Mutation("unknown_table_file", unknown_table_file),
    Mutation("two_files_for_one_table", two_files_for_one_table),
    Mutation("xlsx_accepted", xlsx_accepted, exit_code=0),
    Mutation("missing_descriptor", missing_descriptor),
    Mutation("invalid_json_descriptor", invalid_json_descriptor),
    Mutation("schema_without_common_column", schema_without_common_column),
    Mutation("header_only_table_accepted", header_only_table_accepted, exit_code=0),
    Mutation("missing_optional_table_is_a_note", missing_optional_table_is_a_note, exit_code=0),
    Mutation("source_document_changed", source_document_changed),
    Mutation("no_source_is_unverified", no_source_is_unverified, exit_code=0),
]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_mutation(mutation, real, capsys):
    fragments = mutation.mutate(real)
    code, output = run(capsys, "--data", str(real))
    assert code == mutation.exit_code, output
    assert_reported(output, *fragments)


def test_a_total_the_items_do_not_reach_stands_once_a_finding_states_the_items_sum(real):
    """The report's own arithmetic may be off: a discrepancy finding that names the total and
    states the items' sum keeps it; the same finding without the sum (2017's) does not."""

    def spending_problems() -> list[str]:
        return [str(p) for p in validate_year(2017, real) if "items add up to" in str(p)]

    spending_sum_mismatch(real)
    assert spending_problems()
    findings = real / "2017" / "findings.csv"
    set_cell(findings, "spending_items_sum", "description_en", "The items add up to 2902.78 万元, not the total.")
    assert spending_problems() == []
    set_cell(real / "2017" / "spending.csv", "spending_signs", "value", "99")  # a later typo is caught again
    assert spending_problems()


def test_unknown_year(real, capsys):
    code, output = run(capsys, "--data", str(real), "--year", "1999")
    assert code == 1
    assert_reported(output, "there is no data for year 1999 (years present: 2017)", "Pick one of those years")


def test_year_folder_without_descriptor_is_reported_by_validate_all(real, capsys):
    (real / "2018").mkdir()
    code, output = run(capsys, "--data", str(real))
    assert code == 1
    assert_reported(output, "2018: the year folder has no datapackage.json", "Run `zonebook new-year 2018`")
    assert "OK: 2017" in output


def test_every_problem_is_reported_at_once(real):
    set_cell(economy(real), "exports", "unit", "亩")
    set_cell(economy(real), "tax_revenue", "value", "3.2.2")
    problems = validate_year(2017, real)
    assert {(p.field, p.row) for p in problems} >= {
        ("unit", row_number(economy(real), "exports")),
        ("value", row_number(economy(real), "tax_revenue")),
    }
    assert all(p.fix and p.file.endswith("economy.csv") for p in problems if p.field in ("unit", "value"))


def test_runtime_path_does_not_import_the_workbook_reader():
    code = f"import sys; from zonebook import cli; cli.main(['validate', '--data', {str(GOOD)!r}]); print('openpyxl' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stdout + result.stderr


@pytest.mark.parametrize(
    "quote, word",
    [
        ("申请专利70件以上", "以上"),
        ("申请专利不少于70件", "不少于"),
        ("新增就业岗位至少70个", "至少"),
        ("投资70万元以上", "以上"),
    ],
)
def test_or_more_is_read_from_the_quote_and_shown_as_written(quote, word):
    """以上 and 不少于 say "the value or more": qualifier at_least, shown 70个以上 / 70 or more."""
    numeral = next(n for n in scan(quote) if n.token == "70")
    assert _marker(quote, numeral) == ("at_least", word)
    assert _marker("申请专利70件，以上数字", numeral) is None  # 以上 of another clause
    assert quantity(70, "个", "zh", "at_least") == "70个以上"
    assert quantity(70, "个", "en", "at_least") == "70 or more"
    assert quantity(70, "万元", "en", "at_least").endswith(" yuan or more")


def growth_notes(root: Path, year: int) -> list[str]:
    return [n for n in check(year, root).notes if "growth rate" in n]


def test_a_growth_rate_its_two_years_values_do_not_give_is_noted(tmp_path):
    """134 this year and 118 the year before give 13.6% (12.7–14.5% within the rounding of the
    written numbers): a stated 14% is fine, 24% is noted at its row with what to do."""
    from support.fictional import data_with_fictional_years

    root = data_with_fictional_years(tmp_path / "data")
    assert growth_notes(root, 2018) == [] and growth_notes(root, 2019) == []
    set_cell(root / "2017" / "economy.csv", "gross_industrial_output", "value", "118")
    set_cell(root / "2018" / "economy.csv", "gross_industrial_output", "value", "134")
    row = set_cell(root / "2018" / "economy.csv", "gross_industrial_output_growth", "value", "14")
    assert growth_notes(root, 2018) == []
    set_cell(root / "2018" / "economy.csv", "gross_industrial_output_growth", "value", "24")
    (note,) = growth_notes(root, 2018)
    assert f"2018/economy.csv, row {row}, field 'value'" in note
    assert "24%" in note and "give 13.6%" in note and "2017/economy.csv" in note and "findings.csv" in note
    # tolerance from the written digits: 12.5% is outside what 134 and 118 allow, 12.7% inside
    set_cell(root / "2018" / "economy.csv", "gross_industrial_output_growth", "value", "12.5")
    assert growth_notes(root, 2018)
    set_cell(root / "2018" / "economy.csv", "gross_industrial_output_growth", "value", "12.7")
    assert growth_notes(root, 2018) == []


def test_growth_bounds_follow_the_written_digits():
    from zonebook.data.validate import Shared
    from zonebook.data.validate.growth import growth_bounds

    shared = Shared({}, {"亿元": {"dimension": "currency_cny", "factor": "100000000"}}, [])
    low, high = growth_bounds({"value": 134.0, "unit": "亿元"}, {"value": 118.0, "unit": "亿元"}, shared)
    assert low == pytest.approx((133.5 / 118.5 - 1) * 100) and high == pytest.approx((134.5 / 117.5 - 1) * 100)
