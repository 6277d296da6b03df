"""What a page costs a phone: every byte its browser downloads (HTML, CSS, scripts, fonts,
images), measured as the sum of the response bodies of one visit with an empty cache."""

from __future__ import annotations

import pytest

from support.browser import edition_pages
from zonebook.data.i18n import LANGS

BUDGET = 600_000  # bytes a chapter page may cost a phone
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PICTURES_JS = """() => Array.from(document.querySelectorAll('figure.zb-figure picture')).map(p => ({
  phone: p.querySelector('source').srcset, desktop: p.querySelector('img').src,
  phoneUrl: new URL(p.querySelector('source').srcset, location.href).href, shown: p.querySelector('img').currentSrc}))"""


def visit(browser, server, path: str, viewport: dict) -> tuple[dict[str, int], list[dict]]:
    """(bytes of every response by URL, the page's pictures) of one visit with an empty cache."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(server.url(path), wait_until="load")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        pictures = page.evaluate(PICTURES_JS)
        return {r.url: len(r.body()) for r in responses if r.url.startswith(server.origin)}, pictures
    finally:
        context.close()


def chapter_pages(site) -> list[str]:
    return [
        p.relative_to(site).as_posix() for lang in LANGS for p in edition_pages(site, lang) if p.parent.name.isdigit()
    ]


@pytest.fixture(scope="module")
def visits(site, server, browser):
    """visits(variant): every chapter page's visit at that screen size, each made once for the
    tests that read it."""
    made = {}

    def at(variant: str) -> dict[str, tuple[dict[str, int], list[dict]]]:
        if variant not in made:
            made[variant] = {path: visit(browser, server, path, VIEWPORTS[variant]) for path in chapter_pages(site)}
        return made[variant]

    return at


def test_every_chapter_page_costs_a_phone_at_most_the_budget(visits, capsys):
    weights = {}
    for path, (sizes, _) in visits("phone").items():
        weights[path] = (sum(sizes.values()), len(sizes), max(sizes.items(), key=lambda kv: kv[1]))
    with capsys.disabled():
        print("\nwhat each chapter page costs a phone (390 px, empty cache):")
        for path, (total, count, (biggest, size)) in sorted(weights.items()):
            print(
                f"  {path:32} {total / 1000:7.1f} kB in {count:2} files; largest {biggest.rsplit('/', 1)[-1]} {size / 1000:.1f} kB"
            )
    assert len(weights) >= 2 * 8
    over = {path: total for path, (total, _, _) in weights.items() if total > BUDGET}
    assert over == {}, f"pages over {BUDGET:,} bytes: {over}"


@pytest.mark.parametrize("variant", list(VIEWPORTS))
def test_a_browser_downloads_only_the_charts_it_shows(site, visits, variant):
    """Charts are files (cached across pages), and each screen fetches its own variant only."""
    pages = [p for p in chapter_pages(site) if "<picture>" in (site / p).read_text(encoding="utf-8")]
    assert pages, "no page has a chart"
    for path in pages:
        html = (site / path).read_text(encoding="utf-8")
        assert "data:image/png" not in html, f"{path}: a chart inline in the page"
        sizes, pictures = visits(variant)[path]
        fetched = {url for url in sizes if url.endswith(".png")}
        phone = {p["phoneUrl"] for p in pictures}
        desktop = {p["desktop"] for p in pictures}
        wanted, unwanted = (phone, desktop) if variant == "phone" else (desktop, phone)
        assert wanted <= fetched, f"{path}: {variant} charts not loaded: {sorted(wanted - fetched)}"
        assert not (unwanted - wanted) & fetched, f"{path}: loaded the other variant: {sorted(unwanted & fetched)}"
        assert {p["shown"] for p in pictures} <= wanted, path
