"""What a template's show step displays: one output per table, figure or paragraph; nothing for None."""

from __future__ import annotations

import pandas as pd
import pytest

from support.chapter import shown
from zonebook.report import present
from zonebook.report.present import Table, count_in_text, show_figure, show_html, show_table, show_text


def test_a_table_shows_as_its_frame_and_caption_would():
    frame = pd.DataFrame({"what": ["roads"], "value": ["1,504.7"]})
    table = Table(frame, "Spending", note="A note.")
    assert shown(show_table, table) == shown(show_table, frame, "Spending", note="A note.")
    assert "<caption>Spending</caption>" in shown(show_table, table) and "A note." in shown(show_table, table)


def test_several_tables_and_paragraphs_show_in_order():
    first, second = Table(pd.DataFrame({"a": ["1"]}), "First"), Table(pd.DataFrame({"a": ["2"]}), "Second")
    both = shown(show_table, [first, second])
    assert both.index("First") < both.index("Second")
    assert shown(show_text, ["one", "two"]) == shown(show_text, "one") + "\n" + shown(show_text, "two")


def test_nothing_to_show_shows_nothing():
    for show in (show_table, show_figure, show_html, show_text):
        assert shown(show, None) == ""
    assert shown(show_text, []) == "" and shown(show_table, []) == ""


def test_a_table_of_figures_is_marked_and_long_details_go_under_it():
    figures = pd.DataFrame({"设施": ["污水处理厂", "凤凰小学"], "面积（亩）": ["115", "56.5"], "分期": ["—", "2"]})
    prose = figures.assign(说明=["年底投入运行；下一年计划完成建设并投入使用，" * 2, "分期实施"])
    marked = present.table_html(figures, "表", details=("污水处理厂：<年底投入运行>。",))
    assert 'class="zb-table zb-figures"' in marked
    assert marked.index("</table>") < marked.index(
        '<ul class="zb-table-details"><li>污水处理厂：&lt;年底投入运行&gt;。</li>'
    )
    assert 'class="zb-table"' in present.table_html(prose, "表")  # a column of prose: cards on a phone
    assert 'class="zb-table"' in present.table_html(figures[["设施"]], "表")  # no figures at all


@pytest.mark.parametrize("n, en", [(1, "one"), (3, "three"), (9, "nine"), (10, 10), (26, 26)])
def test_a_count_inside_an_english_sentence_is_a_word_to_nine(n, en):
    assert count_in_text(n, "en") == en
    assert count_in_text(n, "zh") == n
