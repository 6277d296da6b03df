"""Chapter 6, work safety: computations against the real and a changed copy of the data,
sections left out when the year does not cover them, and a year with other names."""

from __future__ import annotations

import re
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
from zonebook.report import safety as chapter

TEMPLATE = "06_safety"
FIGURE_SECTIONS = ["RESPONSIBILITY_TOPIC", "TRAINING_TOPIC", "ENFORCEMENT_TOPIC", "other_table"]
cell = partial(template_cell, TEMPLATE)  # a section's cell: a call (data, lang)
OPENING, MEASURES = cell("open_and_list"), cell("measures_html")
RESPONSIBILITY, TRAINING, ENFORCEMENT = cell("RESPONSIBILITY_TOPIC"), cell("TRAINING_TOPIC"), cell("ENFORCEMENT_TOPIC")


@pytest.fixture(scope="module")
def data():
    return load(2017)


def test_responsibility_and_training_ratios(data):
    assert chapter.enterprises_per_cadre(data) == pytest.approx(88 / 26)
    assert chapter.letter_coverage(data) == pytest.approx(100)
    assert chapter.third_party_per_year(data) == 4
    assert chapter.training_events(data) == 3 + 1
    assert chapter.certificates_per_100_trainees(data) == pytest.approx(67 / 450 * 100)
    en = shown(RESPONSIBILITY, data, "en")
    assert "Twenty-six cadres were made answerable for the zone’s 88 key enterprises, all of which signed" in en
    assert "that makes 4 sweeps a year" in en and "about 3.4 key enterprises to each cadre" in en
    assert "园区26名干部包保88家重点企业，88家企业均已签署安全生产责任书。" in shown(RESPONSIBILITY, data, "zh")


def test_enforcement_ratios_keep_the_lower_bound(data):
    ratios = chapter.enforcement_ratios(data).set_index("key")
    assert ratios.loc["hazards_per_inspection", "value"] == pytest.approx(70 / 45)
    assert ratios.loc["hazards_per_inspection", "bound"] == "lower"
    assert ratios.loc["notices_per_hazard", "bound"] == "upper"
    assert ratios.loc["notices_per_inspection", "bound"] == "exact"
    assert ratios.loc["shutdowns_share_key", "value"] == pytest.approx(2 / 88 * 100)
    html = shown(ENFORCEMENT, data, "en")
    assert "at least 1.56" in html and "at most 0.64" in html and "more than 70" in html
    assert "至少1.56" in shown(ENFORCEMENT, data, "zh")
    assert list(chapter.funnel(data)["value"]) == [45, 70, 45, 2]


def test_derived_values_and_ratios_as_reading_matter(data):
    assert chapter.responsibility_derived(data) == {
        "per_cadre": pytest.approx(88 / 26),
        "coverage": pytest.approx(100),
        "per_year": 4,
    }
    rows = chapter.section_rows(data, chapter.TRAINING_TOPIC)
    assert list(rows["indicator"]) == list(chapter.TRAINING)
    text = chapter.training_text(data, rows, {"events": None, "per_100": None}, "en")
    assert "certificates for every" not in " ".join(text)
    assert text[0].startswith(
        "The zone held 3 training meetings on the safety rules and 1 hands-on fire drill, 450 person-times of training"
        " in all. Sixty-seven trainees earned"
    )
    ratios = chapter.enforcement_ratios(data)
    assert len(chapter.ratios_table(data, ratios, "en").frame) == len(ratios) == 4
    assert chapter.ratios_table(data, ratios.iloc[0:0], "en") is None


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
    assert (
        ratios.loc["hazards_per_inspection", "value"] == pytest.approx(2)
        and ratios.loc["hazards_per_inspection", "bound"] == "exact"
    )
    assert "at least" not in shown(ENFORCEMENT, changed, "en")
    en = shown(RESPONSIBILITY, changed, "en")  # not all signed: the variant that says how many did
    assert "Twenty-two cadres were made answerable for the zone’s 88 key enterprises; 66 enterprises signed" in en
    assert "75% of the key enterprises" in en and "all of which" not in en
    assert "园区22名干部包保88家重点企业；与园区签订安全生产责任书的企业有66家。" in shown(
        RESPONSIBILITY, changed, "zh"
    )


def test_sections_survive_a_missing_table(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "safety.csv").unlink()
    missing = load(2017, root)
    assert chapter.funnel(missing).empty and chapter.enforcement_ratios(missing).empty
    assert chapter.enterprises_per_cadre(missing) is None and chapter.third_party_per_year(missing) is None
    assert_not_reported(TEMPLATE, FIGURE_SECTIONS, missing)
    opening = shown(OPENING, missing, "en")
    assert opening.count("does not cover") == 1 and "safety inspections" in opening
    assert_reads_cleanly(opening + shown(MEASURES, missing, "en"))


def test_a_missing_row_is_skipped_not_zero(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(root, "safety", "id", ["safety_inspections", "fire_drills"])
    changed = load(2017, root)
    assert list(chapter.funnel(changed)["indicator"]) == [
        "hazards_found",
        "rectification_notices",
        "enterprises_shut_down",
    ]
    assert chapter.training_events(changed) is None
    assert set(chapter.enforcement_ratios(changed)["key"]) == {"notices_per_hazard", "shutdowns_share_key"}
    html = shown(ENFORCEMENT, changed, "en") + shown(TRAINING, changed, "en")
    assert not re.search(r"\bnan\b", html) and "<figure" in html and "fire drill" not in html
    # without the inspections, the hazards open the sentence; without the drills, the meetings
    assert "The zone found more than 70 hazards." in html and "The zone issued 45 rectification notices." in html
    assert "The zone held 3 training meetings on the safety rules, 450 person-times of training in all." in html


def test_the_opening_and_the_measures_are_the_years(data):
    assert "安全生产工作实现了常态化" in shown(OPENING, data, "zh")
    html = shown(MEASURES, data, "zh")
    assert html.index("落实主体责任和工作责任") < html.index("企业将责任分解到车间、班组") < html.index("落实培训")
    assert "打非治违" in html  # a measure under no sub-heading


def test_bodies_are_named_from_the_rows(data):
    en = shown(RESPONSIBILITY, data, "en") + shown(TRAINING, data, "en")
    assert (
        "A safety firm under contract, Hubei Antai Safety Technology Co., sweeps the key enterprises once a quarter."
        in en
    )
    assert (
        "Sixty-seven trainees earned the safety administrator’s certificate issued by the District Work Safety Supervision Bureau."
        in en
    )
    assert "higher still" in en  # trainees are counted in person-times


def test_a_year_with_part_of_the_chapter_leaves_out_the_rest(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(root, "safety", "indicator", chapter.TRAINING + ("safety_cadres", "hazards_found"))
    drop_rows(root, "measures", "chapter", ["safety"])
    en = clean_page(TEMPLATE, root, tmp_path)
    assert en.count("does not cover") == 1 and "the measures taken and safety training" in en
    assert "## Training" not in en and "## The measures" not in en and "## Inspections and enforcement" in en
    findings = "\n".join(line for line in en.splitlines() if not line.startswith("*How it is computed:*"))
    assert "to each cadre" not in findings and "lower bound" not in findings  # the method sentence names them
    assert "All 88 of the zone’s key enterprises signed work-safety responsibility letters." in en
