"""Every chapter at phone and desktop width: nothing wider than the screen; screenshots to look at.

Screenshots (full page) are written to `_build/screenshots/<lang>-<year>-<slug>.png` (phone,
390x844) and `<lang>-<year>-<slug>-desktop.png` (1366x900) for a person to look at: a test
cannot tell whether a chart is legible.
"""
from __future__ import annotations

import pytest

from support.browser import SCREENSHOTS
from zonebook.chapters import LANGS, TEMPLATES

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
# Elements of the article that stick out of the window, unless a wrapper inside the article
# scrolls them (tables in .zb-table-wrap may scroll sideways; the page itself may not).
OVERFLOW_JS = """() => {
  const width = window.innerWidth, article = document.querySelector('article.bd-article');
  const scrolled = (e) => {
    for (let a = e.parentElement; a && a !== article; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const out = Array.from(article.querySelectorAll('*')).filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !scrolled(e);
  });
  return {scrollWidth: document.documentElement.scrollWidth, width: width,
          out: out.slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)})`)};
}"""


def chapters(site):
    return [(lang, year.name, t.slug) for lang in LANGS
            for year in sorted(p for p in (site / lang).iterdir() if p.is_dir() and p.name.isdigit())
            for t in TEMPLATES]


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_no_page_is_wider_than_the_screen(reader, server, site, size):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reader.page.set_viewport_size(VIEWPORTS[size])
    problems = []
    try:
        for lang, year, slug in chapters(site):
            reader.open(server.url(f"{lang}/{year}/{slug}.html"))
            found = reader.page.evaluate(OVERFLOW_JS)
            if found["scrollWidth"] > found["width"] + 1:
                problems.append(f"{lang}/{year}/{slug} ({size}): page scrolls sideways "
                                f"({found['scrollWidth']} > {found['width']})")
            problems += [f"{lang}/{year}/{slug} ({size}): {what} sticks out" for what in found["out"]]
            name = f"{lang}-{year}-{slug}" + ("" if size == "phone" else f"-{size}")
            # the phone one is the whole page; the desktop one what a reader sees first (keeps the suite fast)
            reader.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=size == "phone")
    finally:
        reader.page.set_viewport_size(VIEWPORTS["desktop"])
    assert problems == []
