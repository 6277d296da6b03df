"""The numeral ledger: every number written in the source, and what became of it.

Each numeral the source contains is either
- a `fact`: it lies inside an occurrence of a fact row's quote and equals the row's
  `value` or `value_max`;
- `excluded`: it lies inside an occurrence of a `ledger_exclusions.csv` row's `text` and
  equals that row's `numeral` (a year, a section number, 进一步 …);
- `unaccounted`: neither. `zonebook validate` reports each of these as a problem, so a
  number of the source cannot silently go missing from the book.

`account()` works on plain rows (it is what `zonebook validate` runs, without pandas);
`build_ledger()` and `summary()` give the tables the book's methods page shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from zonebook.data import numbers
from zonebook.data.numerals import Numeral, parse_chinese_range, same_number, scan

FACT = "fact"
EXCLUDED = "excluded"
UNACCOUNTED = "unaccounted"
DISPOSITIONS = (FACT, EXCLUDED, UNACCOUNTED)
CONTEXT_CHARS = 12


@dataclass(frozen=True)
class Entry:
    """One numeral occurrence of the source and its disposition."""

    line: int  # 1-based line of the source document
    start: int  # character offsets in the source
    end: int
    token: str
    value: float | None
    value_max: float | None
    disposition: str
    refs: str  # "table:id" of every covering row, "; "-separated
    reason_kind: str  # the exclusion's reason_kind, "" otherwise
    context: str  # the numeral with a few characters either side, on one line


@dataclass(frozen=True)
class Cover:
    """A row that may account for numerals: where its text is, which values it states."""

    ref: str
    text: str
    values: tuple[float, ...]
    tokens: tuple[str, ...] = ()
    reason_kind: str = ""


def spans(text: str, source: str) -> list[tuple[int, int]]:
    """Every occurrence of `text` in `source` (overlapping ones too) as (start, end)."""
    found, start = [], source.find(text) if text else -1
    while start >= 0:
        found.append((start, start + len(text)))
        start = source.find(text, start + 1)
    return found


def numerals_inside(source_numerals: list[Numeral], span: tuple[int, int]) -> list[Numeral]:
    return [n for n in source_numerals if span[0] <= n.start and n.end <= span[1]]


def matches(numeral: Numeral, cover: Cover) -> bool:
    """The numeral states the cover's value: every value it denotes is one the row gives."""
    if numeral.token in cover.tokens:
        return True
    values = numeral.values()
    return bool(values) and all(any(same_number(v, w) for w in cover.values) for v in values)


def number_or_none(text) -> float | None:
    """A cell as a number (CSV text or a pandas float); None when empty or not a number."""
    try:
        return numbers.parse(text)
    except ValueError:
        return parse_chinese_range(str(text).strip())[0]


def fact_covers(fact_rows: Mapping[str, Iterable[Mapping]]) -> list[Cover]:
    """Covers from fact tables: {table name: rows with id, quote, value, value_max}."""
    covers = []
    for table, rows in fact_rows.items():
        for row in rows:
            values = tuple(
                v for v in (number_or_none(row.get("value")), number_or_none(row.get("value_max"))) if v is not None
            )
            covers.append(Cover(f"{table}:{row.get('id', '')}", str(row.get("quote") or ""), values))
    return covers


def exclusion_covers(exclusions: Iterable[Mapping]) -> list[Cover]:
    """Covers from ledger_exclusions rows: `numeral` may be written "2017", "一" or "十九"."""
    covers = []
    for row in exclusions:
        numeral = str(row.get("numeral") or "").strip()
        value = number_or_none(numeral)
        covers.append(
            Cover(
                f"ledger_exclusions:{row.get('id', '')}",
                str(row.get("text") or ""),
                () if value is None else (value,),
                (numeral,) if numeral else (),
                str(row.get("reason_kind") or ""),
            )
        )
    return covers


def _covering(numeral: Numeral, covers: list[Cover], cover_spans: dict[str, list[tuple[int, int]]]) -> list[Cover]:
    return [
        c
        for c in covers
        if matches(numeral, c) and any(s <= numeral.start and numeral.end <= e for s, e in cover_spans[c.text])
    ]


def _distinct(covers: list[Cover]) -> tuple[list[Cover], dict[Cover, list[int]]]:
    """Covers that differ only in their row, merged: a table of many rows quoting the same words
    is checked once per distinct (text, values), so the ledger stays linear in the rows."""
    members: dict[Cover, list[int]] = {}
    for index, cover in enumerate(covers):
        members.setdefault(Cover("", cover.text, cover.values, cover.tokens, cover.reason_kind), []).append(index)
    return list(members), members


def context(source: str, start: int, end: int) -> str:
    left = source[max(0, start - CONTEXT_CHARS) : start]
    right = source[end : end + CONTEXT_CHARS]
    return " ".join(f"{left}[{source[start:end]}]{right}".split())


def account(fact_rows: Mapping[str, Iterable[Mapping]], exclusions: Iterable[Mapping], source: str) -> list[Entry]:
    """Every numeral of `source` with its disposition (a fact wins over an exclusion)."""
    facts, excluded = fact_covers(fact_rows), exclusion_covers(exclusions)
    (fact_kinds, fact_rows_of), (excluded_kinds, excluded_rows_of) = _distinct(facts), _distinct(excluded)
    cover_spans = {c.text: spans(c.text, source) for c in fact_kinds + excluded_kinds}
    entries = []
    for numeral in scan(source):
        by_fact = _covering(numeral, fact_kinds, cover_spans)
        by_exclusion = [] if by_fact else _covering(numeral, excluded_kinds, cover_spans)
        disposition = FACT if by_fact else EXCLUDED if by_exclusion else UNACCOUNTED
        covers, rows_of = (facts, fact_rows_of) if by_fact else (excluded, excluded_rows_of)
        covering = [covers[i] for i in sorted(i for kind in by_fact or by_exclusion for i in rows_of[kind])]
        entries.append(
            Entry(
                line=source.count("\n", 0, numeral.start) + 1,
                start=numeral.start,
                end=numeral.end,
                token=numeral.token,
                value=numeral.value,
                value_max=numeral.value_max,
                disposition=disposition,
                refs="; ".join(c.ref for c in covering),
                reason_kind=covering[0].reason_kind if by_exclusion else "",
                context=context(source, numeral.start, numeral.end),
            )
        )
    return entries


def _rows_of(frame_or_rows) -> list[Mapping]:
    if frame_or_rows is None:
        return []
    if hasattr(frame_or_rows, "to_dict"):
        return frame_or_rows.to_dict("records")
    return list(frame_or_rows)


def build_ledger(year_data, source_text: str):
    """The ledger of a loaded year (`zonebook.load(year)`) as a DataFrame, one row per numeral."""
    import pandas as pd

    from zonebook.data import FACT_TABLES

    fact_rows = {name: _rows_of(year_data.table(name)) for name in FACT_TABLES if year_data.table(name) is not None}
    entries = account(fact_rows, _rows_of(year_data.table("ledger_exclusions")), source_text)
    return pd.DataFrame([asdict(e) for e in entries], columns=list(Entry.__dataclass_fields__))


def counts(entries: Iterable[Entry]) -> dict:
    """How many numerals are facts, excluded, unaccounted; and the exclusions by reason_kind."""
    entries = list(entries)
    by_disposition = Counter(e.disposition for e in entries)
    by_reason = Counter(e.reason_kind for e in entries if e.disposition == EXCLUDED)
    return {
        "total": len(entries),
        "by_disposition": {d: by_disposition.get(d, 0) for d in DISPOSITIONS},
        "by_reason_kind": dict(sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def summary(ledger):
    """The methods page's table: (group, key, count) for dispositions, then exclusion reasons."""
    import pandas as pd

    entries = [Entry(**row) for row in ledger.to_dict("records")] if hasattr(ledger, "to_dict") else list(ledger)
    tally = counts(entries)
    rows = [("disposition", d, n) for d, n in tally["by_disposition"].items()]
    rows += [("reason_kind", k, n) for k, n in tally["by_reason_kind"].items()]
    rows.append(("total", "all", tally["total"]))
    return pd.DataFrame(rows, columns=["group", "key", "count"])
