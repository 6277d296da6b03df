"""What a reader sees of notebook cells: sentences, tables and charts (hidden cells and code left out)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

HIDDEN = "remove-cell"
# A sentence ends at a Chinese full stop (no space follows) or at . ! ? followed by a space,
# so decimals such as 6.7518 stay whole.
SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+")
HEADING = re.compile(r"^#+\s*")


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    key: str  # the <figure>'s id: stable across languages and runs
    caption: str
    alt: str
    png: bytes


@dataclass
class Content:
    sentences: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def extend(self, other: Content) -> None:
        self.sentences += other.sentences
        self.tables += other.tables
        self.charts += other.charts


def sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = HEADING.sub("", line.strip())
        out += [s.strip() for s in SENTENCE_END.split(line) if s.strip()]
    return out


class _Html(HTMLParser):
    """Tables, figures and the remaining text (a table's note included) of one HTML output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.content = Content()
        self.text: list[str] = []
        self.table: dict | None = None
        self.cell: list[str] | None = None
        self.figure: dict | None = None
        self.where = ""  # "caption", "figcaption" or "link" (inside a figcaption) while inside one

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.table = {"caption": [], "rows": [], "header": None}
        elif tag == "tr" and self.table is not None:
            self.table["rows"].append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = []
        elif tag == "caption":
            self.where = "caption"
        elif tag == "figure":
            self.figure = {"key": attrs.get("id") or "", "caption": [], "alt": "", "png": b""}
        elif tag == "img" and self.figure is not None:
            src = attrs.get("src") or ""
            if src.startswith("data:image/png;base64,"):
                self.figure["png"] = base64.b64decode(src.split(",", 1)[1])
            self.figure["alt"] = attrs.get("alt") or ""
        elif tag == "figcaption":
            self.where = "figcaption"
        elif tag == "a" and self.where == "figcaption":
            self.where = "link"  # the chart's CSV download: the same words under every chart
        elif tag in ("p", "li", "br", "div", "h1", "h2", "h3", "h4"):
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.table is not None:
            self.table["rows"][-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "thead" and self.table is not None and self.table["rows"]:
            self.table["header"] = self.table["rows"].pop()
        elif tag == "table" and self.table is not None:
            t = self.table
            rows = [tuple(r) for r in t["rows"] if r]
            header = tuple(t["header"]) if t["header"] is not None else (rows.pop(0) if rows else ())
            self.content.tables.append(Table("".join(t["caption"]).strip(), header, tuple(rows)))
            self.table = None
        elif tag in ("caption", "figcaption"):
            self.where = ""
        elif tag == "a" and self.where == "link":
            self.where = "figcaption"
        elif tag == "figure" and self.figure is not None:
            f = self.figure
            self.content.charts.append(Chart(f["key"], " ".join("".join(f["caption"]).split()), f["alt"], f["png"]))
            self.figure = None

    def handle_data(self, data):
        if self.where == "caption" and self.table is not None:
            self.table["caption"].append(data)
        elif self.where == "figcaption" and self.figure is not None:
            self.figure["caption"].append(data)
        elif self.cell is not None:
            self.cell.append(data)
        elif self.figure is None and self.table is None and self.where != "link":
            self.text.append(data)


def _html(markup: str) -> Content:
    parser = _Html()
    parser.feed(markup)
    parser.close()
    parser.content.sentences = sentences("".join(parser.text))
    return parser.content


def _output(output: dict) -> Content:
    kind = output.get("output_type")
    if kind == "stream":
        return Content(sentences(joined(output.get("text", ""))))
    if kind == "error":
        return Content(sentences(f"{output.get('ename', '')}: {output.get('evalue', '')}"))
    data = output.get("data", {})
    if "text/html" in data:
        return _html(joined(data["text/html"]))
    if "text/markdown" in data:
        return Content(sentences(joined(data["text/markdown"])))
    return Content(sentences(joined(data.get("text/plain", ""))))


def joined(value) -> str:
    """A notebook string, stored whole or as a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


def shown(cells: list[dict]) -> Content:
    """What these cells put on the page: markdown text and code outputs, never code."""
    content = Content()
    for cell in cells:
        if HIDDEN in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.get("cell_type") == "markdown":
            content.extend(Content(sentences(joined(cell.get("source", "")))))
        for output in cell.get("outputs", []):
            content.extend(_output(output))
    return content


def title(cells: list[dict]) -> str:
    """The page's first heading, as its table of contents shows it."""
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in joined(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""
