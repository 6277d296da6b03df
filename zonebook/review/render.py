"""The review as one static page (inline CSS, charts as PNG files beside it) and a Markdown summary."""

from __future__ import annotations

import html
import shutil
import struct
from itertools import groupby
from pathlib import Path

from zonebook.data.i18n import LANGUAGES
from zonebook.publish import outputs
from zonebook.review.compare import ChartChange, PageChange, Review, TableChange
from zonebook.review.figures import Figure
from zonebook.review.words import marked

EDITION = {"zh": "Chinese edition 中文版", "en": "English edition"}
CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9dee3;--accent:#0072B2;
--del:#fde2e4;--del-ink:#9b1c1c;--ins:#dcf5e3;--ins-ink:#14532d}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif;
color:var(--ink);background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:2rem 0 .5rem;padding-bottom:.3rem;border-bottom:2px solid var(--accent)}
h3{font-size:1.05rem;margin:0 0 .4rem}
h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:1rem 0 .35rem}
code,.path{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--muted);overflow-wrap:anywhere}
.summary{font-size:1.2rem;font-weight:600;background:#fff;border-left:4px solid var(--accent);
padding:.6rem .9rem;margin:.6rem 0}
.sides{color:var(--muted);margin:0}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.9rem 1rem;margin:.8rem 0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:13px;min-width:100%}
th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f1f3f5}
.index td:nth-child(n+2){text-align:right}
.index th.edition{background:#e8eef5}
del{background:var(--del);color:var(--del-ink);text-decoration:line-through}
ins{background:var(--ins);color:var(--ins-ink);text-decoration:none}
td.changed{background:#fffbea}
.sentence{margin:.35rem 0 .6rem;padding-left:.6rem;border-left:3px solid var(--line)}
.sentence p{margin:.1rem 0}
.sign{display:inline-block;width:1.1em;color:var(--muted);font-weight:700}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:.6rem}
figure{margin:0}
figure img{width:100%;height:auto;border:1px solid var(--line);background:#fff}
figcaption{font-size:12px;color:var(--muted)}
.tag{display:inline-block;font-size:11px;padding:0 .4rem;border-radius:3px;background:#eef2f6;color:var(--muted)}
.nothing{color:var(--muted)}
@media (max-width:600px){main{padding:.6rem}h1{font-size:1.2rem}.summary{font-size:1rem}.card{padding:.6rem}
th,td{padding:.2rem .3rem}}
"""


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def summary_line(review: Review) -> str:
    c = review.count()
    if not review.pages:
        return "No change to the book."
    return (
        f"{plural(c['figures'], 'figure')} changed on {plural(c['figure_pages'], 'page')}, "
        f"{plural(c['charts'], 'chart')} redrawn, {plural(c['sentences'], 'sentence')} changed, "
        f"{plural(c['tables'], 'table')} changed, {plural(c['added'], 'page')} added, "
        f"{plural(c['removed'], 'page')} removed"
    )


def _e(text: str) -> str:
    return html.escape(text or "")


def _anchor(p: PageChange) -> str:
    return f"{p.lang}-{p.year}-{p.slug}"


def _edition(lang: str, year: str) -> str:
    return f"{EDITION[lang]} · {year}"


def _two(old: str, new: str, lang: str) -> str:
    """An old and a new text, word by word marked; one of them may be absent."""
    if old and new:
        old, new = marked(old, new)
    else:
        old, new = _e(old), _e(new)
    rows = []
    if old:
        rows.append(f'<p><span class="sign">−</span>{old}</p>')
    if new:
        rows.append(f'<p><span class="sign">+</span>{new}</p>')
    return f'<div class="sentence" lang="{LANGUAGES[lang].tag}">{"".join(rows)}</div>'


def _figures(figures: list[Figure]) -> str:
    rows = []
    for f in figures:
        old_quote, new_quote = f.quotes
        quote = (
            _two(old_quote, new_quote, "zh")
            if old_quote != new_quote
            else f'<span lang="{LANGUAGES["zh"].tag}">{_e(new_quote)}</span>'
        )
        old = _e(f.value(f.old)) or '<span class="tag">new</span>'
        new = _e(f.value(f.new)) or '<span class="tag">removed</span>'
        row = f"<code>data/{f.year}/{_e(f.table)}.csv</code><br>{_e(f.id)}"
        rows.append(f"<tr><td>{row}</td><td>{old} → {new}</td><td>{quote}</td></tr>")
    return (
        '<div class="scroll"><table><thead><tr><th>Row</th><th>Old → new</th><th>Source quote</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _cell(old: str, new: str) -> str:
    return "<br>".join(marked(old, new))


def _table(t: TableChange, lang: str) -> str:
    old_caption, new_caption = (t.old or t.new).caption, (t.new or t.old).caption
    caption = (
        _two(old_caption, new_caption, lang)
        if old_caption != new_caption
        else f'<p lang="{LANGUAGES[lang].tag}"><strong>{_e(new_caption)}</strong></p>'
    )
    if t.old is None or t.new is None:
        rows = plural(len((t.new or t.old).rows), "row")
        return caption + f'<p class="nothing">{"table added" if t.old is None else "table removed"} ({rows})</p>'
    header = t.new.header
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    if t.old.header != t.new.header:
        head = "".join(
            f'<th class="changed">{_cell(a, b)}</th>' if a != b else f"<th>{_e(b)}</th>"
            for a, b in zip(t.old.header, t.new.header)
        )
    body = []
    for row in t.rows:
        if row.old is None or row.new is None:
            sign, cells = ("+", row.new) if row.old is None else ("−", row.old)
            tag = "ins" if sign == "+" else "del"
            body.append(f"<tr><td>{sign}</td>" + "".join(f"<td><{tag}>{_e(c)}</{tag}></td>" for c in cells) + "</tr>")
            continue
        cells = []
        for i in range(max(len(row.old), len(row.new))):
            a = row.old[i] if i < len(row.old) else ""
            b = row.new[i] if i < len(row.new) else ""
            cells.append(f"<td>{_e(b)}</td>" if a == b else f'<td class="changed">{_cell(a, b)}</td>')
        body.append("<tr><td>~</td>" + "".join(cells) + "</tr>")
    unchanged = len(t.new.rows) - sum(1 for r in t.rows if r.new is not None)
    note = f'<p class="nothing">{plural(unchanged, "other row")} unchanged</p>' if unchanged else ""
    if not t.rows:
        note = '<p class="nothing">rows unchanged</p>'
    return (
        caption + f'<div class="scroll" lang="{LANGUAGES[lang].tag}"><table><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{note}"
    )


def _chart(c: ChartChange, lang: str, name: str, folder: Path) -> str:
    pictures = []
    for label, png in (
        ("old", c.old.png if c.old else b""),
        ("new", c.new.png if c.new else b""),
        (f"changed pixels ({c.pixels:,})", c.marked),
    ):
        if png:
            file = f"{name}-{label.split()[0]}.png"
            (folder / file).write_bytes(png)
            chart = c.new or c.old
            pictures.append(
                f'<figure><img src="charts/{file}" alt="{_e(label)}: {_e(chart.alt)}">'
                f"<figcaption>{_e(label)}</figcaption></figure>"
            )
    chart = c.new or c.old
    status = "" if c.old and c.new else f' <span class="tag">{"added" if c.old is None else "removed"}</span>'
    sizes = [_size(x.png) for x in (c.old, c.new) if x]
    if len(set(sizes)) > 1:  # then every pixel below the first difference in layout moves
        status += f' <span class="tag">size {sizes[0]} → {sizes[1]} px</span>'
    alt = _two(c.old.alt, c.new.alt, lang) if c.old and c.new and c.old.alt != c.new.alt else ""
    return (
        f'<p lang="{LANGUAGES[lang].tag}"><strong>{_e(chart.caption)}</strong>{status}</p>'
        f'<div class="charts">{"".join(pictures)}</div>' + (f"<p class=nothing>Alt text:</p>{alt}" if alt else "")
    )


def _size(png: bytes) -> str:
    width, height = struct.unpack(">II", png[16:24])  # the PNG header's IHDR chunk
    return f"{width}×{height}"


def _page(p: PageChange, folder: Path) -> str:
    parts = [
        f'<article class="card" id="{_anchor(p)}"><h3 lang="{LANGUAGES[p.lang].tag}">{_e(p.title)}</h3>'
        f'<div class="path">book/{p.lang}/{p.year}/{p.slug}.ipynb</div>'
    ]
    if p.status != "changed":
        shows = p.shows
        parts.append(
            f'<p><span class="tag">page {p.status}</span> {plural(len(shows.sentences), "sentence")}, '
            f"{plural(len(shows.tables), 'table')}, {plural(len(shows.charts), 'chart')}</p></article>"
        )
        return "".join(parts)
    if p.figures:
        parts += ["<h4>Figures</h4>", _figures(p.figures)]
    if p.sentences:
        parts += ["<h4>Sentences</h4>", *(_two(a or "", b or "", p.lang) for a, b in p.sentences)]
    if p.charts:
        parts.append("<h4>Charts</h4>")
        parts += [_chart(c, p.lang, f"{_anchor(p)}-{i}", folder) for i, c in enumerate(p.charts, 1)]
    if p.tables:
        parts.append("<h4>Tables</h4>")
        parts += [_table(t, p.lang) for t in p.tables]
    parts.append("</article>")
    return "".join(parts)


def _index(review: Review) -> str:
    rows = []
    for (year, lang), pages in groupby(review.pages, key=lambda p: (p.year, p.lang)):
        rows.append(f'<tr><th colspan="5" class="edition">{_e(_edition(lang, year))}</th></tr>')
        for p in pages:
            counts = (
                f"<td colspan=4>page {p.status}</td>"
                if p.status != "changed"
                else "".join(f"<td>{n}</td>" for n in (len(p.figures), len(p.sentences), len(p.charts), len(p.tables)))
            )
            rows.append(
                f'<tr><td><a href="#{_anchor(p)}" lang="{LANGUAGES[p.lang].tag}">{_e(p.title or p.slug)}</a></td>'
                f"{counts}</tr>"
            )
    return (
        '<div class="scroll"><table class="index"><thead><tr><th>Page</th><th>Figures</th>'
        f"<th>Sentences</th><th>Charts</th><th>Tables</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _order(p: PageChange) -> tuple:
    return (-int(p.year), p.lang != "zh", p.slug)


def write(review: Review, out: Path) -> Path:
    """`out`/index.html, its charts in `out`/charts/, and `out`/summary.md; earlier charts removed."""
    charts = out / "charts"
    shutil.rmtree(charts, ignore_errors=True)
    charts.mkdir(parents=True)
    outputs.mark(out, "diff")
    review.pages.sort(key=_order)
    body = [
        f"<header><h1>What this change does to the book</h1>"
        f"<p class=sides>from <code>{_e(review.base)}</code> to <code>{_e(review.head)}</code></p>"
        f'<p class="summary">{_e(summary_line(review))}</p>'
    ]
    if review.pages:
        body.append(_index(review))
    if review.unshown:
        body.append(
            "<h4>Changed in the data, shown on no changed page (is the book re-executed? "
            "<code>zonebook build</code>)</h4>" + _figures(review.unshown)
        )
    body.append("</header>")
    for (year, lang), pages in groupby(review.pages, key=lambda p: (p.year, p.lang)):
        body.append(f"<section><h2>{_e(_edition(lang, year))}</h2>{''.join(_page(p, charts) for p in pages)}</section>")
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Book diff: {_e(summary_line(review))}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
    (out / "index.html").write_text(page, encoding="utf-8")
    (out / "summary.md").write_text(markdown(review), encoding="utf-8")
    return out / "index.html"


def markdown(review: Review) -> str:
    """The summary and the page index for a CI job summary."""
    lines = ["### What this change does to the book", "", summary_line(review), ""]
    if review.pages:
        lines += ["| edition | page | figures | sentences | charts | tables |", "|---|---|--:|--:|--:|--:|"]
        for p in review.pages:
            counts = (
                f"page {p.status} | | | "
                if p.status != "changed"
                else " | ".join(str(n) for n in (len(p.figures), len(p.sentences), len(p.charts), len(p.tables)))
            )
            lines.append(f"| {_edition(p.lang, p.year)} | {p.title or p.slug} | {counts} |")
        lines.append("")
    if review.unshown:
        lines += [
            f"Changed in the data but shown on no changed page: "
            f"{', '.join(f'`data/{f.year}/{f.table}.csv` {f.id}' for f in review.unshown)}",
            "",
        ]
    return "\n".join(lines)
