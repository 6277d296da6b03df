"""Data is text: nothing from a data file is read as Markdown, MyST or HTML on any page, table,
caption or alt text; characters a reader cannot see, or that reorder text, are refused."""

from __future__ import annotations

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from support.attacks import CHAPTER, ENTITY, MARKUP, edit_row, line_with, run_cli
from zonebook.data.i18n import fill, markdown_literal
from zonebook.report import charts
from zonebook.report.present import table_html


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_markup_in_a_name_is_shown_as_written_in_the_built_page(published):
    project, out = published
    page = (out / "en" / "2017" / f"{CHAPTER}.html").read_text(encoding="utf-8")
    assert "https://example.invalid/x.png" in page  # the text is there ...
    assert (
        '<img alt="x" src="https://example.invalid' not in page and "<strong>bold</strong>" not in page
    )  # ... as text
    assert "**bold**" in page and "```{code-cell}" in page


@pytest.mark.parametrize(
    "field",
    [
        MARKUP,
        "<img src=https://example.invalid/a.png>",
        "&copy; [link](http://x.invalid)",
        "# heading\n\n- item",
        "$x$ {{ sub }} :::{note}",
    ],
)
def test_a_narrative_field_renders_as_its_own_text(field):
    html = rendered(fill("ui.sources_show", "en", markdown_literal, {"table": field}))
    assert (
        "<img" not in html
        and "<strong>" not in html
        and "<a " not in html
        and "<h1>" not in html
        and "<li>" not in html
    )
    assert markdown_literal("a\nb") == "a b"


def test_table_cells_captions_and_alt_text_are_escaped():
    frame = pd.DataFrame({"name": [MARKUP, "<script>alert(1)</script>"]})
    html = table_html(frame, caption="<b>caption</b>", note="<i>note</i>")
    assert "<script>" not in html and "<b>caption" not in html and "&lt;script&gt;" in html
    import matplotlib.pyplot as plt

    figure = charts.figure_html(
        plt.figure(figsize=(1, 1)),
        alt='" onerror="alert(1)',
        caption="<img src=x>",
        data=frame.rename(columns={"name": "indicator"}),
        name="x",
        lang="en",
    )
    assert 'onerror="alert' not in figure and "<img src=x>" not in figure


def test_a_dollar_sign_in_a_chart_label_is_text_not_mathtext():
    figure = charts.hbar(["$x^{2$", "a_b$"], [1.0, 2.0], title="$\\frac{1}{$", xlabel="$")
    assert charts.png_bytes(figure).startswith(b"\x89PNG")  # mathtext would raise on the unbalanced $


@pytest.mark.parametrize(
    "char, name",
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\x07", "U+0007"),
        ("\n", "LINE FEED"),
    ],
)
def test_an_invisible_or_direction_character_in_a_name_is_refused_with_its_position(real, capsys, char, name):
    row = edit_row(real / "2017" / "entities.csv", ENTITY, name_en=f"Work{char} Safety Bureau")
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(output, "entities.csv", f"row {row}", "field 'name_en'", "character 5", name, "Delete it")


def test_a_zero_width_character_in_a_label_of_the_strings_is_refused(real, capsys):
    row = edit_row(real / "i18n" / "strings" / "ui.csv", "ui.not_reported", key="key", en="not\u200dreported")
    code, output = run_cli(capsys, "validate", "--data", str(real))
    assert code == 1
    line_with(output, "i18n/strings/ui.csv", f"row {row}", "field 'en'", "character 4", "ZERO WIDTH JOINER")
