"""Chapter 2, industry-city integration: computations against the real and a changed copy of
the data, the spending headings against the source, and pages for years that cover less of the
chapter, or name other things, than 2017."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from support.chapter import (
    _rewrite,
    assert_no_empty_heading,
    assert_not_reported,
    assert_reads_cleanly,
    copy_data,
    drop_columns,
    drop_rows,
    omissions,
    pages,
    set_field,
    shown,
    template_cell,
)
from zonebook.data import load, source_text
from zonebook.report import integration as chapter

TEMPLATE = "02_integration"
# Each section's cell in the template, by a name only it holds.
OPENING = "open_chapter"
SECTIONS = [
    "TOPIC_NEW_SPACE",
    "TOPIC_SPENDING",
    "TOPIC_FACILITIES",
    "TOPIC_PIPELINE",
    "TOPIC_DISTRICTS",
    "TOPIC_MEASURES",
]
FIGURE_TABLES = ["land", "spending", "facilities", "pipeline", "districts"]

cell = partial(template_cell, TEMPLATE)  # a section's cell: a call (data, lang)


@pytest.fixture(scope="module")
def data():
    return load(2017)


# ---- new space -------------------------------------------------------------------------------


def test_land_balance_and_cost_per_mu(data):
    balance = chapter.land_balance(data)
    assert balance["acquired"] == 1506 and balance["built"] == 1589
    assert balance["built_minus_acquired"] == pytest.approx(83)
    assert balance["built_to_acquired_pct"] == pytest.approx(105.5)  # 1589 / 1506 to four digits
    assert chapter.new_space_cost_per_mu(data) == pytest.approx(14987 / 1506)


def test_both_counts_of_projects_started_are_kept(data):
    assert chapter.projects_started_counts(data) == {"new_space": 25, "pipeline": 28, "difference": 3}
    text = shown(cell("TOPIC_NEW_SPACE"), data, "en")
    assert (
        "two counts of projects started, 25 under “Projects started on new land” and 28 under “Projects started”, 3 apart"
        in text
    )
    assert "Section 2(一) says 25" in text  # the finding that refers to both rows


def test_land_built_below_acquired(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "land", "land_built", "value", "1400")
    changed = load(2017, root)
    assert chapter.land_balance(changed)["built_minus_acquired"] == pytest.approx(-106)
    assert "106 mu less" in shown(cell("TOPIC_NEW_SPACE"), changed, "en")


def test_a_figure_no_sentence_uses_is_still_shown(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(root, "land", "id", ["land_built"])
    changed = load(2017, root)
    text = shown(cell("TOPIC_NEW_SPACE"), changed, "en")
    assert "other figures" in text and "1,506 mu" in text  # land acquired: no balance to show it in
    assert_reads_cleanly(text)


# ---- spending --------------------------------------------------------------------------------


def test_spending_items_sum_shares_and_headings(data):
    items = chapter.spending_items(data)
    assert len(items) == 9
    assert items["value"].sum() == pytest.approx(2892.78)
    assert items["share_pct"].sum() == pytest.approx(100)
    assert items.iloc[0]["entity"] == "sp_roads" and items.iloc[0]["share_pct"] == pytest.approx(1504.7 / 2892.78 * 100)
    # shares of exact budget amounts, one decimal down the column: 52.0%, 1.7% (not 2% for 50万元)
    column = list(chapter.spending_table(data, items, "en").frame.iloc[:, 3])
    assert column[0] == "52.0%" and "1.7%" in column and "0.7%" in column
    assert all(len(share.split(".")[1]) == 2 for share in column)  # one digit and the % sign
    totals = chapter.category_totals(items).set_index("category")["value"]
    assert list(totals.index) == ["integration_infrastructure", "integration_environment"]  # the report's order
    assert totals["integration_infrastructure"] == pytest.approx(1504.7 + 307.15 + 822.5)
    assert totals["integration_environment"] == pytest.approx(62.73 + 19.7 + 50 + 30 + 36 + 60)


def test_each_item_stands_under_the_heading_it_follows_in_the_source(data):
    """An item's quote comes after its heading's quote and before the next sub-heading's."""
    source = source_text(2017)
    sections = data.table("sections")
    starts = sorted((source.index(q), i) for i, q in zip(sections["id"], sections["quote"]) if q in source)
    rows = data.table("spending").query("indicator == 'infrastructure_spending_item'")
    for _, row in rows.iterrows():
        at = source.index(row["quote"], source.index("基础设施建设方面"))
        heading = [i for start, i in starts if start < at][-1]
        assert chapter.item_heading(data, row["entity"]) == heading, row["id"]


def test_spending_check_within_rounding(data):
    check = chapter.spending_check(data)
    assert check["items_sum"] == 2892.78 and check["total"] == 2893
    assert check["difference"] == pytest.approx(-0.22)
    assert check["tolerance"] == pytest.approx(0.5)
    assert check["within_rounding"] is True
    assert "rounded" in chapter.check_text(check, "en")


def test_road_cost_per_km_from_the_item_the_length_belongs_to(data):
    assert chapter.road_cost_per_km(data) == pytest.approx(1504.7 / 3.42)
    figures = {f["entity"]: f for f in chapter.item_figures(data)}
    assert set(figures) == {"sp_roads", "sp_municipal"}
    assert figures["sp_municipal"]["per_km"] is None  # a count of roads is no length
    assert "4.4 million yuan per km" in shown(cell("TOPIC_SPENDING"), data, "en")  # 439.97万元/公里
    zh = shown(cell("TOPIC_SPENDING"), data, "zh")
    assert "440万元/公里" in zh and "建设道路5条" in zh and "完成市政配套的道路5条" in zh


def test_a_changed_item_breaks_the_total_and_moves_the_road_cost(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "spending", "spending_roads", "value", "1600")
    changed = load(2017, root)
    check = chapter.spending_check(changed)
    assert check["items_sum"] == pytest.approx(2892.78 - 1504.7 + 1600)
    assert check["difference"] == pytest.approx(95.08)
    assert check["within_rounding"] is False
    assert "more than rounding can explain" in chapter.check_text(check, "en")
    assert chapter.road_cost_per_km(changed) == pytest.approx(1600 / 3.42)


def test_tolerance_follows_the_totals_last_digit(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "spending", "infrastructure_spending_total", "value", "2892.8")
    check = chapter.spending_check(load(2017, root))
    assert check["tolerance"] == pytest.approx(0.05)
    assert check["difference"] == pytest.approx(-0.02) and check["within_rounding"] is True


def test_spending_is_covered_by_whatever_rows_the_year_has(tmp_path):
    """Other items than 2017's, and only a total: the section is shown, never 'not covered'."""
    root = copy_data(tmp_path)
    _rewrite(
        root,
        "spending",
        lambda rows: [
            dict(r, entity="new_item") if r["id"] == "spending_roads" else r
            for r in rows
            if r["id"] != "spending_municipal"
        ],
    )
    _rewrite(
        root,
        "entities",
        lambda rows: rows + [dict(rows[0], id="new_item", name_zh="新增分项", name_en="A new item", section="")],
    )
    changed = load(2017, root)
    assert chapter.TOPIC_SPENDING.covered(changed)
    text = shown(cell("TOPIC_SPENDING"), changed, "en")
    assert "A new item" in text and "Other" in text  # listed under no heading of the report
    drop_rows(
        root,
        "spending",
        "indicator",
        ["infrastructure_spending_item", "roads_built", "road_length", "roads_municipal_completed"],
    )
    only_total = load(2017, root)
    text = shown(cell("TOPIC_SPENDING"), only_total, "en")
    assert omissions(cell("TOPIC_SPENDING"), only_total, "en") == []
    assert "28.93 million yuan" in text and "items" not in text
    assert_reads_cleanly(text)


def test_items_without_headings_are_listed_ungrouped(tmp_path):
    root = copy_data(tmp_path)
    drop_columns(root, "entities", ["section", "builder"])
    changed = load(2017, root)
    assert set(chapter.spending_items(changed)["category"]) == {chapter.NO_HEADING}
    for lang in ("zh", "en"):
        text = shown(cell("TOPIC_SPENDING"), changed, lang)
        assert_reads_cleanly(text)
        assert "Heading" not in text and "类别" not in text
    facilities = shown(cell("TOPIC_FACILITIES"), changed, "en")
    assert "builder" not in facilities.lower() and "built by" not in facilities
    assert chapter.facilities_frame(changed)["builder"].isna().all()


# ---- facilities, pipeline, districts ---------------------------------------------------------


def test_facilities_convert_units_and_name_their_builders(data):
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
    text = shown(cell("TOPIC_FACILITIES"), data, "en")
    assert "700" in text and "Public rental housing allocated" in text  # among the section's other figures
    # the builder and the plans are sentences under the table, not columns that make it too wide
    assert "<th" not in text.split("Fenghuang Primary School (builder: District Education Bureau)")[1].split("</ul>")[0]
    assert "New-energy bus depot (builder: District Transport Bureau)" in text


def test_pipeline_stages_and_per_project(data):
    stages = chapter.pipeline_stages(data).set_index("stage")
    assert list(stages.index) == [
        "projects_signed",
        "projects_started",
        "projects_in_production",
        "projects_negotiating",
        "expansion_upgrade_projects",
    ]
    assert stages.loc["projects_signed", "per_project"] == pytest.approx(32.5 / 28)
    assert stages.loc["projects_signed", "money_kind"] == "funds_in_place"
    assert stages.loc["projects_started", "per_project"] == pytest.approx(43.4 / 28)
    assert stages.loc["projects_in_production", "per_project"] == pytest.approx(16.7 / 19)
    assert stages.loc["expansion_upgrade_projects", "per_project"] == pytest.approx(15 / 36)
    assert pd.isna(stages.loc["projects_negotiating", "money"])  # no money reported: missing, never 0
    assert chapter.stage_ratio(
        chapter.pipeline_stages(data), "projects_in_production", "projects_started"
    ) == pytest.approx(19 / 28 * 100)


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


# ---- reading matter, missing tables, other names ---------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    for name in SECTIONS:
        assert_reads_cleanly(shown(cell(name), data, lang))
    opening = shown(cell(OPENING), data, lang)
    assert "产城一体化建设迈出了重大步伐" in opening or "takes a major step" in opening  # the year's own heading


@pytest.mark.parametrize("table, name", list(zip(FIGURE_TABLES, SECTIONS)))
def test_a_missing_table_leaves_its_section_out(tmp_path, table, name):
    root = copy_data(tmp_path)
    (root / "2017" / f"{table}.csv").unlink()
    changed = load(2017, root)
    assert_not_reported(TEMPLATE, [name], changed)
    topic = chapter.text(f"integration.topic_{dict(zip(FIGURE_TABLES, chapter.FIGURE_TOPICS))[table].key}", "en")
    opening = shown(cell(OPENING), changed, "en")
    assert opening.count("does not cover") == 1 and topic in opening
    for other in SECTIONS:  # the rest of the chapter still reads
        if other != name:
            assert_reads_cleanly(shown(cell(other), changed, "en"))


def test_missing_measures_leave_their_section_out(tmp_path):
    root = copy_data(tmp_path)
    drop_rows(root, "measures", "chapter", ["integration"])
    assert_not_reported(TEMPLATE, ["TOPIC_MEASURES"], load(2017, root))


def test_missing_entities_and_findings_do_not_break_the_sections(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "entities.csv").unlink()
    (root / "2017" / "findings.csv").unlink()
    changed = load(2017, root)
    for name in SECTIONS:
        shown(cell(name), changed, "en")
    assert chapter.facilities_frame(changed)["builder"].isna().all()


def not_covered_root(tmp_path):
    root = copy_data(tmp_path)
    for table in FIGURE_TABLES:
        (root / "2017" / f"{table}.csv").unlink()
    for table in ("headlines", "sections", "measures"):
        drop_rows(root, table, "chapter", ["integration"])
    return root


def test_a_year_that_does_not_cover_the_chapter_says_so_once(tmp_path):
    data = load(2017, not_covered_root(tmp_path))
    assert omissions(cell(OPENING), data, "en") == ["rest"]
    assert "The 2017 report does not cover industry-city integration." in shown(cell(OPENING), data, "en")
    assert "2017年报告未涉及产城一体化。" in shown(cell(OPENING), data, "zh")


def test_pages_of_a_year_that_covers_nothing_or_part_of_the_chapter(tmp_path):
    bare = pages("02_integration", 2017, not_covered_root(tmp_path / "bare"), tmp_path / "bare-out")
    assert bare == {
        "zh": ["# 产城一体化", "2017年报告未涉及产城一体化。"],
        "en": ["# Industry-city integration", "The 2017 report does not cover industry-city integration."],
    }
    root = copy_data(tmp_path / "part")
    for table in ("facilities", "districts"):
        (root / "2017" / f"{table}.csv").unlink()
    drop_rows(root, "land", "id", ["land_built"])
    drop_rows(
        root,
        "pipeline",
        "indicator",
        [
            "investment_funds_in_place",
            "projects_started_investment",
            "projects_in_production_investment",
            "expansion_upgrade_investment",
        ],
    )
    drop_rows(root, "spending", "id", ["infrastructure_spending_total"])
    drop_columns(root, "entities", ["section", "builder"])
    # which sections the page leaves out does not depend on its language: the English page alone
    blocks = pages("02_integration", 2017, root, tmp_path / "part-out", langs=("en",))["en"]
    assert_no_empty_heading(blocks)
    body = [
        b for b in blocks if not b.startswith("#") and "figures behind" not in b and not b.startswith("Table: every")
    ]
    for block in body:
        assert_reads_cleanly(block)
    text = "\n".join(blocks)
    assert text.count("does not cover") == 1
    assert "## Supporting facilities" not in text
    assert "'—'" not in text  # no note about money cells that are not there


def test_other_names_show_and_2017_names_do_not(tmp_path):
    root = copy_data(tmp_path)
    renames = {
        "sp_roads": ("新建道路工程", "New road works"),
        "commercial_district": ("滨河商业街", "Riverside high street"),
        "education_bureau": ("区教育局基建科", "Education works office"),
    }
    _rewrite(
        root,
        "entities",
        lambda rows: [
            dict(r, name_zh=renames[r["id"]][0], name_en=renames[r["id"]][1]) if r["id"] in renames else r for r in rows
        ],
    )
    set_field(root, "sections", "integration_infrastructure", "title_en", "Municipal works")
    set_field(root, "measures", "integration_green_park", "text_en", "Building a riverside eco-park")
    set_field(root, "headlines", "integration", "text_en", "Town and industry grow together")
    changed = load(2017, root)
    text = "\n".join(shown(cell(name), changed, "en") for name in [OPENING, *SECTIONS])
    for new in [
        "New road works",
        "Riverside high street",
        "Education works office",
        "Municipal works",
        "Building a riverside eco-park",
        "Town and industry grow together",
    ]:
        assert new in text, new
    for old in [
        "Road construction",
        "Commercial district on both banks",
        "Infrastructure,",
        "ecological and green industrial park",
        "takes a major step",
    ]:
        assert old not in text, old
    assert (
        "New road works took 15.047 million yuan, or 4.4 million yuan per km; the report puts roads built at 5" in text
    )


def test_facilities_are_compared_per_mu_and_unlike_investments_not_added():
    data = load(2017)
    en = chapter.facilities_text(data, chapter.facilities_frame(data), "en")
    assert en.startswith("Sewage treatment plant has the highest investment per mu of site, 1.74 million yuan per mu")
    assert "255.2" not in en and "cover 198.5 mu, with" in en
    assert "25520" not in chapter.facilities_text(data, chapter.facilities_frame(data), "zh")


def test_derived_percentages_keep_the_digits_of_their_inputs(data, tmp_path):
    """1589 of 1506 mu (four digits each): 105.5%; 1700 of 1600 (two each): 110%, not 106.3%."""
    assert "105.5% of the area acquired" in chapter.land_text(data, chapter.land_balance(data), "en")
    root = copy_data(tmp_path)
    set_field(root, "land", "land_acquired", "value", 1600)
    set_field(root, "land", "land_built", "value", 1700)
    changed = load(2017, root)
    assert "110% of the area acquired" in chapter.land_text(changed, chapter.land_balance(changed), "en")
    assert "56.7% of the size" in chapter.pipeline_text(data, chapter.pipeline_stages(data), "en")[0]
