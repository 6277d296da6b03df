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
LEDE = template_cell(SLUG, "chapter.lede")


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
    zh, en = shown(LEDE, changed, "zh"), shown(LEDE, changed, "en")
    assert "出口" not in zh and "export" not in en.lower() and "税收" not in zh  # tax has no rate: not a change
    # one other figure with a rate, and it fell: the variant for one fall
    assert (
        "Fixed-asset investment fell by 2.5%, to 6.5 billion yuan." in en and "固定资产投资下降2.5%，为65亿元。" in zh
    )
    assert "does not cover exports" in shown(OPENING, changed, "en")


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


def test_the_lede_names_the_largest_changes(data):
    en, zh = shown(LEDE, data, "en"), shown(LEDE, data, "zh")
    assert en.count("Markdown") == 1  # one paragraph, before any table
    assert "Gross industrial output (above-scale) reached 13.4 billion yuan in 2017, up 14% on the year before." in en
    assert "export earnings grew fastest, by 38% to 25.6 million USD, and tax revenue slowest, by 3%" in en
    assert "2017年，规模以上工业总产值134亿元，比上年增长14%。" in zh
    assert "target" not in en  # no earlier report, no targets to meet


@pytest.mark.parametrize(
    "growth, variant",
    [
        ((5, 3, 2), "economy.lede_range_up"),
        ((5, -3, 2), "economy.lede_range_mixed"),
        ((-1, -3, -2), "economy.lede_range_down"),
    ],
)
def test_the_lede_says_rises_and_falls_as_they_are(data, growth, variant):
    frame = chapter.headline(data).copy()
    frame.loc[1:3, "growth_pct"] = growth
    lines = chapter.lede_lines(data, frame, "en")
    assert lines[1].key == variant
    frame.loc[0, "growth_pct"] = -4
    assert chapter.lede_lines(data, frame, "en")[0].key == "economy.lede_first_down"
    frame.loc[0, "growth_pct"] = None
    assert chapter.lede_lines(data, frame, "en")[0].key == "economy.lede_first"
    assert chapter.lede_lines(data, frame.iloc[0:0], "en") == []


def test_the_lede_says_which_of_last_years_targets_were_met(tmp_path):
    from support.fictional import data_with_fictional_years

    root = data_with_fictional_years(tmp_path / "data")
    en, zh = " ".join(chapter.lede(load(2018, root), "en")), " ".join(chapter.lede(load(2018, root), "zh"))
    # 2018 (fictional): output and investment above the 2017 report's targets, tax below
    assert (
        "Gross industrial output (above-scale) and fixed-asset investment met what the 2017 report set for 2018; "
        "tax revenue fell short."
    ) in en
    assert "对照2017年报告为2018年设定的目标，规模以上工业总产值和固定资产投资已完成，税收未完成。" in zh
    assert "in 2018" in en and "2017年，" not in zh


def test_the_lede_calls_a_record_a_record(tmp_path):
    from support.fictional import data_with_fictional_years

    root = data_with_fictional_years(tmp_path / "data")
    en = chapter.lede(load(2019, root), "en")[0]  # output 134, 152.6, 171.3亿元 in 2017–2019
    assert "reached 17.13 billion yuan in 2019, up 12.3% on the year before and the highest of the three years" in en
    assert "为本书所涵盖3年中的最高值" in chapter.lede(load(2019, root), "zh")[0]
    # of two years (2017, 2018) the higher, not "the highest of the 2 years"
    en, zh = chapter.lede(load(2018, root), "en")[0], chapter.lede(load(2018, root), "zh")[0]
    assert "up 13.9% on the year before and the higher of the two years this book covers." in en
    assert "为本书所涵盖两年中的较高值。" in zh
    assert "highest" not in en and "2 years" not in en and "2年中" not in zh and "最高" not in zh
    set_field(root, "economy", "gross_industrial_output", "value", 150, year=2019)  # below 2018's 152.6
    assert (
        chapter.lede_lines(load(2019, root), chapter.headline(load(2019, root)), "en")[0].key == "economy.lede_first_up"
    )


def test_tax_share_of_output_keeps_the_digits_of_its_least_precise_input(tmp_path):
    """3.22 and 134 (three digits each): 2.40%; tax 3.6 (two digits) of 152: 2.4%, not 2.37%."""
    assert chapter.tax_to_output(load(2017)) == pytest.approx(2.40)
    assert "equals 2.40% of" in chapter.tax_text(load(2017), chapter.tax_to_output(load(2017)), "en")
    root = copy_data(tmp_path)
    set_field(root, "economy", "tax_revenue", "value", 3.6)
    set_field(root, "economy", "gross_industrial_output", "value", 152)
    data = load(2017, root)
    ratio = chapter.tax_to_output(data)
    assert ratio == pytest.approx(2.4)
    assert "equals 2.4% of" in chapter.tax_text(data, ratio, "en")
    assert "的2.4%。" in chapter.tax_text(data, ratio, "zh")


def test_precision_of_a_derived_percentage():
    from zonebook.data.precision import derived_pct, shown_decimals

    assert derived_pct(3.6, 152, 2, 3) == pytest.approx(2.4) and shown_decimals(2.4, 2) == 1
    assert derived_pct(3.22, 134, 3, 3) == pytest.approx(2.40) and shown_decimals(2.4, 3) == 2
    assert derived_pct(1589, 1506, 4, 4) == pytest.approx(105.5) and shown_decimals(105.5, 4) == 1
    assert derived_pct(88, 26) == pytest.approx(338.4615, rel=1e-6)  # exact counts: not limited


def test_an_untranslated_subtitle_is_left_out_of_the_english_opening(tmp_path):
    assert "In the report’s words: “Economic indicators keep growing steadily”" in shown(OPENING, load(2017), "en")
    root = copy_data(tmp_path)
    set_field(root, "headlines", "economy", "text_en", "")
    changed = load(2017, root)
    en, zh = shown(OPENING, changed, "en"), shown(OPENING, changed, "zh")
    assert "In the report’s words" not in en and "not yet translated" not in en and "经济指标" not in en
    assert "报告称：“经济指标继续保持平稳增长态势”" in zh
    # other untranslated texts keep their marking
    assert changed.headline("economy")["text_en"] == "经济指标继续保持平稳增长态势 (not yet translated)"
