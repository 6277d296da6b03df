"""The published book as its readers use it: served over HTTP, read in headless Chromium.

Session fixtures, shared by every browser test (one build check, one server, one browser):

- `site`: `_build/html`, brought up to date by `zonebook.build.build` (which executes nothing
  and skips the site build when everything is current), once per run (support.shared.once);
- `server`: that folder served over http on 127.0.0.1 (a random free port) from a thread;
- `browser`: Debian's Chromium through Playwright, launched the way the PDF printer launches
  it (`zonebook.publish.downloads.launch_browser`: background networking off, no sandbox as root);
- `reader`: one tab, reused by the tests, that records every request, failed request, console
  message and page error of the page it last opened (`reader.open(url)` starts a new record).

Nothing is skipped: a missing Chromium is a failure that says how to install it. The server, the
tab and the site's pages are tests/support/browser.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.browser import FACTS_JS, SITE, Reader, Server, Visit, all_pages, block_outside
from support.shared import once
from zonebook.publish import downloads

# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """_build/html, current with the book (builds only what changed).

    ZONEBOOK_TEST_SITE=<folder> tests an already built site instead, without building (for
    working on the tests while someone else's build owns book/)."""
    from zonebook.build import build
    from zonebook.engine.manifest import Project

    given = os.environ.get("ZONEBOOK_TEST_SITE")
    if given:
        root = Path(given).resolve()
    else:
        # checked (and brought up to date) by one worker of the run, not by each
        once(tmp_path_factory, "site", lambda _: build(Project(), SITE), keep=False)
        root = SITE
    assert (root / "index.html").is_file(), f"no site at {root}"
    return root


@pytest.fixture(scope="session")
def server(site):
    served = Server(site)
    yield served
    served.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(downloads.CHROMIUM).is_file() or not os.access(downloads.CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {downloads.CHROMIUM}: the browser tests need Debian's Chromium. "
            f"Run scripts/install-system-packages (or set ZONEBOOK_CHROMIUM to a Chromium binary).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = downloads.launch_browser(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def context(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    block_outside(context, server.origin)
    yield context
    context.close()


@pytest.fixture(scope="session")
def reader(context, server) -> Reader:
    return Reader(context, server.origin)


@pytest.fixture()
def desktop(reader) -> Reader:
    """The shared tab at desktop size (tests that change the viewport get it back)."""
    reader.page.set_viewport_size({"width": 1280, "height": 900})
    yield reader
    reader.page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture(scope="session")
def walk(site, server, reader) -> dict[str, Visit]:
    """Every page of both editions and the landing page, each opened once at desktop size."""
    reader.page.set_viewport_size({"width": 1280, "height": 900})
    visits = {}
    for page in all_pages(site):
        path = page.relative_to(site).as_posix()
        record = reader.open(server.url(path))
        visits[path] = Visit(path, record, reader.outside(), reader.page.evaluate(FACTS_JS))
    return visits
