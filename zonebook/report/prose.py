"""Figures as sentences a person would write, and a chapter's lede.

A section says its figures in hand-written sentences (data/i18n/strings/<chapter>.csv), one
string per case: a `Thought` lists its `Variant`s from the fullest to the barest, and the first
whose figures the year gives (and whose condition holds) is said. A figure no variant says, such
as one of an indicator a later year adds, gets a plain sentence of its own.

A lede is two to four such sentences for a chapter's opening; the first carries the year
(`{when}`: "2017年，" / " in 2017"), so that the others need not repeat it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from zonebook.data import YearData
from zonebook.data.i18n import listing, lower_first, text
from zonebook.report.common import entity_name, first_row, fmt_row, indicator_name, notes_paragraphs
from zonebook.report.history import plan_against_actual
from zonebook.report.present import count_in_text, paragraph

Values = dict[str, float]  # a variant's fields -> the figures' values, for its condition


@dataclass(frozen=True)
class Variant:
    """One way of saying a thought: the string `key`, filled with the figures of `fields`
    ({field}: indicator; {field_who}: the body the figure concerns; {field_name}: the indicator's
    name; {field_quote}: the report's sentence; {field_s}, {field_ies}: plural endings), said when the year
    gives all of them and `when` (on their values) holds."""

    key: str
    fields: tuple[tuple[str, str], ...] = ()
    when: Callable[[Values], bool] | None = None
    named: tuple[str, ...] = ()  # fields whose row must name its body ({field_who})


def variant(
    key: str, when: Callable[[Values], bool] | None = None, named: tuple[str, ...] = (), **fields: str
) -> Variant:
    return Variant(key, tuple(fields.items()), when, named)


@dataclass(frozen=True)
class Thought:
    """What a sentence says, in its variants, fullest first."""

    variants: tuple[Variant, ...] = field(default_factory=tuple)


def thought(*variants: Variant) -> Thought:
    return Thought(tuple(variants))


@dataclass(frozen=True)
class Said:
    """A sentence chosen for the year: its string, its fields, the indicators it used."""

    key: str
    fields: dict
    used: frozenset[str]


def choose(data: YearData, table: str, item: Thought) -> Said | None:
    """The first variant of the thought the year's figures can fill, or None."""
    for v in item.variants:
        rows = {name: first_row(data, table, indicator) for name, indicator in v.fields}
        if any(r is None or pd.isna(r["value"]) for r in rows.values()) or any(not rows[n]["entity"] for n in v.named):
            continue
        values = {name: float(r["value"]) for name, r in rows.items()}
        if v.when is not None and not v.when(values):
            continue
        return Said(v.key, {"rows": rows}, frozenset(i for _, i in v.fields))
    return None


def after_the(name: str, lang: str) -> str:
    """A body's name after "the" in an English sentence: a common name in lower case ("the forest
    products and bamboo park"), a proper one as written ("the Xing’an Company": a name whose
    second word is capitalised is taken as proper)."""
    words = name.split()
    return name if len(words) > 1 and words[1][:1].isupper() else lower_first(name, lang)


def filled(data: YearData, said: Said, lang: str) -> dict:
    """The chosen sentence's fields in `lang`: each figure formatted with its unit, its body named."""
    fields = {k: v for k, v in said.fields.items() if k != "rows"}
    for name, row in said.fields["rows"].items():
        fields[name] = fmt_row(row, lang)
        fields[f"{name}_who"] = entity_name(data, row["entity"], lang) if row["entity"] else ""
        fields[f"{name}_who_lc"] = after_the(fields[f"{name}_who"], lang)
        one = float(row["value"]) == 1 and row["qualifier"] == "exact"
        fields[f"{name}_s"], fields[f"{name}_ies"] = ("", "y") if one else ("s", "ies")  # English plurals
        fields[f"{name}_name"] = lower_first(indicator_name(row["indicator"], lang), lang)
        fields[f"{name}_quote"] = row["quote"]  # the report's own words, in Chinese
    return fields


def render(data: YearData, said: Said, lang: str, when: str = "") -> str:
    return paragraph(said.key, lang, when=when, **filled(data, said, lang))


After = dict[str, Iterable[str | None]]  # indicator -> what follows the sentence that says it (None: nothing)


def say_thoughts(
    data: YearData, table: str, thoughts: Iterable[Thought], lang: str, after: After | None = None
) -> tuple[list[str], set[str]]:
    """The thoughts the year's figures can fill, a sentence each, each followed by what `after`
    gives for the indicators it said; and the indicators said."""
    out, used, pending = [], set(), dict(after or {})
    for item in thoughts:
        said = choose(data, table, item)
        if said is None or (said.used and said.used <= used):
            continue
        out.append(render(data, said, lang))
        used |= said.used
        for indicator in [i for i in pending if i in said.used]:
            out.extend(p for p in pending.pop(indicator) if p is not None)
    for rest in pending.values():  # what follows a figure said by no thought
        out.extend(p for p in rest if p is not None)
    return out, used


def rest_sentences(data: YearData, rows: pd.DataFrame, used: set[str], lang: str) -> list[str]:
    """A plain sentence for each row no thought said (an indicator the sections do not know)."""
    out = []
    for _, row in rows.iterrows():
        if row["indicator"] in used:
            continue
        who = entity_name(data, row["entity"], lang) if row["entity"] else ""
        out.append(
            paragraph(
                "chapter.rest_who" if who else "chapter.rest",
                lang,
                name=lower_first(indicator_name(row["indicator"], lang), lang),
                value=fmt_row(row, lang),
                who=who,
            )
        )
    return out


def section_paragraphs(
    data: YearData,
    table: str,
    thoughts: Iterable[Thought],
    rows: pd.DataFrame,
    lang: str,
    after: After | None = None,
) -> list[str]:
    """A section's prose: one paragraph of its figures in sentences, each followed by what the
    chapter derives from them (`after`), and a plain sentence for any figure no thought says;
    then the year's notes on them, a paragraph each."""
    said, used = say_thoughts(data, table, thoughts, lang, after)
    sentences = said + rest_sentences(data, rows, used, lang)
    return [joined(sentences, lang)] * bool(sentences) + notes_paragraphs(data, table, rows, lang)


def joined(sentences: list[str], lang: str) -> str:
    """Sentences as one paragraph: run on in Chinese, a space apart in English."""
    return ("" if lang == "zh" else " ").join(sentences)


# ---- the lede ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A lede sentence before it is written: its string and its fields (already formatted)."""

    key: str
    fields: dict


@dataclass(frozen=True)
class Spaced:
    """A field filled in as it is, leading space and all (a text field is written with its
    spaces collapsed and trimmed); only for the book's own words."""

    words: str

    def __format__(self, spec: str) -> str:
        return self.words


def when(year: int, lang: str) -> Spaced:
    """The year, for the first sentence of a lede: 2017年，(opening it) / in 2017 (after a clause)."""
    phrase = text("chapter.when", lang, year=year)
    return Spaced(phrase if lang == "zh" else f" {phrase}")  # the strings files keep no leading space


def lede_text(data: YearData, lines: list[Line], lang: str) -> list[str]:
    """The lede as one paragraph (the first sentence carries the year); none without a sentence."""
    if not lines:
        return []
    sentences = [
        paragraph(line.key, lang, when=when(data.year, lang) if i == 0 else "", **line.fields)
        for i, line in enumerate(lines)
    ]
    return [joined(sentences, lang)]


def line_of(data: YearData, table: str, item: Thought, lang: str) -> Line | None:
    """A thought as a lede sentence: its first variant the year's figures can fill."""
    said = choose(data, table, item)
    return None if said is None else Line(said.key, filled(data, said, lang))


def lede_of(data: YearData, thoughts: Iterable[tuple[str, Thought]], lang: str) -> list[str]:
    """A lede from the (table, thought) pairs the year's figures can fill, in order (see lede_text)."""
    lines = [line_of(data, table, item, lang) for table, item in thoughts]
    return lede_text(data, [line for line in lines if line is not None], lang)


# ---- last year's targets -------------------------------------------------------------------------


def targets_line(data: YearData, indicators: Iterable[str], lang: str) -> Line | None:
    """How this year's actuals fared against the targets the previous report set for them (of
    the given indicators): all met, none met, or which were met and which missed. None when the
    previous report set none of them or this year reports none."""
    frame = plan_against_actual(data)
    if frame is None or frame.empty:
        return None
    wanted = list(indicators)
    frame = frame[frame["indicator"].isin(wanted) & frame["met"].notna()]
    if frame.empty:
        return None
    ids = {met: list(frame.loc[frame["met"] == met, "indicator"]) for met in (True, False)}
    names = {met: [lower_first(indicator_name(i, lang), lang) for i in ids[met]] for met in (True, False)}
    count = len(frame)
    fields = {"previous": data.year - 1, "year": data.year, "n": count_in_text(count, lang)}
    if not names[False]:
        one = {"met_cap": indicator_name(frame["indicator"].iloc[0], lang), "met": names[True][0]}
        return Line("chapter.targets_all_met" if count > 1 else "chapter.target_met", {**fields, **one})
    if not names[True]:
        one = {"missed_cap": indicator_name(frame["indicator"].iloc[0], lang), "missed": names[False][0]}
        return Line("chapter.targets_none_met" if count > 1 else "chapter.target_missed", {**fields, **one})
    met_cap = listing([indicator_name(ids[True][0], lang), *names[True][1:]], lang)
    return Line(
        "chapter.targets_mixed",
        {**fields, "met": listing(names[True], lang), "met_cap": met_cap, "missed": listing(names[False], lang)},
    )
