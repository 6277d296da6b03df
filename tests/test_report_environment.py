"""Chapter 4, the business environment: computations against the real and a changed copy of the
data, sections left out when the year does not cover them, and a year with other names."""

from __future__ import annotations

from functools import partial

import pytest

from support.chapter import (
    assert_not_reported,
    assert_reads_cleanly,
    clean_page,
    copy_data,
    drop_rows,
    set_field,
    shown,
    template_cell,
)
from zonebook.data import load
from zonebook.report import environment as chapter

TEMPLATE = "04_environment"
# Each section's cell in the template, by a name only it holds.
OPENING, MEASURES = "open_and_list", "measures_html"
FIGURE_SECTIONS = [
    "SUPERVISION_TOPIC",
    "SERVICE_TOPIC",
    "BAOBAO_TOPIC",
    "FINANCING_TOPIC",
    "TALENT_TOPIC",
    "TRAINING_TOPIC",
    "other_table",
]

cell = partial(template_cell, TEMPLATE)  # a section's cell: a call (data, lang)


@pytest.fixture(scope="module")
def data():
    return load(2017)


def test_service_centre_averages(data):
    ratios = chapter.service_ratios(data).set_index("key")["value"]
    assert ratios["services_per_team"] == pytest.approx(36 / 4)
    assert ratios["staff_per_team"] == pytest.approx(14 / 4)
    assert ratios["links_per_service"] == pytest.approx(47 / 36)
    assert ratios["services_per_department"] == pytest.approx(36 / 27)


def test_baobao_implies_committee_members(data):
    assert chapter.implied_committee_members(data) == pytest.approx(12 / 2)
    text = shown(cell("BAOBAO_TOPIC"), data, "en")
    assert (
        "answerable for 2 of the 12 key projects under construction" in text and "implies 6 committee members" in text
    )
    assert "12个在建重点项目由工委委员分别包保，每名委员包保2个项目。" in shown(cell("BAOBAO_TOPIC"), data, "zh")


def test_financing_in_one_unit_and_training_total(data):
    frame = chapter.financing(data).set_index("indicator")["value_wan"]
    assert frame["loans_arranged"] == pytest.approx(3000) and frame["guaranteed_financing"] == pytest.approx(40000)
    training = chapter.training(data)
    assert training["sessions"].sum() == 2 + 1 + 3 + 1 + 1
    assert training["entity"].iloc[0] == "tr_work_safety"  # most sessions first
    html = shown(cell("FINANCING_TOPIC"), data, "en")
    assert "30 million yuan" in html and "400 million yuan" in html and "天安建" in html  # the broken-name finding
    assert "Wuhan Equity Custody Center" in html  # the body the listings row names


def test_the_opening_gives_the_years_heading_and_what_it_covers(data):
    zh, en = shown(cell(OPENING), data, "zh"), shown(cell(OPENING), data, "en")
    assert "发展软环境得到极大提升" in zh and "does not cover" not in en
    assert "project supervision" in en and "training for enterprises" in en


def test_the_measures_come_under_the_reports_own_headings(data):
    html = shown(cell(MEASURES), data, "zh")
    assert html.index("加大项目督办力度") < html.index("成立项目督办专班") < html.index("主动服务项目建设")
    assert "天安建材、洪盛模具、汇瑞药业" in html and "推荐企业家参加相关培训" in html


def test_a_changed_value_changes_the_results(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "services", "service_centre_staff", "value", 16)
    set_field(root, "services", "projects_per_committee_member", "value", 3)
    set_field(root, "services", "training_statistics", "value", 5)
    set_field(root, "services", "guaranteed_financing", "value", 2.5)
    changed = load(2017, root)
    assert chapter.service_ratios(changed).set_index("key")["value"]["staff_per_team"] == pytest.approx(4)
    assert chapter.implied_committee_members(changed) == pytest.approx(4)
    assert chapter.training(changed)["sessions"].sum() == 11
    assert chapter.financing(changed).set_index("indicator")["value_wan"]["guaranteed_financing"] == pytest.approx(
        25000
    )
    assert "The zone ran 11 sessions of training for enterprises in 2017, of 5 kinds." in shown(
        cell("TRAINING_TOPIC"), changed, "en"
    )


def test_approximate_workers_keep_their_qualifier(data):
    assert "about 2,000" in shown(cell("TALENT_TOPIC"), data, "en")
    assert "约2000人" in shown(cell("TALENT_TOPIC"), data, "zh")


def test_sections_survive_a_missing_table(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "services.csv").unlink()
    missing = load(2017, root)
    assert chapter.service_ratios(missing).empty and chapter.implied_committee_members(missing) is None
    assert_not_reported(TEMPLATE, FIGURE_SECTIONS, missing)
    opening = shown(cell(OPENING), missing, "en")
    assert opening.count("does not cover") == 1 and "project supervision" in opening and "recruitment" in opening
    assert_reads_cleanly(opening + shown(cell(MEASURES), missing, "en"))


def test_a_missing_row_is_skipped_not_zero(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(root, "services", "id", ["service_teams", "projects_per_committee_member"])
    changed = load(2017, root)
    assert set(chapter.service_ratios(changed)["key"]) == {
        "services_per_block",
        "services_per_staff",
        "links_per_service",
        "services_per_department",
    }
    assert chapter.implied_committee_members(changed) is None
    text = shown(cell("BAOBAO_TOPIC"), changed, "en")
    assert "Twelve key projects under construction each had a working-committee member answerable for them." in text
    assert "implies" not in text and "made answerable for 2" not in text
    assert "The enterprise service centre has 14 staff." in shown(cell("SERVICE_TOPIC"), changed, "en")


def test_a_figure_no_section_discusses_gets_its_own_table(tmp_path, data):
    assert chapter.other_rows(data).empty
    root = copy_data(tmp_path)
    set_field(root, "services", "supervision_team_staff", "indicator", "safety_cadres")  # any indicator of no section
    changed = load(2017, root)
    assert list(chapter.other_rows(changed)["id"]) == ["supervision_team_staff"]
    html = shown(cell("other_table"), changed, "en")
    assert (
        "<table" in html and "other figures for this chapter, 2017" in html and "Cadres assigned to work safety" in html
    )
    opening = shown(cell(OPENING), changed, "en")
    assert "other figures" in opening and "does not cover" not in opening


def test_a_year_with_part_of_the_chapter_leaves_out_the_rest(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(root, "services", "indicator", chapter.SUPERVISION + chapter.FINANCING)
    drop_rows(root, "measures", "chapter", ["environment"])
    en = clean_page(TEMPLATE, root, tmp_path)
    assert en.count("does not cover") == 1
    assert "the measures taken, project supervision and financing for enterprises" in en
    assert "## Financing" not in en and "## Project supervision" not in en and "## Services for projects" in en
