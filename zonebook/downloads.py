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
import json
from html import escape as html_escape
import os
import re
import zipfile
from pathlib import Path

from .chapters import LANGS, Template

CHROMIUM = os.environ.get("ZONEBOOK_CHROMIUM", "/usr/bin/chromium")
# Closed network: no background requests, no first-run, no sandbox when root (CI runs as root).
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--disable-gpu"]
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
    from .readers import read_table

    raw = read_table(path)
    numeric = {f["name"] for f in schema.get("fields", []) if f.get("type") in ("number", "integer")}
    rows = [[row.get(name, "").replace(",", "") if name in numeric and THOUSANDS.match(row.get(name, "")) else row.get(name, "")
             for name in raw.header] for row in raw.rows]
    return raw.header, rows


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def source_of(data_root: Path, year: int) -> dict | None:
    from .readers import optional_rows

    rows = optional_rows(Path(data_root) / "sources" / "sources.csv") or []
    return next((r for r in rows if str(r.get("year", "")).strip() == str(year)), None)


def publication(data_root: Path, year: int) -> dict[str, bytes | list]:
    """The year's package as published: `data/...` path -> bytes, every table UTF-8 CSV under
    the name its descriptor lists, the descriptor naming this year and this year's source,
    the shared tables it refers to, and a bilingual README. The paths are those the methods
    page gives. Also "sheets": (name, header, rows) of every table, for the workbook."""
    from .readers import table_file

    root, folder = Path(data_root), Path(data_root) / str(year)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    source = source_of(root, year)
    descriptor["name"] = f"zonebook-{year}"
    if source:
        descriptor["title"] = f"{source.get('title_en', '')} ({source.get('title_zh', '')})"
        descriptor["sources"] = [{"title": source.get("title_zh", ""), "path": f"../sources/{year}.txt"}]
    else:
        descriptor.pop("sources", None)
    files: dict[str, bytes] = {}
    sheets = []
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
    descriptor["resources"] = resources
    files[f"data/{year}/datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    shared = ["catalogue.csv", "units.csv", "sources/sources.csv", f"sources/{year}.txt", "i18n/glossary.csv",
              *sorted(p.relative_to(root).as_posix() for p in (root / "reference").glob("*.csv"))]
    from .readers import read_csv

    for relative in shared:
        path = root / relative
        if path.is_file():
            files[f"data/{relative}"] = path.read_bytes()
            if path.suffix == ".csv":
                raw = read_csv(path)
                sheets.append((Path(relative).stem, raw.header, [[r.get(h, "") for h in raw.header] for r in raw.rows]))
    files["README.md"] = readme(descriptor, files, root, year).encode("utf-8")
    return {"files": files, "sheets": sheets}


def readme(descriptor: dict, files: dict, data_root: Path, year: int) -> str:
    """README.md of the zip, in both languages, listing every file."""
    from .site import read_strings, text

    strings = read_strings(data_root)
    titles = {f"data/{year}/{r['path']}": r.get("title", r["name"]) for r in descriptor["resources"]}
    keys = {f"data/{year}/datapackage.json": "download.file_descriptor", f"data/sources/{year}.txt": "download.file_source"}

    def what(path: str) -> str:
        if path in titles:
            name = Path(path).stem
            zh = text(strings, f"table.{name}", "zh", data_root) if f"table.{name}" in strings else ""
            return f"{zh} / {titles[path]}" if zh else titles[path]
        key = keys.get(path, f"download.file_{Path(path).stem}")
        if key not in strings:
            return ""
        return " / ".join(text(strings, key, lang, data_root, year=year) for lang in ("zh", "en"))

    lines = [f"| `{path}` | {what(path)} |" for path in sorted(files)]
    return README.format(title_zh=text(strings, "site.title", "zh", data_root),
                         intro_zh=text(strings, "download.readme", "zh", data_root, year=year, workbook=workbook_name(year)),
                         intro_en=text(strings, "download.readme", "en", data_root, year=year, workbook=workbook_name(year)),
                         files="\n".join(lines))


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
    write_workbook(target.with_name(workbook_name(year)), published["sheets"])


def write_workbook(target: Path, sheets: list) -> None:
    """One .xlsx, a sheet per table, for Excel and WPS users (numbers stay text: as published)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, header, rows in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
    book.properties.created = book.properties.modified = __import__("datetime").datetime(2018, 1, 1)
    book.save(target)


def _cell(value: str):
    """A number as a number (so Excel sums it), anything else as text."""
    if re.fullmatch(r"[+-]?\d+", value or ""):
        return int(value)
    if re.fullmatch(r"[+-]?\d*\.\d+", value or ""):
        return float(value)
    return value


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


def write_pdfs(site: Path, years: list[int], templates: tuple[Template, ...]) -> None:
    """One PDF per edition (year x language), printed from the staged HTML."""
    from playwright.sync_api import sync_playwright  # only for the PDF: the rest of the build needs no browser
    from pypdf import PdfReader, PdfWriter

    site = Path(site).resolve()
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page()
        # Only the site itself: anything else would be a bug, and offline it would hang.
        page.route(re.compile(r"^(?!file://).*"), lambda route: route.abort())
        try:
            for year in years:
                for lang in LANGS:
                    writer = PdfWriter()
                    for template in templates:
                        html = site / lang / str(year) / f"{template.slug}.html"
                        page.goto(html.as_uri(), wait_until="load")
                        page.emulate_media(media="print")
                        title = page.title().split("—")[0].split(" - ")[0].strip()
                        start = len(writer.pages)
                        reader = PdfReader(_pdf_stream(page))
                        for pdf_page in reader.pages:
                            writer.add_page(pdf_page)
                        writer.add_outline_item(title, start)
                    target = folder(site, lang, year) / pdf_name(year, lang)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    unify_cjk_text(writer)
                    writer.add_metadata({"/Title": f"zonebook {year} ({lang})"})
                    with target.open("wb") as handle:
                        writer.write(handle)
        finally:
            browser.close()


def _pdf_stream(page):
    import io

    # the edition in a running header, page numbers in the footer (numbered per chapter file)
    edition = html_escape(page.title().split("—")[-1].strip())
    return io.BytesIO(page.pdf(format="A4", print_background=True, display_header_footer=True,
                               header_template=f'<div style="font-size:8pt;width:100%;padding:0 14mm;color:#444">{edition}</div>',
                               footer_template='<div style="font-size:8pt;width:100%;text-align:center;color:#444">'
                                               '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
                               margin={"top": "18mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}))


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
        return match[1] + b"<" + (f"{table[code]:04X}" if table[code] <= 0xFFFF
                                  else (chr(table[code]).encode("utf-16-be").hex().upper())).encode() + b">"

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
