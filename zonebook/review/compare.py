"""What changed on each page of the book between two sides.

nbdime aligns the cells of the old and new executed notebook and says which changed; only those
are read for what a reader sees (sentences, tables, charts), and then compared as a reader would.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field

from nbdime import diff_notebooks
from nbformat import from_dict

from zonebook.review import page
from zonebook.review.figures import Figure, changed, shown_on
from zonebook.review.page import Chart, Content, Table
from zonebook.review.pixels import changed_pixels
from zonebook.review.sides import NOTEBOOK, Side


@dataclass(frozen=True)
class RowChange:
    old: tuple[str, ...] | None  # None: a row added
    new: tuple[str, ...] | None  # None: a row removed


@dataclass(frozen=True)
class TableChange:
    old: Table | None
    new: Table | None
    rows: tuple[RowChange, ...]


@dataclass(frozen=True)
class ChartChange:
    old: Chart | None
    new: Chart | None
    marked: bytes = b""  # the new chart with its changed pixels marked (PNG)
    pixels: int = 0

    @property
    def redrawn(self) -> bool:
        """Its image changed, appeared or went (not only its caption or alt text)."""
        return not (self.old and self.new and self.old.png == self.new.png)


@dataclass
class PageChange:
    path: str  # book/<lang>/<year>/<slug>.ipynb
    lang: str
    year: str
    slug: str
    title: str
    status: str  # "changed", "added" or "removed"
    sentences: list[tuple[str | None, str | None]] = field(default_factory=list)  # (old, new); None = absent
    tables: list[TableChange] = field(default_factory=list)
    charts: list[ChartChange] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    shows: Content | None = None  # everything on an added or removed page

    @property
    def empty(self) -> bool:
        return self.status == "changed" and not (self.sentences or self.tables or self.charts)


@dataclass
class Review:
    base: str
    head: str
    pages: list[PageChange]
    figures: list[Figure]  # every figure changed in the data
    unshown: list[Figure]  # ... of which no changed page shows

    def count(self) -> dict[str, int]:
        changed = [p for p in self.pages if p.status == "changed"]
        shown = {f.key for p in changed for f in p.figures}
        return {
            "figures": len(shown),
            "figure_pages": sum(1 for p in changed if p.figures),
            "sentences": sum(len(p.sentences) for p in changed),
            "charts": sum(1 for p in changed for c in p.charts if c.redrawn),
            "tables": sum(len(p.tables) for p in changed),
            "changed": len(changed),
            "added": sum(1 for p in self.pages if p.status == "added"),
            "removed": sum(1 for p in self.pages if p.status == "removed"),
        }


def _light(nb: dict) -> dict:
    """The notebook as nbdime aligns it: each cell with its source, and each output as a digest
    of itself. nbdime then says which cells changed, cheaply (its text diff of long HTML outputs
    is slow), and the review compares their outputs as a reader sees them."""
    cells = []
    for cell in nb["cells"]:
        light = {**cell, "source": page.joined(cell.get("source", ""))}
        if "outputs" in cell:
            light["outputs"] = [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"text/plain": hashlib.sha256(json.dumps(o, sort_keys=True).encode("utf-8")).hexdigest()},
                }
                for o in cell["outputs"]
            ]
        cells.append(light)
    return from_dict({**nb, "cells": cells})


def _hunks(old: dict, new: dict) -> list[tuple[list[int], list[int]]]:
    """Runs of changed cells as nbdime aligns them: (old cell indices, new cell indices), touching
    edits joined into one run."""
    ops = next((d["diff"] for d in diff_notebooks(_light(old), _light(new)) if d["key"] == "cells"), [])
    hunks: list[tuple[list[int], list[int]]] = []
    base = head = 0  # next unread cell on each side
    end = -1  # the old-side index where the last run stopped
    for op in sorted(ops, key=lambda o: (o["key"], o["op"] != "addrange")):
        key = op["key"]
        head += key - base
        base = key
        if key != end or not hunks:
            hunks.append(([], []))
        old_cells, new_cells = hunks[-1]
        if op["op"] == "addrange":
            count = len(op["valuelist"])
            new_cells += range(head, head + count)
            head += count
        elif op["op"] == "removerange":
            old_cells += range(key, key + op["length"])
            base = key + op["length"]
        else:  # patch: one cell changed in place
            old_cells.append(key)
            new_cells.append(head)
            base, head = key + 1, head + 1
        end = base
    return hunks


def _sentences(old: list[str], new: list[str]) -> list[tuple[str | None, str | None]]:
    out: list[tuple[str | None, str | None]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        a, b = old[i1:i2], new[j1:j2]
        paired = min(len(a), len(b))
        out += list(zip(a[:paired], b[:paired]))
        out += [(s, None) for s in a[paired:]] + [(None, s) for s in b[paired:]]
    return out


def _paired(old: list, new: list, key) -> list[tuple]:
    """Old and new items matched by key, the rest in order of appearance; unmatched ones alone."""
    pairs, rest = [], list(new)
    unmatched_old = []
    for item in old:
        match = next((n for n in rest if key(n) == key(item)), None)
        if match is None:
            unmatched_old.append(item)
        else:
            rest.remove(match)
            pairs.append((item, match))
    while unmatched_old and rest:
        pairs.append((unmatched_old.pop(0), rest.pop(0)))
    return pairs + [(o, None) for o in unmatched_old] + [(None, n) for n in rest]


def _rows(old: Table | None, new: Table | None) -> tuple[RowChange, ...]:
    """Rows matched by their first cell (the row's name); changed rows, added rows, removed rows."""
    a, b = (old.rows if old else ()), (new.rows if new else ())
    out = []
    keys = difflib.SequenceMatcher(None, [r[:1] for r in a], [r[:1] for r in b], autojunk=False)
    for op, i1, i2, j1, j2 in keys.get_opcodes():
        if op == "equal":
            out += [RowChange(x, y) for x, y in zip(a[i1:i2], b[j1:j2]) if x != y]
            continue
        pairs = _paired(list(a[i1:i2]), list(b[j1:j2]), key=lambda r: r[1:])
        out += [RowChange(x, y) for x, y in pairs]
    return tuple(out)


def _tables(old: list[Table], new: list[Table]) -> list[TableChange]:
    return [TableChange(a, b, _rows(a, b)) for a, b in _paired(old, new, key=lambda t: t.caption) if a != b]


def _charts(old: list[Chart], new: list[Chart]) -> list[ChartChange]:
    out = []
    for a, b in _paired(old, new, key=lambda c: c.key):
        if a == b:
            continue
        if a and b and a.png != b.png:
            out.append(ChartChange(a, b, *changed_pixels(a.png, b.png)))
        else:
            out.append(ChartChange(a, b))
    return out


def _text(content: list[tuple], tables: list[TableChange], charts: list[ChartChange], side: int) -> str:
    """Everything changed on one side of a page, as one text: where figures are looked for."""
    parts = [pair[side] or "" for pair in content]
    for t in tables:
        parts += [" | ".join((r.old, r.new)[side] or ()) for r in t.rows]
        if t.old and t.new and t.old.caption != t.new.caption:
            parts.append((t.old, t.new)[side].caption)
    for c in charts:
        chart = (c.old, c.new)[side]
        parts.append(chart.alt if chart else "")
    return "\n".join(parts)


def _page(path: str, old: bytes | None, new: bytes | None, figures: list[Figure]) -> PageChange | None:
    lang, year, slug = NOTEBOOK.match(path).groups()
    old_nb, new_nb = (json.loads(old) if old else None), (json.loads(new) if new else None)
    title = page.title((new_nb or old_nb)["cells"])
    if old_nb is None or new_nb is None:
        status = "added" if old_nb is None else "removed"
        return PageChange(path, lang, year, slug, title, status, shows=page.shown((new_nb or old_nb)["cells"]))
    change = PageChange(path, lang, year, slug, title, "changed")
    for old_cells, new_cells in _hunks(old_nb, new_nb):
        a = page.shown([old_nb["cells"][i] for i in old_cells])
        b = page.shown([new_nb["cells"][i] for i in new_cells])
        change.sentences += _sentences(a.sentences, b.sentences)
        change.tables += _tables(a.tables, b.tables)
        change.charts += _charts(a.charts, b.charts)
    if change.empty:
        return None  # only hidden cells or code changed: nothing a reader sees
    texts = [_text(change.sentences, change.tables, change.charts, side) for side in (0, 1)]
    change.figures = shown_on(figures, year, *texts)
    return change


def review(old: Side, new: Side) -> Review:
    figures = changed(old.files, new.files)
    pages = []
    for path in sorted(p for p in set(old.files) | set(new.files) if NOTEBOOK.match(p)):
        a, b = old.files.get(path), new.files.get(path)
        if a != b:
            found = _page(path, a, b, figures)
            if found:
                pages.append(found)
    shown = {f.key for p in pages for f in p.figures}
    return Review(old.label, new.label, pages, figures, [f for f in figures if f.key not in shown])
