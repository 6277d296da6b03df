"""Every page as readers see it: on a 390 px phone and a 1366 px desktop, in light and dark mode.

- nothing scrolls sideways at 390 px, not the page and not a table of text inside it (a table of
  figures stays a table and scrolls beside its first column, tests/browser/test_tables.py); at either width
  no element of the article sticks out of the window unless a wrapper inside the article
  scrolls it (tables in .zb-table-wrap may scroll sideways; the page itself may not);
- axe-core (bundled by axe-playwright-python) finds no serious or critical violation, colour
  contrast included, in either colour mode;
- no Markdown shows as literal text (`**原文说明：**`);
- every chart's smallest text is at least 11 px as shown: its point size (`data-min-pt`) x the
  PNG's dpi / 72 x the width it is shown at / the width it was drawn at.

Each page is loaded once per width, in light mode; then, on the same page, the reader turns it
dark (the system's colour scheme and the theme's button), the layout is measured again and axe
runs its colour rules (the others do not depend on colours). One browser for the module. In light mode each chapter's screenshot is written to `_build/screenshots/<lang>-<year>-<slug>.png` (phone, the
whole page) and `<lang>-<year>-<slug>-desktop.png` (what a desktop reader sees first) for a
person to look at: a test cannot tell whether a chart is legible.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from support.browser import SCREENSHOTS, all_pages, block_outside

AXE_SCRIPT = Axe().axe_script
MIN_TEXT_PX = 11
SERIOUS = ("serious", "critical")
WIDTHS = {"phone": 390, "desktop": 1366}
# the axe rules whose outcome depends on colours: run again in dark mode
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# the reader presses the theme's button until the page is dark (it cycles through light, dark and
# the system's mode); the landing page has no button: its colours follow the system alone
TO_DARK_JS = """() => {
  const button = document.querySelector('.theme-switch-button');
  for (let i = 0; button && i < 3 && document.documentElement.dataset.theme !== 'dark'; i++) button.click();
}"""
# each page opens as a reader who has chosen no mode sees it (the theme keeps a choice in localStorage)
FORGET_MODE_JS = "localStorage.removeItem('mode'); localStorage.removeItem('theme');"
# colours that fade into the new mode (the theme's .15 s transitions) are measured once they have
SETTLED_JS = """() => Promise.all(document.getAnimations().filter(a => a.effect.getTiming().iterations !== Infinity)
                                   .map(a => a.finished.catch(() => null)))"""
LITERAL_MARKDOWN = re.compile(r"\*\*\S|\S\*\*|\]\((?:https?:|\.{0,2}/)|^#{1,6} ", re.M)

MEASURE_JS = """() => {
  const width = window.innerWidth;
  const wide = Array.from(document.querySelectorAll('.zb-table-wrap, figure.zb-figure, article *'))
    .filter(e => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .filter(e => !(e.matches('.zb-table-wrap') && e.querySelector('table.zb-figures')))
    .map(e => `${e.tagName.toLowerCase()}.${e.className} (${e.scrollWidth} > ${e.clientWidth})`);
  const charts = Array.from(document.querySelectorAll('figure.zb-figure')).map(f => {
    const img = f.querySelector('img');
    return {id: f.id, pt: parseFloat(f.dataset.minPt), dpi: parseFloat(f.dataset.dpi),
            shown: img.getBoundingClientRect().width, natural: img.naturalWidth, src: img.currentSrc.length};
  });
  const main = document.querySelector('article') || document.body;
  const article = document.querySelector('article.bd-article');
  const scrolled = (e) => {
    for (let a = e.parentElement; a && a !== article; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const out = article ? Array.from(article.querySelectorAll('*')).filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !scrolled(e);
  }).map(e => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)})`) : [];
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5), out: out.slice(0, 5), charts,
          theme: document.documentElement.dataset.theme || '', text: main.innerText};
}"""


def pages(site):
    return [p.relative_to(site).as_posix() for p in all_pages(site)]


def measure(page, options=None) -> dict:
    facts = page.evaluate(MEASURE_JS)
    if not page.evaluate("() => typeof axe !== 'undefined'"):  # once per page, not per run
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(
        "options => axe.run(document, options).then(r => r.violations)",
        {"resultTypes": ["violations"], **(options or {})},
    )
    facts["axe"] = [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in violations
        if v["impact"] in SERIOUS
    ]
    return facts


def turn_dark(page) -> None:
    """The reader's system turns dark and the reader picks dark mode with the theme's button; its
    colours fade in (a page that does not turn dark is test_colour_mode_is_applied's to report)."""
    page.emulate_media(color_scheme="dark")
    page.evaluate(TO_DARK_JS)
    page.evaluate(SETTLED_JS)


@pytest.fixture(scope="module", params=list(WIDTHS))
def visits(request, site, server, browser):
    """Every page opened once at one width: its measurements and axe's serious violations in light
    mode, then again in dark mode on the same page, with axe's colour rules only (the rest does not
    depend on colours)."""
    width = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light")
    block_outside(context, server.origin)
    context.add_init_script(FORGET_MODE_JS)
    page = context.new_page()
    found = {f"{request.param}-{mode}": {} for mode in ("light", "dark")}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path in pages(site):
        page.emulate_media(color_scheme="light")
        page.goto(server.url(path), wait_until="load")
        found[f"{request.param}-light"][path] = measure(page)
        chapter = path.split("/")
        if len(chapter) == 3 and chapter[1].isdigit():
            name = "-".join([*chapter[:2], chapter[2].removesuffix(".html")]) + ("" if width < 1000 else "-desktop")
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=width < 1000)
        turn_dark(page)
        found[f"{request.param}-dark"][path] = measure(page, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})
    context.close()
    return found


def test_colour_mode_is_applied(visits):
    themed = {
        f"{path} ({name})": facts["theme"]
        for name, found in visits.items()
        for path, facts in found.items()
        if path != "index.html" and facts["theme"] != name.split("-")[1]
    }
    assert themed == {}


def test_nothing_scrolls_sideways(visits):
    problems = []
    for name, found in visits.items():
        problems += [
            f"{path} ({name}): page {f['scrollWidth']} px wide in {f['width']}"
            for path, f in found.items()
            if f["scrollWidth"] > f["width"] + 1
        ]
        if name.startswith("phone"):  # on a phone not even a table may need scrolling
            problems += [f"{path} ({name}): {w}" for path, f in found.items() for w in f["wide"]]
        problems += [f"{path} ({name}): {what} sticks out" for path, f in found.items() for what in f["out"]]
    assert problems == []


def test_no_serious_accessibility_violation(visits):
    problems = [
        f"{path} ({name}): {v}" for name, found in visits.items() for path, f in found.items() for v in f["axe"]
    ]
    assert problems == []


def test_chart_text_is_legible_as_shown(visits):
    for name, found in visits.items():
        charts = [(path, c) for path, f in found.items() for c in f["charts"]]
        assert charts, f"no chart found ({name})"
        small = [
            f"{path} #{c['id']} ({name}): {c['pt'] * c['dpi'] / 72 * c['shown'] / c['natural']:.1f} px"
            for path, c in charts
            if not c["natural"] or c["pt"] * c["dpi"] / 72 * c["shown"] / c["natural"] < MIN_TEXT_PX
        ]
        assert small == []


def test_no_literal_markdown(visits):
    if "desktop-light" not in visits:
        pytest.skip("the text is the same at every width and in every mode")
    problems = [
        f"{path}: {m.group(0)!r} in …{f['text'][max(0, m.start() - 30) : m.end() + 30]!r}…"
        for path, f in visits["desktop-light"].items()
        for m in [LITERAL_MARKDOWN.search(f["text"])]
        if m
    ]
    assert problems == []


def test_chinese_pages_have_chinese_tooltips(site):
    # an interface word wholly in English (a Chinese label that names a file is fine)
    english = re.compile(
        r'(?:title|aria-label|data-bs-title|placeholder)="([^"\u3000-\u9fff]*[A-Za-z]{3,}[^"\u3000-\u9fff]*)"'
    )
    found = {
        p.relative_to(site).as_posix(): sorted(set(english.findall(p.read_text(encoding="utf-8"))))
        for p in sorted((site / "zh").rglob("*.html"))
        if "_static" not in p.parts
    }
    assert {page: words for page, words in found.items() if words} == {}


def test_every_page_has_an_icon_and_no_empty_index(site):
    assert not (site / "zh" / "genindex.html").exists() and not (site / "en" / "genindex.html").exists()
    missing = [
        p.relative_to(site).as_posix() for p in all_pages(site) if 'rel="icon"' not in p.read_text(encoding="utf-8")
    ]
    assert missing == []
