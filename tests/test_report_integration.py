"""Chapter 2, industry-city integration: computations against the real and a changed copy of
the data, the spending categories against the source's headings, and every section surviving
a missing table."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from chapter_helpers import copy_data, set_field, shown
from zonebook.data import load, source_text
from zonebook.report import integration as chapter

SECTIONS = [chapter.show_intro, chapter.show_new_space, chapter.show_spending, chapter.show_facilities,
            chapter.show_pipeline, chapter.show_districts]


@pytest.fixture(scope="module")
def data():
    return load(2017)





# ---- new space -------------------------------------------------------------------------------

def test_land_balance_and_cost_per_mu(data):
    balance = chapter.land_balance(data)
    assert balance["acquired"] == 1506 and balance["built"] == 1589
    assert balance["built_minus_acquired"] == pytest.approx(83)
    assert balance["built_to_acquired_pct"] == pytest.approx(1589 / 1506 * 100)
    assert chapter.new_space_cost_per_mu(data) == pytest.approx(14987 / 1506)


def test_both_counts_of_projects_started_are_kept(data):
    assert chapter.projects_started_counts(data) == {"new_space": 25, "pipeline": 28, "difference": 3}
    text = shown(chapter.show_new_space, data, "en")
    assert "25" in text and "28" in text and "a gap of 3" in text


# ---- spending --------------------------------------------------------------------------------

def test_spending_items_sum_shares_and_categories(data):
    items = chapter.spending_items(data)
    assert len(items) == 9
    assert items["value"].sum() == pytest.approx(2892.78)
    assert items["share_pct"].sum() == pytest.approx(100)
    assert items.iloc[0]["entity"] == "sp_roads" and items.iloc[0]["share_pct"] == pytest.approx(1504.7 / 2892.78 * 100)
    totals = chapter.category_totals(items).set_index("category")["value"]
    assert totals["infrastructure"] == pytest.approx(1504.7 + 307.15 + 822.5)
    assert totals["environment"] == pytest.approx(62.73 + 19.7 + 50 + 30 + 36 + 60)


def test_spending_categories_follow_the_source_headings(data):
    """Each item's quote lies under the heading the category names (基础设施建设方面 / 园区环境改善方面)."""
    source = source_text(2017)
    infra, env, facilities = source.index("基础设施建设方面"), source.index("园区环境改善方面"), source.index("配套设施建设方面")
    rows = data.table("spending").query("indicator == 'infrastructure_spending_item'")
    for _, row in rows.iterrows():
        at = source.index(row["quote"], infra)
        expected = "infrastructure" if infra < at < env else "environment" if env < at < facilities else "?"
        assert chapter.SPENDING_CATEGORY[row["entity"]] == expected, row["id"]


def test_spending_check_within_rounding(data):
    check = chapter.spending_check(data)
    assert check["items_sum"] == 2892.78 and check["total"] == 2893
    assert check["difference"] == pytest.approx(-0.22)
    assert check["tolerance"] == pytest.approx(0.5)
    assert check["within_rounding"] is True
    assert "rounded" in shown(chapter.show_spending_check, data, "en")


def test_road_cost_per_km(data):
    assert chapter.road_cost_per_km(data) == pytest.approx(1504.7 / 3.42)
    text = shown(chapter.show_road_cost, data, "en")
    assert "4.4 million yuan per km" in text  # 439.97万元/公里
    assert "440万元/公里" in shown(chapter.show_road_cost, data, "zh")


def test_a_changed_item_breaks_the_total_and_moves_the_road_cost(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "spending", "spending_roads", "value", "1600")
    changed = load(2017, root)
    check = chapter.spending_check(changed)
    assert check["items_sum"] == pytest.approx(2892.78 - 1504.7 + 1600)
    assert check["difference"] == pytest.approx(95.08)
    assert check["within_rounding"] is False
    assert "more than rounding can explain" in shown(chapter.show_spending_check, changed, "en")
    assert chapter.road_cost_per_km(changed) == pytest.approx(1600 / 3.42)


def test_tolerance_follows_the_totals_last_digit(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "spending", "infrastructure_spending_total", "value", "2892.8")
    check = chapter.spending_check(load(2017, root))
    assert check["tolerance"] == pytest.approx(0.05)
    assert check["difference"] == pytest.approx(-0.02) and check["within_rounding"] is True


def test_land_built_below_acquired(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "land", "land_built", "value", "1400")
    changed = load(2017, root)
    assert chapter.land_balance(changed)["built_minus_acquired"] == pytest.approx(-106)
    assert "106 mu less" in shown(chapter.show_new_space, changed, "en")


# ---- facilities, pipeline, districts ---------------------------------------------------------

def test_facilities_convert_units_and_find_builders(data):
    frame = chapter.facilities_frame(data).set_index("entity")
    sewage = frame.loc["sewage_plant"]
    assert sewage["investment"] == pytest.approx(20000)  # 2亿元 in 万元
    assert sewage["investment_kind"] == "total"
    assert sewage["per_mu"] == pytest.approx(20000 / 115)
    assert sewage["area_ha"] == pytest.approx(115 * 2000 / 3 / 10000)
    assert pd.isna(sewage["builder"]) and pd.isna(sewage["phases"])  # not stated: missing, never 0
    school = frame.loc["fenghuang_primary_school"]
    assert school["builder"] == "education_bureau" and school["phases"] == 2
    assert frame.loc["health_service_station", "investment_kind"] == "planned"
    assert frame.loc["ev_bus_depot", "per_mu"] == pytest.approx(220 / 7)
    assert "public_rental_housing" not in frame.index


def test_pipeline_stages_and_per_project(data):
    stages = chapter.pipeline_stages(data).set_index("stage")
    assert list(stages.index) == ["projects_signed", "projects_started", "projects_in_production",
                                  "projects_negotiating", "expansion_upgrade_projects"]
    assert stages.loc["projects_signed", "per_project"] == pytest.approx(32.5 / 28)
    assert stages.loc["projects_signed", "money_kind"] == "funds_in_place"
    assert stages.loc["projects_started", "per_project"] == pytest.approx(43.4 / 28)
    assert stages.loc["projects_in_production", "per_project"] == pytest.approx(16.7 / 19)
    assert stages.loc["expansion_upgrade_projects", "per_project"] == pytest.approx(15 / 36)
    assert pd.isna(stages.loc["projects_negotiating", "money"])  # no money reported: missing, never 0
    assert chapter.stage_ratio(chapter.pipeline_stages(data), "projects_in_production", "projects_started") == pytest.approx(19 / 28 * 100)


def test_districts_area_per_entrant(data):
    frame = chapter.districts_frame(data).set_index("entity")
    assert frame.loc["commercial_district", "per_entrant"] == pytest.approx(1000 / 11)
    assert frame.loc["logistics_park", "per_entrant"] == pytest.approx(325)


def test_changed_pipeline_count_changes_per_project(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "pipeline", "projects_started", "value", "31")
    changed = load(2017, root)
    stages = chapter.pipeline_stages(changed).set_index("stage")
    assert stages.loc["projects_started", "per_project"] == pytest.approx(43.4 / 31)
    assert chapter.projects_started_counts(changed)["difference"] == 6


# ---- reading matter and missing tables -------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    for section in SECTIONS:
        text = shown(section, data, lang)
        assert text.strip(), section.__name__
        assert not re.search(r"\b(nan|None|NaN)\b", text), section.__name__


@pytest.mark.parametrize("table, section", [
    ("land", chapter.show_new_space), ("spending", chapter.show_spending), ("facilities", chapter.show_facilities),
    ("pipeline", chapter.show_pipeline), ("districts", chapter.show_districts),
])
def test_sections_survive_a_missing_table(tmp_path, table, section):
    root = copy_data(tmp_path)
    (root / "2017" / f"{table}.csv").unlink()
    changed = load(2017, root)
    for lang in ("zh", "en"):
        text = shown(section, changed, lang)
        assert "not cover" in text or "未涉及" in text
    for other in SECTIONS:  # the rest of the chapter still runs
        shown(other, changed, "en")


def test_missing_entities_and_findings_do_not_crash(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "entities.csv").unlink()
    (root / "2017" / "findings.csv").unlink()
    changed = load(2017, root)
    for section in SECTIONS:
        shown(section, changed, "en")
    assert chapter.facilities_frame(changed)["builder"].isna().all()
