"""Chapter 6, work safety: computations against the real and a changed copy of the
data, and every section surviving a missing table."""
from __future__ import annotations

import re

import pytest

from chapter_helpers import assert_not_reported, copy_data, set_field, shown
from zonebook.data import load
from zonebook.report import safety as chapter


@pytest.fixture(scope="module")
def data():
    return load(2017)







def test_responsibility_and_training_ratios(data):
    assert chapter.enterprises_per_cadre(data) == pytest.approx(88 / 26)
    assert chapter.letter_coverage(data) == pytest.approx(100)
    assert chapter.third_party_per_year(data) == 4
    assert chapter.training_events(data) == 3 + 1
    assert chapter.certificates_per_100_trainees(data) == pytest.approx(67 / 450 * 100)
    assert "derived" in shown(chapter.show_responsibility, data, "en")


def test_enforcement_ratios_keep_the_lower_bound(data):
    ratios = chapter.enforcement_ratios(data).set_index("key")
    assert ratios.loc["hazards_per_inspection", "value"] == pytest.approx(70 / 45)
    assert ratios.loc["hazards_per_inspection", "bound"] == "lower"
    assert ratios.loc["notices_per_hazard", "bound"] == "upper"
    assert ratios.loc["notices_per_inspection", "bound"] == "exact"
    assert ratios.loc["shutdowns_share_key", "value"] == pytest.approx(2 / 88 * 100)
    html = shown(chapter.show_enforcement, data, "en")
    assert "at least 1.56" in html and "at most 0.64" in html and "more than 70" in html
    assert "至少1.56" in shown(chapter.show_enforcement, data, "zh")
    assert list(chapter.funnel(data)["value"]) == [45, 70, 45, 2]


def test_a_changed_value_changes_the_results(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "safety", "safety_cadres", "value", 22)
    set_field(root, "safety", "safety_responsibility_letters", "value", 66)
    set_field(root, "safety", "hazards_found", "qualifier", "exact")
    set_field(root, "safety", "hazards_found", "value", 90)
    changed = load(2017, root)
    assert chapter.enterprises_per_cadre(changed) == pytest.approx(4)
    assert chapter.letter_coverage(changed) == pytest.approx(75)
    ratios = chapter.enforcement_ratios(changed).set_index("key")
    assert ratios.loc["hazards_per_inspection", "value"] == pytest.approx(2) and ratios.loc["hazards_per_inspection", "bound"] == "exact"
    assert "at least" not in shown(chapter.show_enforcement, changed, "en")


def test_sections_survive_a_missing_table(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "safety.csv").unlink()
    missing = load(2017, root)
    assert chapter.funnel(missing).empty and chapter.enforcement_ratios(missing).empty
    assert chapter.enterprises_per_cadre(missing) is None and chapter.third_party_per_year(missing) is None
    assert_not_reported(chapter, ["show_summary", "show_responsibility", "show_training", "show_enforcement"], missing)


def test_a_missing_row_is_skipped_not_zero(tmp_path):
    root = copy_data(tmp_path)
    path = root / "2017" / "safety.csv"
    path.write_text("".join(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not l.startswith(("safety_inspections,", "fire_drills,"))), encoding="utf-8")
    changed = load(2017, root)
    assert list(chapter.funnel(changed)["indicator"]) == ["hazards_found", "rectification_notices", "enterprises_shut_down"]
    assert chapter.training_events(changed) is None
    assert set(chapter.enforcement_ratios(changed)["key"]) == {"notices_per_hazard", "shutdowns_share_key"}
    html = shown(chapter.show_enforcement, changed, "en") + shown(chapter.show_training, changed, "en")
    assert not re.search(r"\bnan\b", html) and "<figure" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    out = "".join(shown(getattr(chapter, name), data, lang) for name in dir(chapter) if name.startswith("show_") and name != "show_finding"
                  and callable(getattr(chapter, name)) and getattr(chapter, name).__module__ == chapter.__name__)
    assert out and not re.search(r"\bnan\b|\bNone\b|not reported|未报告", out)
