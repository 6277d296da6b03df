"""Sphinx's search (JavaScript over searchindex.js) finds the right chapter in both languages.

Chinese needs jieba when the index is built (else no Chinese word is indexed), the book's own
terms as a jieba dictionary (zonebook/publish/site.py `search_words`), and the reader's query split
into the words the index holds (zonebook/publish/search_zh.py: 污水处理厂 finds the pages that have it).
Every term of the glossary and every name of more than one word the pages show is searched
for, in both editions, and must find every page that has it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import zonebook
from support.browser import edition_pages, outside
from zonebook.core import paths
from zonebook.data.readers import read_csv

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


# ---------------------------------------------------------------- the book's own terms


def article_texts(site: Path, lang: str) -> dict[str, str]:
    """Each page's article text (what Sphinx indexes), by page name."""
    texts = {}
    for page in edition_pages(site, lang):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is not None:
            texts[page.relative_to(site / lang).with_suffix("").as_posix()] = normal(article.get_text(" "), lang)
    return texts


def normal(text: str, lang: str) -> str:
    text = " ".join(text.replace("’", "'").split())
    return text.lower() if lang == "en" else text


def book_terms(lang: str) -> list[str]:
    """Every glossary term, and every name of more than one word (Chinese: more than two
    characters) of an indicator or of a thing the chapters speak of (a facility, an enterprise,
    a district), in the edition's language. The glossary and the indicators' Chinese names are
    in jieba's dictionary when the index is built; the things' names are not."""
    root = paths.data_root()
    glossary = [row[f"term_{lang}"] for row in read_csv(paths.glossary_file(root)).rows]
    names = [row[f"name_{lang}"] for row in read_csv(paths.catalogue_file(root)).rows]
    for year in zonebook.available_years():
        names += [row[f"name_{lang}"] for row in read_csv(paths.year_dir(year) / "entities.csv").rows]
    several = (lambda t: len(t) > 2) if lang == "zh" else (lambda t: len(t.split()) > 1)
    return sorted({t.strip() for t in glossary if t.strip()} | {t.strip() for t in names if several(t.strip())})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_term_of_the_book_finds_the_pages_that_use_it(site, reader, server, lang):
    texts = article_texts(site, lang)
    users_of = {}
    for term in book_terms(lang):
        # a Latin term as a whole word ("mu" is not in "community")
        edge = "" if lang == "zh" else r"\b"
        used = re.compile(edge + re.escape(normal(term, lang)) + edge)
        users = {name for name, text in texts.items() if used.search(text)}
        if users:  # else an indicator no page of this edition shows
            users_of[term] = users
    found = search_in_page(reader, server, lang, list(users_of))
    problems = [
        f"{term!r}: not found on {sorted(users - set(found[term]))}"
        for term, users in users_of.items()
        if users - set(found[term])
    ]
    assert len(users_of) >= 30, f"only {len(users_of)} terms of the book are on its {lang} pages"
    assert problems == [], f"{len(problems)} of {len(users_of)} searches miss pages:\n" + "\n".join(problems)


SEARCH_JS = """(queries) => Object.fromEntries(queries.map((query) => {
  const [q, terms, excluded, highlighted, objects] = Search._parseQuery(query);
  return [query, Search._performSearch(q, terms, excluded, highlighted, objects).map((result) => result[0])];
}))"""


def search_in_page(reader, server, lang: str, queries: list[str]) -> dict[str, list[str]]:
    """The pages Sphinx's search finds for each query, asked of its own code on the search page
    (as the search box asks it, without drawing the results)."""
    reader.open(server.url(f"{lang}/search.html"))
    reader.page.wait_for_function("() => typeof Search !== 'undefined' && Search._index !== null", timeout=10_000)
    return reader.page.evaluate(SEARCH_JS, queries)


@pytest.mark.parametrize("width", [1000, 1280])
def test_a_wide_screen_shows_one_search_box_and_ctrl_k_opens_search(desktop, server, width):
    desktop.page.set_viewport_size({"width": width, "height": 900})
    desktop.open(server.url("en/2017/01_economy.html"))
    page = desktop.page
    boxes = page.eval_on_selector_all(
        ".search-button-field, .search-button__button, input[type=search]",
        "els => els.filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length",
    )
    assert boxes == 1
    page.keyboard.press("Control+k")
    page.wait_for_selector("#pst-search-dialog[open]", timeout=5_000)
