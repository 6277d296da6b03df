"""Chapter 3, supply-side reform: computations against the real and a changed copy of the
data, and every section surviving a missing table."""
from __future__ import annotations

import re

import pytest

from chapter_helpers import assert_not_reported, copy_data, set_field, shown
from zonebook.data import load
from zonebook.report import supply_side as chapter


@pytest.fixture(scope="module")
def data():
    return load(2017)





def test_tiers_name_as_many_industries_as_the_report_counts(data):
    frame = chapter.tiers(data).set_index("tier")
    assert list(frame.index) == ["traditional", "emerging", "specialty"]
    assert frame.loc["traditional", "stated"] == frame.loc["traditional", "named"] == 2
    assert frame.loc["emerging", "stated"] == frame.loc["emerging", "named"] == 2
    assert frame.loc["specialty", "stated"] is None or frame.loc["specialty", "stated"] != frame.loc["specialty", "stated"]
    assert "emerging_cluster_target_scale" in frame.loc["emerging", "indicators"]


def test_tier_table_shows_ranges_and_the_cluster_aim(data):
    html = shown(chapter.show_tiers, data, "en")
    assert "30–40 years" in html and "5–10 years" in html and "10 billion yuan" in html
    assert "30–40年" in shown(chapter.show_tiers, data, "zh")


def test_park_progress_shares(data):
    frame = chapter.park_progress(data).set_index("indicator")
    assert frame.loc["bamboo_park_land_acquired", "pct_of_planned"] == pytest.approx(1952 / 3115.5 * 100)
    assert frame.loc["bamboo_park_land_prepared", "pct_of_planned"] == pytest.approx(1100 / 3115.5 * 100)
    assert frame.loc["bamboo_park_land_prepared", "pct_of_previous"] == pytest.approx(1100 / 1952 * 100)
    assert chapter.park_unnamed(data) == 12 - 6


def test_stock_assets_and_innovation(data):
    assert chapter.floor_area_per_project(data) == pytest.approx(80000 / 13)
    assert chapter.length_gain(data) == pytest.approx(2.5)
    kinds = chapter.innovators(data)["kind"].value_counts()
    assert kinds["high_tech"] == 2 and kinds["academician"] == 2 and kinds["brand"] == 2


def test_a_changed_value_changes_the_results(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "industry", "bamboo_park_land_prepared", "value", 1558)
    set_field(root, "innovation", "juning_length_after", "value", 18)
    set_field(root, "stock_assets", "stock_leasing_projects", "value", 16)
    set_field(root, "industry", "traditional_industries", "value", 3)
    changed = load(2017, root)
    frame = chapter.park_progress(changed).set_index("indicator")
    assert frame.loc["bamboo_park_land_prepared", "pct_of_planned"] == pytest.approx(1558 / 3115.5 * 100)
    assert chapter.length_gain(changed) == pytest.approx(3.0)
    assert chapter.floor_area_per_project(changed) == pytest.approx(5000)
    assert "原来的3倍" in shown(chapter.show_innovation, changed, "zh")
    # The report now counts three traditional industries but names two: the chapter says so.
    assert "only 2 are named" in shown(chapter.show_tiers, changed, "en")


def test_approximate_area_is_said_to_be_approximate(data):
    assert "about 80,000 m²" in shown(chapter.show_stock_assets, data, "en")
    assert "约8万㎡" in shown(chapter.show_stock_assets, data, "zh")
    assert "word for word" in shown(chapter.show_stock_assets, data, "en")  # the duplicated passage


@pytest.mark.parametrize("table, sections", [
    ("industry", ["show_summary", "show_tiers", "show_park", "show_park_enterprises"]),
    ("stock_assets", ["show_stock_assets"]),
    ("innovation", ["show_innovation"]),
])
def test_sections_survive_a_missing_table(tmp_path, table, sections):
    root = copy_data(tmp_path)
    (root / "2017" / f"{table}.csv").unlink()
    missing = load(2017, root)
    assert_not_reported(chapter, sections, missing)


def test_a_missing_row_is_skipped_not_zero(tmp_path):
    root = copy_data(tmp_path)
    path = root / "2017" / "industry.csv"
    path.write_text("".join(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not l.startswith("bamboo_park_planned_area,")), encoding="utf-8")
    changed = load(2017, root)
    frame = chapter.park_progress(changed)
    assert list(frame["indicator"]) == ["bamboo_park_land_acquired", "bamboo_park_land_prepared"]
    assert frame["pct_of_planned"].isna().all()
    html = shown(chapter.show_park, changed, "en")
    assert "0%" not in html and not re.search(r"\bnan\b", html)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    out = "".join(shown(getattr(chapter, name), data, lang) for name in dir(chapter) if name.startswith("show_") and name != "show_finding"
                  and callable(getattr(chapter, name)) and getattr(chapter, name).__module__ == chapter.__name__)
    assert out and not re.search(r"\bnan\b|\bNone\b|not reported|未报告", out)
