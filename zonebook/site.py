"""The static site: generated pages, TOC and per-language configs, and the Jupyter Book run.

Layout:

- `book/<lang>/index.md`: an edition's landing page (title, the editions latest first),
  generated from `data/i18n/strings/*.csv` (keys in `REQUIRED_STRINGS`, e.g. in `site.csv`);
- `_toc.yml` at the project root: GENERATED, one part per year (latest first), chapters
  `<year>/<slug>`. The same file serves both languages because each language is its own
  Jupyter Book rooted at `book/<lang>/`. It is passed as an ABSOLUTE path: Jupyter Book 1
  checks `--toc` relative to the current directory but sphinx-external-toc then resolves a
  relative one against the book folder, so only an absolute path means the same to both;
- `<work>/config/<lang>/_config.yml`: `_config.yml` with the language, title, author and
  search text of that edition;
- `<work>/config/zh/search-words.txt`: the book's own terms (every indicator's Chinese name
  in `data/catalogue.csv`, every term of `data/i18n/glossary.csv`) as a jieba user
  dictionary for Sphinx's Chinese search index. Sphinx splits Chinese text with jieba but
  does not split the reader's query: without these words a search for 固定资产投资 finds
  nothing, because jieba indexes it only as 固定资产 + 投资;
- `<out>/index.html` (the bilingual front page), `<out>/zh/`, `<out>/en/`.

Both languages are built into a staging folder next to `<out>`; only when both succeed is the
old site renamed away, the new one renamed in, and the old one deleted, so a failed build
never leaves a half-written site.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path

import yaml

from . import downloads, leftovers, paths
from .chapters import LANGS, Template
from .errors import DataError, Problem, rel
from .readers import read_csv
from .sphinx_ext import favicon_link

TOC = paths.ROOT / "_toc.yml"
CONFIG = paths.ROOT / "_config.yml"
SPHINX_LANGUAGE = {"zh": "zh_CN", "en": "en"}
FINGERPRINT = "site-fingerprint.txt"
SITE_CODE = ("site.py", "sphinx_ext.py", "downloads.py", "static/zonebook.css", "static/favicon.svg",
             "static/templates/zb-lang-switch.html")  # code that shapes the site but not the notebooks
REQUIRED_STRINGS = {
    "site.title": "the book's title",
    "site.author": "the issuing body, shown as author",
    "site.editions": "heading of the list of editions",
    "site.edition": "one edition's link text; `{year}` is replaced by the year",
    "site.search": "placeholder text of the search box",
    "site.copyright": "the footer's copyright line; `{year}` is _config.yml's copyright year",
    "site.downloads": "heading of the list of downloads (PDF and data package of each edition)",
    "site.download_pdf": "link text of an edition's PDF; `{year}` is replaced by the year",
    "site.download_data": "link text of an edition's data package (ZIP); `{year}` is replaced by the year",
    "download.readme": "the introduction of the data zip's README; `{year}`, `{workbook}` (the .xlsx file) are filled in",
    "pdf.contents": "heading of the contents page of an edition's PDF",
}
SEARCH_WORDS = "search-words.txt"


# ---------------------------------------------------------------- strings

def strings_dir(data_root: Path) -> Path:
    return Path(data_root) / "i18n" / "strings"


def read_strings(data_root: Path) -> dict[str, dict[str, str]]:
    """Every key of data/i18n/strings/*.csv (the same files zonebook.i18n reads, from data_root)."""
    strings: dict[str, dict[str, str]] = {}
    for path in sorted(strings_dir(data_root).glob("*.csv")):
        for row in read_csv(path).rows:
            strings.setdefault(row.get("key", ""), {lang: row.get(lang, "") for lang in LANGS})
    return strings


def text(strings: dict, key: str, lang: str, data_root: Path, **fields) -> str:
    value = strings.get(key, {}).get(lang, "")
    if not value:
        raise DataError(Problem(rel(strings_dir(data_root)),
                                f"no {lang} text for key '{key}' ({REQUIRED_STRINGS.get(key, 'used by the site')})",
                                f"Add a row `{key},<zh text>,<en text>` to a file there (site.csv)"))
    try:
        return value.format(**fields)
    except (KeyError, IndexError, ValueError) as error:
        raise DataError(Problem(rel(strings_dir(data_root)),
                                f"the {lang} text of '{key}' has a bad placeholder ({error})",
                                f"Use only the fields {', '.join('{' + f + '}' for f in fields) or '(none)'}")) from None


def check_strings(data_root: Path) -> None:
    """Every string the site needs, checked before any notebook runs."""
    strings, problems = read_strings(data_root), []
    for key in REQUIRED_STRINGS:
        for lang in LANGS:
            try:
                text(strings, key, lang, data_root, year=2000, workbook="tables.xlsx")
            except DataError as error:
                problems += error.problems
    if problems:
        raise DataError(problems)


# ---------------------------------------------------------------- generated sources

def toc_yaml(years: list[int], templates: tuple[Template, ...]) -> str:
    lines = ["# GENERATED by zonebook/site.py from the years in data/ and zonebook/chapters.py.",
             "# Do not edit: run `zonebook build`.",
             "format: jb-book", "root: index", "parts:"]
    for year in sorted(years, reverse=True):
        lines += [f'  - caption: "{year}"', "    chapters:"]
        lines += [f"      - file: {year}/{t.slug}" for t in templates]
    return "\n".join(lines) + "\n"


def index_md(lang: str, years: list[int], templates: tuple[Template, ...], strings: dict, data_root: Path,
             pdf: bool = True) -> str:
    """The edition's landing page: its years, and each year's PDF (when built) and data package.

    The downloads are written after Sphinx has run, so they are linked with raw HTML, which
    Sphinx passes through instead of resolving (a Markdown link to them would be a -n warning)."""
    first = templates[0].slug
    lines = ["<!-- GENERATED by zonebook/site.py from data/i18n/strings/. Do not edit. -->", "",
             f"# {text(strings, 'site.title', lang, data_root)}", "",
             f"## {text(strings, 'site.editions', lang, data_root)}", ""]
    lines += [f"- [{text(strings, 'site.edition', lang, data_root, year=year)}](<{year}/{first}.ipynb>)"
              for year in sorted(years, reverse=True)]
    lines += ["", f"## {text(strings, 'site.downloads', lang, data_root)}", ""]
    for year in sorted(years, reverse=True):
        where = f"downloads/{year}"
        links = ([(f"{where}/{downloads.pdf_name(year, lang)}", text(strings, "site.download_pdf", lang, data_root, year=year))]
                 if pdf else [])
        links.append((f"{where}/{downloads.data_zip_name(year)}", text(strings, "site.download_data", lang, data_root, year=year)))
        lines += [f'- <a class="zb-download" href="{escape(href)}" download>{escape(label)}</a>' for href, label in links]
    return "\n".join(lines) + "\n"


def search_words(data_root: Path) -> str:
    """The book's own Chinese terms, one a line (a jieba user dictionary)."""
    root, words = Path(data_root), set()
    for path, column in ((root / "catalogue.csv", "name_zh"), (root / "i18n" / "glossary.csv", "term_zh")):
        if path.is_file():
            words.update(row.get(column, "").strip() for row in read_csv(path).rows)
    # jieba reads "word [freq] [tag]": a word with a space in it would be misread
    return "".join(f"{word}\n" for word in sorted(words) if word and not any(c.isspace() for c in word))


def config_yaml(lang: str, strings: dict, data_root: Path, search_dict: Path | None = None) -> str:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["title"] = text(strings, "site.title", lang, data_root)
    config["author"] = text(strings, "site.author", lang, data_root)
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["language"] = SPHINX_LANGUAGE[lang]
    # the theme's "© Copyright" line has no Chinese translation: the edition writes its own
    sphinx_config["html_show_copyright"] = False
    config.setdefault("html", {})["extra_footer"] = (
        f'<p class="zb-copyright">{escape(text(strings, "site.copyright", lang, data_root, year=config["copyright"]))}</p>')
    if search_dict is not None:  # read by sphinx.search.zh (jieba.load_userdict)
        sphinx_config["html_search_options"] = {"dict": str(Path(search_dict).resolve())}
    sphinx_config.setdefault("html_theme_options", {})["search_bar_text"] = text(strings, "site.search", lang, data_root)
    header = f"# GENERATED by zonebook/site.py from _config.yml for the {lang} edition. Do not edit.\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=True)


LANDING_CSS = """
:root{color-scheme:light dark;--fg:#1f2328;--muted:#4d5661;--bg:#fff;--card:#f5f7f9;--line:#d5dbe1;--link:#005a8c}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--muted:#c3c8ce;--bg:#14181d;--card:#1d232a;--line:#39424c;--link:#7cc4f0}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:400 1.05rem/1.65 "Noto Sans CJK SC","Noto Sans SC",system-ui,sans-serif}
main{max-width:46rem;margin:0 auto;padding:3rem 1.25rem}
h1{font-size:1.9rem;line-height:1.3;margin:0 0 .4rem}
.en-title{font-size:1.2rem;color:var(--muted);margin:0 0 2.2rem}
.editions{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem;margin:0;padding:0;list-style:none}
.editions a{display:block;padding:1.2rem 1.3rem;border:1px solid var(--line);border-radius:.5rem;background:var(--card);
  color:var(--link);text-decoration:none;font-size:1.25rem;font-weight:600}
.editions a:hover,.editions a:focus{border-color:var(--link);text-decoration:underline}
.editions span{display:block;color:var(--muted);font-size:.95rem;font-weight:400;margin-top:.2rem}
footer{margin-top:3rem;color:var(--muted);font-size:.9rem}
"""


def landing_html(strings: dict, data_root: Path) -> str:
    """The site's front door: the title in both languages and one card per edition."""
    zh, en = (text(strings, "site.title", lang, data_root) for lang in ("zh", "en"))
    author = {lang: text(strings, "site.author", lang, data_root) for lang in ("zh", "en")}
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(zh)} / {escape(en)}</title>
{favicon_link().strip()}
<link rel="alternate" hreflang="zh-CN" href="zh/index.html">
<link rel="alternate" hreflang="en" href="en/index.html">
<style>{LANDING_CSS}</style>
</head>
<body>
<main>
<h1>{escape(zh)}</h1>
<p class="en-title" lang="en">{escape(en)}</p>
<ul class="editions">
<li><a href="zh/index.html" hreflang="zh-CN">中文版<span>{escape(author["zh"])}</span></a></li>
<li lang="en"><a href="en/index.html" hreflang="en">English edition<span>{escape(author["en"])}</span></a></li>
</ul>
<footer>{escape(text(strings, "site.copyright", "zh", data_root, year=_copyright_year()))}</footer>
</main>
</body>
</html>
"""


def _copyright_year() -> str:
    return str(yaml.safe_load(CONFIG.read_text(encoding="utf-8")).get("copyright", ""))


def write_if_changed(path: Path, content: str) -> None:
    """Keep mtimes (and Sphinx's incremental state) when nothing changed."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def generate(book_dir: Path, work_dir: Path, toc_path: Path, years: list[int],
             templates: tuple[Template, ...], data_root: Path, pdf: bool = True) -> dict:
    """Write index pages, the TOC and the per-language configs; return the strings used."""
    strings = read_strings(data_root)
    words = Path(work_dir) / "config" / "zh" / SEARCH_WORDS
    write_if_changed(words, search_words(data_root))
    for lang in LANGS:
        write_if_changed(Path(book_dir) / lang / "index.md", index_md(lang, years, templates, strings, data_root, pdf))
        write_if_changed(Path(work_dir) / "config" / lang / "_config.yml",
                         config_yaml(lang, strings, data_root, words if lang == "zh" else None))
    write_if_changed(Path(toc_path), toc_yaml(years, templates))
    return strings


# ---------------------------------------------------------------- build and publish

class SiteError(Exception):
    """Jupyter Book failed (a warning counts); carries its output."""


DIE_WITH_PARENT = "import ctypes, signal; ctypes.CDLL(None).prctl(1, signal.SIGKILL); "  # 1 = PR_SET_PDEATHSIG
RUNNING: set = set()  # Jupyter Book processes of this build, ended together on an interruption


def end_running() -> None:
    for process in list(RUNNING):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass


def jupyter_book(book_dir: Path, lang: str, work_dir: Path, toc_path: Path, staging: Path) -> Path:
    """Build one language; return the folder of its HTML."""
    # through this interpreter, so the venv's Jupyter Book runs whatever PATH says; it dies with
    # the build (PR_SET_PDEATHSIG) even when the build is killed outright
    command = [sys.executable, "-c", DIE_WITH_PARENT + "from jupyter_book.cli.main import main; main()", "build", str(Path(book_dir) / lang),
               "--config", str(Path(work_dir) / "config" / lang / "_config.yml"),
               "--toc", str(Path(toc_path).resolve()),
               "--path-output", str(staging / lang), "-W", "-n", "--keep-going", "--all"]
    with subprocess.Popen(command, cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        RUNNING.add(process)
        try:
            stdout, stderr = process.communicate()
        finally:
            RUNNING.discard(process)
    done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    html = staging / lang / "_build" / "html"
    if done.returncode != 0 or not (html / "index.html").is_file():
        raise SiteError(f"jupyter-book failed for the {lang} edition (exit {done.returncode}):\n"
                        f"{done.stdout[-6000:]}\n{done.stderr[-6000:]}")
    return html


def fingerprint(book_dir: Path, work_dir: Path, toc_path: Path, data_root: Path, years: list[int], pdf: bool) -> str:
    """A digest of everything the site is made from; equal digests mean an equal site."""
    digest = hashlib.sha256(f"pdf={pdf};years={sorted(years)}".encode())
    files = sorted(p for p in Path(book_dir).rglob("*") if p.is_file())
    files += [Path(toc_path), CONFIG, paths.ROOT / "constraints.txt", *sorted(p for p in (Path(work_dir) / "config").rglob("*") if p.is_file())]
    files += [paths.ROOT / "zonebook" / name for name in SITE_CODE]
    files += sorted(p for y in years for p in (Path(data_root) / str(y)).glob("*") if p.is_file())
    files += sorted((Path(data_root) / "i18n").rglob("*.csv"))
    for path in files:
        digest.update(str(path.resolve()).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"absent")
    return digest.hexdigest()


def is_current(out_dir: Path, work_dir: Path, stamp: str) -> bool:
    record = Path(work_dir) / FINGERPRINT
    return (Path(out_dir) / "index.html").is_file() and record.is_file() and record.read_text() == stamp


def build_site(book_dir: Path, out_dir: Path, work_dir: Path, toc_path: Path, strings: dict, data_root: Path,
               years: list[int], templates: tuple[Template, ...], pdf: bool = True) -> float:
    """Build both languages into staging, add the downloads, then swap the site in.

    Skipped (returns 0.0) when nothing the site is made from changed since the last build.
    Returns seconds taken."""
    started = time.perf_counter()
    stamp = fingerprint(book_dir, work_dir, toc_path, data_root, years, pdf)
    if is_current(out_dir, work_dir, stamp):
        return 0.0
    (Path(work_dir) / FINGERPRINT).unlink(missing_ok=True)
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    leftovers.site_folders(out_dir)
    # staging sits beside the site: same file system, so the renames below are atomic
    staging = out_dir.parent / f".staging-{out_dir.name}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        site = staging / "site"
        site.mkdir(parents=True)
        # the two editions are independent Sphinx projects: build them side by side
        pool = ThreadPoolExecutor(max_workers=len(LANGS))
        try:
            built = list(pool.map(lambda lang: jupyter_book(book_dir, lang, work_dir, toc_path, staging), LANGS))
        except BaseException:
            end_running()  # an interruption: the editions being built end now, not when they finish
            raise
        finally:
            pool.shutdown(wait=True)
        for lang, html in zip(LANGS, built):
            os.replace(html, site / lang)
        (site / "index.html").write_text(landing_html(strings, data_root), encoding="utf-8")
        downloads.write_data_zips(site, data_root, years)
        if pdf:
            downloads.write_pdfs(site, years, templates, strings, data_root)
        publish(site, out_dir)
        (Path(work_dir) / FINGERPRINT).write_text(stamp)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return time.perf_counter() - started


def publish(new_site: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".old-{out_dir.name}-{os.getpid()}")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(new_site, out_dir)
    shutil.rmtree(old, ignore_errors=True)
