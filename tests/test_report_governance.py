"""Chapter 5, Party conduct and integrity: computations against the real and a changed copy of the
data, and every section surviving a missing table."""
from __future__ import annotations

import re

import pytest

from chapter_helpers import assert_not_reported, copy_data, set_field, shown
from zonebook.data import load
from zonebook.report import governance as chapter


@pytest.fixture(scope="module")
def data():
    return load(2017)







def test_the_chapter_counts_the_figures_it_has(data):
    assert chapter.figures_given(data) == 3
    text = shown(chapter.show_summary, data, "en")
    assert "mostly qualitative" in text and "only 3 figures" in text


def test_the_chain_matches_the_stated_levels(data):
    chain = chapter.letter_chain()
    assert list(chain["level"]) == [1, 2, 3]
    assert list(chain["signer"])[1:] == list(chain["counterparty"])[:-1]  # each counterparty signs the next letter
    check = chapter.structure_check(data)
    assert check == {"levels": (3, 3), "letters": (3, 3)}
    html = shown(chapter.show_structure, data, "zh")
    assert "工委书记" in html and "部办工作人员" in html and "<figure" in html and "注意" not in html


def test_a_changed_value_changes_the_results(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "governance", "responsibility_letter_levels", "value", 4)
    set_field(root, "governance", "systems_revised", "value", 12)
    changed = load(2017, root)
    assert chapter.structure_check(changed)["letters"] == (4, 3)
    assert "the data give 4 levels of responsibility letters" in shown(chapter.show_structure, changed, "en")
    assert "12项制度" in shown(chapter.show_measures, changed, "zh")


def test_sections_survive_a_missing_table(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "governance.csv").unlink()
    missing = load(2017, root)
    assert chapter.figures_given(missing) == 0
    assert chapter.structure_check(missing) == {"levels": (None, 3), "letters": (None, 3)}
    assert_not_reported(chapter, ["show_summary", "show_structure", "show_measures", "show_figures"], missing)


def test_a_missing_row_draws_without_a_count(tmp_path):
    root = copy_data(tmp_path)
    path = root / "2017" / "governance.csv"
    path.write_text("".join(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not l.startswith("responsibility_levels,")), encoding="utf-8")
    changed = load(2017, root)
    assert chapter.figures_given(changed) == 2
    html = shown(chapter.show_structure, changed, "en")
    assert "<figure" in html and not re.search(r"\bnan\b", html)
    measures = shown(chapter.show_measures, changed, "en")
    assert "Levels of primary responsibility" not in measures  # the row is gone: a dash, not a zero


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reads_cleanly(data, lang):
    out = "".join(shown(getattr(chapter, name), data, lang) for name in dir(chapter) if name.startswith("show_") and name != "show_finding"
                  and callable(getattr(chapter, name)) and getattr(chapter, name).__module__ == chapter.__name__)
    assert out and not re.search(r"\bnan\b|\bNone\b|not reported|未报告", out)
