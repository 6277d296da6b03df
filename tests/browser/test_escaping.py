"""Markup in the data is shown as text, never run: one chapter built end to end from bad data."""
from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from support.browser import Server
from support.fictional import copy_earlier_years
from zonebook.build import build
from zonebook.chapters import template
from zonebook.manifest import Project

PAYLOAD = "<script>alert(1)</script>"
# Markdown/MyST in the same name: an image that would load from outside, bold, a code fence
MARKUP = "![x](https://example.invalid/x.png) **bold** ```{code-cell}"
CHAPTER, ENTITY = "06_safety", "work_safety_bureau"  # the safety chapter names this department in prose


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The safety chapter of 2017, in both languages, from data whose entity name is a script."""
    root = tmp_path_factory.mktemp("hostile")
    data = copy_earlier_years(root / "data")  # the years up to 2017: the build below makes 2017 alone
    path = data / "2017" / "entities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(row["id"] == ENTITY for row in rows), f"{ENTITY} is no longer in entities.csv: pick another"
    for row in rows:
        if row["id"] == ENTITY:
            row["name_en"] = f"{PAYLOAD} {MARKUP}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    project = replace(Project.of(root / "book", data), templates=(template(CHAPTER),), years=(2017,))
    out = root / "_build" / "html"
    build(project, out, check_data=False, workers=2, pdf=False)
    return out


def test_a_script_in_the_data_is_shown_as_text(hostile_site, browser):
    page_file = hostile_site / "en" / "2017" / f"{CHAPTER}.html"
    source = page_file.read_text(encoding="utf-8")
    assert PAYLOAD not in source and "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert "<strong>bold</strong>" not in source and 'src="https://example.invalid' not in source

    served = Server(hostile_site)
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
        assert PAYLOAD in text and MARKUP in text  # the reader sees the text as written
        assert dialogs == [] and not [url for url in requests if "example.invalid" in url]
        scripts = page.eval_on_selector_all("article script", "s => s.map(e => e.outerHTML)")
        assert not any("alert(1)" in s for s in scripts)
    finally:
        context.close()
        served.close()
