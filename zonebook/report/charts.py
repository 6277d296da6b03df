"""Charts in one style, with Chinese glyphs, rendered byte-stably, legible on a phone.

A chart reaches the page as a `<figure>`: two PNGs inline in a `<picture>` (the chart as drawn,
and a narrow re-layout of it that the browser picks on phones), alt text that states what it
shows, a caption, and the chart's data as a CSV download headed in the edition's language.
Both PNGs are shown at 96 CSS px per inch of figure, so text of `MIN_PT` points is
`MIN_PT * 96 / 72` px on screen (12 px); `data-min-pt` and `data-dpi` on the figure let the
browser tests check it.

One visual grammar for the book (`style_bar`, `encoding_legend`): a solid bar is a figure the
report states; a hatched muted bar is one the book derives (implied, estimated); a target is
an outline with a dashed edge and no fill. Hatching means nothing else, and a chart that uses
an encoding carries its legend.
"""

from __future__ import annotations

import base64
import html
import io
import re
import unicodedata
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; the same bytes under papermill, pytest and a terminal
import matplotlib.pyplot as plt  # noqa: E402
import noto_cjk_sans_otc  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.category import StrCategoryLocator  # noqa: E402
from matplotlib.gridspec import GridSpec  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FixedLocator, MaxNLocator  # noqa: E402

from zonebook.core.errors import DataError, Problem, rel  # noqa: E402
from zonebook.data.i18n import number, strings_dir, text  # noqa: E402

CJK_FONT = Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc"
FONT = "Noto Sans CJK SC"  # its Latin letters and digits too: one face for both scripts
# Okabe–Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
ACCENT, MUTED = PALETTE[0], "#9AA5B1"
TEXT_COLOUR = "#222222"
DPI = 144
CSS_PX_PER_INCH = 96
MIN_PT = 9  # the smallest text in any chart: 12 CSS px as shown
NARROW_INCHES = 3.6  # 346 CSS px: within the text column of a 390 px phone (358 px)
WIDE_INCHES = 7.2  # 691 CSS px: the text column of a 1366 px desktop
PHONE_QUERY = "(max-width: 640px)"
HATCH_DERIVED = "///"


def setup() -> None:
    """Register the CJK font and the house style. Idempotent."""
    font_manager.fontManager.addfont(str(CJK_FONT))
    plt.rcParams.update(
        {
            # the family itself, not a fallback in font.sans-serif, is what makes CJK glyphs render
            "font.family": [FONT],
            "font.size": 10.5,
            "text.color": TEXT_COLOUR,
            "axes.labelcolor": TEXT_COLOUR,
            "xtick.color": TEXT_COLOUR,
            "ytick.color": TEXT_COLOUR,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.labelsize": 10,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "axes.grid": True,
            "axes.grid.axis": "x",
            "axes.axisbelow": True,
            "axes.unicode_minus": False,  # a hyphen-minus, the glyph every face has
            "grid.color": "#E3E7EB",
            "hatch.color": "white",
            "hatch.linewidth": 1.2,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "svg.hashsalt": "zonebook",
            "text.parse_math": False,  # a name with $ in it is text, not mathtext (which could fail the chart)
            "path.simplify": True,
        }
    )


# ---------------------------------------------------------------- the visual grammar

REPORTED, DERIVED, TARGET = "reported", "derived", "target"


def style_bar(bar, kind: str, colour: str = ACCENT) -> None:
    """Draw one bar as what it is: stated by the report, derived by the book, or a target."""
    if kind == DERIVED:
        bar.set(facecolor=MUTED, hatch=HATCH_DERIVED, edgecolor="white", linestyle="solid")
    elif kind == TARGET:
        bar.set(facecolor="white", hatch=None, edgecolor=colour, linestyle=(0, (3, 2)), linewidth=1.4)
    else:
        bar.set(facecolor=colour, hatch=None, edgecolor="white", linestyle="solid")


def encoding_handle(kind: str, lang: str, colour: str = ACCENT, label: str | None = None) -> Patch:
    handle = Patch(label=label or text(f"chart.kind_{kind}", lang))
    style_bar(handle, kind, colour)
    return handle


def encoding_legend(ax, handles: list[Patch], *, below: bool = True, ncols: int = 2):
    """The chart's legend, under the whole figure, below the axis title (it never takes width
    from a narrow chart, nor lies over a label): constrained layout makes room for it."""
    if below:
        fig = ax.figure
        fig.set_layout_engine("constrained")
        return fig.legend(
            handles=handles,
            frameon=False,
            loc="outside lower left",
            ncols=min(len(handles), ncols),
            handlelength=1.6,
        )
    return ax.legend(handles=handles, frameon=False, loc="best")


class ScaleTo(MaxNLocator):
    """Round ticks from 0 up to `upper` only: the scale of a bar that has room beside it for
    labels. A MaxNLocator, so that a narrow chart can ask it for fewer ticks."""

    def __init__(self, upper: float, **params):
        super().__init__(**{"nbins": "auto", "steps": [1, 2, 2.5, 5, 10], **params})
        self.upper = upper

    def tick_values(self, vmin, vmax):
        ticks = super().tick_values(vmin, min(vmax, self.upper))
        return [t for t in ticks if vmin <= t <= self.upper * (1 + 1e-9)]


def value_label(value: float, lang: str, decimals: int = 2) -> str:
    """A value as the book's tables write it (rounded to `decimals`, no trailing zeros)."""
    return number(round(float(value), decimals), lang)


# ---------------------------------------------------------------- drawing helpers


def hbar(
    labels: list[str],
    values: list[float],
    *,
    title: str,
    xlabel: str,
    value_labels: list[str] | None = None,
    colors: list[str] | None = None,
    width: float = 7.0,
):
    """Horizontal bars, largest meaning first from the top, each bar labelled with its value."""
    fig, ax = plt.subplots(figsize=(width, 0.45 * len(labels) + 1.2), layout="constrained")
    positions = range(len(labels))[::-1]
    ax.barh(list(positions), values, color=colors or ACCENT, height=0.6)
    ax.set_yticks(list(positions), labels)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    span = max(values) if values else 1
    for pos, value, label in zip(positions, values, value_labels or [f"{v:g}" for v in values]):
        ax.text(value + span * 0.01, pos, label, va="center")
    ax.set_xlim(0, span * 1.25)
    return fig


def grouped_bars(
    categories: list[str],
    series: dict[str, list[float]],
    *,
    title: str,
    ylabel: str,
    value_fmt=lambda v: f"{v:g}",
    kinds: dict[str, str] | None = None,
):
    """Vertical bars, one group per category, one bar per series; `kinds` marks a series as
    derived or target (see `style_bar`), and the legend under the plot says so."""
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    n = len(series)
    width = 0.8 / n
    handles = []
    for i, (name, values) in enumerate(series.items()):
        colour, kind = PALETTE[i % len(PALETTE)], (kinds or {}).get(name, REPORTED)
        xs = [c + (i - (n - 1) / 2) * width for c in range(len(categories))]
        bars = ax.bar(xs, values, width=width * 0.92, label=name)
        for bar, value in zip(bars, values):
            style_bar(bar, kind, colour)
            if value == value:  # not NaN
                ax.annotate(
                    value_fmt(value),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center",
                    va="bottom",
                    xytext=(0, 2),
                    textcoords="offset points",
                )
        handle = Patch(label=name)
        style_bar(handle, kind, colour)
        handles.append(handle)
    ax.set_xticks(range(len(categories)), categories)
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", visible=True, color="#E3E7EB")
    encoding_legend(ax, handles)
    return fig


# ---------------------------------------------------------------- legibility and the narrow variant


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def legible(fig) -> None:
    """Every text in the one face, at least MIN_PT points (chapters may ask for smaller)."""
    for item in texts(fig):
        item.set_fontfamily(FONT)
        if item.get_fontsize() < MIN_PT:
            item.set_fontsize(MIN_PT)


def _em(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.62


OPENING, CLOSING = "“‘（《「(", "”’」）》，。；：、%)"
WRAP_UNITS = re.compile(
    rf"\s+|[{OPENING}]*(?:[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef{OPENING}]+)[{CLOSING}]*"
)


def wrap(label: str, points: float, size: float) -> str:
    """`label` broken into lines at most `points` wide at `size` points: between Chinese
    characters (never before closing punctuation) and at spaces, never inside a number or word."""
    out = []
    for paragraph in label.split("\n"):
        line, used = "", 0.0
        for unit in WRAP_UNITS.findall(paragraph):
            width = sum(_em(c) for c in unit) * size
            if line.strip() and used + width > points and not unit.isspace():
                out.append(line.rstrip())
                line, used = "", 0.0
            if unit.isspace() and not line:
                continue
            line += unit
            used += width
        out.append(line.rstrip())
    return "\n".join(out)


def _width_pt(label: str, size: float) -> float:
    return max(sum(_em(c) for c in line) for line in label.split("\n")) * size


def _room_for_value_labels(ax, axes_pt: float) -> None:
    """Value labels written after the end of horizontal bars stay inside a narrower plot: long
    ones wrap, and the x range grows until each fits (measured once the figure is laid out)."""
    labels = [t for t in ax.texts if t.get_transform() == ax.transData and t.get_horizontalalignment() == "left"]
    for label in labels:
        if _width_pt(label.get_text(), label.get_fontsize()) > axes_pt * 0.6:
            label.set_text(wrap(label.get_text(), axes_pt * 0.6, label.get_fontsize()))
    for _ in range(4):  # the layout moves the axes as the range changes: measure again
        if not labels:
            return
        fig = ax.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        left, right = ax.get_xlim()
        width = ax.bbox.width
        needed = right
        for label in labels:
            over = label.get_window_extent(renderer).width
            x = label.get_position()[0]
            if over < width * 0.9:
                needed = max(needed, left + (x - left) * width / (width - over) * 1.02)
        if needed <= right * 1.001:
            return
        ax.set_xlim(left, needed)


def _titles_fit(fig) -> None:
    """Titles and axis labels wrapped where they would run past the figure's edges (measured)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    titles = [t for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label)]
    for title in [*titles, fig._suptitle]:
        if title is None or not title.get_text() or not title.get_visible():
            continue
        box = title.get_window_extent(renderer)
        if box.x0 >= fig.bbox.x0 and box.x1 <= fig.bbox.x1:
            continue
        if title.get_horizontalalignment() == "center":
            middle = (box.x0 + box.x1) / 2
            room = 2 * min(middle - fig.bbox.x0, fig.bbox.x1 - middle)
        else:
            room = fig.bbox.x1 - max(box.x0, fig.bbox.x0)
        title.set_text(wrap(title.get_text().replace("\n", " "), room * 72 / fig.dpi * 0.92, title.get_fontsize()))


def _values_fit(fig, ax) -> None:
    """Values written over neighbouring columns turned upright where they would collide (measured)."""
    values = [t for t in ax.texts if t.get_horizontalalignment() == "center" and t.get_rotation() == 0]
    if len(values) < 2:
        return
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in values]
    if any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]):
        for label in values:
            label.set(rotation=90, verticalalignment="bottom")
        ax.set_ylim(ax.get_ylim()[0], ax.get_ylim()[1] * 1.15)


def _categories_fit(fig, ax, room: float) -> None:
    """Category labels under columns wrapped to their share of the width; where a word is still
    wider than its column (measured), upright instead."""
    texts = [t.get_text().replace("-\n", "-").replace("\n", " ") for t in ax.get_xticklabels()]
    ax.set_xticks(ax.get_xticks(), [wrap(t, room, MIN_PT) for t in texts])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    if any(a.x1 > b.x0 for a, b in zip(boxes, boxes[1:])):
        ax.set_xticks(ax.get_xticks(), [wrap(t, room * 3, MIN_PT) for t in texts], rotation=90)


def _stack(fig, panels: list, height: float) -> float:
    """Panels side by side moved into one column; the figure's new height (inches)."""
    specs = [ax.get_subplotspec() for ax in panels]
    grid = specs[0].get_gridspec() if specs and all(specs) else None
    if grid is None or grid.ncols <= 1 or len(panels) <= 1:
        return height
    stacked = GridSpec(len(panels), 1, figure=fig)
    for i, ax in enumerate(panels):
        ax.set_subplotspec(stacked[i])
    return height / grid.nrows * len(panels) * 0.9


def _legend_below(fig, legend, full: float) -> None:
    """A legend moved under the figure, one wrapped entry a line (two side by side do not fit a
    phone), where constrained layout makes room for it."""
    labels = [wrap(t.get_text(), full * 0.85, t.get_fontsize()) for t in legend.get_texts()]
    handles = legend.legend_handles
    legend.remove()
    fig.legend(handles, labels, loc="outside lower left", ncols=1, frameon=False, handlelength=1.6)


def _narrow_panel(fig, ax, alone: bool, full: float) -> None:
    """One panel's labels wrapped to `full` points, values over narrow columns upright, its title
    the figure's when it is `alone`, its legend under the figure."""
    ticks = ax.get_yticklabels()
    if ticks:
        ax.set_yticks(ax.get_yticks(), [wrap(t.get_text(), full * 0.36, t.get_fontsize()) for t in ticks])
    ticks = ax.get_xticklabels()
    if len(ticks) > 3 and isinstance(ax.xaxis.get_major_locator(), FixedLocator):
        for label in ax.texts:  # values over narrow columns: upright, so neighbours do not collide
            if label.get_horizontalalignment() == "center" and label.get_rotation() == 0:
                label.set(rotation=90, verticalalignment="bottom")
        ax.set_ylim(ax.get_ylim()[0], ax.get_ylim()[1] * 1.15)
    categories = len(ticks) > 1 and isinstance(ax.xaxis.get_major_locator(), (FixedLocator, StrCategoryLocator))
    if isinstance(ax.xaxis.get_major_locator(), MaxNLocator):
        ax.xaxis.get_major_locator().set_params(nbins=4)
    if alone and fig._suptitle is None and ax._left_title.get_text():
        # a title aligned with the plot would leave the labels' width unused
        fig.suptitle(
            ax._left_title.get_text(), x=0.02, ha="left", fontweight="bold", fontsize=ax._left_title.get_fontsize()
        )
        ax.set_title("", loc="left")
    for title in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label):
        title.set_text(wrap(title.get_text(), full, title.get_fontsize()))
    legend = ax.get_legend()
    if legend is not None:
        _legend_below(fig, legend, full)
    if categories:
        ax._zb_categories = True


def narrow(fig) -> None:
    """Re-lay `fig` out for a phone: panels stacked in one column, long labels and titles
    wrapped, `NARROW_INCHES` wide, same text sizes."""
    width, height = fig.get_size_inches()
    panels = [ax for ax in fig.axes if ax.get_visible()]
    height = _stack(fig, panels, height)
    full = NARROW_INCHES * 72 * 0.95
    for ax in panels:
        _narrow_panel(fig, ax, len(panels) == 1, full)
    for legend in list(fig.legends):  # one entry a line: two side by side do not fit a phone
        _legend_below(fig, legend, full)
    if fig._suptitle is not None:
        fig._suptitle.set_text(wrap(fig._suptitle.get_text(), full, fig._suptitle.get_fontsize()))
    lines = max([t.get_text().count("\n") for ax in panels for t in ax.get_yticklabels() + ax.texts] or [0])
    fig.set_size_inches(NARROW_INCHES, max(height, 2.2) * (1 + 0.25 * lines))
    fig.set_layout_engine("constrained")
    for ax in panels:
        if getattr(ax, "_zb_categories", False):
            _categories_fit(fig, ax, full * 0.85 / len(ax.get_xticklabels()))
        _values_fit(fig, ax)
    _titles_fit(fig)
    for ax in panels:
        _room_for_value_labels(ax, full * 0.6)


def fit_wide(fig) -> None:
    """A chart whose labels made it wider than the desktop column: labels wrapped to fit."""
    full = WIDE_INCHES * 72 * 0.95
    for ax in fig.axes:
        ticks = ax.get_yticklabels()
        if ticks:
            ax.set_yticks(ax.get_yticks(), [wrap(t.get_text(), full * 0.32, t.get_fontsize()) for t in ticks])
    fig.set_size_inches(WIDE_INCHES, fig.get_size_inches()[1])
    fig.set_layout_engine("constrained")
    _titles_fit(fig)
    for ax in fig.axes:
        _room_for_value_labels(ax, full * 0.6)


def png_bytes(fig, close: bool = True) -> bytes:
    """The figure as PNG with no version or date stamped in, so equal charts are equal bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.08, metadata={"Software": None})
    if close:
        plt.close(fig)
    return buffer.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _img_attrs(png: bytes) -> str:
    w, h = (round(v * CSS_PX_PER_INCH / DPI) for v in png_size(png))
    return f'width="{w}" height="{h}"'


# ---------------------------------------------------------------- the chart's data as CSV

INTEGER_FLOATS = re.compile(r"^[a-z][a-z0-9_]*$")


def csv_frame(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The chart's data as a spreadsheet user reads it: headers in the edition's language (key
    `csv.<column>` in data/i18n/strings/), whole numbers without '.0'."""
    out = data.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values) and values.dropna().apply(float.is_integer).all():
            out[column] = values.astype("Int64")
    names = {}
    for column in out.columns:
        name = str(column)
        if INTEGER_FLOATS.match(name):
            try:
                name = text(f"csv.{name}", lang)
            except DataError:
                raise DataError(
                    Problem(
                        rel(strings_dir()),
                        f"a chart's CSV column '{column}' has no {lang} header",
                        f"Add a row `csv.{column},<zh>,<en>` to data/i18n/strings/charts.csv",
                        field=lang,
                    )
                ) from None
        names[column] = name
    return out.rename(columns=names)


def csv_uri(data: pd.DataFrame, lang: str) -> str:
    # a BOM so that Excel opens the Chinese CSV as UTF-8
    body = "\ufeff" + csv_frame(data, lang).to_csv(index=False, lineterminator="\r\n")
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(body.encode("utf-8")).decode("ascii")


def figure_html(fig, *, alt: str, caption: str, data: pd.DataFrame, name: str, lang: str) -> str:
    """The chart as a <figure>: desktop and phone PNGs, alt text, caption and a CSV of its data."""
    legible(fig)
    min_pt = min((t.get_fontsize() for t in texts(fig)), default=0)  # a figure with no text has none
    wide = png_bytes(fig, close=False)
    if png_size(wide)[0] > WIDE_INCHES * DPI * 1.05:
        fit_wide(fig)
        wide = png_bytes(fig, close=False)
    narrow(fig)
    phone = png_bytes(fig)
    encode = lambda png: base64.b64encode(png).decode("ascii")  # noqa: E731
    link = text("ui.download_chart_data", lang)
    return (
        f'<figure class="zb-figure" id="fig-{html.escape(name)}" data-min-pt="{min_pt:g}" data-dpi="{DPI}">'
        f'<picture><source media="{PHONE_QUERY}" srcset="data:image/png;base64,{encode(phone)}" {_img_attrs(phone)} />'
        f'<img src="data:image/png;base64,{encode(wide)}" alt="{html.escape(alt)}" {_img_attrs(wide)} /></picture>'
        f"<figcaption>{html.escape(caption)} "
        f'<a class="zb-download" download="{html.escape(name)}.csv" '
        f'href="{csv_uri(data, lang)}">{html.escape(link)}</a></figcaption></figure>'
    )


setup()
