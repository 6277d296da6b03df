"""What readers take away from every edition: its data package (zip) and the whole edition as a PDF.

Both are written into the staged site before it is published, under
`<lang>/downloads/<year>/`: `zonebook-<year>-data.zip` and `zonebook-<year>-<lang>.pdf`.
The PDF is printed from the built HTML by headless Chromium (no LaTeX), one page per chapter
in reading order, merged with pypdf under an outline of chapter titles.

Chromium's PDFs of Chinese text carry a wrong text layer: Noto Sans CJK draws 生 and the
Kangxi radical ⽣ (U+2F63) with one glyph, and the PDF's ToUnicode maps that glyph back to the
radical, so text copied or searched in the PDF reads 安全⽣产, not 安全生产 (a search for
安全生产 finds nothing). `unify_cjk_text` rewrites those maps to the ideograph that shares the
glyph, read from the font's own cmap.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import zipfile
from html import escape as html_escape
from pathlib import Path

from zonebook.core.chapters import Template
from zonebook.data.i18n import LANGS, LANGUAGES, strings
from zonebook.data.status import RECORD
from zonebook.publish.strings import text

CHROMIUM = os.environ.get("ZONEBOOK_CHROMIUM", "/usr/bin/chromium")
# Closed network: no background requests, no first-run, no sandbox when root (CI runs as root).
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
]
ZIP_TIME = (2018, 1, 1, 0, 0, 0)  # fixed, so the same data gives the same zip bytes


def folder(site: Path, lang: str, year: int) -> Path:
    return Path(site) / lang / "downloads" / str(year)


def data_zip_name(year: int) -> str:
    return f"zonebook-{year}-data.zip"


def pdf_name(year: int, lang: str) -> str:
    return f"zonebook-{year}-{lang}.pdf"


def workbook_name(year: int) -> str:
    return f"zonebook-{year}-tables.xlsx"


README = """# {title_zh} — 数据包 / data package

{intro_zh}

{intro_en}

| 文件 / file | 内容 / content |
|---|---|
{files}
"""
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def published_rows(path: Path, schema: dict) -> tuple[list[str], list[list[str]]]:
    """A staff table (UTF-8 with or without BOM, GB18030, .xlsx) as plain rows, numbers in its
    schema's numeric fields without thousands separators (1,504.7 -> 1504.7)."""
    from zonebook.data.readers import read_table

    raw = read_table(path)
    numeric = {f["name"] for f in schema.get("fields", []) if f.get("type") in ("number", "integer")}
    rows = [
        [
            row.get(name, "").replace(",", "")
            if name in numeric and THOUSANDS.match(row.get(name, ""))
            else row.get(name, "")
            for name in raw.header
        ]
        for row in raw.rows
    ]
    return raw.header, rows


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def source_of(data_root: Path, year: int) -> dict | None:
    from zonebook.data.readers import optional_rows

    rows = optional_rows(Path(data_root) / "sources" / "sources.csv") or []
    return next((r for r in rows if str(r.get("year", "")).strip() == str(year)), None)


def publication(data_root: Path, year: int) -> dict[str, bytes | list]:
    """The year's package as published: `data/...` path -> bytes, every table UTF-8 CSV under
    the name its descriptor lists, the descriptor naming this year and this year's source,
    the shared tables it refers to, and a bilingual README. The paths are those the methods
    page gives. Also "sheets": (name, header, rows) of every table, for the workbook."""
    root = Path(data_root)
    descriptor = _published_descriptor(root, year)
    files: dict[str, bytes] = {}
    sheets = []
    descriptor["resources"] = _year_tables(root / str(year), year, descriptor, files, sheets)
    files[f"data/{year}/datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8"
    )
    _shared_tables(root, year, files, sheets)
    files["README.md"] = readme(descriptor, files, root, year).encode("utf-8")
    return {"files": files, "sheets": sheets}


def _published_descriptor(root: Path, year: int) -> dict:
    """The year's descriptor as readers get it: named for the year, with its source, without our record."""
    descriptor = json.loads((root / str(year) / "datapackage.json").read_text(encoding="utf-8"))
    source = source_of(root, year)
    descriptor.pop(RECORD, None)  # the review's record is ours, not the reader's
    descriptor["name"] = f"zonebook-{year}"
    if source:
        descriptor["title"] = f"{source.get('title_en', '')} ({source.get('title_zh', '')})"
        descriptor["sources"] = [{"title": source.get("title_zh", ""), "path": f"../sources/{year}.txt"}]
    else:
        descriptor.pop("sources", None)
    return descriptor


def _year_tables(folder: Path, year: int, descriptor: dict, files: dict, sheets: list) -> list[dict]:
    """Add each of the year's tables to `files` (as UTF-8 CSV) and `sheets`; return their resources."""
    from zonebook.data.readers import table_file

    resources = []
    for resource in descriptor.get("resources", []):
        path = table_file(folder, resource["name"])
        if path is None:
            continue
        header, rows = published_rows(path, resource.get("schema", {}))
        name = resource.get("path", f"{resource['name']}.csv")
        if not name.endswith(".csv"):
            name = f"{resource['name']}.csv"
        resource = dict(resource, path=name, format="csv", mediatype="text/csv", encoding="utf-8")
        resources.append(resource)
        files[f"data/{year}/{name}"] = csv_text(header, rows).encode("utf-8")
        sheets.append((resource["name"], header, rows))
    return resources


def _shared_tables(root: Path, year: int, files: dict, sheets: list) -> None:
    """Add the shared files the year refers to (catalogue, units, source, glossary, reference) to `files` and `sheets`."""
    from zonebook.data.readers import read_csv

    shared = [
        "catalogue.csv",
        "units.csv",
        "sources/sources.csv",
        f"sources/{year}.txt",
        "i18n/glossary.csv",
        *sorted(p.relative_to(root).as_posix() for p in (root / "reference").glob("*.csv")),
    ]
    for relative in shared:
        path = root / relative
        if path.is_file():
            files[f"data/{relative}"] = path.read_bytes()
            if path.suffix == ".csv":
                raw = read_csv(path)
                sheets.append((Path(relative).stem, raw.header, [[r.get(h, "") for h in raw.header] for r in raw.rows]))


def readme(descriptor: dict, files: dict, data_root: Path, year: int) -> str:
    """README.md of the zip, in both languages, listing every file."""

    known = strings(data_root)
    titles = {f"data/{year}/{r['path']}": r.get("title", r["name"]) for r in descriptor["resources"]}
    keys = {
        f"data/{year}/datapackage.json": "download.file_descriptor",
        f"data/sources/{year}.txt": "download.file_source",
    }

    def what(path: str) -> str:
        if path in titles:
            name = Path(path).stem
            zh = text(f"table.{name}", "zh", data_root) if f"table.{name}" in known else ""
            return f"{zh} / {titles[path]}" if zh else titles[path]
        key = keys.get(path, f"download.file_{Path(path).stem}")
        if key not in known:
            return ""
        return " / ".join(text(key, lang, data_root, year=year) for lang in LANGS)

    lines = [f"| `{path}` | {what(path)} |" for path in sorted(files)]
    return README.format(
        title_zh=text("site.title", "zh", data_root),
        intro_zh=text("download.readme", "zh", data_root, year=year, workbook=workbook_name(year)),
        intro_en=text("download.readme", "en", data_root, year=year, workbook=workbook_name(year)),
        files="\n".join(lines),
    )


def write_data_zip(target: Path, data_root: Path, year: int) -> None:
    """The year's published package as a zip, and beside it one workbook of all its tables."""
    published = publication(data_root, year)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(published["files"].items()):
            info = zipfile.ZipInfo(path, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    write_workbook(target.with_name(workbook_name(year)), published["sheets"], data_root, year)


def write_workbook(target: Path, sheets: list, data_root: Path, year: int) -> None:
    """One .xlsx of every table, for Excel and WPS users (zonebook/publish/workbook.py)."""
    from zonebook.publish import workbook

    intro = {lang: text("download.readme", lang, data_root, year=year, workbook=workbook_name(year)) for lang in LANGS}
    workbook.write_workbook(target, sheets, data_root, intro)


def write_data_zips(site: Path, data_root: Path, years: list[int]) -> None:
    for year in years:
        first = folder(site, LANGS[0], year) / data_zip_name(year)
        write_data_zip(first, data_root, year)
        for lang in LANGS[1:]:
            for name in (data_zip_name(year), workbook_name(year)):
                copy = folder(site, lang, year) / name
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes((first.parent / name).read_bytes())


def launch_browser(playwright):
    args = CHROMIUM_ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    return playwright.chromium.launch(executable_path=CHROMIUM, args=args)


PAGE_MARGIN = {"top": "20mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}
FRONT_CSS = """@page { size: A4; margin: 0 }
body { margin: 0; font-family: "Noto Sans CJK SC", sans-serif; color: #1f2328 }
.sheet { height: 297mm; box-sizing: border-box; padding: 60mm 22mm 20mm; break-after: page; position: relative }
h1 { font-size: 26pt; line-height: 1.3; margin: 0 0 8mm } .edition { font-size: 16pt; margin: 0 0 40mm }
.author { font-size: 13pt; color: #444 } h2 { font-size: 18pt; margin: 0 0 8mm }
.contents { padding-top: 30mm } .contents ol { list-style: none; padding: 0; font-size: 12pt }
.contents li { display: flex; gap: 2mm; padding: 2.2mm 0; border-bottom: 1px dotted #999 }
.contents li span:first-child { flex: 1 }
"""
OVERLAY_CSS = """@page { size: A4; margin: 0 }
body { margin: 0; font: 8.5pt "Noto Sans CJK SC", sans-serif; color: #444 }
.sheet { height: 297mm; position: relative; break-after: page }
.head { position: absolute; top: 9mm; left: 16mm; right: 16mm; border-bottom: 0.4pt solid #999; padding-bottom: 1.5mm }
.foot { position: absolute; bottom: 9mm; left: 0; right: 0; text-align: center }
"""


def front_html(
    lang: str, fonts: str, title: str, edition: str, author: str, contents: str, chapters: list[tuple[str, int]]
) -> str:
    """The title page and the contents (chapter titles with the page each starts on)."""
    rows = "".join(f"<li><span>{html_escape(t)}</span><span>{n}</span></li>" for t, n in chapters)
    return (
        f'<!DOCTYPE html><html lang="{LANGUAGES[lang].tag}"><head><meta charset="utf-8">'
        f"<style>{FRONT_CSS}{fonts}</style></head><body>"
        f'<div class="sheet"><h1>{html_escape(title)}</h1><p class="edition">{html_escape(edition)}</p>'
        f'<p class="author">{html_escape(author)}</p></div>'
        f'<div class="sheet contents"><h2>{html_escape(contents)}</h2><ol>{rows}</ol></div></body></html>'
    )


def overlay_html(header: str, first: int, count: int, fonts: str = "") -> str:
    """Pages that carry only the running header and the page number, laid over the chapters."""
    sheets = "".join(
        f'<div class="sheet"><div class="head">{html_escape(header)}</div><div class="foot">{first + i}</div></div>'
        for i in range(count)
    )
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{OVERLAY_CSS}{fonts}</style></head><body>{sheets}</body></html>'


# On paper nothing can be opened: every <details> (the source tables) is printed open.
OPEN_FOR_PRINT_JS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
# the print faces are web fonts: laid out and loaded before the page is printed
FONTS_READY_JS = "() => { document.body.offsetHeight; return document.fonts.ready.then(() => true); }"


def print_faces(pages: list[Path], words: dict) -> str:
    """CSS that prints in real embedded fonts (zonebook.publish.print_fonts), cut to the characters of
    the pages and of the front matter."""
    import html as html_module
    import tempfile

    from zonebook.publish import print_fonts

    characters = set()
    for page in pages:
        if page.is_file():
            characters.update(html_module.unescape(re.sub(r"<[^>]*>", " ", page.read_text(encoding="utf-8"))))
    for values in words.values():
        for value in values.values():
            characters.update(value)
    characters.update("0123456789")
    with tempfile.TemporaryDirectory(prefix="zonebook-fonts-") as folder:
        return print_fonts.faces("".join(sorted(c for c in characters if c.isprintable())), Path(folder))


def drop_dead_links(writer) -> None:
    """Links to other files of the site or to data: URIs lead nowhere on paper: removed."""
    from pypdf.generic import ArrayObject, NameObject

    for pdf_page in writer.pages:
        annots = pdf_page.get("/Annots")
        if annots is None:
            continue
        kept = [
            a
            for a in annots.get_object()
            if not str(a.get_object().get("/A", {}).get("/URI", "")).startswith(("file:", "data:"))
        ]
        pdf_page[NameObject("/Annots")] = ArrayObject(kept)


def write_pdfs(site: Path, years: list[int], templates: tuple[Template, ...], data_root: Path) -> None:
    """One PDF per edition (year x language), printed from the staged HTML: a title page, the
    contents with page numbers, then the chapters under a running header (the edition) and
    page numbers that run through the book."""
    from playwright.sync_api import sync_playwright  # only for the PDF: the rest of the build needs no browser

    site = Path(site).resolve()
    front_words = {
        (year, lang): {
            key: text(key, lang, data_root, year=year)
            for key in ("site.title", "site.author", "site.edition", "pdf.contents")
        }
        for year in years
        for lang in LANGS
    }
    pages = [site / lang / str(year) / f"{t.slug}.html" for year in years for lang in LANGS for t in templates]
    fonts = print_faces(pages, front_words)
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page()
        # Only the site itself: anything else would be a bug, and offline it would hang.
        page.route(re.compile(r"^(?!file://|data:).*"), lambda route: route.abort())
        try:
            for year in years:
                for lang in LANGS:
                    chapters = _print_chapters(
                        page, [site / lang / str(year) / f"{t.slug}.html" for t in templates], fonts
                    )
                    words = {**front_words[year, lang], "fonts": fonts}
                    front = _print_front(page, lang, words, chapters)
                    overlay = _print_overlay(page, words, front, chapters)
                    _write_pdf(folder(site, lang, year) / pdf_name(year, lang), words, front, chapters, overlay)
        finally:
            browser.close()


def _print_chapters(page, htmls: list[Path], fonts: str) -> list[tuple]:
    """Each chapter's page printed, as (its title, its PDF)."""
    from pypdf import PdfReader

    chapters = []
    for html in htmls:
        page.goto(html.as_uri(), wait_until="load")
        page.add_style_tag(content=fonts)
        page.evaluate(OPEN_FOR_PRINT_JS)
        page.emulate_media(media="print")
        page.evaluate(FONTS_READY_JS)
        title = page.title().split("—")[0].split(" - ")[0].strip()
        chapters.append((title, PdfReader(_pdf_stream(page))))
    return chapters


def _print_front(page, lang: str, words: dict, chapters: list[tuple]):
    """The title page and contents printed, their page numbers counting the front matter's own pages."""
    from pypdf import PdfReader

    front = None
    for _ in range(2):  # the contents' page numbers depend on the front matter's length
        offset = 0 if front is None else len(front.pages)
        numbers, at = [], offset + 1
        for title, reader in chapters:
            numbers.append((title, at))
            at += len(reader.pages)
        front = PdfReader(
            _print_html(
                page,
                front_html(
                    lang,
                    words["fonts"],
                    words["site.title"],
                    words["site.edition"],
                    words["site.author"],
                    words["pdf.contents"],
                    numbers,
                ),
            )
        )
        if len(front.pages) == offset:
            break
    return front


def _print_overlay(page, words: dict, front, chapters: list[tuple]):
    """The running header and page numbers printed, one page for each page of the chapters."""
    from pypdf import PdfReader

    body = sum(len(r.pages) for _, r in chapters)
    return PdfReader(
        _print_html(
            page,
            overlay_html(
                f"{words['site.title']} · {words['site.edition']}",
                len(front.pages) + 1,
                body,
                words["fonts"],
            ),
        )
    )


def _write_pdf(target: Path, words: dict, front, chapters: list[tuple], overlay) -> None:
    """Bind front matter and chapters under the overlay and an outline of chapter titles; write the PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf_page in front.pages:
        writer.add_page(pdf_page)
    index = 0
    for title, reader in chapters:
        start = len(writer.pages)
        for pdf_page in reader.pages:
            added = writer.add_page(pdf_page)
            added.merge_page(overlay.pages[index])
            index += 1
        writer.add_outline_item(title, start)
    target.parent.mkdir(parents=True, exist_ok=True)
    drop_dead_links(writer)
    unify_cjk_text(writer)
    writer.add_metadata({"/Title": f"{words['site.title']} · {words['site.edition']}"})
    with target.open("wb") as handle:
        writer.write(handle)


def _print_html(page, markup: str):
    page.set_content(markup, wait_until="load")
    page.emulate_media(media="print")
    page.evaluate(FONTS_READY_JS)
    return io.BytesIO(page.pdf(format="A4", print_background=True, prefer_css_page_size=True))


def _pdf_stream(page):
    return io.BytesIO(page.pdf(format="A4", print_background=True, margin=PAGE_MARGIN))


RADICALS = (0x2E80, 0x2FDF)  # CJK Radicals Supplement and Kangxi Radicals
TO_UNICODE_PAIR = re.compile(rb"(<[0-9A-Fa-f]+>\s*)<(2[EeFf][0-9A-Fa-f]{2})>")


@functools.lru_cache(maxsize=1)
def radical_ideographs() -> dict[int, int]:
    """Radical code point -> the CJK ideograph drawn with the same glyph in Noto Sans CJK SC."""
    import noto_cjk_sans_otc
    from fontTools.ttLib import TTCollection

    path = Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc"
    font = next(f for f in TTCollection(str(path), lazy=True).fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    cmap = font.getBestCmap()
    by_glyph: dict[str, list[int]] = {}
    for code, glyph in cmap.items():
        if code >= 0x3400 and not RADICALS[0] <= code <= RADICALS[1]:
            by_glyph.setdefault(glyph, []).append(code)
    found = {}
    for code in range(RADICALS[0], RADICALS[1] + 1):
        same = by_glyph.get(cmap.get(code, ""), [])
        if same:  # prefer the basic block (4E00-9FFF), where the text of this book is
            found[code] = min(same, key=lambda c: (not 0x4E00 <= c <= 0x9FFF, c))
    return found


def unify_cjk_text(writer) -> int:
    """Map radicals in every font's ToUnicode CMap to their ideographs; return how many."""
    table, seen, changed = radical_ideographs(), set(), 0

    def fix(match):
        nonlocal changed
        code = int(match[2], 16)
        if code not in table:
            return match[0]
        changed += 1
        return (
            match[1]
            + b"<"
            + (
                f"{table[code]:04X}" if table[code] <= 0xFFFF else (chr(table[code]).encode("utf-16-be").hex().upper())
            ).encode()
            + b">"
        )

    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            cmap = font.get("/ToUnicode")
            if cmap is None or id(cmap.get_object()) in seen:
                continue
            stream = cmap.get_object()
            seen.add(id(stream))
            data = stream.get_data()
            new = TO_UNICODE_PAIR.sub(fix, data)
            if new != data:
                stream.set_data(new)
    return changed
