"""Sphinx's search (JavaScript over searchindex.js) finds the right chapter in both languages.

Chinese needs two things: jieba when the index is built (else no Chinese word is indexed),
and the book's own terms as a jieba dictionary (Sphinx does not split the reader's query, so
固定资产投资 must be indexed as one word; see zonebook/site.py `search_words`)."""

from __future__ import annotations

import pytest

from support.browser import outside

SEARCHES = [  # (edition, query, chapter that must be among the results)
    ("zh", "税收", "01_economy"),
    ("zh", "固定资产投资", "01_economy"),
    ("zh", "安全生产", "06_safety"),
    ("en", "tax", "01_economy"),
    ("en", "investment", "01_economy"),
    ("en", "safety", "06_safety"),
]


def search(reader, server, lang: str, query: str) -> list[str]:
    """The result links of one search, once Sphinx says it has finished."""
    reader.open(f"{server.url(f'{lang}/search.html')}?q={query}")
    page = reader.page
    try:  # Sphinx writes the summary only when the whole search is done
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && s.textContent.trim().length > 0; }",
            timeout=10_000,
        )
    except Exception as error:  # noqa: BLE001 - report what the page shows
        pytest.fail(
            f"search for {query!r} in {lang} never finished: {error}\n"
            f"{page.locator('#search-results').inner_text() if page.locator('#search-results').count() else ''}"
        )
    return page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")


@pytest.mark.parametrize("lang,query,chapter", SEARCHES, ids=[f"{lang}-{q}" for lang, q, _ in SEARCHES])
def test_search_finds_the_chapter(reader, server, lang, query, chapter):
    results = search(reader, server, lang, query)
    pages = [url.split("#")[0].split("?")[0].rsplit("/", 1)[-1].removesuffix(".html") for url in results]
    summary = reader.page.locator("#search-results .search-summary").inner_text()
    assert chapter in pages, f"{lang} search for {query!r}: {summary} {pages}"
    assert all(url.startswith(server.url(f"{lang}/")) for url in results), results  # stays in the edition
    assert outside(reader.record.requests, server.origin) == [] and reader.record.console_errors() == []


def test_a_word_not_in_the_book_finds_nothing(reader, server):
    assert search(reader, server, "en", "xylophone") == []


@pytest.mark.parametrize("lang,query", [("zh", "税收"), ("en", "tax")])
def test_snippets_hold_the_page_text_only(reader, server, lang, query):
    """Result snippets: no Markdown markers, no link text of the other edition's switch."""
    search(reader, server, lang, query)
    reader.page.wait_for_function(
        "() => document.querySelectorAll('#search-results p.context').length > 0", timeout=10_000
    )
    snippets = reader.page.eval_on_selector_all("#search-results p.context", "ps => ps.map(p => p.textContent)")
    other = "English" if lang == "zh" else "中文"
    assert snippets and not [s for s in snippets if "**" in s or other in s], snippets[:3]
