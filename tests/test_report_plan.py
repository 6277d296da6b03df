"""Chapter 7, next year's plan: targets against actuals on the real data, a changed copy, a
pretend next year for last year's plan against the actual, years that set no plan or part of
one, and other names."""

from __future__ import annotations

import csv
import io
import re
import shutil
from functools import partial

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from support.chapter import (
    _rewrite,
    assert_no_empty_heading,
    assert_not_reported,
    assert_reads_cleanly,
    copy_data,
    drop_rows,
    omissions,
    pages,
    set_field,
    shown,
    template_cell,
)
from zonebook.data import load
from zonebook.data.i18n import text
from zonebook.report import charts, intro
from zonebook.report import plan as chapter
from zonebook.report.common import indicator_name
from zonebook.report.history import actual_row

TEMPLATE = "07_plan"
SECTIONS = ["TOPIC_TARGETS", "TOPIC_ECONOMY", "TOPIC_LAND_PROJECTS", "TOPIC_WORKS", "TOPIC_MILESTONES"]
cell = partial(template_cell, TEMPLATE)  # a section's cell: a call (data, lang)
OPENING, TARGETS, MILESTONES, PRIOR = (
    cell("open_plan"),
    cell("TOPIC_TARGETS"),
    cell("TOPIC_MILESTONES"),
    cell("TOPIC_PRIOR"),
)
VERDICTS = re.compile(
    r"<td[^>]*>(not reported|未报告)</td>"
)  # the verdict column of last year's plan: a legitimate word


@pytest.fixture(scope="module")
def data():
    return load(2017)


@pytest.fixture
def undrawn(monkeypatch):
    """Charts built, with their alt text, caption and data, but not drawn: for tests that read the
    sections. Each chart is drawn once, in the tests that look at it."""
    blank = charts.png_bytes(plt.figure(figsize=(0.1, 0.1)))
    monkeypatch.setattr(charts, "png_bytes", lambda fig, close=True: (plt.close(fig) if close else None) or blank)
    monkeypatch.setattr(charts, "narrow", lambda fig: None)


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
    assert chapter.target_only(data) == [
        "land_levelled",
        "land_quota_applied",
        "smart_manufacturing_park_area",
        "road_construction_areas",
    ]


def test_groups_and_the_targets_table(data):
    land = chapter.group_frame(data, chapter.LAND)
    assert list(land["indicator"]) == [i for i in chapter.LAND if i in set(chapter.targets_frame(data)["indicator"])]
    assert (
        list(chapter.group_frame(data, chapter.LAND[::-1])["indicator"]) == list(land["indicator"])[::-1]
    )  # the order given
    # the economy's targets and the school's month: their quirks go under the table of all targets
    assert chapter.ungrouped_ids(data) == {
        "gross_industrial_output",
        "tax_revenue",
        "new_above_scale_enterprises",
        "fixed_asset_investment",
        "school_opening_month",
    }
    table = chapter.targets_table(data, chapter.targets_frame(data), "en").frame.set_index("Indicator")
    assert table.loc["New above-scale enterprises"].tolist() == ["6", "4", "−33.3%"]
    assert table.loc["Land levelled"].tolist()[:2] == ["no actual in 2017", "1,500 mu"] and pd.isna(
        table.loc["Land levelled"].iloc[2]
    )
    assert chapter.group_text(data, land.iloc[0:0], "land", "en") == []


def test_growth_achieved_against_growth_implied(data):
    frame = chapter.growth_comparison(data).set_index("indicator")
    assert list(frame.index) == [
        "gross_industrial_output",
        "tax_revenue",
        "fixed_asset_investment",
    ]  # those with a growth rate
    assert list(frame["achieved_pct"]) == [14, 3, 35]
    assert frame.loc["fixed_asset_investment", "implied_pct"] == pytest.approx((70 / 65 - 1) * 100)


def test_targets_below_the_actual_are_called_a_fall(data):
    below = chapter.below_actual(data)
    assert set(below["indicator"]) == {"new_above_scale_enterprises", "land_built"}
    text = shown(TARGETS, data, "en")
    assert (
        "The plan expects a fall in new above-scale enterprises: its 2018 target of 4 is 2 below the 6 of 2017 (−33.3%)."
        in text
    )
    assert "no actual in 2017" in text


def test_milestone_month_comes_from_the_targets(data):
    frame = chapter.milestones_frame(data).set_index("id")
    assert frame.loc["fenghuang_school_completed", "month"] == 9
    assert pd.isna(frame.loc["sewage_plant_in_use", "month"])
    assert "September 2018" in shown(MILESTONES, data, "en")
    assert "2018年9月" in shown(MILESTONES, data, "zh")


def test_a_changed_actual_changes_the_implied_growth(tmp_path):
    root = copy_data(tmp_path)
    set_value(root / "2017" / "economy.csv", "gross_industrial_output", 160)
    changed = load(2017, root)
    frame = chapter.targets_frame(changed).set_index("indicator")
    assert frame.loc["gross_industrial_output", "implied_growth_pct"] == pytest.approx((150 / 160 - 1) * 100)
    assert "gross_industrial_output" in set(chapter.below_actual(changed)["indicator"])


# ---- last year's plan against this year's actual ---------------------------------------------


def test_a_first_year_leaves_last_years_plan_out(data):
    assert chapter.prior_plan(data) is None
    assert_not_reported(TEMPLATE, ["TOPIC_PRIOR"], data)


@pytest.fixture
def with_2018(tmp_path):
    """A pretend 2018: a copy of 2017 with some actuals changed and one removed."""
    root = copy_data(tmp_path)
    shutil.copytree(root / "2017", root / "2018")
    economy = root / "2018" / "economy.csv"
    set_value(economy, "gross_industrial_output", 155)  # target 150: met, +5
    set_value(economy, "tax_revenue", 3.4)  # target 3.5: missed, −0.1
    set_value(economy, "new_above_scale_enterprises", 4)  # target 4: met exactly
    edit_rows(economy, lambda rows: [r for r in rows if r["id"] != "fixed_asset_investment"])  # not reported
    set_value(root / "2018" / "pipeline.csv", "projects_in_production", 40)  # target 36: met
    return load(2018, root)


def test_the_introduction_agrees_with_the_plan_page(with_2018):
    """A year whose report sets no plan and has no plan heading, but whose page scores last year's
    targets: the introduction says what the page shows, not that the chapter is not covered."""
    root = with_2018.folder.parent
    for name in ("targets", "milestones", "sections", "measures", "headlines"):
        edit_rows(root / "2018" / f"{name}.csv", lambda rows: [r for r in rows if r.get("chapter", "plan") != "plan"])
    data = load(2018, root)
    assert chapter.prior_plan(data) is not None and not chapter.has_plan(data)
    for lang in ("zh", "en"):
        about = intro.chapter_rows(data, lang).set_index("slug").loc["07_plan", "about"]
        assert about != text("intro.not_covered", lang, year=2018)
        assert about.startswith(text("intro.about_plan_outcome", lang, year=2018, previous=2017))


def test_a_month_is_shown_and_judged_as_a_date(with_2018):
    """The school opening in September as planned: a date met on time, not "9 month" at 100%."""
    root = with_2018.folder.parent
    facilities = root / "2018" / "facilities.csv"

    def opened(rows):
        school = {k: "" for k in rows[0]} | {"id": "school_opening_month", "indicator": "school_opening_month"}
        school |= {"entity": "fenghuang_primary_school", "value": "9", "unit": "月", "qualifier": "exact"}
        return rows + [school]

    edit_rows(facilities, opened)
    data = load(2018, root)
    row = chapter.prior_plan(data).set_index("indicator").loc["school_opening_month"]
    assert row["status"] == "met" and pd.isna(row["difference"]) and pd.isna(row["pct_of_target"])
    for lang, month in (("en", "September"), ("zh", "9月")):
        table = chapter.prior_table(data, chapter.prior_plan(data), lang).frame
        school = table[table.iloc[:, 0] == indicator_name("school_opening_month", lang)].iloc[0]
        assert list(school.iloc[1:3]) == [month, month] and school.iloc[3:5].isna().all()
    chart = chapter.prior_chart(data, chapter.prior_plan(data), "en")
    assert indicator_name("school_opening_month", "en") not in chart  # a date is no share of a target
    one = chapter.prior_plan(data)
    assert chapter.prior_chart(data, one[one["indicator"].isin(["school_opening_month", "tax_revenue"])], "en") is None


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
    en = shown(PRIOR, with_2018, "en")
    assert f"{counts['met']} met, {counts['missed']} missed and {counts['not_reported']} with no actual" in en
    assert "not reported" in en and "zb-figure" in en and "fig-plan-prior-2018" in en and "<img" in en
    assert "−10 million yuan" in en and "September" in en  # tax: 3.4 against 3.5 亿元; the school's month
    zh = chapter.prior_text(with_2018, frame, "zh") + chapter.prior_table(with_2018, frame, "zh").html()
    assert "未报告" in zh and "未完成" in zh and "−1000万元" in zh  # below 1亿元 in 万元, not −0.1亿元
    assert not re.search(r"\b(nan|None|NaN)\b", en + zh)


def test_targets_meet_actuals_through_their_indicator(data, tmp_path):
    """A target of no entity meets the indicator's only row whatever its entity (road length is
    recorded against the road item); two rows with entities and none without are no actual."""
    assert actual_row(data, "road_length")["entity"] == "sp_roads"
    assert chapter.targets_frame(data).set_index("indicator").loc["road_length", "actual"] == 3.42
    root = copy_data(tmp_path)
    _rewrite(
        root,
        "spending",
        lambda rows: (
            rows
            + [dict(r, id="road_length_2", entity="sp_municipal", value="1") for r in rows if r["id"] == "road_length"]
        ),
    )
    changed = load(2017, root)
    assert actual_row(changed, "road_length") is None
    assert pd.isna(chapter.targets_frame(changed).set_index("indicator").loc["road_length", "actual"])
    assert (
        actual_row(changed, "smart_manufacturing_park_area", "smart_manufacturing_park") is None
    )  # an entity must match


# ---- reading matter, years that set less, other names -----------------------------------------


def test_this_years_charts_are_drawn(data):
    """Each chart of the year's plan drawn once: its picture, its name, words that read cleanly."""
    land, projects = chapter.group_frame(data, chapter.LAND), chapter.group_frame(data, chapter.PROJECTS)
    drawn = {
        "plan-growth-2017": chapter.growth_chart(data, chapter.growth_comparison(data), "en"),
        "plan-land-2017": chapter.group_chart(data, land, "land", "zh"),
        "plan-projects-2017": chapter.group_chart(data, projects, "projects", "en"),
    }
    for name, markup in drawn.items():
        assert f'id="fig-{name}"' in markup and markup.count("data:image/png;base64,") == 2, name
        assert_reads_cleanly(markup)
    assert "Gross industrial output" in drawn["plan-growth-2017"] and "2018年土地目标" in drawn["plan-land-2017"]
    assert "Figure: projects, 2017 actual" in drawn["plan-projects-2017"]
    assert chapter.group_chart(data, chapter.group_frame(data, ["no_such_indicator"]), "land", "en") is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang, undrawn):
    for name in SECTIONS:
        assert_reads_cleanly(shown(cell(name), data, lang))
    opening = shown(OPENING, data, lang)
    assert_reads_cleanly(opening)
    lede = shown(cell("chapter.lede"), data, lang)
    assert (
        "15项数量目标和7个非数量的工作节点" if lang == "zh" else "15 numeric targets for 2018, and 7 milestones"
    ) in lede
    assert "does not cover" not in opening and "未涉及" not in opening


def test_last_years_plan_reads_cleanly_but_for_its_verdicts(with_2018, undrawn):
    for lang in ("zh", "en"):
        section = shown(PRIOR, with_2018, lang)
        assert_reads_cleanly(VERDICTS.sub("<td></td>", section))
        actual_column = re.findall(r"<tr>(?:<td[^>]*>[^<]*</td>){2}<td[^>]*>([^<]*)</td>", section)
        assert actual_column and not any(
            w in actual_column for w in ("not reported", "未报告")
        )  # a missing actual is a dash


def test_a_year_without_a_plan_says_so_once_and_keeps_last_years(with_2018, undrawn):
    root = with_2018.folder.parent
    for table in ("targets", "milestones"):
        (root / "2018" / f"{table}.csv").unlink()
    no_plan = load(2018, root)
    assert shown(OPENING, no_plan, "en").count("The 2018 report sets no plan for 2019.") == 1
    assert "2018年报告未提出2019年的计划。" in shown(OPENING, no_plan, "zh")
    assert omissions(OPENING, no_plan, "en") == []  # last year's plan against this year follows
    assert_not_reported(TEMPLATE, SECTIONS, no_plan)
    assert "fig-plan-prior-2018" in shown(PRIOR, no_plan, "en")


def no_plan_root(tmp_path):
    root = copy_data(tmp_path)
    for table in ("targets", "milestones"):
        (root / "2017" / f"{table}.csv").unlink()
    for table in ("headlines", "sections", "measures"):
        drop_rows(root, table, "chapter", ["plan"])
    return root


def test_pages_of_years_without_a_plan(tmp_path):
    bare = pages("07_plan", 2017, no_plan_root(tmp_path / "bare"), tmp_path / "bare-out")
    assert bare == {
        "zh": ["# 下一年计划", "2017年报告未提出2018年的计划。"],
        "en": ["# Next year's plan", "The 2017 report sets no plan for 2018."],
    }
    root = no_plan_root(tmp_path / "two")
    shutil.copytree(root / "2017", root / "2018")
    shutil.copy(
        copy_data(tmp_path / "plan") / "2017" / "targets.csv", root / "2017" / "targets.csv"
    )  # 2017 sets a plan for 2018
    # which sections the page keeps does not depend on its language: the English page alone
    blocks = pages("07_plan", 2018, root, tmp_path / "two-out", langs=("en",))["en"]
    assert_no_empty_heading(blocks)
    headings = [b for b in blocks if b.startswith("## ")]
    # last year's plan only: this year's tables are listed with their sources in the chapters that own them
    assert len(headings) == 1 and "previous report" in headings[0], headings
    assert "\n".join(blocks).count("The 2018 report sets no plan for 2019") == 1


def test_a_plan_with_some_groups_leaves_the_others_out(tmp_path, undrawn):
    root = copy_data(tmp_path)
    drop_rows(
        root,
        "targets",
        "indicator",
        [
            "gross_industrial_output",
            "tax_revenue",
            "fixed_asset_investment",
            "infrastructure_spending_total",
            "road_length",
            "road_construction_areas",
        ],
    )
    (root / "2017" / "milestones.csv").unlink()
    changed = load(2017, root)
    assert_not_reported(TEMPLATE, ["TOPIC_ECONOMY", "TOPIC_WORKS", "TOPIC_MILESTONES", "TOPIC_PRIOR"], changed)
    for lang in ("zh", "en"):
        opening = shown(OPENING, changed, lang)
        assert opening.count("does not cover") + opening.count("未涉及") == 1
        for name in ["open_plan", "TOPIC_TARGETS", "TOPIC_LAND_PROJECTS"]:
            text = shown(cell(name), changed, lang)
            assert_reads_cleanly(text)
            assert "milestones below" not in text and "工作节点" not in text.replace("非数量的工作节点", "")
    assert "targets for spending on the zone and roads" in shown(OPENING, changed, "en")


def test_other_names_show_and_2017_names_do_not(tmp_path):
    root = copy_data(tmp_path)
    _rewrite(
        root,
        "entities",
        lambda rows: [
            dict(r, name_en="Riverside School") if r["id"] == "fenghuang_primary_school" else r for r in rows
        ],
    )
    set_field(root, "milestones", "fenghuang_school_completed", "text_en", "Open Riverside School")
    set_field(root, "headlines", "plan", "text_en", "A plan for growth")
    changed = load(2017, root)
    text = shown(OPENING, changed, "en") + shown(MILESTONES, changed, "en")
    assert "Riverside School" in text and "Open Riverside School" in text and "A plan for growth" in text
    assert "Fenghuang Primary School" not in text and "Bold planning" not in text


def test_a_previous_year_that_set_no_target_leaves_the_comparison_out(with_2018):
    root = with_2018.folder.parent
    path = root / "2017" / "targets.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")  # the header alone
    assert chapter.prior_plan(load(2018, root)) is None
    assert_not_reported(TEMPLATE, ["TOPIC_PRIOR"], load(2018, root))


def test_growth_rates_that_read_the_same_are_called_the_same(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "targets", "fixed_asset_investment", "value", 87.77)  # 35.03% on 65亿元, shown as 35%, as achieved
    changed = load(2017, root)
    text = chapter.economy_text(changed, chapter.growth_comparison(changed), "en")
    assert "implying growth of 35%, the same as the 35% achieved in 2017" in text


def test_the_lede_says_what_the_plan_asks_and_how_the_last_one_fared(data, tmp_path):
    from support.fictional import data_with_fictional_years

    en = " ".join(chapter.lede(data, "en"))
    assert en.startswith("The 2017 report sets 15 numeric targets for 2018, and 7 milestones that are not numbers.")
    assert "The largest rise is asked of projects in production: 36, 89.5% above the 19 of 2017." in en
    assert "Two targets lie below their 2017 actuals: new above-scale enterprises and land built up." in en
    root = data_with_fictional_years(tmp_path / "data")
    # 2018 (fictional) sets no plan but follows the 2017 one: the outcome alone
    assert chapter.lede(load(2018, root), "en") == [
        "Of the 16 targets the 2017 report set for 2018, 5 were met, 7 missed, and 4 have no reported outcome."
    ]
    assert chapter.lede(load(2018, root), "zh") == [
        "2017年报告为2018年设定的16项目标中，5项完成，7项未完成，4项没有实绩可对照。"
    ]
    keys = [line.key for line in chapter.lede_lines(load(2019, root), "en")]  # a plan, nothing below its actual
    assert keys == ["plan.lede_sets_both", "plan.lede_top"]
