"""Markup in the data is shown as text, never run: one chapter built end to end from bad data
(`published`, tests/conftest.py: a department's name is a script and Markdown/MyST markup)."""

from __future__ import annotations

from support.attacks import CHAPTER, MARKUP, SCRIPT
from support.browser import Server


def test_a_script_in_the_data_is_shown_as_text(published, browser):
    _, site = published
    page_file = site / "en" / "2017" / f"{CHAPTER}.html"
    source = page_file.read_text(encoding="utf-8")
    assert SCRIPT not in source and "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert "<strong>bold</strong>" not in source and 'src="https://example.invalid' not in source

    served = Server(site)
    context = browser.new_context()
    dialogs = []
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(served.url(f"en/2017/{CHAPTER}.html"), wait_until="load")
        page.wait_for_timeout(200)  # give any injected script its chance to run
        text = page.locator("article").inner_text()
        assert SCRIPT in text and MARKUP in text  # the reader sees the text as written
        assert dialogs == [] and not [url for url in requests if "example.invalid" in url]
        scripts = page.eval_on_selector_all("article script", "s => s.map(e => e.outerHTML)")
        assert not any("alert(1)" in s for s in scripts)
    finally:
        context.close()
        served.close()
