"""What every chapter must do, one suite parametrized over the chapters (their own computations
and sections are each chapter's tests/test_report_<chapter>.py):

- every section of the 2017 edition reads cleanly in both languages (no placeholder, no id);
- a year whose report names things otherwise shows its names and none of 2017's, on every cell
  of the page;
- a year without the chapter's tables and outline rows gets a page that says so, once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from support.chapter import assert_reads_cleanly, assert_uncovered_page, copy_data, every_section, set_field
from zonebook.data import load
from zonebook.data.i18n import LANGS
from zonebook.report import environment, safety, supply_side


@dataclass(frozen=True)
class Chapter:
    template: str
    name: str  # zonebook.report.<module>.CHAPTER
    tables: tuple[str, ...]  # the chapter's own tables
    renames: tuple[tuple[str, str, str, str], ...]  # (table, row id, field, new text)
    old_names: tuple[str, ...]  # the 2017 texts the renames replace
    uncovered: dict[str, list[str]]  # the page of a year without the chapter, by language

    def __str__(self) -> str:
        return self.template


CHAPTERS = (
    Chapter(
        "03_supply_side",
        supply_side.CHAPTER,
        (supply_side.INDUSTRY, supply_side.STOCK, supply_side.INNOVATION),
        (
            ("headlines", "supply_side", "text_en", "Industry moves up the value chain"),
            ("entities", "bamboo_forestry_park", "name_en", "Riverside tea park"),
            ("entities", "ramie_textiles", "name_en", "Silk weaving"),
            ("entities", "hongsheng_mould", "name_en", "Bright Lamps Co"),
            ("measures", "supply_upgrade", "text_en", "Robots for the spinning mills"),
            ("sections", "supply_brands", "title_en", "Labels and trademarks"),
        ),
        (
            "Supply-side reform achieves real results",
            "Forest products and bamboo circular-economy park",
            "Ramie textiles",
            "Hongsheng Mould:",
            "Guided traditional industries",
            "Supporting enterprises' brands",
        ),
        {
            "zh": ["# 供给侧结构性改革", "2017年报告未涉及供给侧结构性改革。"],
            "en": ["# Supply-side reform", "The 2017 report does not cover supply-side reform."],
        },
    ),
    Chapter(
        "04_environment",
        environment.CHAPTER,
        (environment.TABLE,),
        (
            ("headlines", "environment", "text_en", "A steadily better business climate"),
            ("entities", "enterprise_service_centre", "name_en", "Zone Service Hall"),
            ("entities", "tr_work_safety", "name_en", "Fire training"),
            ("entities", "wuhan_equity_custody_center", "name_en", "Some Market"),
            ("measures", "environment_close_supervision", "text_en", "Liaison officers for key projects"),
            ("sections", "environment_supervision", "title_en", "Project liaison"),
        ),
        (
            "greatly improved",
            "Zone Enterprise Service Centre",
            "Work-safety training",
            "Wuhan Equity",
            "follows key projects closely",
            "Closer supervision of projects",
        ),
        {
            "zh": ["# 发展环境", "2017年报告未涉及发展环境。"],
            "en": ["# The business environment", "The 2017 report does not cover the business environment."],
        },
    ),
    Chapter(
        "06_safety",
        safety.CHAPTER,
        (safety.TABLE,),
        (
            ("headlines", "safety", "text_en", "No accidents all year"),
            ("entities", "hubei_antai", "name_en", "Safe Works Ltd"),
            ("entities", "work_safety_bureau", "name_en", "The Emergency Bureau"),
            ("measures", "safety_cascade", "text_en", "Safety officers in every workshop"),
            ("sections", "safety_training", "title_en", "Drills"),
        ),
        (
            "Work safety has become routine",
            "Hubei Antai",
            "District Work Safety Supervision Bureau",
            "workshops and teams",
            ">Training<",
        ),
        {
            "zh": ["# 安全生产", "2017年报告未涉及安全生产。"],
            "en": ["# Work safety", "The 2017 report does not cover work safety."],
        },
    ),
)


@pytest.fixture(scope="module")
def data():
    return load(2017)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=str)
def test_every_section_reads_cleanly(data, chapter, lang):
    assert_reads_cleanly(every_section(chapter.template, data, lang))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=str)
def test_other_names_replace_the_2017_names(chapter, tmp_path):
    """Every cell of the page (English edition) shows each new text and none of the old names."""
    root = copy_data(tmp_path)
    for table, row_id, field, value in chapter.renames:
        set_field(root, table, row_id, field, value)
    text = every_section(chapter.template, load(2017, root), "en")
    assert [new for *_, new in chapter.renames if new not in text] == []
    assert [old for old in chapter.old_names if old in text] == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=str)
def test_a_year_without_the_chapter_says_so_once(chapter, tmp_path):
    assert_uncovered_page(chapter.template, chapter.name, chapter.tables, tmp_path, chapter.uncovered)
