"""Where a chart's text lands, checked by code: no two texts overlap, none leaves the canvas,
and a label placed on a diagram's shape stays inside it.

After `fig.canvas.draw()` every `Text` knows its box in pixels (`get_window_extent`). The
texts checked are those a reader sees: titles, axis labels, the tick labels drawn, legend
entries and titles, and every text or annotation in the plot. A "shape" is a patch of an axes
that is not a bar (a diagram's box): a text whose centre lies on one must lie inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

SLACK = 1.0  # pixels: boxes that touch do not collide; anti-aliasing blurs an edge by about one


@dataclass(frozen=True)
class Placed:
    what: str  # where the text belongs, for the message: "x tick", "legend", "title" ...
    text: str
    box: Bbox


def _shown(item: Text | None) -> bool:
    return item is not None and item.get_visible() and bool(item.get_text().strip())


def _ticks(axis) -> list[Text]:
    """The tick labels the axis draws (a locator may place ticks outside the view: not drawn)."""
    low, high = sorted(axis.get_view_interval())
    span = (high - low) or 1.0
    labels = []
    for tick in axis.get_major_ticks() + axis.get_minor_ticks():
        if low - span * 1e-9 <= tick.get_loc() <= high + span * 1e-9:
            labels += [tick.label1, tick.label2]
    return labels


def extent(item: Text, renderer) -> Bbox:
    """The text's box, with the box drawn around it if it has one (a diagram's label)."""
    box = item.get_window_extent(renderer)
    patch = item.get_bbox_patch()
    return Bbox.union([box, patch.get_window_extent(renderer)]) if patch is not None else box


def placed_texts(fig, renderer) -> list[Placed]:
    out: list[Placed] = []

    seen = set()

    def add(what: str, item: Text | None) -> None:
        if _shown(item) and id(item) not in seen:
            seen.add(id(item))
            out.append(Placed(what, item.get_text(), extent(item, renderer)))

    add("figure title", fig._suptitle)
    add("figure x label", fig._supxlabel)
    add("figure y label", fig._supylabel)
    for item in fig.texts:
        add("figure text", item)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for title in (ax.title, ax._left_title, ax._right_title):
            add("title", title)
        if ax.axison:
            add("x axis label", ax.xaxis.label)
            add("y axis label", ax.yaxis.label)
            for label in _ticks(ax.xaxis):
                add("x tick", label)
            for label in _ticks(ax.yaxis):
                add("y tick", label)
        for item in ax.texts:
            add("plot text", item)
        for legend in [ax.get_legend()]:
            if legend is not None and legend.get_visible():
                add("legend title", legend.get_title())
                for entry in legend.get_texts():
                    add("legend", entry)
    for legend in fig.legends:
        if legend.get_visible():
            add("legend title", legend.get_title())
            for entry in legend.get_texts():
                add("legend", entry)
    return out


def _overlap(a: Bbox, b: Bbox) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > SLACK and min(a.y1, b.y1) - max(a.y0, b.y0) > SLACK


def _inside(inner: Bbox, outer: Bbox) -> bool:
    return (
        inner.x0 >= outer.x0 - SLACK
        and inner.x1 <= outer.x1 + SLACK
        and inner.y0 >= outer.y0 - SLACK
        and inner.y1 <= outer.y1 + SLACK
    )


def _shapes(ax, renderer) -> list[Bbox]:
    bars = {id(p) for container in ax.containers for p in getattr(container, "patches", [])}
    return [p.get_window_extent(renderer) for p in ax.patches if id(p) not in bars and p.get_visible()]


def _short(text: str) -> str:
    flat = text.replace("\n", "⏎")
    return flat if len(flat) <= 40 else flat[:39] + "…"


def problems(fig) -> list[str]:
    """What collides or spills in `fig` as it would be saved now (draws it); empty: all is well."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    items = placed_texts(fig, renderer)
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if _overlap(a.box, b.box):
                found.append(f"{a.what} “{_short(a.text)}” overlaps {b.what} “{_short(b.text)}”")
    canvas = fig.bbox
    for item in items:
        if not _inside(item.box, canvas):
            found.append(f"{item.what} “{_short(item.text)}” leaves the canvas")
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        shapes = _shapes(ax, renderer)
        for item in ax.texts:
            if not _shown(item):
                continue
            box = item.get_window_extent(renderer)
            x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
            for shape in shapes:
                if shape.contains(x, y) and not _inside(box, shape):
                    found.append(f"label “{_short(item.get_text())}” leaves its shape")
        for patch in ax.patches:  # a shape cut by the edge of its axes loses part of its outline
            if isinstance(patch, Rectangle) or not patch.get_visible() or not patch.get_clip_on():
                continue
            edge = patch.get_linewidth() * fig.dpi / 72 / 2
            if not _inside(patch.get_window_extent(renderer).expanded(1, 1).padded(edge), ax.bbox):
                found.append(f"a shape of “{_short(ax.get_title(loc='left') or ax.get_title())}” is cut by its axes")
    return found
