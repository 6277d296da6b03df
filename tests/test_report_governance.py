"""Chapter 5, Party conduct and integrity: computations against the real and a changed copy of the
data, every section leaving itself out when its data are missing, and another year's roles."""

from __future__ import annotations

import csv
import re
from functools import partial

import pytest

from support.chapter import assert_not_reported, copy_data, every_section, omitted, set_field, shown, template_cell
from zonebook.data import load
from zonebook.report import governance as chapter

TEMPLATE = "05_governance"
cell = partial(template_cell, TEMPLATE)  # a section's cell: a call (data, lang)
OPENING, STRUCTURE = cell("open_chapter"), cell("STRUCTURE")


@pytest.fixture(scope="module")
def data():
    return load(2017)


def rewrite(path, change):
    """Rewrite a CSV of the copy row by row (change returns the row, or None to drop it)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    rows = [r for r in (change(dict(r)) for r in rows) if r is not None]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_opening_counts_measures_and_figures(data):
    assert chapter.figures_given(data) == 3
    assert "Primary responsibility for Party conduct and integrity" in shown(OPENING, data, "en")  # the year's headline
    text = shown(cell("chapter.lede"), data, "en")
    assert (
        "Primary responsibility was divided into 3 levels in 2017, and each level signed letters of responsibility"
        in text
    )
    assert "Ten sets of rules were revised" in text and "The report sets out 6 measures" in text
    assert "2017年，党风廉政主体责任分为3个层次，各层次逐级签订了责任书。" in shown(cell("chapter.lede"), data, "zh")


def test_the_structure_comes_from_the_relations(data):
    assert chapter.levels(data) == ["role_secretary", "role_leadership", "role_ordinary_members"]
    chain = chapter.letter_chain(data)
    assert list(chain["level"]) == [1, 2, 3]
    assert list(chain["signer"])[1:] == list(chain["counterparty"])[:-1]  # each counterparty signs the next letter
    assert chapter.structure_check(data) == {"levels": (3, 3), "letters": (3, 3)}
    html = shown(STRUCTURE, data, "zh")
    assert "工委书记" in html and "本部办工作人员" in html and "<figure" in html and "注意" not in html


def test_the_structure_as_reading_matter(data):
    roles, chain = chapter.levels(data), chapter.letter_chain(data)
    table = chapter.chain_table(data, chain, "en")
    assert list(table.frame.iloc[0]) == ["1", "Working-committee secretary (工委书记)", "Committee members (工委委员)"]
    assert table.frame.iloc[1, 1] == table.frame.iloc[0, 2]  # the counterparty signs the next letter
    assert chapter.chain_table(data, chain.iloc[0:0], "en") is None  # no letters: no table
    assert chapter.structure_text(data, roles, {"levels": (4, 3)}, "en")[1].startswith("Note: the data give 4 levels")
    assert len(chapter.structure_text(data, [], {"levels": (None, 0)}, "en")) == 0


def test_a_count_is_said_only_where_the_report_states_one(tmp_path):
    root = copy_data(tmp_path)
    rewrite(root / "2017" / "governance.csv", lambda r: None if r["id"].startswith("responsibility_") else r)
    unstated = load(2017, root)
    assert chapter.structure_check(unstated) == {"levels": (None, 3), "letters": (None, 3)}
    for lang, count in (("zh", "3个层次"), ("en", "3 levels")):
        html = shown(STRUCTURE, unstated, lang)
        assert count not in html and "<figure" in html
    assert "3 levels" in shown(STRUCTURE, load(2017), "en")  # 2017's report states its count


def test_a_changed_count_is_flagged(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "governance", "responsibility_letter_levels", "value", 4)
    changed = load(2017, root)
    assert chapter.structure_check(changed)["letters"] == (4, 3)
    assert "the data give 4 levels of responsibility letters" in shown(STRUCTURE, changed, "en")


def test_another_years_roles_and_measures_show_and_2017s_do_not(tmp_path):
    root = copy_data(tmp_path)
    rewrite(
        root / "2017" / "entities.csv",
        lambda r: {**r, "name_zh": "党委书记", "name_en": "Party secretary"} if r["id"] == "role_secretary" else r,
    )
    rewrite(root / "2017" / "relations.csv", lambda r: None if r["id"] == "letter_heads" else r)
    rewrite(
        root / "2017" / "measures.csv",
        lambda r: (
            {**r, "text_zh": "开展廉政谈话", "text_en": "Integrity talks held"} if r["id"] == "governance_study" else r
        ),
    )
    changed = load(2017, root)
    structure = shown(STRUCTURE, changed, "en")
    assert "Party secretary" in structure and "Working-committee secretary" not in structure
    assert "Office staff" not in structure  # the dropped letter takes its role with it
    measures = shown(cell("MEASURES"), changed, "zh")
    assert "开展廉政谈话" in measures and "抓政治学习" not in measures


def test_sections_leave_themselves_out_when_their_data_are_missing(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "governance.csv").unlink()
    (root / "2017" / "relations.csv").unlink()
    missing = load(2017, root)
    assert chapter.figures_given(missing) == 0
    assert chapter.structure_check(missing) == {"levels": (None, 0), "letters": (None, 0)}
    assert_not_reported(TEMPLATE, ["STRUCTURE", "FIGURES"], missing)
    opening = shown(OPENING, missing, "en")
    assert "does not cover the structure of responsibility and figures" in opening
    lede = shown(cell("chapter.lede"), missing, "en")  # no figures: the measures alone, once
    assert "The report sets out 6 measures in 2017." in lede and "levels" not in lede
    assert not re.search(r"\b0\b", opening + lede)


def test_a_year_without_the_chapter_says_so_once(tmp_path):
    root = copy_data(tmp_path)
    for name in ("governance", "relations"):
        (root / "2017" / f"{name}.csv").unlink()
    for name in ("headlines", "sections", "measures"):
        rewrite(root / "2017" / f"{name}.csv", lambda r: None if r["chapter"] == "governance" else r)
    empty = load(2017, root)
    assert omitted(OPENING, empty, "zh") == "rest"
    assert "2017年报告未涉及党风廉政建设。" in shown(OPENING, empty, "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    out = every_section(TEMPLATE, data, lang)
    assert out and not re.search(r"\bnan\b|\bNone\b|not reported|未报告|role_", out)
