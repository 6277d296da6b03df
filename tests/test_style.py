"""The house style (docs/style.md) is checked: each rule fails on a planted breach and passes
the text written as the style asks; the formatting layer writes amounts and derived values the
way the rules want them.

The check over every page of every edition (2017 and the fictional years, both languages) is in
test_year_content.py, which shares that module's build of the editions.
"""

from __future__ import annotations

import pytest

from zonebook.data.i18n import number
from zonebook.data.precision import derived, factor_digits, round_to, written_digits
from zonebook.data.quantities import amount_scale, quantity
from zonebook.report.style import RULE_NAMES, check_page, check_text

SOURCE = "规模以上企业完成工业总产值134亿元,分别增长了14%、3%。"

# rule -> (language, text that breaks it, the same text as the style writes it)
PLANTED = {
    "zh.halfwidth": ("zh", "开工建设项目(拓展空间)为25个", "开工建设项目（拓展空间）为25个"),
    "zh.yi_below_one": ("zh", "平均0.417亿元/个", "平均4170万元/个"),
    "zh.chapter_name": ("zh", "推算值由本书计算，见“经济指标”一章。", "推算值由本书计算，见“经济发展”一章。"),
    "en.straight_quote": ("en", "The zone's enterprises", "The zone’s enterprises"),
    "en.thousands": ("en", "guaranteed 40000 yuan", "guaranteed 40,000 yuan"),
    "en.below_one_billion": ("en", "Tax revenue 0.322 billion yuan", "Tax revenue 322 million yuan"),
    "en.this_year": ("en", "This year’s projects started", "Projects started in 2017"),
    "en.chapter_name": ("en", "see the “Economic indicators” chapter", "see the “The economy” chapter"),
    "en.numeral_start": ("en", "The rate is 89.5%. 2 targets lie below.", "The rate is 89.5%. Two targets lie below."),
    "both.digits": ("en", "Tax revenue 2016: 3.1262 billion yuan", "Tax revenue 2016: 3.13 billion yuan"),
    "en.pinyin": ("en", "key enterprises under safety baobao", "key enterprises with an assigned safety cadre"),
}


def test_every_rule_has_a_planted_breach():
    assert set(PLANTED) == set(RULE_NAMES)


@pytest.mark.parametrize("rule", sorted(PLANTED))
def test_a_planted_breach_fails_its_rule_and_the_styled_text_passes(rule):
    lang, breach, styled = PLANTED[rule]
    assert [b.rule for b in check_text(breach, lang, "planted")] == [rule]
    assert check_text(styled, lang, "planted") == []


@pytest.mark.parametrize("rule", sorted(PLANTED))
def test_a_planted_breach_in_a_built_page_is_found(rule):
    """The same breaches as a page carries them: in a paragraph, and in an image's alt text."""
    lang, breach, styled = PLANTED[rule]
    page = (
        f'<html><body><article class="bd-article"><p>{styled}</p>'
        f'<img alt="{breach}" src="x.png"/><p>{styled}</p></article></body></html>'
    )
    assert [b.rule for b in check_page(page, lang, "page")] == [rule]


def test_the_reports_own_words_are_not_the_books_style():
    """A quote of the source keeps its half-width commas: in a quote cell, or “quoted” in Chinese prose."""
    cell = '<article class="bd-article"><table><tr><td lang="zh-CN">开发区实有企业147家,其中(规上)57家</td></tr></table></article>'
    assert check_page(cell, "zh") == check_page(cell, "en") == []
    quoted = "原文为“规模以上企业完成工业总产值134亿元,分别增长了14%、3%。”"
    assert check_text(quoted, "zh", source=SOURCE) == []
    assert [b.rule for b in check_text(quoted, "zh", source="")] == ["zh.halfwidth"]  # not the source's words


def test_a_number_a_reference_states_is_not_a_derived_one():
    text = "at the 2017 average rate of 6.7518 yuan per US dollar"
    assert [b.rule for b in check_text(text, "en")] == ["both.digits"]
    assert check_text(text, "en", stated=frozenset({"6.7518"})) == []


def test_this_year_as_the_gloss_of_a_quote_is_not_the_editions_year():
    assert check_text("the sentence begins 今年 (this year)", "en") == []


# ---- the formatting layer ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "zh", "en"),
    [
        (0.417, "亿元", "4170万元", "41.7 million yuan"),
        (3.22, "亿元", "3.22亿元", "322 million yuan"),
        (134, "亿元", "134亿元", "13.4 billion yuan"),
        (40000, "万元", "4亿元", "400 million yuan"),
        (3000, "万元", "3000万元", "30 million yuan"),
        (307.15, "万元", "307.15万元", "3,071,500 yuan"),  # exact: 3.0715 million would be four decimals
        (2560, "万美元", "2560万美元", "25.6 million USD"),
    ],
)
def test_an_amount_is_written_in_the_unit_a_reader_chooses(value, unit, zh, en):
    assert quantity(value, unit, "zh") == zh
    assert quantity(value, unit, "en") == en
    assert check_text(zh, "zh") == [] and check_text(en, "en") == []


def test_a_table_column_of_amounts_shares_one_unit_with_few_decimals():
    spending = [1504.7, 822.5, 307.15, 62.73, 19.7]  # 万元
    assert amount_scale(spending, "万元", "zh", table=True) == ("万元", 1.0)
    label, scale = amount_scale(spending, "万元", "en", table=True)
    assert label == "thousand yuan" and [number(v * scale, "en") for v in spending] == [
        "15,047",
        "8,225",
        "3,071.5",
        "627.3",
        "197",
    ]
    assert amount_scale([3.22, 3.13], "亿元", "en", table=True)[0] == "million yuan"  # 322 beside 313


@pytest.mark.parametrize(("value", "digits"), [(134, 3), (3.22, 3), (2560, 3), (65, 2), (0.05, 1), (1504.7, 5)])
def test_written_digits(value, digits):
    assert written_digits(value) == digits


@pytest.mark.parametrize(("rate", "digits"), [(14, 3), (3, 3), (-5, 2), (14.5, 4), (120, 3)])
def test_a_growth_rate_enters_as_its_factor(rate, digits):
    assert factor_digits(rate) == digits  # 1.14, 1.03, 0.95, 1.145, 2.20


def test_a_derived_value_has_the_digits_of_its_least_precise_input():
    assert derived(134 / 1.14, written_digits(134), factor_digits(14)) == 118
    assert derived(65 / 1.35, written_digits(65), factor_digits(35)) == 48
    assert derived(2560 / 1.38, written_digits(2560), factor_digits(38)) == 1860
    assert round_to(0.031262, 3) == pytest.approx(0.0313)


def test_measures_the_book_calls_not_comparable_are_not_added():
    """The facilities' total and planned investment are different measures: summed within each kind only."""
    import pandas as pd

    from zonebook.report.integration import investment_by_kind

    priced = pd.DataFrame({"investment": [1500.0, 920.0, 132.0], "investment_kind": ["total", "planned", "planned"]})
    assert investment_by_kind(priced, "zh") == "总投资1500万元和计划投资1052万元"
    assert (
        investment_by_kind(priced, "en")
        == "15 million yuan of total investment and 10.52 million yuan of planned investment"
    )
    assert (
        investment_by_kind(priced[priced["investment_kind"] == "planned"], "en")
        == "10.52 million yuan of planned investment"
    )


def test_the_pinyin_list_names_the_glossarys_own_terms():
    """Where a pinyin word is a glossary term, the English the style asks for is the glossary's."""
    from zonebook.core import paths
    from zonebook.data.readers import read_csv
    from zonebook.report.style import pinyin_words

    glossary = {r["term_zh"]: r["term_en"] for r in read_csv(paths.glossary_file()).rows}
    rows = read_csv(paths.i18n_dir() / "pinyin.csv").rows
    assert "baobao" in pinyin_words() and any(r["zh"] in glossary for r in rows)
    assert {r["pinyin"]: r["use"] for r in rows if r["zh"] in glossary} == {
        r["pinyin"]: glossary[r["zh"]] for r in rows if r["zh"] in glossary
    }
