"""An internal link checker for the built site (`_build/html`), with no network.

Every `href`, `src`, `srcset`, `action`, `poster` and `<object data>` of every HTML page is
checked, and every CSS `url()` and `@import` (in style attributes, `<style>` and the site's
`.css` files) is listed when external — whatever loads, an image, a frame, an icon, a preload,
a font or a background:

- a relative URL must resolve to a file inside the site (a folder URL to its `index.html`);
- a `#fragment` (on the same page or on another HTML page of the site) must be the `id` (or
  the `<a name>`) of an element of that page;
- an external URL (http:, https:, //) is listed, not fetched: the book is read offline, so
  every one must be justified in `ALLOWED_EXTERNAL`. Inline and non-navigating URLs
  (data:, mailto:, tel:, javascript:) are not links to check.

`python -m zonebook.publish.linkcheck [site]` prints the report and exits 1 on any broken link or
unexpected external one.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "action", "poster"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}  # "url 2x, url 640w"
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)


def css_urls(css: str) -> list[str]:
    """Every URL a piece of CSS loads: url(...) and @import "..."."""
    return [(m.group(2) or m.group(4)).strip() for m in CSS_URL.finditer(css)]


INLINE = ("data:", "mailto:", "tel:", "javascript:", "blob:", "about:")
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
# External URLs a page may carry, each with the reason it is acceptable offline. None for now:
# the sphinx extension strips thebe's CDN URL and fails the build on any remote asset.
ALLOWED_EXTERNAL: dict[str, str] = {}
SKIP_FOLDERS = ("_static",)  # theme template fragments (Jinja), not pages


@dataclass(frozen=True)
class Link:
    page: str  # site-relative path of the page the link is on
    tag: str
    attribute: str
    url: str


@dataclass(frozen=True)
class Broken:
    link: Link
    reason: str

    def __str__(self) -> str:
        return f'{self.link.page}: <{self.link.tag} {self.link.attribute}="{self.link.url}"> {self.reason}'


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    broken: list[Broken] = field(default_factory=list)
    external: list[Link] = field(default_factory=list)

    def unexpected_external(self, allowed: dict[str, str] | None = None) -> list[Link]:
        allowed = ALLOWED_EXTERNAL if allowed is None else allowed
        return [link for link in self.external if not any(link.url.startswith(prefix) for prefix in allowed)]

    @property
    def ok(self) -> bool:
        return not self.broken and not self.unexpected_external()

    def __str__(self) -> str:
        lines = [
            f"checked {self.links} links on {self.pages} pages: "
            f"{len(self.broken)} broken, {len(self.external)} external"
        ]
        lines += [f"  broken: {b}" for b in self.broken]
        lines += [f"  external: {link.page}: {link.url}" for link in self.external]
        return "\n".join(lines)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES or (tag == "object" and name == "data"):
                self.links.append((tag, name, value.strip()))
            elif name in SRCSET_ATTRIBUTES and value.strip().startswith("data:"):
                self.links.append((tag, name, value.strip()))  # one inline image: its base64 comma is no separator
            elif name in SRCSET_ATTRIBUTES:
                self.links += [(tag, name, part.split()[0]) for part in value.split(",") if part.strip()]
            elif name == "style":
                self.links += [(tag, "style url()", url) for url in css_urls(value)]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.links += [("style", "url()", url) for url in css_urls(data)]


def parse(path: Path) -> _Parser:
    parser = _Parser()
    parser.feed(Path(path).read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def pages(site: Path) -> list[Path]:
    site = Path(site)
    return sorted(
        p for p in site.rglob("*.html") if not any(part in SKIP_FOLDERS for part in p.relative_to(site).parts)
    )


def check(site: Path) -> Report:
    """Every link of every page of `site`; fragments are checked against the target's ids."""
    site = Path(site).resolve()
    report = Report()
    parsed = {path: parse(path) for path in pages(site)}
    ids = {path: parser.ids for path, parser in parsed.items()}
    report.pages = len(parsed)

    def ids_of(target: Path) -> set[str]:
        if target not in ids:  # a page outside the walk (e.g. under _static): parse on demand
            ids[target] = parse(target).ids
        return ids[target]

    for sheet in sorted(site.rglob("*.css")):  # fonts, backgrounds, imports: only what leaves the site
        for url in css_urls(sheet.read_text(encoding="utf-8", errors="replace")):
            if EXTERNAL.match(url) and not url.lower().startswith(INLINE):
                report.external.append(Link(sheet.relative_to(site).as_posix(), "css", "url()", url))
    for page, parser in parsed.items():
        name = page.relative_to(site).as_posix()
        for tag, attribute, url in parser.links:
            link = Link(name, tag, attribute, url)
            report.links += 1
            if url.lower().startswith(INLINE):
                continue
            if EXTERNAL.match(url):
                report.external.append(link)
                continue
            parts = urlsplit(url)
            if parts.path:
                target = (page.parent / unquote(parts.path)).resolve()
                if parts.path.endswith("/") or target.is_dir():
                    target = target / "index.html"
            else:
                target = page
            if site not in target.parents:
                report.broken.append(Broken(link, "points outside the site"))
            elif not target.is_file():
                report.broken.append(Broken(link, f"no such file: {target.relative_to(site).as_posix()}"))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                report.broken.append(
                    Broken(
                        link, f'no element with id "{unquote(parts.fragment)}" in {target.relative_to(site).as_posix()}'
                    )
                )
    return report


def main(argv: list[str] | None = None) -> int:
    from zonebook.core import paths

    argv = sys.argv[1:] if argv is None else argv
    site = Path(argv[0]) if argv else paths.BUILD / "html"
    if not (site / "index.html").is_file():
        print(f"linkcheck: no site at {site} (run `zonebook build`)", file=sys.stderr)
        return 2
    report = check(site)
    print(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
