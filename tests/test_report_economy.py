"""Chapter 1, the economy: the headline table, the prior year's value (reported where a year's
data exist, implied otherwise), sentences built from the rows a year has."""

from __future__ import annotations

import re
import shutil

import pytest

from support.chapter import assert_not_reported, copy_data, every_section, set_field, shown, template_cell
from zonebook.data import load
from zonebook.report import economy as chapter
from zonebook.report.history import KIND_IMPLIED, KIND_REPORTED

SLUG = "01_economy"
OPENING, HEADLINE = template_cell(SLUG, "open_chapter"), template_cell(SLUG, "headline_table")


@pytest.fixture(scope="module")
def data():
    return load(2017)


def drop_rows(path, *ids):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if line.split(",", 1)[0] not in ids), encoding="utf-8")


@pytest.fixture
def two_years(tmp_path):
    """A copy of the data with a second year: 2017's tables, some values changed, one growth rate dropped."""
    root = copy_data(tmp_path)
    shutil.copytree(root / "2017", root / "2018")
    set_field(root, "economy", "gross_industrial_output", "value", 150.5, year=2018)
    drop_rows(root / "2018" / "economy.csv", "tax_revenue_growth")
    return root


def test_first_year_prior_values_are_implied_by_growth(data):
    frame = chapter.headline(data).set_index("indicator")
    assert list(frame.index) == ["gross_industrial_output", "tax_revenue", "fixed_asset_investment", "exports"]
    # 134 ÷ 1.14 = 117.54…, to the three digits both inputs have; the tax 3.22 ÷ 1.03 = 3.126… as 3.13
    assert frame.loc["gross_industrial_output", "prior"] == 118
    assert frame.loc["tax_revenue", "prior"] == pytest.approx(3.13)
    assert frame.loc["fixed_asset_investment", "prior"] == 48  # 65 has two digits: 48.148… as 48
    assert set(frame["prior_kind"]) == {KIND_IMPLIED}


def test_a_known_previous_year_gives_its_actual_not_an_implied_value(two_years):
    frame = chapter.headline(load(2018, two_years)).set_index("indicator")
    output = frame.loc["gross_industrial_output"]
    assert output["value"] == 150.5 and output["prior"] == 134 and output["prior_kind"] == KIND_REPORTED
    assert output["growth_pct"] == 14 and output["growth_kind"] == KIND_REPORTED  # the year's own rate stands
    tax = frame.loc["tax_revenue"]  # no rate this year: computed from the two reported years
    assert (
        tax["prior"] == 3.22 and tax["growth_kind"] == chapter.KIND_COMPUTED and tax["growth_pct"] == pytest.approx(0)
    )
    table = shown(HEADLINE, load(2018, two_years), "en")
    assert "2017 values are those the 2017 report states" in table and "implied by" not in table
    assert table.count(">322</td>") == 2  # 2018 and the reported 2017 value (3.22亿元), in million yuan


def test_the_opening_is_built_from_the_rows_the_year_has(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(root / "2017" / "economy.csv", "exports", "exports_growth", "tax_revenue_growth")
    set_field(root, "economy", "fixed_asset_investment_growth", "value", -2.5)
    changed = load(2017, root)
    zh, en = shown(OPENING, changed, "zh"), shown(OPENING, changed, "en")
    summary_zh, summary_en = zh.split("2017年：")[-1], en.split("In 2017:")[-1]
    assert "出口" not in summary_zh and "export" not in summary_en.lower()
    assert "税收3.22亿元" in zh and "税收3.22亿元（" not in zh  # no rate, no brackets
    assert "down 2.5%" in en and "下降2.5%" in zh
    assert "does not cover exports" in en


def test_sections_leave_themselves_out_and_the_chapter_says_so_once(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(
        root / "2017" / "economy.csv",
        "exports",
        "exports_growth",
        "enterprises_total",
        "enterprises_above_scale",
        "new_above_scale_enterprises",
        "new_jobs",
    )
    changed = load(2017, root)
    assert_not_reported(SLUG, ["exports_text", "structure_text"], changed)
    opening = shown(OPENING, changed, "en")
    assert opening.count("does not cover") == 1 and "enterprises and jobs and exports" in opening


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    out = every_section(SLUG, data, lang)
    assert out and not re.search(r"\bnan\b|\bNone\b|not reported|未报告|_growth\b", out)


def test_the_headline_table_says_where_each_prior_value_and_rate_come_from(data, two_years):
    first = chapter.headline_table(data, chapter.headline(data), "en").frame
    assert set(first["Basis of the prior-year value"]) == {"implied"}
    later = load(2018, two_years)
    table = chapter.headline_table(later, chapter.headline(later), "en")
    basis = dict(zip(table.frame.iloc[:, 0], table.frame["Basis of the prior-year value"]))
    assert basis["Gross industrial output (above-scale)"] == "reported"
    assert basis["Tax revenue"] == "growth computed from the two years reported"
    assert "growth is computed from the two years’ reported values" in table.note and "implied" not in table.note
    assert table.caption.endswith("2018")


def test_trends_keep_the_indicators_with_two_years_or_more(two_years):
    trends = chapter.trend_series(load(2018, two_years))
    assert list(dict.fromkeys(trends["indicator"])) == [
        "gross_industrial_output",
        "tax_revenue",
        "fixed_asset_investment",
        "exports",
    ]
    output = trends[trends["indicator"] == "gross_industrial_output"]
    assert list(output["year"]) == [2016, 2017, 2018] and list(output["kind"]) == [
        KIND_IMPLIED,
        KIND_REPORTED,
        KIND_REPORTED,
    ]
    assert chapter.trend_series(load(2017, two_years))["year"].max() == 2017
