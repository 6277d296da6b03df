"""Charts in one style, with Chinese glyphs, rendered byte-stably.

A chart reaches the page as a `<figure>`: the PNG inline (so nbval's strict HTML comparison
and the manifest's figure digest both see it), alt text that states what it shows, a caption,
and the chart's data as a CSV download.
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; the same bytes under papermill, pytest and a terminal
import matplotlib.pyplot as plt  # noqa: E402
import noto_cjk_sans_otc  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from .i18n import text  # noqa: E402

CJK_FONT = Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc"
# Okabe–Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
ACCENT, MUTED = PALETTE[0], "#9AA5B1"
DPI = 144


def setup() -> None:
    """Register the CJK font and the house style. Idempotent."""
    font_manager.fontManager.addfont(str(CJK_FONT))
    plt.rcParams.update({
        # A fallback list in font.family (not font.sans-serif) is what makes CJK glyphs render.
        "font.family": ["DejaVu Sans", "Noto Sans CJK SC"],
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.grid": True,
        "axes.grid.axis": "x",
        "axes.axisbelow": True,
        "grid.color": "#E3E7EB",
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "svg.hashsalt": "zonebook",
        "text.parse_math": False,  # a name with $ in it is text, not mathtext (which could fail the chart)
        "path.simplify": True,
    })


def png_bytes(fig) -> bytes:
    """The figure as PNG with no version or date stamped in, so equal charts are equal bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def figure_html(fig, *, alt: str, caption: str, data: pd.DataFrame, name: str, lang: str) -> str:
    """The chart as a <figure> with alt text, caption and a CSV download of its data."""
    png = base64.b64encode(png_bytes(fig)).decode("ascii")
    # A BOM so that Excel opens the Chinese CSV as UTF-8.
    csv = base64.b64encode(("\ufeff" + data.to_csv(index=False, lineterminator="\n")).encode("utf-8")).decode("ascii")
    link = text("ui.download_chart_data", lang)
    return (f'<figure class="zb-figure" id="fig-{html.escape(name)}">'
            f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt)}" />'
            f'<figcaption>{html.escape(caption)} '
            f'<a class="zb-download" download="{html.escape(name)}.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{csv}">{html.escape(link)}</a></figcaption></figure>')


def hbar(labels: list[str], values: list[float], *, title: str, xlabel: str, value_labels: list[str] | None = None,
         colors: list[str] | None = None, width: float = 7.0):
    """Horizontal bars, largest meaning first from the top, each bar labelled with its value."""
    fig, ax = plt.subplots(figsize=(width, 0.45 * len(labels) + 1.2))
    positions = range(len(labels))[::-1]
    ax.barh(list(positions), values, color=colors or ACCENT, height=0.6)
    ax.set_yticks(list(positions), labels)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    span = max(values) if values else 1
    for pos, value, label in zip(positions, values, value_labels or [f"{v:g}" for v in values]):
        ax.text(value + span * 0.01, pos, label, va="center", fontsize=9)
    ax.set_xlim(0, span * 1.18)
    return fig


def grouped_bars(categories: list[str], series: dict[str, list[float]], *, title: str, ylabel: str,
                 value_fmt=lambda v: f"{v:g}", hatches: dict[str, str] | None = None):
    """Vertical bars, one group per category, one bar per series (e.g. implied prior year vs year)."""
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    n = len(series)
    width = 0.8 / n
    for i, (name, values) in enumerate(series.items()):
        xs = [c + (i - (n - 1) / 2) * width for c in range(len(categories))]
        bars = ax.bar(xs, values, width=width * 0.95, label=name, color=PALETTE[i % len(PALETTE)],
                      hatch=(hatches or {}).get(name), edgecolor="white")
        for bar, value in zip(bars, values):
            if value == value:  # not NaN
                ax.annotate(value_fmt(value), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                            ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(range(len(categories)), categories)
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", visible=True, color="#E3E7EB")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


setup()
