"""What a notebook cell shows: paragraphs, tables and figures, escaped and captioned."""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown, display

from .i18n import text


def say(key: str, lang: str, **fields) -> None:
    """A narrative paragraph from its template in data/i18n/strings.csv."""
    display(Markdown(text(key, lang, **fields)))


def table_html(frame: pd.DataFrame, caption: str, *, note: str = "") -> str:
    """A table with its caption (and units in its headers); every cell escaped."""
    body = frame.to_html(index=False, escape=True, border=0, classes="zb-table", na_rep="—")
    body = body.replace(' class="dataframe zb-table"', ' class="zb-table"', 1)
    head, rest = body.split(">", 1)
    note_html = f'<p class="zb-table-note">{html.escape(note)}</p>' if note else ""
    return f'<div class="zb-table-wrap">{head}><caption>{html.escape(caption)}</caption>{rest}{note_html}</div>'


def show_table(frame: pd.DataFrame, caption: str, *, note: str = "") -> None:
    display(HTML(table_html(frame, caption, note=note)))


def show_figure(figure_markup: str) -> None:
    display(HTML(figure_markup))
