"""Chapter 7, next year's plan: targets against actuals on the real data, a changed copy, a
synthetic next year for last year's plan against the actual, and missing tables."""
from __future__ import annotations

import csv
import io
import re
import shutil

import pandas as pd
import pytest

from chapter_helpers import copy_data, shown
from zonebook.data import load
from zonebook.report import plan as chapter

SECTIONS = [chapter.show_intro, chapter.show_targets, chapter.show_economy, chapter.show_land_projects,
            chapter.show_works, chapter.show_milestones, chapter.show_prior_plan]


@pytest.fixture(scope="module")
def data():
    return load(2017)



def edit_rows(path, change):
    """Rewrite a CSV after `change(rows)` (a list of dicts) has edited it in place."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0])
    rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_value(path, row_id, value):
    def change(rows):
        assert any(r["id"] == row_id for r in rows), row_id
        for r in rows:
            if r["id"] == row_id:
                r["value"] = str(value)
        return rows
    edit_rows(path, change)



# ---- this year's targets against this year's actuals -----------------------------------------

def test_targets_beside_actuals(data):
    frame = chapter.targets_frame(data).set_index("indicator")
    assert len(frame) == 15  # 16 targets less the school's opening month (a date, not an amount)
    assert "school_opening_month" not in frame.index
    assert frame.loc["gross_industrial_output", "implied_growth_pct"] == pytest.approx((150 / 134 - 1) * 100)
    assert frame.loc["tax_revenue", "implied_growth_pct"] == pytest.approx((3.5 / 3.22 - 1) * 100)
    assert frame.loc["new_above_scale_enterprises", "implied_growth_pct"] == pytest.approx((4 / 6 - 1) * 100)
    assert frame.loc["projects_in_production", "implied_growth_pct"] == pytest.approx((36 / 19 - 1) * 100)
    assert frame.loc["projects_started", "actual"] == 28  # the pipeline's count, not 2(一)'s 25
    assert frame.loc["infrastructure_spending_total", "implied_growth_pct"] == pytest.approx((4516 / 2893 - 1) * 100)
    assert frame.loc["road_length", "implied_growth_pct"] == pytest.approx((3.5 / 3.42 - 1) * 100)
    assert chapter.target_only(data) == ["land_levelled", "land_quota_applied", "smart_manufacturing_park_area",
                                         "road_construction_areas"]


def test_growth_achieved_against_growth_implied(data):
    frame = chapter.growth_comparison(data).set_index("indicator")
    assert list(frame.index) == chapter.HEADLINE
    assert list(frame["achieved_pct"]) == [14, 3, 35]
    assert frame.loc["fixed_asset_investment", "implied_pct"] == pytest.approx((70 / 65 - 1) * 100)


def test_targets_below_the_actual_are_called_a_fall(data):
    below = chapter.below_actual(data)
    assert set(below["indicator"]) == {"new_above_scale_enterprises", "land_built"}
    text = shown(chapter.show_targets, data, "en")
    assert "expects a fall" in text and "target 4 against 6 this year: 2 below, −33.3%" in text
    assert "no actual in 2017" in text


def test_milestone_month_comes_from_the_targets(data):
    frame = chapter.milestones_frame(data).set_index("id")
    assert frame.loc["fenghuang_school_completed", "month"] == 9
    assert pd.isna(frame.loc["sewage_plant_in_use", "month"])
    assert "September 2018" in shown(chapter.show_milestones, data, "en")
    assert "2018年9月" in shown(chapter.show_milestones, data, "zh")


def test_a_changed_actual_changes_the_implied_growth(tmp_path):
    root = copy_data(tmp_path)
    set_value(root / "2017" / "economy.csv", "gross_industrial_output", 160)
    changed = load(2017, root)
    frame = chapter.targets_frame(changed).set_index("indicator")
    assert frame.loc["gross_industrial_output", "implied_growth_pct"] == pytest.approx((150 / 160 - 1) * 100)
    assert "gross_industrial_output" in set(chapter.below_actual(changed)["indicator"])


# ---- last year's plan against this year's actual ---------------------------------------------

def test_no_previous_year_says_so(data):
    assert chapter.prior_plan(data) is None
    assert "no report for 2016" in shown(chapter.show_prior_plan, data, "en")
    assert "没有2016年的报告" in shown(chapter.show_prior_plan, data, "zh")


@pytest.fixture
def with_2018(tmp_path):
    """A pretend 2018: a copy of 2017 with some actuals changed and one removed."""
    root = copy_data(tmp_path)
    shutil.copytree(root / "2017", root / "2018")
    economy = root / "2018" / "economy.csv"
    set_value(economy, "gross_industrial_output", 155)     # target 150: met, +5
    set_value(economy, "tax_revenue", 3.4)                 # target 3.5: missed, −0.1
    set_value(economy, "new_above_scale_enterprises", 4)   # target 4: met exactly
    edit_rows(economy, lambda rows: [r for r in rows if r["id"] != "fixed_asset_investment"])  # not reported
    set_value(root / "2018" / "pipeline.csv", "projects_in_production", 40)  # target 36: met
    return load(2018, root)


def test_plan_against_actual_met_missed_not_reported(with_2018):
    frame = chapter.prior_plan(with_2018).set_index("indicator")
    output = frame.loc["gross_industrial_output"]
    assert output["status"] == "met" and output["difference"] == pytest.approx(5)
    assert output["pct_of_target"] == pytest.approx(155 / 150 * 100)
    tax = frame.loc["tax_revenue"]
    assert tax["status"] == "missed" and tax["difference"] == pytest.approx(-0.1)
    assert tax["pct_of_target"] == pytest.approx(3.4 / 3.5 * 100)
    assert frame.loc["new_above_scale_enterprises", "status"] == "met"
    assert frame.loc["new_above_scale_enterprises", "difference"] == 0
    fai = frame.loc["fixed_asset_investment"]
    assert fai["status"] == "not_reported" and pd.isna(fai["actual"]) and pd.isna(fai["difference"])
    assert frame.loc["projects_in_production", "status"] == "met"
    assert frame.loc["projects_signed", "status"] == "missed"  # 28 against 36
    assert frame.loc["land_levelled", "status"] == "not_reported"
    assert frame.loc["infrastructure_spending_total", "difference"] == pytest.approx(2893 - 4516)


def test_plan_against_actual_is_shown(with_2018):
    frame = chapter.prior_plan(with_2018)
    counts = frame["status"].value_counts()
    en = shown(chapter.show_prior_plan, with_2018, "en")
    assert f"{counts['met']} met, {counts['missed']} missed, and {counts['not_reported']} with no actual" in en
    assert "not reported" in en and "zb-figure" in en and "fig-plan-prior-2018" in en
    assert "−10 million yuan" in en and "September" in en  # tax: 3.4 against 3.5 亿元; the school's month
    zh = shown(chapter.show_prior_plan, with_2018, "zh")
    assert "未报告" in zh and "未完成" in zh and "−0.1亿元" in zh
    assert not re.search(r"\b(nan|None|NaN)\b", en + zh)


# ---- reading matter and missing tables -------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    for section in SECTIONS:
        text = shown(section, data, lang)
        assert text.strip(), section.__name__
        assert not re.search(r"\b(nan|None|NaN)\b", text), section.__name__


@pytest.mark.parametrize("table", ["targets", "milestones", "economy", "pipeline", "land", "spending", "entities", "findings"])
def test_sections_survive_a_missing_table(tmp_path, table):
    root = copy_data(tmp_path)
    (root / "2017" / f"{table}.csv").unlink()
    changed = load(2017, root)
    texts = [shown(section, changed, lang) for section in SECTIONS for lang in ("zh", "en")]
    if table in ("targets", "milestones"):
        assert any("not cover" in t for t in texts) and any("未涉及" in t for t in texts)
    if table == "economy":
        assert chapter.growth_comparison(changed).empty
        assert chapter.targets_frame(changed).set_index("indicator")["actual"].isna()["gross_industrial_output"]
