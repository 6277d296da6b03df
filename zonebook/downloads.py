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


def write_data_zip(target: Path, data_root: Path, year: int) -> None:
    """The year's data package plus the shared tables it refers to, byte-stable."""
    root = Path(data_root)
    members = sorted((root / str(year)).glob("*"))
    members += [root / "catalogue.csv", root / "units.csv", root / "sources" / "sources.csv",
                root / "sources" / f"{year}.txt", *sorted((root / "reference").glob("*.csv"))]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in members:
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(root).as_posix(), ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                data = path.read_bytes()
                archive.writestr(info, _reported_tables_only(data, path.parent) if path.name == "datapackage.json" else data)


def _reported_tables_only(descriptor: bytes, folder: Path) -> bytes:
    """The descriptor without the tables the year does not report: a package lists only files it has."""
    package = json.loads(descriptor)
    present = [r for r in package.get("resources", []) if (folder / r.get("path", "")).is_file()]
    if len(present) == len(package.get("resources", [])):
        return descriptor
    return (json.dumps({**package, "resources": present}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_data_zips(site: Path, data_root: Path, years: list[int]) -> None:
    for year in years:
        first = folder(site, LANGS[0], year) / data_zip_name(year)
        write_data_zip(first, data_root, year)
        for lang in LANGS[1:]:
            copy = folder(site, lang, year) / data_zip_name(year)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(first.read_bytes())


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

    return io.BytesIO(page.pdf(format="A4", print_background=True,
                               margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}))


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
