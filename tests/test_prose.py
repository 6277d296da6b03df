"""Figures said in sentences (zonebook.report.prose): the variant chosen for the figures a year
gives, the year said once in a lede, plain sentences for figures no variant says, and the ledes
of the fictional years."""

from __future__ import annotations

import pytest

from support.chapter import copy_data, drop_rows, set_field
from support.fictional import data_with_fictional_years
from zonebook.data import load
from zonebook.report import prose, safety, supply_side
from zonebook.report.prose import after_the, thought, variant


@pytest.fixture(scope="module")
def data():
    return load(2017)


@pytest.fixture(scope="module")
def fictional(tmp_path_factory):
    root = data_with_fictional_years(tmp_path_factory.mktemp("fictional") / "data")
    return {year: load(year, root) for year in (2018, 2019)}


RESPONSIBILITY = safety.RESPONSIBILITY_THOUGHTS[0]


def test_the_first_variant_the_figures_fill_is_chosen(data, tmp_path):
    assert prose.choose(data, "safety", RESPONSIBILITY).key == "safety.s_cadres_all_signed"
    root = copy_data(tmp_path)
    set_field(root, "safety", "safety_responsibility_letters", "value", 80)
    assert prose.choose(load(2017, root), "safety", RESPONSIBILITY).key == "safety.s_cadres_letters"  # a condition
    drop_rows(root, "safety", "id", ["safety_responsibility_letters"])
    assert prose.choose(load(2017, root), "safety", RESPONSIBILITY).key == "safety.s_cadres"  # a figure missing
    drop_rows(root, "safety", "id", ["safety_cadres"])
    assert prose.choose(load(2017, root), "safety", RESPONSIBILITY).key == "safety.s_enterprises"
    drop_rows(root, "safety", "id", ["safety_key_enterprises"])
    assert prose.choose(load(2017, root), "safety", RESPONSIBILITY) is None  # none: nothing said


def test_a_variant_that_names_a_body_needs_the_body(data, tmp_path):
    third_party = safety.RESPONSIBILITY_THOUGHTS[2]
    assert prose.choose(data, "safety", third_party).key == "safety.s_third_party_once"
    root = copy_data(tmp_path)
    set_field(root, "safety", "third_party_inspections_per_quarter", "entity", "")
    set_field(root, "safety", "third_party_inspections_per_quarter", "value", 2)
    changed = load(2017, root)
    assert prose.choose(changed, "safety", third_party).key == "safety.s_third_party_unnamed"
    said = prose.render(changed, prose.choose(changed, "safety", third_party), "en")
    assert said == "A safety firm under contract sweeps the key enterprises 2 times a quarter."


def test_figures_fill_with_unit_body_and_plural(data):
    fields = prose.filled(data, prose.choose(data, "safety", thought(variant("x", n="fire_drills"))), "en")
    assert fields["n"] == "1" and fields["n_s"] == "" and fields["n_ies"] == "y"
    fields = prose.filled(data, prose.choose(data, "safety", thought(variant("x", n="safety_certificates"))), "zh")
    assert fields["n"] == "67人" and fields["n_who"] == "区安监局" and fields["n_quote"].startswith("67人通过培训")
    fields = prose.filled(data, prose.choose(data, "safety", thought(variant("x", n="hazards_found"))), "en")
    assert fields["n"] == "more than 70" and fields["n_s"] == "s"  # a lower bound is never singular


def test_a_figure_no_thought_says_gets_a_plain_sentence(data):
    rows = safety.section_rows(data, safety.TRAINING_TOPIC)
    out = prose.section_paragraphs(data, "safety", (), rows, "en")
    assert out[0].startswith("The report also gives a figure for safety training meetings: 3.")
    assert "The report also gives a figure for safety administrator certificates (District Work Safety" in out[0]
    zh = prose.section_paragraphs(data, "safety", (), rows, "zh")[0]
    assert "报告还给出了区安监局的" in zh and "：67人。" in zh


def test_what_is_derived_follows_the_sentence_it_derives_from(data):
    rows = safety.section_rows(data, safety.RESPONSIBILITY_TOPIC)
    text = safety.responsibility_text(data, rows, safety.responsibility_derived(data), "en")[0]
    assert (
        text.index("all of which signed")
        < text.index("3.4 key enterprises to each cadre")
        < text.index("once a quarter")
    )
    assert text.index("once a quarter") < text.index("4 sweeps a year")


def test_the_lede_says_the_year_once_in_its_first_sentence(data):
    items = [
        (safety.TABLE, thought(variant(f"safety.s_{k}", **{k: i})))
        for k, i in (("inspections", "safety_inspections"), ("notices", "rectification_notices"))
    ]
    assert prose.lede_of(data, items, "en") == [
        "The zone carried out 45 safety inspections in 2017. The zone issued 45 rectification notices."
    ]
    assert prose.lede_of(data, items, "zh") == ["2017年，园区开展安全生产检查45次。园区下达整改责任书45张。"]
    assert prose.lede_of(data, items[:0], "en") == []


def test_the_safety_lede_of_a_fictional_year(fictional):
    year = fictional[2019]
    assert safety.lede(year, "en") == [
        "All 95 of the zone’s key enterprises signed work-safety responsibility letters in 2019, and each had a cadre"
        " answerable for it. The zone’s 52 safety inspections found 86 hazards, and 1 enterprise had to halt"
        " production pending rectification. Work-safety training reached 520 person-times."
    ]
    assert safety.lede(year, "zh")[0].startswith("2019年，园区95家安全生产重点企业全部签订了责任书")
    assert safety.lede(fictional[2018], "en") == []  # no safety figures: the opening says so, once


def test_sections_of_a_fictional_year_take_the_variants_its_figures_allow(fictional):
    year = fictional[2019]
    training = safety.section_rows(year, safety.TRAINING_TOPIC)  # trainees only
    assert safety.training_text(year, training, safety.training_derived(year), "en") == [
        "The zone gave 520 person-times of work-safety training."
    ]
    structure = supply_side.structure_text(year, supply_side.section_rows(year, supply_side.STRUCTURE_TOPIC), "en")
    assert structure[0].startswith(
        "The zone is building up 2 emerging industries, to make them pillars within 8 years."
    )
    assert "(in the report’s words, “力争用8年时间形成150亿元产业集群”)" in structure[0]
    assets = supply_side.assets_text(
        year, supply_side.section_rows(year, supply_side.ASSETS_TOPIC), supply_side.floor_area_per_project(year), "en"
    )
    assert assets == [
        "Six projects moved into enterprises’ idle premises, leasing 32,000 m² of floor space. That is roughly 5,300 m² a project."
    ]
    assert supply_side.lede(fictional[2018], "zh") == [
        "2018年，12家企业被认定为省级高新技术企业。3家停产企业恢复生产，9个项目租用闲置厂房约5.6万㎡。"
        "园区着力把3个新兴产业打造成200亿元规模的产业集群，这是长期目标。"
    ]


@pytest.mark.parametrize(
    "name, shown",
    [
        ("Forest products and bamboo circular-economy park", "forest products and bamboo circular-economy park"),
        (
            "Commercial district on both banks of the Sanba River",
            "commercial district on both banks of the Sanba River",
        ),
        ("Xing’an Company", "Xing’an Company"),
        ("Xianning High-Tech Park", "Xianning High-Tech Park"),
    ],
)
def test_a_name_after_the_is_lower_case_unless_proper(name, shown):
    assert after_the(name, "en") == shown
    assert after_the("森工及竹循环产业园", "zh") == "森工及竹循环产业园"
