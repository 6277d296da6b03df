"""Moving through the book: the sidebar, previous/next, and the language switch."""

from __future__ import annotations

import re

import pytest

from zonebook.core.chapters import TEMPLATES
from zonebook.data.i18n import LANGS


def years(walk, lang):
    return sorted(
        {path.split("/")[1] for path in walk if path.startswith(f"{lang}/") and path.count("/") == 2}, reverse=True
    )


def test_next_and_previous_links_follow_the_reading_order(walk, server):
    problems = []
    for lang in LANGS:
        order = [f"{lang}/index.html"] + [
            f"{lang}/{year}/{t.slug}.html" for year in years(walk, lang) for t in TEMPLATES
        ]
        for before, after in zip(order, order[1:]):
            if walk[before].facts["next"] != server.url(after):
                problems.append(f"{before}: next is {walk[before].facts['next']}, expected {after}")
            if walk[after].facts["prev"] != server.url(before):
                problems.append(f"{after}: previous is {walk[after].facts['prev']}, expected {before}")
    assert problems == []


def test_the_sidebar_lists_every_chapter_of_every_year(walk, server):
    for lang in LANGS:
        chapters = {server.url(f"{lang}/{year}/{t.slug}.html") for year in years(walk, lang) for t in TEMPLATES}
        for path, visit in walk.items():
            if path.startswith(f"{lang}/"):  # the current page's own entry links to "#"
                assert chapters - {server.url(path)} <= set(visit.facts["sidebar"]), path


def test_a_reader_clicks_through_chapters_and_switches_language(desktop, server):
    page = desktop.page
    year = "2017"
    desktop.open(server.url("zh/index.html"))
    page.locator(f"nav.bd-docs-nav a.reference.internal[href='{year}/01_economy.html']").click()
    page.wait_for_url(f"**/zh/{year}/01_economy.html")
    page.locator("nav.bd-docs-nav a.reference.internal[href='06_safety.html']").click()
    page.wait_for_url(f"**/zh/{year}/06_safety.html")
    assert "安全生产" in page.locator("article h1").first.inner_text()
    page.locator("a.right-next").click()
    page.wait_for_url(f"**/zh/{year}/07_plan.html")
    page.locator("a.left-prev").click()
    page.wait_for_url(f"**/zh/{year}/06_safety.html")

    page.locator(".zb-lang-switch a").click()
    page.wait_for_url(server.url(f"en/{year}/06_safety.html"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "safety" in page.locator("article h1").first.inner_text().lower()
    page.locator(".zb-lang-switch a").click()
    page.wait_for_url(server.url(f"zh/{year}/06_safety.html"))
    assert desktop.record.console_errors() == [] and desktop.outside() == []


# ---------------------------------------------------------------- the ☰ and ☷ buttons

PANELS = {  # button -> the panel it shows: the dialog on a narrow screen, the sidebar on a wide one
    "primary": ("#pst-primary-sidebar-modal", "#pst-primary-sidebar"),
    "secondary": ("#pst-secondary-sidebar-modal", "#pst-secondary-sidebar"),
}
SHOWN_JS = """(selector) => {
  const el = document.querySelector(selector);
  if (!el || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
  const r = el.getBoundingClientRect();
  return r.width > 20 && r.height > 20 && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight;
}"""
PAGE_TYPES = ["index.html", "{year}/01_economy.html", "{year}/08_methods.html", "{year}/09_glossary.html"]


def shown(page, selector: str) -> bool:
    return page.evaluate(SHOWN_JS, selector)


def panel_shown(page, kind: str) -> bool:
    return any(shown(page, selector) for selector in PANELS[kind])


def visible_toggle(page, kind: str):
    buttons = page.locator(f".{kind}-toggle")
    seen = [buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).is_visible()]
    assert len(seen) <= 1, f"{len(seen)} visible {kind} buttons"
    return seen[0] if seen else None


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_contents_buttons_open_and_close_their_panels(reader, server, walk, width, lang, page_type):
    """What a reader sees of ☰ and ☷ works: a click shows its panel (a dialog on a phone, the
    sidebar on a desktop), Escape or a second click hides it."""
    year = years(walk, lang)[0]
    page = reader.page
    page.set_viewport_size({"width": width, "height": 844})
    try:
        reader.open(server.url(f"{lang}/{page_type.format(year=year)}"))
        page.wait_for_load_state("load")
        primary = visible_toggle(page, "primary")
        assert primary is not None, "no visible ☰ button"
        if width < 992:  # the theme's breakpoint: below it, both panels are dialogs over the page
            if page.locator("#pst-secondary-sidebar nav a").count():  # a page with sections has ☷
                assert visible_toggle(page, "secondary") is not None, "no visible ☷"
            for kind in PANELS:
                button = visible_toggle(page, kind)
                if button is None:
                    continue
                assert not panel_shown(page, kind), f"{kind} panel shown before the click"
                button.click()
                page.wait_for_function(SHOWN_JS, arg=PANELS[kind][0], timeout=3_000)
                assert page.locator(f"{PANELS[kind][0]} a[href]").first.is_visible(), f"{kind} panel has no links"
                page.keyboard.press("Escape")
                hidden = " && ".join(f"!({SHOWN_JS})({selector!r})" for selector in PANELS[kind])
                page.wait_for_function(f"() => {hidden}", timeout=3_000)  # after the theme's transition
                assert not panel_shown(page, kind), f"Escape left the {kind} panel open"
        else:  # the book's contents are a sidebar beside the text: ☰ hides and shows it
            assert panel_shown(page, "primary")
            primary.click()
            page.wait_for_function(f"() => !({SHOWN_JS})('#pst-primary-sidebar')", timeout=3_000)
            primary.click()
            page.wait_for_function(SHOWN_JS, arg="#pst-primary-sidebar", timeout=3_000)
        assert reader.record.console_errors() == []
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


# ---------------------------------------------------------------- across the two editions


def section_ids(page) -> list[str]:
    return page.eval_on_selector_all("article section[id]", "sections => sections.map(s => s.id)")


def test_the_language_switch_keeps_the_section_and_the_search(desktop, server, walk):
    page = desktop.page
    year = years(walk, "zh")[0]
    for lang, other in (("zh", "en"), ("en", "zh")):
        desktop.open(server.url(f"{lang}/{year}/01_economy.html"))
        ids = section_ids(page)
        assert len(ids) >= 4, ids
        chosen = 3
        page.locator(f'#pst-secondary-sidebar a[href="#{ids[chosen]}"]').click()
        page.locator(".zb-lang-switch a").click()
        page.wait_for_url(f"**/{other}/{year}/01_economy.html#*")
        target = section_ids(page)[chosen]
        assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == target
        top = page.locator(f'section[id="{target}"]').bounding_box()["y"]
        assert 0 <= top < 300, f"the section {target} is not at the top of the screen ({top} px)"
    desktop.open(f"{server.url('zh/search.html')}?q=税收")
    page.locator(".zb-lang-switch a").click()
    page.wait_for_url("**/en/search.html?q=*")
    assert page.evaluate("new URLSearchParams(location.search).get('q')") == "税收"
    assert desktop.record.console_errors() == []


def test_chinese_section_anchors_are_the_headings_words(walk):
    automatic = {
        path: [i for i in visit.facts.get("sections", []) if re.fullmatch(r"id\d+", i)]
        for path, visit in walk.items()
        if path.startswith("zh/")
    }
    assert any(visit.facts.get("sections") for visit in walk.values())
    assert {path: ids for path, ids in automatic.items() if ids} == {}
