"""Chapter 5, Party conduct and integrity: who is answerable to whom, the measures, the figures.

The section is mostly qualitative. Everything it shows is the year's data: the levels of
responsibility and the chain of responsibility letters are rows of `relations.csv` (roles in
`entities.csv`), the measures rows of `measures.csv`, the figures rows of `governance.csv`.
Where the data also state a count of levels, the chapter checks it against the roles listed.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import counted, listing, lower_first, number, text
from zonebook.report import charts
from zonebook.report.common import Topic, entity_name, facts_frame, has_table, setup  # noqa: F401  (setup is the notebook's entry)
from zonebook.report.present import Table, paragraph
from zonebook.report.prose import Line, lede_text, line_of, thought, variant

CHAPTER = "governance"
TABLE = "governance"
TABLES = (TABLE,)  # the tables the chapter presents: its sources section lists their quotes
LEVEL, LETTER = "responsibility_level", "responsibility_letter"


def has_relations(data: YearData) -> bool:
    frame = data.table("relations")
    return frame is not None and not frame.empty


def has_measures(data: YearData) -> bool:
    return not data.rows_of("measures", CHAPTER).empty


STRUCTURE = Topic("structure", has_relations)
MEASURES = Topic("measures", has_measures)
FIGURES = Topic("figures", has_table(TABLE))
TOPICS = (STRUCTURE, MEASURES, FIGURES)


# ---- computations --------------------------------------------------------------------------


def figures_given(data: YearData) -> int:
    """How many figures the year's governance table holds (0 when it is absent)."""
    frame = data.table(TABLE)
    return 0 if frame is None else len(frame)


def levels(data: YearData) -> list[str]:
    """The roles of the levels of primary responsibility, top down (entity ids)."""
    frame = data.table("relations")
    return [] if frame is None else list(frame.loc[frame["kind"] == LEVEL, "entity"])


def letter_chain(data: YearData) -> pd.DataFrame:
    """The chain of responsibility letters, top down. Columns: level, signer, counterparty."""
    frame = data.table("relations")
    rows = frame[frame["kind"] == LETTER] if frame is not None else pd.DataFrame(columns=["entity", "counterparty"])
    return pd.DataFrame(
        {"level": range(1, len(rows) + 1), "signer": list(rows["entity"]), "counterparty": list(rows["counterparty"])},
        columns=["level", "signer", "counterparty"],
    )


def structure_check(data: YearData) -> dict:
    """The counts the data state beside the roles listed; None where not stated.

    {"levels": (stated, listed), "letters": (stated, listed)}. A mismatch means the figures and
    the structure rows disagree, and the chapter says so.
    """
    stated = (lambda i: data.value(i, table=TABLE)) if data.table(TABLE) is not None else (lambda i: None)
    return {
        "levels": (stated("responsibility_levels"), len(levels(data))),
        "letters": (stated("responsibility_letter_levels"), len(letter_chain(data))),
    }


# ---- for the reader: sentences, the table and the chart ------------------------------------


def role(data: YearData, key: str, lang: str, both: bool = False) -> str:
    """A role's name; with both=True the English edition adds the Chinese term."""
    name = entity_name(data, key, lang)
    return f"{name} ({entity_name(data, key, 'zh')})" if both and lang == "en" else name


def _same(v: dict) -> bool:
    return v["levels"] == v["letters"]


# The lede: the levels of responsibility and their letters, the rules revised (strings governance.lede_*).
LEVELS_LINE = thought(
    variant(
        "governance.lede_levels_all_signed",
        _same,
        levels="responsibility_levels",
        letters="responsibility_letter_levels",
    ),
    variant(
        "governance.lede_levels_letters",
        lambda v: not _same(v),
        levels="responsibility_levels",
        letters="responsibility_letter_levels",
    ),
    variant("governance.lede_levels", levels="responsibility_levels"),
    variant("governance.lede_letters", letters="responsibility_letter_levels"),
)
RULES_LINE = thought(variant("governance.lede_rules", rules="systems_revised"))


def lede(data: YearData, lang: str) -> list[str]:
    """The chapter's opening paragraph: how responsibility is divided and signed for, the rules
    revised, and how many measures the report gives; none when it gives nothing."""
    lines = [line_of(data, TABLE, LEVELS_LINE, lang), line_of(data, TABLE, RULES_LINE, lang)]
    if has_measures(data):
        n = len(data.rows_of("measures", CHAPTER))
        lines.append(Line("governance.lede_measures", {"measures": counted("governance.count_measures", n, lang)}))
    return lede_text(data, [line for line in lines if line is not None], lang)


def structure_text(data: YearData, roles: list[str], check: dict, lang: str) -> list[str]:
    """The levels of responsibility in a sentence, and any count the data state that the roles contradict."""
    out = []
    if roles:  # a count only where the report states one
        stated = check.get("levels", (None, None))[0]
        out.append(
            paragraph(
                "governance.levels" if stated is not None else "governance.levels_named",
                lang,
                year=data.year,
                n=number(len(roles), lang),
                roles=listing([lower_first(role(data, k, lang), lang) for k in roles], lang),
            )
        )
    for key, (stated, listed) in check.items():
        if stated is not None and stated != listed:
            out.append(
                paragraph(
                    "governance.mismatch",
                    lang,
                    what=text(f"governance.check_{key}", lang),
                    stated=number(stated, lang),
                    named=number(listed, lang),
                )
            )
    return out


def chain_table(data: YearData, chain: pd.DataFrame, lang: str) -> Table | None:
    """The chain of responsibility letters (see `letter_chain`), each role with its Chinese term in English."""
    if chain.empty:
        return None
    cells = pd.DataFrame(
        {
            text("governance.col_level", lang): [number(v, lang) for v in chain["level"]],
            text("governance.col_signer", lang): [role(data, k, lang, both=True) for k in chain["signer"]],
            text("governance.col_counterparty", lang): [role(data, k, lang, both=True) for k in chain["counterparty"]],
        }
    )
    return Table(
        cells, text("governance.chain_caption", lang, year=data.year), note=text("governance.chain_note", lang)
    )


BOX_PT = 150  # widest line of a box: fits the narrowest panel (a phone) with room for the links beside it
BOX_PAD = 0.45  # the box's margin around its label, in font sizes


def _box(ax, y, label, color):
    """A role as a box drawn around its label, so the label always fits its box."""
    return ax.text(
        0.4,
        y,
        charts.wrap(label, BOX_PT, 10),
        ha="center",
        va="center",
        fontsize=10,
        linespacing=1.3,
        bbox={"boxstyle": f"round,pad={BOX_PAD},rounding_size=0.5", "facecolor": color, "edgecolor": "#333333"},
    )


def _column(ax, title: str, labels: list[str], tints: list[str], link_labels: list[str] | None) -> None:
    """One panel: boxes top down, one row each, joined by arrows (labelled) or dotted lines."""
    n = len(labels)
    ax.set_xlim(0, 1)
    ax.set_ylim(-(n - 1) - 0.55, 0.55)
    ax.axis("off")
    ax.set_title(title, loc="left", fontsize=11)
    boxes = [_box(ax, -i, label, tint) for i, (label, tint) in enumerate(zip(labels, tints))]
    gap = BOX_PAD * 10 + 3  # points: from the label to just outside its box
    for i, (upper, lower) in enumerate(zip(boxes, boxes[1:])):
        style = (
            {"arrowstyle": "-", "color": "#333333", "lw": 1.0, "linestyle": ":"}
            if link_labels is None
            else {"arrowstyle": "-|>", "color": "#333333", "lw": 1.3}
        )
        ax.annotate(
            "",
            xy=(0.5, 1.0),
            xycoords=lower,
            xytext=(0.5, 0.0),
            textcoords=upper,
            arrowprops={**style, "shrinkA": gap, "shrinkB": gap},
        )
        if link_labels is not None:
            ax.text(0.43, -i - 0.5, link_labels[i], ha="left", va="center", fontsize=9, color="#333333")


def _tints(n: int) -> list[str]:
    palette = ["#D6E9F5", "#FBE9C8", "#CDEDE3", "#F3D9E6"]
    return [palette[min(i, len(palette) - 1)] if i < n - 1 else palette[2] for i in range(n)]


def _structure_figure(data: YearData, roles: list[str], chain: pd.DataFrame, lang: str):
    panels = []
    stated = structure_check(data)  # the panels count levels only where the report states a count
    if roles:
        panels.append(
            (
                text("governance.levels_panel", lang, n=number(len(roles), lang))
                if stated["levels"][0] is not None
                else text("governance.levels_panel_named", lang),
                [role(data, k, lang) for k in roles],
                None,
            )
        )
    if not chain.empty:
        people = [chain["signer"].iloc[0]] + list(chain["counterparty"])
        panels.append(
            (
                text("governance.letters_panel", lang, n=number(len(chain), lang))
                if stated["letters"][0] is not None
                else text("governance.letters_panel_named", lang),
                [role(data, k, lang) for k in people],
                [text("governance.letter_label", lang, level=number(v, lang)) for v in chain["level"]],
            )
        )
    rows = max(len(labels) for _, labels, _ in panels)
    fig, axes = plt.subplots(1, len(panels), figsize=(4.4 * len(panels), 1.0 + 0.85 * rows), squeeze=False)
    for ax, (title, labels, links) in zip(axes[0], panels):
        _column(ax, title, labels, _tints(len(labels)), links)
    fig.suptitle(text("governance.structure_title", lang, year=data.year), x=0.01, ha="left", fontweight="bold")
    fig.set_layout_engine("constrained")
    return fig


def structure_chart(data: YearData, roles: list[str], chain: pd.DataFrame, lang: str) -> str:
    """The levels of responsibility and the chain of letters as boxes top down, side by side."""
    sep = "；" if lang == "zh" else "; "
    alt_levels = listing([role(data, k, lang) for k in roles], lang) if roles else "—"
    links = (
        sep.join(
            f"{role(data, a, lang)} → {role(data, b, lang)}" for a, b in zip(chain["signer"], chain["counterparty"])
        )
        or "—"
    )
    rows = pd.DataFrame(
        {
            "level": list(chain["level"]),
            "signer": [role(data, k, lang) for k in chain["signer"]],
            "counterparty": [role(data, k, lang) for k in chain["counterparty"]],
        }
    )
    return charts.figure_html(
        _structure_figure(data, roles, chain, lang),
        alt=text("governance.structure_alt", lang, levels=alt_levels, links=links),
        caption=text("governance.structure_caption", lang),
        data=rows,
        name=f"governance-structure-{data.year}",
        lang=lang,
    )


def figures_table(data: YearData, lang: str) -> Table:
    """The year's governance figures as the report states them."""
    return Table(facts_frame(data, TABLE, lang), text("governance.facts_caption", lang, year=data.year))
