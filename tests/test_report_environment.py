"""Chapter 4, the business environment: computations against the real and a changed copy of the
data, and every section surviving a missing table."""
from __future__ import annotations

import re

import pytest

from chapter_helpers import assert_not_reported, copy_data, set_field, shown
from zonebook.data import load
from zonebook.report import environment as chapter


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
    assert "derived" in shown(chapter.show_baobao, data, "en")


def test_financing_in_one_unit_and_training_total(data):
    frame = chapter.financing(data).set_index("indicator")["value_wan"]
    assert frame["loans_arranged"] == pytest.approx(3000) and frame["guaranteed_financing"] == pytest.approx(40000)
    training = chapter.training(data)
    assert training["sessions"].sum() == 2 + 1 + 3 + 1 + 1
    assert training["entity"].iloc[0] == "tr_work_safety"  # most sessions first
    html = shown(chapter.show_financing, data, "en")
    assert "30 million yuan" in html and "400 million yuan" in html and "天安建" in html  # the broken-name finding


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
    assert chapter.financing(changed).set_index("indicator")["value_wan"]["guaranteed_financing"] == pytest.approx(25000)
    assert "11 sessions in all" in shown(chapter.show_training, changed, "en")


def test_approximate_workers_keep_their_qualifier(data):
    assert "about 2,000" in shown(chapter.show_talent, data, "en")
    assert "约2000人" in shown(chapter.show_talent, data, "zh")


SECTIONS = ["show_summary", "show_supervision", "show_service_centre", "show_baobao", "show_financing",
            "show_talent", "show_training"]


def test_sections_survive_a_missing_table(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "services.csv").unlink()
    missing = load(2017, root)
    assert chapter.service_ratios(missing).empty and chapter.implied_committee_members(missing) is None
    assert_not_reported(chapter, SECTIONS, missing)


def test_a_missing_row_is_skipped_not_zero(tmp_path):
    root = copy_data(tmp_path)
    path = root / "2017" / "services.csv"
    path.write_text("".join(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not l.startswith(("service_teams,", "projects_per_committee_member,"))), encoding="utf-8")
    changed = load(2017, root)
    assert set(chapter.service_ratios(changed)["key"]) == {"services_per_block", "services_per_staff", "links_per_service",
                                                          "services_per_department"}
    assert chapter.implied_committee_members(changed) is None
    assert shown(chapter.show_baobao, changed, "en").strip() == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    out = "".join(shown(getattr(chapter, name), data, lang) for name in dir(chapter) if name.startswith("show_") and name != "show_finding"
                  and callable(getattr(chapter, name)) and getattr(chapter, name).__module__ == chapter.__name__)
    assert out and not re.search(r"\bnan\b|\bNone\b|not reported|未报告", out)
