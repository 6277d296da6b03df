"""Find, for each row of a new year's scaffold, the sentence of the new report that states it.

Earlier years' rows say which words of their report stated each indicator. Each quote becomes
a `Template`: the quote with its numerals left free (its *shape*, which finds the sentence when
only the figures changed), and the words just before and after the figure (its *keys*, which
find it when the sentence was reordered or reworded: 实现税收 / 上缴税收 / 完成税收 normalise to
税收). A figure of the new report is a candidate when its unit converts to the row's unit and a
key or the shape matches it.

A row is proposed only when its candidates agree on one value that is near last year's
(trend); otherwise it stays empty and the reason and the candidates go to the review sheet.
A figure in a list (分别增长了14%、3%…) is proposed only when the list's order is confirmed
by the figures it refers to, in the same order in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from zonebook.data.numerals import CHINESE_CHARS, same_number, scan
from zonebook.data.readers import read_csv
from zonebook.staff.prefill.figures import (
    BOUNDARY,
    Figure,
    Unit,
    clause_end,
    clause_start,
    figures,
    sentence_span,
    unit_at,
)

FILLERS = (
    "园区企业",
    "开发区",
    "全年",
    "全区",
    "其中",
    "实现",
    "上缴",
    "缴纳",
    "完成",
    "达到",
    "共计",
    "累计",
    "共",
    "了",
    "已",
    "约",
    "近",
    "超过",
)
SYNONYMS_CSV = Path(__file__).with_name("synonyms.csv")
VERBS = ("实现", "上缴", "完成", "缴纳")  # alike in a quote's shape; removed from its keys (FILLERS)
NUMERAL_RE = rf"(?<![\d.{CHINESE_CHARS}])(\d+(?:\.\d+)?|[{CHINESE_CHARS}]+)(?![\d.])"
RATIO_RANGE = (0.2, 5.0)  # a figure outside [last year / 5, last year × 5] is not proposed
PERCENT_POINTS = 60.0  # nor a rate that moved more than this many points
MIN_KEY = 2
WEAK_KEY = 3  # a key this short (投资, 召开) counts only when the other side has none or matches too,
# and not at all beside a more specific match (unless it is the indicator's name)
SHAPE_STRENGTH = 100
ENTITY_BONUS = 10
NAMED_STRENGTH = 50  # a figure of a 分别 list, named in the clause that lists the names


@cache
def synonym_groups(path: Path = SYNONYMS_CSV) -> tuple[tuple[str, ...], ...]:
    """The groups of words reports use for one thing (synonyms.csv, `words` separated by |),
    the verbs of a statement first."""
    groups = [VERBS] + [tuple(w for w in row["words"].split("|") if w) for row in read_csv(path).rows]
    return tuple(g for g in groups if len(g) > 1)


@cache
def _synonym_pattern() -> tuple[re.Pattern, dict[str, str]]:
    canonical = {word: group[0] for group in synonym_groups()[1:] for word in group}
    words = sorted(canonical, key=len, reverse=True)  # 税收收入 before 税收
    return re.compile("|".join(map(re.escape, words))), canonical


def canonical(text: str) -> str:
    """Each synonym as the first word of its group, in one pass (新开工项目 → 开工项目)."""
    pattern, names = _synonym_pattern()
    return pattern.sub(lambda m: names[m.group(0)], text)


def normalise(text: str) -> str:
    """Words that vary between reports for the same thing made alike (synonyms) or removed
    (fillers, verbs, numerals)."""
    text = re.sub(r"[（(][^）)]*[）)]", "", text)  # 开工建设项目(拓展空间): the bracket is a gloss
    text = re.sub(NUMERAL_RE, "", text)
    text = BOUNDARY.sub("", text)
    text = canonical(text)
    for word in FILLERS:
        text = text.replace(word, "")
    return text.strip()


@dataclass(frozen=True)
class Template:
    """One earlier quote of an indicator, as a pattern and as key words."""

    quote: str
    index: int  # which numeral of the quote states the value
    count: int  # how many numerals the quote has
    left: str
    right: str
    shape: re.Pattern | None

    @property
    def is_list(self) -> bool:  # 分别增长了14%、3%、35%和38%: the meaning of a figure is its position
        return self.count > 1 and "分别" in self.quote


def template(quote: str, value: float | None, units: dict[str, Unit]) -> Template | None:
    """The template of a quote whose figure is `value`; None when the quote does not state it."""
    if not quote or value is None:
        return None
    every = [n for n in scan(quote) if n.value is not None]
    stated = {f.start for f in figures(quote, units)}  # 四 of 四板 is a word, not a figure
    for numerals in ([n for n in every if n.start in stated], every):
        index = next((i for i, n in enumerate(numerals) if any(same_number(value, v) for v in n.values())), None)
        if index is not None:
            break
    else:
        return None
    numeral = numerals[index]
    left_start = numerals[index - 1].end if index else 0
    left = quote[left_start : numeral.start]
    left = left[max((m.end() for m in BOUNDARY.finditer(left)), default=0) :]
    right_end = numerals[index + 1].start if index + 1 < len(numerals) else len(quote)
    right = quote[numeral.end : right_end]
    right = right[: next((m.start() for m in BOUNDARY.finditer(right)), len(right))]
    unit = unit_at(right, 0, units)
    right = right[unit[1] :] if unit else right  # the unit is matched separately, not as a key
    return Template(quote, index, len(numerals), _key(left), _key(right), _shape(quote, numerals))


def _key(text: str) -> str:
    key = normalise(text)
    return key if len(key) >= MIN_KEY else ""


def _shape(quote: str, numerals) -> re.Pattern:
    parts, position = [], 0
    for numeral in numerals:
        parts.append(_literal(quote[position : numeral.start]))
        parts.append(NUMERAL_RE)
        position = numeral.end
    parts.append(_literal(quote[position:]))
    return re.compile("".join(parts))


PUNCTUATION = (",，", ";；", ":：", "(（", ")）", "!！", "?？")


def _literal(text: str) -> str:
    """The words of a quote as a pattern: half- and full-width punctuation alike, synonyms alike."""
    groups = {word: group for group in synonym_groups() for word in group}
    words = sorted(groups, key=len, reverse=True)
    parts, position = [], 0
    for match in re.finditer("|".join(map(re.escape, words)), text):
        parts.append(_characters(text[position : match.start()]))
        group = sorted(groups[match.group(0)], key=len, reverse=True)
        parts.append("(?:" + "|".join(map(re.escape, group)) + ")")
        position = match.end()
    return "".join(parts) + _characters(text[position:])


def _characters(text: str) -> str:
    return "".join(next((f"[{re.escape(pair)}]" for pair in PUNCTUATION if ch in pair), re.escape(ch)) for ch in text)


@dataclass
class Want:
    """One row of the scaffold to fill, with what earlier years said about its indicator."""

    table: str
    id: str
    indicator: str
    entity: str
    unit: str
    previous: float | None  # last year's value (or the target set for this year), in `unit`
    templates: list[Template]  # from quotes of the same kind (actuals for facts, targets for targets)
    other_templates: list[Template]  # from quotes of the other kind
    name_key: str  # the catalogue's Chinese name, normalised
    entity_names: dict[str, str] = field(default_factory=dict)  # the table's entities: id -> name_zh
    preceding: list[tuple[str, str]] = field(default_factory=list)  # for a list: the rows it refers to, in order


@dataclass(frozen=True)
class Hit:
    figure: Figure
    quote: str
    method: str  # shape, list, words, name
    strength: int


def claimed_elsewhere(
    hits: dict[tuple[str, str], list[Hit]], wants: dict[tuple[str, str], Want]
) -> dict[tuple[str, str], list[Hit]]:
    """Drop, from each row's hits, the figures another indicator's row matched more strongly
    (总投资2亿元 beside 污水处理厂 is the plant's, not the investment of the projects started)."""
    best: dict[int, dict[str, int]] = {}
    for row, row_hits in hits.items():
        for h in row_hits:
            by_indicator = best.setdefault(h.figure.start, {})
            indicator = wants[row].indicator
            by_indicator[indicator] = max(by_indicator.get(indicator, 0), h.strength)
    kept = {}
    for row, row_hits in hits.items():
        indicator = wants[row].indicator
        kept[row] = [
            h for h in row_hits if all(s <= h.strength for i, s in best[h.figure.start].items() if i != indicator)
        ]
    return kept


@dataclass
class Outcome:
    """A proposal (figure set) or a gap (reason set), with the candidates considered."""

    want: Want
    figure: Figure | None = None
    quote: str = ""
    method: str = ""
    reason: str = ""
    candidates: list[Figure] = field(default_factory=list)


class Matcher:
    """The figures of one part of the new report (the review, or the plan) and the rows to find."""

    def __init__(self, text: str, start: int, end: int, units: dict[str, Unit]):
        self.text, self.start, self.end, self.units = text, start, end, units
        self.figures = [f for f in figures(text, units) if start <= f.start < end]
        self._contexts = [self._context(i) for i in range(len(self.figures))]
        self.named = named_lists(text, self.figures)

    def _context(self, index: int) -> tuple[str, str]:
        figure = self.figures[index]
        floor = self.figures[index - 1].end if index else self.start
        left = self.text[clause_start(self.text, figure.start, floor) : figure.start]
        ceiling = self.figures[index + 1].start if index + 1 < len(self.figures) else self.end
        right = self.text[figure.end : min(clause_end(self.text, figure.end), ceiling)]
        return normalise(left), normalise(right)

    def compatible(self, want: Want, figure: Figure) -> bool:
        mine, theirs = self.units.get(want.unit), self.units.get(figure.unit)
        return mine is not None and theirs is not None and mine.base_unit == theirs.base_unit

    def shape_hits(self, template: Template) -> list[tuple[Figure, str]]:
        hits = []
        for match in template.shape.finditer(self.text, self.start, self.end):
            position = match.start(template.index + 1)
            figure = next((f for f in self.figures if f.start == position), None)
            if figure is not None:
                hits.append((figure, match.group(0)))
        return hits

    def key_hits(self, left: str, right: str) -> list[tuple[Figure, int]]:
        """Figures whose words match a key, with the length matched. A short key (投资, 召开) counts
        only when the other side has no key or matches too."""
        hits = []
        for figure, (before, after) in zip(self.figures, self._contexts):
            left_ok, right_ok = bool(left) and left in before, bool(right) and right in after
            # the words moved to the other side: 申报了2个人才项目 → 申报人才项目三个
            left_ok = left_ok or (len(left) > WEAK_KEY and left in after)
            right_ok = right_ok or (len(right) > WEAK_KEY and right in before)
            strength = (len(left) if left_ok else 0) + (len(right) if right_ok else 0)
            sure = (left_ok and (len(left) > WEAK_KEY or not right or right_ok)) or (
                right_ok and (len(right) > WEAK_KEY or not left or left_ok)
            )
            if sure:
                hits.append((figure, strength))
        return hits

    def entity_ok(self, want: Want, figure: Figure) -> bool | None:
        """For a row about a thing, the thing the report names nearest the figure is it: within
        the figure's sentence (either side), else the last one named before it in the paragraph.
        None when no thing of the table is named there (the row's own words must then decide)."""
        if not want.entity or not want.entity_names:  # no thing to tell apart (see proposals.is_label)
            return True
        start, end = sentence_span(self.text, figure.start)
        named = [  # the gap between the name and the figure: 统计人员培训1次、“两化”信息员培训3次
            (figure.start - position - len(name) if position < figure.start else position - figure.end + 1, entity)
            for entity, name in want.entity_names.items()
            if name
            for position in _positions(self.text, name, start, end)
        ]
        if not named:
            paragraph = self.text.rfind("\n", 0, figure.start) + 1
            named = [
                (figure.start - position, entity)
                for entity, name in want.entity_names.items()
                if name
                for position in _positions(self.text, name, paragraph, figure.start)
            ]
        return None if not named else min(named)[1] == want.entity

    def clause_quote(self, figure: Figure) -> str:
        sentence_start, _ = sentence_span(self.text, figure.start)
        return self.text[
            clause_start(self.text, figure.start, sentence_start) : clause_end(self.text, figure.end)
        ].strip()

    def hits(self, want: Want) -> list[Hit]:
        """Every figure of this part that may state the row, with how strongly it matched."""
        found: dict[int, Hit] = {}
        lists = [t for t in want.templates if t.is_list]
        for t in want.templates:
            for figure, quote in self.shape_hits(t):
                found.setdefault(figure.start, Hit(figure, quote, "list" if t.is_list else "shape", SHAPE_STRENGTH))
        for t in [t for t in want.templates + want.other_templates if not t.is_list]:
            names_it = want.name_key and want.name_key in (t.left, t.right)  # 税收 is short, but it is the name
            for figure, strength in self.key_hits(t.left, t.right):
                strength = max(strength, WEAK_KEY + 1) if names_it else strength
                if figure.start not in found or found[figure.start].strength < strength:
                    found[figure.start] = Hit(figure, self.clause_quote(figure), "words", strength)
        keys = [want.name_key] * bool(want.name_key) + [  # the name, or specific words (not 投资)
            t.left for t in want.templates + want.other_templates if len(t.left) > WEAK_KEY
        ]
        for figure in self.figures:
            matched = [len(k) for k in keys for name in self.named.get(figure.start, ()) if k in name]
            if (
                matched
                and self.compatible(want, figure)
                and (figure.start not in found or found[figure.start].strength < NAMED_STRENGTH)
            ):
                found[figure.start] = Hit(figure, self.clause_quote(figure), "named", NAMED_STRENGTH + max(matched))
        if not found and not lists and want.name_key:
            for figure, strength in self.key_hits(want.name_key, ""):
                found.setdefault(figure.start, Hit(figure, self.clause_quote(figure), "name", strength))
        judged = [(h, self.entity_ok(want, h.figure)) for h in found.values()]
        if want.entity and any(named for _, named in judged):
            # found beside its thing: stronger than a bare 总投资 of another row, and the same
            # words elsewhere with no thing named (面积 of 建成面积) are not it
            hits = [Hit(h.figure, h.quote, h.method, h.strength + ENTITY_BONUS) for h, named in judged if named]
        else:  # with no thing named nearby, only specific words decide
            hits = [h for h, named in judged if named or (named is None and h.strength > WEAK_KEY)]
        if any(h.strength > WEAK_KEY for h in hits):  # a bare 投资 elsewhere is not a second statement
            hits = [h for h in hits if h.strength > WEAK_KEY]
        return hits

    def decide(self, want: Want, hits: list[Hit]) -> Outcome:
        usable = [h for h in hits if self.compatible(want, h.figure)]
        other_units = [h.figure for h in hits if not self.compatible(want, h.figure)]
        if not usable:
            reason = (
                "only figures in another kind of unit (" + ", ".join(sorted({f.unit for f in other_units})) + ")"
                if other_units
                else "no sentence of the report states it in the words earlier reports used"
            )
            return Outcome(want, reason=reason, candidates=other_units)
        values = {round(h.figure.base(self.units), 6) for h in usable}
        candidates = sorted((h.figure for h in usable), key=lambda f: f.start)
        if len(values) > 1:
            named = {round(h.figure.base(self.units), 6) for h in usable if self.names_row(want, h.figure)}
            reason = (
                "the report states it more than once with different figures"
                if len(named) > 1
                else "several figures stand in the words earlier reports used for it, none in a sentence that "
                "names it: the report does not say which (if any) is this row's"
            )
            return Outcome(want, reason=reason, candidates=candidates)
        best = min(usable, key=lambda h: h.figure.start)
        trend = self.off_trend(want, best.figure)
        if trend:
            return Outcome(want, reason=trend, candidates=candidates)
        return Outcome(want, best.figure, best.quote, best.method, candidates=candidates)

    def names_row(self, want: Want, figure: Figure) -> bool:
        """Whether the figure's sentence names the row: its thing's name, or for a row of no named
        thing its indicator's (税收3.9亿元 … 税收4.1亿元 state one figure twice; 投资1800万元 and
        投资320万元 of two roads do not)."""
        start, end = sentence_span(self.text, figure.start)
        sentence = normalise(self.text[start:end])
        thing = want.entity_names.get(want.entity, "") if want.entity else ""
        name = normalise(thing) if thing else want.name_key  # a thing's row: 总投资 of another thing is not it
        return bool(name) and name in sentence

    def off_trend(self, want: Want, figure: Figure) -> str:
        if want.unit == "月" or figure.unit == "月":
            return "" if 1 <= figure.value <= 12 else f"{figure.value:g} is not a month"
        if want.previous is None or want.unit not in self.units:
            return ""
        before = want.previous * self.units[want.unit].factor
        now = figure.base(self.units)
        if want.unit == "%":
            return "" if abs(now - before) <= PERCENT_POINTS else f"far from last year's {want.previous:g}%"
        if before <= 0 or now <= 0:
            return (
                ""
                if before == now or before <= 0
                else f"{figure.value:g} {figure.unit} against last year's {want.previous:g} {want.unit}"
            )
        ratio = now / before
        if RATIO_RANGE[0] <= ratio <= RATIO_RANGE[1]:
            return ""
        return f"far from the trend: {figure.token}{figure.unit} against {want.previous:g}{want.unit} the year before (×{ratio:.2g})"


LIST_GAP = re.compile(r"^[、，,和及与以]*$")
ITEM_END = re.compile(r"(?:是|为|均|都|等|的|共|分别|达到|完成).*$")


def named_lists(text: str, found: list[Figure]) -> dict[int, list[str]]:
    """{figure start: the names it stands for} for the figures of a 分别 list whose names are
    enumerated in an earlier clause without figures (工业总产值、税收、固定资产投资和出口创汇是…。
    这四项指标分别完成152亿元、…，同比分别增长13%、…): the i-th figure is the i-th name, with
    the verb after 分别 (增长: the name's growth); one figure for several names stands for each."""
    named: dict[int, list[str]] = {}
    for match in re.finditer("分别", text):
        after = [f for f in found if f.start > match.end()]
        run = []
        for figure in after:
            gap = text[(run[-1].end if run else match.end()) : figure.start]
            if run and not LIST_GAP.match(gap) or not run and (len(gap) > 6 or BOUNDARY.search(gap)):
                break
            run.append(figure)
        if not run:
            continue
        verb = text[match.end() : run[0].start]
        names = _enumeration(text, match.start())
        if not names or (len(run) != len(names) and len(run) != 1):
            continue
        growth = "增速" if re.search("增长|增幅|增速|提高", verb) else ""
        for index, figure in enumerate(run):
            chosen = names if len(run) == 1 else [names[index]]
            named[figure.start] = [normalise(name) + growth for name in chosen]
    return named


def _enumeration(text: str, position: int) -> list[str]:
    """The nearest clause before `position` (in its sentence or the one before) that lists names
    (、 and 和) and states no figure."""
    start, _ = sentence_span(text, position)
    floor = sentence_span(text, start - 2)[0] if start >= 2 else start
    clauses = re.split(r"[，,。；;：:！？\n]", text[floor:position])
    for clause in reversed(clauses):
        if "、" not in clause and "和" not in clause:
            continue
        if re.search(r"\d", clause):
            continue
        items = [i for i in re.split(r"[、和及与]", clause) if i]
        items[-1] = ITEM_END.sub("", items[-1])
        if len(items) >= 2 and all(2 <= len(i) <= 14 for i in items):
            return items
    return []


def _positions(text: str, word: str, start: int, end: int) -> list[int]:
    found, at = [], text.find(word, start, end)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1, end)
    return found


def resolve(outcomes: list[Outcome], chapter_at=None, chapters: dict[str, str] | None = None) -> list[Outcome]:
    """Two rows (of different indicators, or of different things) claiming one figure by their
    words: the one whose indicator belongs to the chapter the figure stands in (`chapter_at`,
    `chapters`: indicator -> chapter) takes it when it is the only one; else neither is sure."""
    claimed: dict[int, list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.figure is not None and outcome.method in ("words", "name"):
            claimed.setdefault(outcome.figure.start, []).append(outcome)
    for start, claims in claimed.items():
        if len({(o.want.indicator, o.want.entity) for o in claims}) > 1 and chapter_at and chapters:
            here = chapter_at(start)
            mine = [o for o in claims if here and chapters.get(o.want.indicator) == here]
            if len({(o.want.indicator, o.want.entity) for o in mine}) == 1:
                for o in claims:
                    if o not in mine:
                        o.candidates = [o.figure]
                        o.figure, o.quote = None, ""
                        o.reason = f"the figure stands in the {here} chapter, where another row's indicator belongs"
                continue
        if len({(o.want.indicator, o.want.entity) for o in claims}) > 1:
            names = ", ".join(f"{o.want.table}:{o.want.id}" for o in claims)
            for o in claims:
                o.candidates = [o.figure]
                o.figure, o.quote, o.reason = None, "", f"the same figure matched several rows ({names})"
    return outcomes


def check_list_order(outcome: Outcome, by_row: dict[tuple[str, str], Outcome], text: str) -> Outcome:
    """A figure of a 分别 list stands for the row at its position: the rows it refers to must be
    proposed, in the same sentence, in the same order as last year."""
    if outcome.figure is None or outcome.method != "list":
        return outcome
    want = outcome.want
    start, end = sentence_span(text, outcome.figure.start)
    positions = []
    for ref in want.preceding:
        other = by_row.get(ref)
        if other is None or other.figure is None or not start <= other.figure.start < end:
            positions = None
            break
        positions.append(other.figure.start)
    if not want.preceding or positions is None or positions != sorted(positions):
        outcome.candidates = [outcome.figure]
        outcome.figure, outcome.quote = None, ""
        outcome.reason = (
            "a figure of a list (分别…): the figures it refers to are not in the same order in one sentence"
        )
    return outcome
