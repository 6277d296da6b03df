"""Chapter 3, supply-side reform: computations against the real and a changed copy of the data,
sections left out when the year does not cover them, and a year with other names."""

from __future__ import annotations

import re
from functools import partial

import pytest

from support.chapter import (
    assert_not_reported,
    clean_page,
    copy_data,
    drop_rows,
    set_field,
    shown,
    template_cell,
)
from zonebook.data import load
from zonebook.report import supply_side as chapter

TEMPLATE = "03_supply_side"
# Each section's cell in the template, by a name only it holds.
OPENING, MEASURES = "open_and_list", "measures_html"
FIGURE_SECTIONS = ["STRUCTURE_TOPIC", "PARK_TOPIC", "ASSETS_TOPIC", "INNOVATION_TOPIC", "other_tables"]

cell = partial(template_cell, TEMPLATE)  # a section's cell: a call (data, lang)


@pytest.fixture(scope="module")
def data():
    return load(2017)


def test_structure_shows_ranges_the_cluster_aim_and_the_named_industries(data):
    html = shown(cell("STRUCTURE_TOPIC"), data, "en")
    assert "30–40 years" in html and "5–10 years" in html and "10 billion yuan" in html and "long-range aim" in html
    assert "Ramie textiles (苧麻纺织)" in html and "Specialty industry" in html
    assert "30–40年" in shown(cell("STRUCTURE_TOPIC"), data, "zh")
    assert list(chapter.industries(data)["id"])[:2] == ["ramie_textiles", "electromechanical_electronics"]


def test_park_progress_shares_and_named_enterprises(data):
    frame = chapter.park_progress(data).set_index("indicator")
    assert frame.loc["bamboo_park_land_acquired", "pct_of_planned"] == pytest.approx(1952 / 3115.5 * 100)
    assert frame.loc["bamboo_park_land_prepared", "pct_of_planned"] == pytest.approx(1100 / 3115.5 * 100)
    assert frame.loc["bamboo_park_land_prepared", "pct_of_previous"] == pytest.approx(1100 / 1952 * 100)
    assert chapter.park_entity(data) == "bamboo_forestry_park"
    count = data.row("bamboo_park_enterprises", "bamboo_forestry_park", "industry")
    assert chapter.named_for(data, count) == [
        "juning_bamboo",
        "jiangnanchun_bamboo",
        "hanbang_wood",
        "aier_wood",
        "shengbaoluo_wood",
        "sansen_wood",
    ]
    zh = shown(cell("PARK_TOPIC"), data, "zh")
    assert "62.7%" in zh and "原文点名6家" in zh and "其余6家未具名" in zh and "森工及竹循环产业园" in zh


def test_stock_assets_and_innovation(data):
    assert chapter.floor_area_per_project(data) == 6000  # 约8万㎡ has one digit: 6153.8 as 6000
    assert chapter.length_gain(data) == pytest.approx(2.5)
    en = shown(cell("INNOVATION_TOPIC"), data, "en")
    assert "Juning Bamboo lengthened its product from 6 m to 15 m through innovation. That is 2.5 times" in en
    assert "13 million yuan of county funds for Hongsheng Mould" in en
    assert "the report names 2: Jinzhan Electronics and Zhonggang Metal; the other 7 go unnamed" in en


def test_the_opening_and_the_measures_are_the_years(data):
    assert "供给侧改革取得实质性成效" in shown(cell(OPENING), data, "zh")
    html = shown(cell(MEASURES), data, "zh")
    assert html.index("盘活企业存量资产") < html.index("泉都带钢") < html.index("降低企业运营成本")
    assert "华鑫科技和三六重工成立院士工作站" in html and "圣保罗木业获得中华民族品牌称号" in html


def test_a_changed_value_changes_the_results(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "industry", "bamboo_park_land_prepared", "value", 1558)
    set_field(root, "industry", "bamboo_park_enterprises", "value", 15)
    set_field(root, "innovation", "juning_length_after", "value", 18)
    set_field(root, "stock_assets", "stock_leasing_projects", "value", 16)
    changed = load(2017, root)
    frame = chapter.park_progress(changed).set_index("indicator")
    assert frame.loc["bamboo_park_land_prepared", "pct_of_planned"] == pytest.approx(1558 / 3115.5 * 100)
    assert chapter.length_gain(changed) == pytest.approx(3.0)
    assert chapter.floor_area_per_project(changed) == pytest.approx(5000)
    assert "原来的3倍" in shown(cell("INNOVATION_TOPIC"), changed, "zh")
    assert "其余9家未具名" in shown(cell("PARK_TOPIC"), changed, "zh")


def test_approximate_area_is_said_to_be_approximate(data):
    en = shown(cell("ASSETS_TOPIC"), data, "en")
    assert "leasing about 80,000 m² of floor space. That is roughly 6,000 m² a project" in en
    assert "only indicates the scale" in en
    assert "约8万㎡" in shown(cell("ASSETS_TOPIC"), data, "zh")
    assert "word for word" in en  # the duplicated passage


@pytest.mark.parametrize(
    "table, sections, topic",
    [
        ("industry", ["STRUCTURE_TOPIC", "PARK_TOPIC"], "the industrial park"),
        ("stock_assets", ["ASSETS_TOPIC"], "idle assets put back to work"),
        ("innovation", ["INNOVATION_TOPIC"], "innovation"),
    ],
)
def test_sections_survive_a_missing_table(tmp_path, table, sections, topic):
    root = copy_data(tmp_path)
    (root / "2017" / f"{table}.csv").unlink()
    missing = load(2017, root)
    assert_not_reported(TEMPLATE, sections + ["other_tables"], missing)
    opening = shown(cell(OPENING), missing, "en")
    assert opening.count("does not cover") == 1 and topic in opening.split("does not cover")[1].split("</p>")[0]


def test_a_missing_row_is_skipped_not_zero(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(root, "industry", "id", ["bamboo_park_planned_area"])
    changed = load(2017, root)
    frame = chapter.park_progress(changed)
    assert list(frame["indicator"]) == ["bamboo_park_land_acquired", "bamboo_park_land_prepared"]
    assert frame["pct_of_planned"].isna().all()
    html = shown(cell("PARK_TOPIC"), changed, "en")
    assert "0%" not in html and not re.search(r"\bnan\b", html) and "of the planned area" not in html


def test_a_figure_no_section_discusses_gets_its_own_table(tmp_path, data):
    assert chapter.other_rows(data) == {}
    root = copy_data(tmp_path)
    set_field(
        root, "stock_assets", "stock_leasing_projects", "indicator", "safety_cadres"
    )  # any indicator of no section
    changed = load(2017, root)
    assert list(chapter.other_rows(changed)) == ["stock_assets"]
    assert "Cadres assigned to work safety" in shown(cell("other_tables"), changed, "en")
    assert chapter.floor_area_per_project(changed) is None


def test_a_new_indicator_alone_is_shown_not_called_uncovered(tmp_path):
    """A year whose only supply-side figure is an indicator no section discusses: the page shows it
    among the other figures instead of saying the report does not cover the chapter."""
    root = copy_data(tmp_path)
    for table in (chapter.INDUSTRY, chapter.STOCK):
        (root / "2017" / f"{table}.csv").unlink()
    for table in ("headlines", "sections", "measures"):
        drop_rows(root, table, "chapter", [chapter.CHAPTER])
    with (root / "catalogue.csv").open("a", encoding="utf-8") as handle:  # fictional test data
        handle.write("patents_granted,supply_side,Patents granted,授权专利,个,,\n")
    innovation = root / "2017" / "innovation.csv"
    header = innovation.read_text(encoding="utf-8").splitlines()[0]
    innovation.write_text(f"{header}\npatents_granted,patents_granted,,70,,个,exact,授权专利70个,,\n", encoding="utf-8")
    en = clean_page(TEMPLATE, root, tmp_path)
    assert "does not cover supply-side reform" not in en and "Patents granted" in en


def test_a_year_with_part_of_the_chapter_leaves_out_the_rest(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "innovation.csv").unlink()
    drop_rows(root, "industry", "indicator", chapter.STRUCTURE)
    drop_rows(root, "measures", "chapter", ["supply_side"])
    en = clean_page(TEMPLATE, root, tmp_path)
    assert en.count("does not cover") == 1 and "the measures taken, the industry structure and innovation" in en
    assert "## Innovation" not in en and "## The industry structure" not in en and "## The industrial park" in en


def test_a_finding_about_a_body_a_figure_concerns_is_shown_with_it(tmp_path, data):
    assert "recorded as one entity" not in shown(cell("INNOVATION_TOPIC"), data, "en")
    root = copy_data(tmp_path)
    set_field(root, "findings", "shengbaoluo_two_names", "refs", "entities:hongsheng_mould")
    assert "recorded as one entity" in shown(cell("INNOVATION_TOPIC"), load(2017, root), "en")
