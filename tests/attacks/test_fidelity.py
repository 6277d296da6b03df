"""Wrong values that used to pass: swapped rates inside one quote, a copied row, a value that
its own quote does not state in a year without a source document."""

from __future__ import annotations

import shutil

import pytest

from support.attacks import edit_row, line_with, run_cli
from support.tables import read_rows, write_rows
from zonebook.data.validate import validate_year

GROWTH = "分别增长了14%、3%、35%和38%"  # one quote, four rates (output, tax, investment, exports)


def economy(root):
    return root / "2017" / "economy.csv"


def test_the_bundled_rates_take_their_quote_in_order(real):
    header, rows = read_rows(economy(real))
    assert [r["occurrence"] for r in rows if r["quote"] == GROWTH] == ["1", "2", "3", "4"]
    assert validate_year(2017, real) == []


def swap_rates(root) -> int:
    """Tax and investment growth swapped; the row of the second."""
    edit_row(economy(root), "tax_revenue_growth", value="35")
    return edit_row(economy(root), "fixed_asset_investment_growth", value="3")


def test_two_swapped_rates_fail_on_their_occurrence(real, capsys):
    row = swap_rates(real)
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(
        output, "economy.csv", f"row {row}", "field 'occurrence'", "occurrence 3 is 35 in the quote, not the value 3"
    )


def test_two_swapped_rates_fail_in_order_when_staff_leave_occurrence_empty(real, capsys):
    header, rows = read_rows(economy(real))
    for r in rows:
        r["occurrence"] = ""
    write_rows(economy(real), header, rows)
    row = swap_rates(real)
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(
        output,
        "economy.csv",
        f"row {row}",
        "field 'value'",
        "value 3 comes before the value of row",
        "its numbers in order: 1: 14, 2: 3, 3: 35, 4: 38",
        "not swapped",
    )


def test_an_occurrence_past_the_quote_is_reported(real, capsys):
    row = edit_row(economy(real), "exports_growth", occurrence="5")
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(output, "economy.csv", f"row {row}", "field 'occurrence'", "the quote holds 4 number(s)")


def test_a_row_copied_under_a_new_id_is_flagged(real, capsys):
    header, rows = read_rows(economy(real))
    copy = dict(next(r for r in rows if r["id"] == "new_jobs"), id="new_jobs_again")
    write_rows(economy(real), header, rows + [copy])
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(
        output,
        "economy.csv",
        f"row {len(rows) + 2}",
        "field 'id'",
        "repeats row",
        "counted twice",
        "Delete the copied row",
    )


def test_targets_that_share_one_number_respectively_still_pass(real):
    header, rows = read_rows(real / "2017" / "targets.csv")
    shared = [r for r in rows if r["quote"] == "全年签约项目、开工建设项目和投产项目分别达到36个"]
    assert len(shared) == 3 and validate_year(2017, real) == []


def test_without_a_source_each_value_is_checked_against_its_own_quote(real, capsys):
    (real / "sources" / "2017.txt").unlink()
    row = edit_row(economy(real), "gross_industrial_output", value="1340")
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(
        output,
        "economy.csv",
        f"row {row}",
        "field 'value'",
        "value 1340 does not appear in the quote",
        "the quote has 134",
    )


def test_without_a_source_correct_values_pass(real):
    (real / "sources" / "2017.txt").unlink()
    assert validate_year(2017, real) == []
    shutil.rmtree(real / "sources")
    assert validate_year(2017, real) == []


def test_a_number_taken_again_for_another_indicator_is_flagged(real, capsys):
    header, rows = read_rows(economy(real))
    copy = dict(next(r for r in rows if r["id"] == "new_jobs"), id="enterprises_again", indicator="enterprises_total")
    write_rows(economy(real), header, rows + [copy])
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(
        output,
        "economy.csv",
        f"row {len(rows) + 2}",
        "field 'value'",
        "takes the number 850",
        "which row",
        "id 'new_jobs') already takes",
        "分别",
    )


# ---------------------------------------------------------------- digits of other scripts


@pytest.mark.parametrize("typed", ["１４７", "١٤٧", "१४७", "১৪৭"])
def test_a_value_typed_in_other_digits_is_read_checked_and_published_as_ascii(real, typed):
    """Full-width, Arabic-Indic, Devanagari, Bengali digits: the number they write, everywhere."""
    from zonebook.publish.downloads import publication

    row = edit_row(real / "2017" / "economy.csv", "enterprises_total", value=typed)
    assert not validate_year(2017, real)  # the quote states 147: the value is the number it writes
    published = publication(real, 2017)
    table = published["files"]["data/2017/economy.csv"].decode("utf-8").splitlines()
    assert table[row - 1].startswith("enterprises_total,enterprises_total,,147,")
    sheet = next(rows for name, _, rows in published["sheets"] if name == "economy")
    assert sheet[row - 2][3] == "147" and typed not in published["files"]["data/2017/economy.csv"].decode("utf-8")


def test_a_value_of_other_digits_that_is_wrong_is_still_named(real, capsys):
    row = edit_row(real / "2017" / "economy.csv", "enterprises_total", value="１４８")
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(output, "economy.csv", f"row {row}", "field 'value'", "148")
