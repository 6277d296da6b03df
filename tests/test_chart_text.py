"""Every chart the book draws, in both its sizes and both languages, for the bundled year and the
fictional ones: no text overlaps another, leaves the canvas or leaves its diagram shape
(zonebook.report.chart_check)."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import pytest

from support.chapter import every_section
from support.fictional import FICTIONAL_YEARS, data_with_fictional_years
from zonebook.core import paths
from zonebook.core.chapters import TEMPLATES
from zonebook.data import load
from zonebook.data.i18n import LANGS
from zonebook.report import chart_check, charts

YEARS = (2017, *FICTIONAL_YEARS)


@pytest.fixture(scope="module")
def data_root(tmp_path_factory):
    return data_with_fictional_years(tmp_path_factory.mktemp("charts") / "data")


def drawn_charts(monkeypatch, data, lang: str) -> dict[str, list[str]]:
    """Each chart the edition's pages draw, as published ("title, desktop" / "title, phone"):
    what the check finds in it. A chart is checked as it is saved: the last desktop drawing
    before it is re-laid out for a phone, and the phone drawing."""
    saved, serials = [], itertools.count()
    save, narrow = charts.png_bytes, charts.narrow

    def serial(fig) -> int:
        if not hasattr(fig, "_checked_serial"):  # not id(): a freed figure's id is given to the next
            fig._checked_serial = next(serials)
        return fig._checked_serial

    def checked_save(fig, close: bool = True):
        title = (fig._suptitle.get_text() if fig._suptitle else "") or next(
            (t for ax in fig.axes for t in (ax.get_title(loc="left"), ax.get_title()) if t), "untitled"
        )
        phone = getattr(fig, "_checked_phone", False)
        saved.append((serial(fig), title.replace("\n", " "), phone, chart_check.problems(fig)))
        return save(fig, close)

    def narrowed(fig):
        fig._checked_phone = True
        return narrow(fig)

    monkeypatch.setattr(charts, "png_bytes", checked_save)
    monkeypatch.setattr(charts, "narrow", narrowed)
    shown = "".join(every_section(template.slug, data, lang) for template in TEMPLATES)
    plt.close("all")
    found: dict[str, list[str]] = {}
    for fig, title, is_phone, problems in saved:  # later drawings of a figure replace earlier ones
        found[f"{title} [{fig}], {'phone' if is_phone else 'desktop'}"] = problems
    # the check saw every chart the pages show, in both sizes
    assert len(found) == 2 * shown.count('<figure class="zb-figure"') > 0, sorted(found)
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("year", YEARS)
def test_no_chart_text_collides_or_spills(monkeypatch, data_root, year, lang):
    with paths.using(data_root):
        found = drawn_charts(monkeypatch, load(year), lang)
    bad = {name: problems for name, problems in found.items() if problems}
    assert bad == {}, "\n".join(f"{name}: {problem}" for name, problems in bad.items() for problem in problems)


def test_the_check_sees_collisions_and_spills():
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.set_xticks(range(6), [f"{v}0000" for v in range(6)])  # too many, too long: they overprint
    ax.text(0.95, 0.5, "runs off the right edge", transform=ax.transAxes)
    found = chart_check.problems(fig)
    plt.close(fig)
    assert any("x tick" in p and "overlaps x tick" in p for p in found), found
    assert any("leaves the canvas" in p for p in found), found
