"""Tables as readers see them: at 1366 px no table hides anything behind a sideways scroll, and
at 390 px a table of figures stays a table (columns to compare down), not a stack of cards.

Every chapter page of both editions, with every source table opened (they sit in closed
<details> until a reader opens them)."""

from __future__ import annotations

import pytest

from support.browser import all_pages, block_outside

OPEN_ALL_JS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
TABLES_JS = """() => Array.from(document.querySelectorAll('table.zb-table')).map(t => {
  const wrap = t.closest('.zb-table-wrap');
  const row = t.querySelector('tbody tr');
  return {caption: t.caption ? t.caption.innerText : '', numeric: t.classList.contains('zb-figures'),
          scroll: wrap.scrollWidth, client: wrap.clientWidth, display: getComputedStyle(t).display,
          row: row ? getComputedStyle(row).display : '', height: Math.round(t.getBoundingClientRect().height),
          headers: Array.from(t.querySelectorAll('thead th')).map(h => h.innerText)};
})"""


def chapter_pages(site) -> list[str]:
    return [
        p.relative_to(site).as_posix()
        for p in all_pages(site)
        if len(p.relative_to(site).parts) == 3 and p.relative_to(site).parts[1].isdigit()
    ]


@pytest.fixture(scope="module")
def tables(site, server, browser) -> dict[int, dict[str, list[dict]]]:
    """Width -> page -> its tables, measured with every <details> open."""
    found = {}
    for width in (390, 1366):
        context = browser.new_context(viewport={"width": width, "height": 900})
        block_outside(context, server.origin)
        page = context.new_page()
        found[width] = {}
        for path in chapter_pages(site):
            page.goto(server.url(path), wait_until="load")
            page.evaluate(OPEN_ALL_JS)
            found[width][path] = page.evaluate(TABLES_JS)
        context.close()
    return found


NOT_COVERED = ("报告未涉及", "report does not cover")  # a chapter a year's report leaves out has no table


def test_every_page_has_tables(tables, site):
    without = [p for p, t in tables[1366].items() if not t]
    assert [p for p in without if not any(s in (site / p).read_text(encoding="utf-8") for s in NOT_COVERED)] == []


def test_nothing_is_hidden_at_desktop_width(tables):
    hidden = [
        f"{path}: “{t['caption']}” shows {t['client']} of {t['scroll']} px"
        for path, found in tables[1366].items()
        for t in found
        if t["scroll"] > t["client"] + 1
    ]
    assert hidden == [], "\n".join(hidden)


def test_numeric_tables_stay_tables_on_a_phone(tables):
    numeric = [(path, t) for path, found in tables[390].items() for t in found if t["numeric"]]
    assert len(numeric) >= len(tables[390]) // 2, "hardly any table is marked as a table of figures"
    cards = [
        f"{path}: “{t['caption']}” is shown as {t['display']}/{t['row']}, {t['height']} px tall"
        for path, t in numeric
        if t["display"] != "table" or t["row"] != "table-row"
    ]
    assert cards == [], "\n".join(cards)
