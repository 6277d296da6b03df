"""Moving through the book: the sidebar, previous/next, and the language switch."""

from __future__ import annotations

from zonebook.chapters import TEMPLATES
from zonebook.i18n import LANGS


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
