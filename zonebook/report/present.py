"""What a notebook cell shows: paragraphs, tables and figures, escaped and captioned."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML, Markdown, display

from zonebook.core.chapters import OMIT_KEY
from zonebook.data.i18n import fill, markdown_literal


def paragraph(key: str, lang: str, **fields) -> str:
    """A narrative paragraph from its template in data/i18n/strings.csv: the template is
    Markdown, the fields (names, quotes from the data) are shown as written, never as markup.
    An English sentence never opens with a numeral (docs/style.md): a count below 100 there is
    spelled out."""
    filled = fill(key, lang, markdown_literal, fields)
    return spelled_sentence_starts(filled) if lang == "en" else filled


ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen \
seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
# a whole number below 100 opening the text or a sentence, before a word (not 2.5, 30–40, 12%)
SENTENCE_START_COUNT = re.compile(r"(^|[.!?]\s+)(\d{1,2})(?= [A-Za-z])")


def spelled(n: int) -> str:
    """0..99 in words: 9 -> nine, 26 -> twenty-six."""
    return ONES[n] if n < 20 else TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])


def count_in_text(n: int, lang: str) -> str | int:
    """A count inside an English sentence in words from one to nine ("three years"), as
    statistical bulletins write it; 10 and above, and every Chinese count, in digits."""
    return spelled(n) if lang == "en" and 0 < n < 10 else n


def spelled_sentence_starts(text: str) -> str:
    """'9 enterprises were…' -> 'Nine enterprises were…', wherever a sentence opens with a count."""
    return SENTENCE_START_COUNT.sub(lambda m: m.group(1) + spelled(int(m.group(2))).capitalize(), text)


def say(key: str, lang: str, **fields) -> None:
    display(Markdown(paragraph(key, lang, **fields)))


def show_text(paragraphs: str | Iterable[str] | None) -> None:
    """Paragraphs built by `paragraph`, each shown on its own; None or none: nothing to show."""
    for markdown in [paragraphs] if isinstance(paragraphs, str) else paragraphs or ():
        display(Markdown(markdown))


NUMERIC = re.compile(r"^[−+\-]?(约|about |more than )?[\d,.]+(–[\d,.]+)?\s?(%|余)?(以上| or more)?$|^—$")


def _numeric(values: list[str]) -> bool:
    """A column of figures (bare, or with a % or qualifier), aligned right so digits line up."""
    shown = [v for v in values if v not in ("", "—")]
    return bool(shown) and all(NUMERIC.match(v) for v in shown)


SHORT, LONG = 10, 40  # characters: a cell that must not break inside, one that needs room


def _width_class(values: list[str]) -> str:
    """Short labels (基础设施建设) never break inside; long text gets room to wrap in."""
    longest = max((len(v) for v in values), default=0)
    return " zb-short" if longest <= SHORT else " zb-long" if longest > LONG else ""


def _under_table(note: str, details: tuple[str, ...]) -> str:
    """What stands under a table: its note, then its `details` as a list (either may be empty)."""
    note_html = f'<p class="zb-table-note">{html.escape(note)}</p>' if note else ""
    details_html = (
        '<ul class="zb-table-details">' + "".join(f"<li>{html.escape(d)}</li>" for d in details) + "</ul>"
        if details
        else ""
    )
    return note_html + details_html


def table_html(
    frame: pd.DataFrame,
    caption: str,
    *,
    note: str = "",
    lang_columns: dict[str, str] | None = None,
    collapsed: str = "",
    details: tuple[str, ...] = (),
) -> str:
    """A table with its caption (and units in its headers); every cell escaped; under it the
    note and `details`, a list of what is too long for a column (a facility's plans).

    `lang_columns` marks columns written in another language than the page (a Chinese quote in
    the English edition), so that screen readers and search read them right. On a phone a table
    of figures stays a table that scrolls beside its first column; in a table of text each row
    becomes a card whose cells carry their column's name (`data-label`). With `collapsed`,
    the table sits closed in a <details> whose summary is that text."""
    cells = frame.astype(object).where(frame.notna(), "—").astype(str)
    numeric = [_numeric(list(cells[c])) for c in cells.columns]
    langs = lang_columns or {}
    classes = [
        ("zb-num" if n else "") + _width_class(list(cells[c]) + [str(c)]) for c, n in zip(cells.columns, numeric)
    ]
    align = [
        (f' class="{k.strip()}"' if k.strip() else "")
        + f' data-label="{html.escape(str(c))}"'
        + (f' lang="{langs[c]}"' if c in langs else "")
        for c, k in zip(cells.columns, classes)
    ]
    head = "".join(
        '<th scope="col"' + (f' class="{k.strip()}"' if k.strip() else "") + f">{html.escape(str(c))}</th>"
        for c, k in zip(cells.columns, classes)
    )
    rows = "".join(
        "<tr>" + "".join(f"<td{a}>{html.escape(v)}</td>" for v, a in zip(row, align)) + "</tr>"
        for row in cells.itertuples(index=False)
    )
    # a table of figures (a column of numbers, no column of prose) stays a table on a phone
    figures = any(numeric) and not any("zb-long" in k for k in classes)
    table = (
        f'<div class="zb-table-wrap" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
        f'<table class="zb-table{" zb-figures" if figures else ""}"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>{_under_table(note, details)}"
    )
    if collapsed:
        return f'<details class="zb-collapsed"><summary>{html.escape(collapsed)}</summary>{table}</details>'
    return table


@dataclass(frozen=True)
class Table:
    """A table as the reader gets it: cells already formatted, its caption and the note below it."""

    frame: pd.DataFrame
    caption: str
    note: str = ""
    lang_columns: dict[str, str] | None = None
    collapsed: str = ""
    details: tuple[str, ...] = ()

    def html(self) -> str:
        return table_html(
            self.frame,
            self.caption,
            note=self.note,
            lang_columns=self.lang_columns,
            collapsed=self.collapsed,
            details=self.details,
        )


def show_table(
    table: Table | list[Table] | pd.DataFrame | None,
    caption: str = "",
    *,
    note: str = "",
    lang_columns: dict[str, str] | None = None,
    collapsed: str = "",
) -> None:
    """A Table, a list of them, or a frame with its caption; None: nothing to show."""
    if table is None:
        return
    if isinstance(table, list):
        for each in table:
            show_table(each)
        return
    if not isinstance(table, Table):
        table = Table(table, caption, note, lang_columns, collapsed)
    display(HTML(table.html()))


def show_figure(figure_markup: str | None) -> None:
    """A figure made by zonebook.report.charts.figure_html; None: nothing to show."""
    if figure_markup is not None:
        display(HTML(figure_markup))


def show_html(markup: str | None) -> None:
    """Markup built by the package, data in it escaped by the caller; None: nothing to show."""
    if markup is not None:
        display(HTML(markup))


# A section a year's report does not cover is left out of the page, heading and all: the cell
# that finds it empty displays this marker, and the published notebook drops the cell and the
# heading above it ("section"), or every cell after it ("rest", for a chapter not covered).
def omit(scope: str) -> None:
    if scope not in ("section", "rest"):
        raise ValueError(scope)
    display(HTML(""), metadata={OMIT_KEY: {"omit": scope}})
