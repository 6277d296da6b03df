"""Chapter 5, Party conduct and integrity: who is answerable to whom, and the rules revised.

The source's section is mostly qualitative: it gives three figures. The chapter says so,
shows them, and draws the responsibility structure the text describes. The roles and the
chain of responsibility letters are structure read from the quote
(工委书记与各工委委员、工委委员与本部办负责人、部办负责人与本部办工作人员三个层次分别签订了责任书);
their count is checked against the figure the data gives.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import FancyBboxPatch

from .. import charts
from ..data import YearData
from ..i18n import number, text
from ..present import say, show_figure, show_table
from .common import facts_frame, fmt, indicator_name, not_reported, setup  # noqa: F401

TABLE = "governance"
# 工委书记、班子成员和普通党员三个层次主体责任
LEVELS = ("secretary", "leadership", "ordinary_members")
# 工委书记与各工委委员、工委委员与本部办负责人、部办负责人与本部办工作人员
LETTER_CHAIN = (("secretary", "committee_members"), ("committee_members", "office_heads"), ("office_heads", "office_staff"))
# The measures of the section, in the source's order: (area, measure, indicator giving its figure or None)
MEASURES = (
    ("system", "boundaries", "responsibility_levels"),
    ("system", "letters", "responsibility_letter_levels"),
    ("system", "downward", None),
    ("system", "routine", None),
    ("conduct", "study", None),
    ("conduct", "rules", "systems_revised"),
)


def role(key: str, lang: str, both: bool = False) -> str:
    """A role's name; with both=True the English edition adds the Chinese term."""
    name = text(f"governance.role_{key}", lang)
    return f"{name} ({text(f'governance.role_{key}', 'zh')})" if both and lang == "en" else name


# ---- computations --------------------------------------------------------------------------

def figures_given(data: YearData) -> int:
    """How many figures the year's governance table holds (0 when it is absent)."""
    frame = data.table(TABLE)
    return 0 if frame is None else len(frame)


def letter_chain() -> pd.DataFrame:
    """The chain of responsibility letters, top down. Columns: level, signer, counterparty."""
    return pd.DataFrame([{"level": i, "signer": a, "counterparty": b} for i, (a, b) in enumerate(LETTER_CHAIN, start=1)],
                        columns=["level", "signer", "counterparty"])


def structure_check(data: YearData) -> dict:
    """The counts the data states beside the roles the text names; None where not stated.

    {"levels": (stated, named), "letters": (stated, named)}. A mismatch means the data and
    the chapter's reading of the quote disagree, and the chapter says so.
    """
    levels = data.value("responsibility_levels", table=TABLE) if data.table(TABLE) is not None else None
    letters = data.value("responsibility_letter_levels", table=TABLE) if data.table(TABLE) is not None else None
    return {"levels": (levels, len(LEVELS)), "letters": (letters, len(LETTER_CHAIN))}


# ---- display -------------------------------------------------------------------------------

def show_summary(data: YearData, lang: str) -> None:
    frame = data.table(TABLE)
    if frame is None:
        return not_reported(TABLE, lang)
    sep = "、" if lang == "zh" else "; "
    def item(r) -> str:
        name, value = indicator_name(r["indicator"], lang), fmt(data, r["indicator"], lang, r["entity"], TABLE)
        return f"{name}（{value}）" if lang == "zh" else f"{name[:1].lower()}{name[1:]}: {value}"

    items = sep.join(item(r) for _, r in frame.iterrows())
    say("governance.qualitative", lang, n=number(figures_given(data), lang), items=items)


def _box(ax, x, y, w, h, label, color, hatch=""):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.04",
                                facecolor=color, edgecolor="#333333", linewidth=1.0, hatch=hatch))
    ax.text(x, y, label, ha="center", va="center", fontsize=10)


def _structure_figure(data: YearData, lang: str):
    check = structure_check(data)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 4.6), gridspec_kw={"width_ratios": [1, 1.25]})
    for ax in (left, right):
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
    stated_levels = check["levels"][0]
    left.set_title(text("governance.levels_panel", lang, n=number(stated_levels, lang)) if stated_levels is not None
                   else text("governance.levels_panel_plain", lang), loc="left", fontsize=11)
    ys = [0.8, 0.5, 0.2]
    tints = ["#D6E9F5", "#FBE9C8", "#CDEDE3"]
    for y, key, tint in zip(ys, LEVELS, tints):
        _box(left, 0.5, y, 0.7, 0.17, role(key, lang), tint)
    for upper, lower in zip(ys, ys[1:]):
        left.plot([0.5, 0.5], [upper - 0.11, lower + 0.11], color="#333333", linewidth=1.0, linestyle=":")
    left.text(0.5, 0.03, text("governance.levels_note", lang), ha="center", va="bottom", fontsize=8.5, color="#444444", wrap=True)
    stated_letters = check["letters"][0]
    right.set_title(text("governance.letters_panel", lang, n=number(stated_letters, lang)) if stated_letters is not None
                    else text("governance.letters_panel_plain", lang), loc="left", fontsize=11)
    chain = letter_chain()
    people = [chain["signer"].iloc[0]] + list(chain["counterparty"])
    ys = [0.88, 0.62, 0.36, 0.10]
    for y, key, tint in zip(ys, people, ["#D6E9F5", "#FBE9C8", "#FBE9C8", "#CDEDE3"]):
        _box(right, 0.36, y, 0.62, 0.13, role(key, lang), tint)
    for (_, link), upper, lower in zip(chain.iterrows(), ys, ys[1:]):
        right.annotate("", xy=(0.36, lower + 0.088), xytext=(0.36, upper - 0.088),
                       arrowprops={"arrowstyle": "-|>", "color": "#333333", "lw": 1.3})
        right.text(0.39, (upper + lower) / 2, text("governance.letter_label", lang, level=number(link["level"], lang)),
                   ha="left", va="center", fontsize=9, color="#333333")
    fig.suptitle(text("governance.structure_title", lang, year=data.year), x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig


def show_structure(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    if all(data.row(i, table=TABLE) is not None for i in ("responsibility_levels", "responsibility_letter_levels")):
        say("governance.structure", lang, levels=fmt(data, "responsibility_levels", lang, table=TABLE),
            letters=fmt(data, "responsibility_letter_levels", lang, table=TABLE),
            roles=("、" if lang == "zh" else ", ").join(role(k, lang) if lang == "zh" else role(k, lang)[:1].lower() + role(k, lang)[1:]
                                                      for k in LEVELS))
    for key, (stated, named) in structure_check(data).items():
        if stated is not None and stated != named:
            say("governance.mismatch", lang, what=text(f"governance.check_{key}", lang), stated=number(stated, lang),
                named=number(named, lang))
    chain = letter_chain()
    table = pd.DataFrame({
        text("governance.col_level", lang): [number(v, lang) for v in chain["level"]],
        text("governance.col_signer", lang): [role(k, lang, both=True) for k in chain["signer"]],
        text("governance.col_counterparty", lang): [role(k, lang, both=True) for k in chain["counterparty"]],
    })
    show_table(table, text("governance.chain_caption", lang), note=text("governance.chain_note", lang))
    fig = _structure_figure(data, lang)
    levels = ("、" if lang == "zh" else ", ").join(role(k, lang) for k in LEVELS)
    links = ("；" if lang == "zh" else "; ").join(f"{role(a, lang)} → {role(b, lang)}" for a, b in LETTER_CHAIN)
    rows = pd.DataFrame({"level": list(chain["level"]), "signer": [role(k, lang) for k in chain["signer"]],
                         "counterparty": [role(k, lang) for k in chain["counterparty"]]})
    show_figure(charts.figure_html(fig, alt=text("governance.structure_alt", lang, levels=levels, links=links),
                                   caption=text("governance.structure_caption", lang), data=rows,
                                   name=f"governance-structure-{data.year}", lang=lang))


def show_measures(data: YearData, lang: str) -> None:
    if data.table(TABLE) is None:
        return not_reported(TABLE, lang)
    table = pd.DataFrame({
        text("governance.col_area", lang): [text(f"governance.area_{a}", lang) for a, _, _ in MEASURES],
        text("governance.col_measure", lang): [text(f"governance.measure_{m}", lang) for _, m, _ in MEASURES],
        text("governance.col_figure", lang): [f"{indicator_name(i, lang)}{'：' if lang == 'zh' else ': '}{fmt(data, i, lang, table=TABLE)}"
                                              if i and data.row(i, table=TABLE) is not None else "—"
                                              for _, _, i in MEASURES],
    })
    show_table(table, text("governance.measures_caption", lang, year=data.year), note=text("governance.measures_note", lang))
    if data.row("systems_revised", table=TABLE) is not None:
        say("governance.rules", lang, n=fmt(data, "systems_revised", lang, table=TABLE))


def show_figures(data: YearData, lang: str) -> None:
    frame = data.table(TABLE)
    if frame is None:
        return not_reported(TABLE, lang)
    show_table(facts_frame(data, TABLE, lang), text("governance.facts_caption", lang, year=data.year))
