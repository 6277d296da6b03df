"""A built site as readers use it: served over HTTP from a thread, read in a browser tab that
records every request, failed request, console message and page error of the page it last opened."""

from __future__ import annotations

import functools
import re
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from zonebook.core import paths
from zonebook.data.i18n import LANGS

SITE = paths.BUILD / "html"
SCREENSHOTS = paths.BUILD / "screenshots"
SKIP_PAGES = {"search.html", "genindex.html"}  # Sphinx's own pages, checked by the search tests
LOCAL_SCHEMES = ("data:", "blob:", "about:")


# ---------------------------------------------------------------- serving


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


class QuietServer(ThreadingHTTPServer):
    """A browser that drops a connection it no longer needs is normal here, not an error to print."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Server:
    """A folder served over http on 127.0.0.1 from a daemon thread."""

    def __init__(self, root: Path):
        self.root = Path(root)
        handler = functools.partial(QuietHandler, directory=str(self.root))
        self.httpd = QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: Path | str = "") -> str:
        relative = Path(path).relative_to(self.root).as_posix() if Path(path).is_absolute() else str(path)
        return f"{self.origin}/{relative}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def outside(urls, origin: str) -> list[str]:
    """The URLs that are neither the site (`origin`) nor inline (data:, blob:)."""
    return [u for u in urls if not (u.startswith(origin + "/") or u == origin or u.startswith(LOCAL_SCHEMES))]


# ---------------------------------------------------------------- recording


@dataclass
class Record:
    """What one page load did."""

    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    errors: list[str] = field(default_factory=list)  # uncaught exceptions
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm(), ...

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors


class Reader:
    """One browser tab that records what every page it opens does."""

    def __init__(self, context, origin: str):
        self.context, self.origin = context, origin
        self.page = context.new_page()
        self.record = Record("about:blank")
        self.page.on("request", lambda request: self.record.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.record.failed.append(f"{request.url} ({request.failure})"))
        self.page.on("console", lambda message: self.record.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.record.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.record.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, url: str, *, wait_until: str = "load") -> Record:
        self.record = Record(url)
        response = self.page.goto(url, wait_until=wait_until)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        return self.record

    def outside(self) -> list[str]:
        return outside(self.record.requests, self.origin)


def block_outside(context, origin: str) -> None:
    """Abort every request that leaves the site, so an offline reader's failure shows up as a
    recorded request (and a failed one) instead of a hang. The request is still recorded."""
    context.route(re.compile(rf"^(?!{re.escape(origin)}/)(?!data:|blob:).*"), lambda route: route.abort())


# ---------------------------------------------------------------- the site's pages


def edition_pages(site: Path, lang: str) -> list[Path]:
    """Every page of one language (Sphinx's search and index pages excluded)."""
    return sorted(
        p
        for p in (site / lang).rglob("*.html")
        if p.name not in SKIP_PAGES and not any(part.startswith("_") for part in p.relative_to(site).parts)
    )


def all_pages(site: Path) -> list[Path]:
    return [site / "index.html"] + [p for lang in LANGS for p in edition_pages(site, lang)]


# ---------------------------------------------------------------- one walk over the whole site

FACTS_JS = """() => {
  const one = (selector) => { const a = document.querySelector(selector); return a ? a.href : null; };
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    h1: (document.querySelector('article h1, main h1, body h1') || {}).textContent || '',
    images: Array.from(document.images).map(i => ({src: i.currentSrc.slice(0, 60), alt: i.getAttribute('alt'),
                                                    width: i.naturalWidth, complete: i.complete})),
    tables: Array.from(document.querySelectorAll('table')).map(t => ({
        caption: t.caption ? t.caption.textContent.trim() : '', start: t.textContent.trim().slice(0, 60)})),
    switch: one('.zb-lang-switch a'),
    switches: document.querySelectorAll('.zb-lang-switch a').length,
    next: one('a.right-next'),
    prev: one('a.left-prev'),
    sidebar: Array.from(document.querySelectorAll('nav.bd-docs-nav a.reference.internal')).map(a => a.href),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => ({href: a.href, text: a.textContent.trim()})),
    sections: Array.from(document.querySelectorAll('article section[id]')).map(s => s.id),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  };
}"""


@dataclass
class Visit:
    path: str  # site-relative, e.g. "zh/2017/01_economy.html"
    record: Record
    outside: list[str]
    facts: dict
