"""Sphinx extension for the two-language site (_build/html/zh/..., _build/html/en/...).

On every page: a correct `<html lang>` (the theme writes Sphinx's `language`, "zh_CN", which
is not a BCP 47 tag), `<link rel="alternate" hreflang>` to both editions of the page, and a
visible link to the same page in the other language at the top of the article.

It also turns any script or stylesheet loaded from the network (MathJax, require.js, thebe
from a CDN) into a warning, which fails the `-W` build: the book is read on an intranet.

Two repairs of what Jupyter Book 1 puts on every page:

- sphinx-thebe (always loaded by Jupyter Book, though `launch_buttons.thebe` is off) adds its
  inline `const THEBE_JS_URL = "https://unpkg.com/..."` script twice, which is a SyntaxError in
  every page's console, plus a thebe config block naming a Binder repository. Nothing on the
  site runs code, so its scripts, stylesheet and config block are left out of the pages.
- `zonebook.css` (written into `_static/`): tables become cards on a phone and figures are
  drawn for its width, so nothing is wider than a phone's screen.
- Light pages (`zonebook/publish/light_pages.py`): charts as image files the browser caches and picks
  by size, icons as inline SVG instead of Font Awesome's 1.5 MB script, the search index on the
  search page only.
- Chinese section anchors are the heading's words (#主要指标及其增速), not docutils' #id1.
- `zonebook.js`: the language switch keeps the search query and the section; the theme's ☰ and ☷ handlers are bound to hidden twins of the buttons a
  reader sees; the visible ones pass their click on.

The language switch sits in the article's header bar, outside the text Sphinx's search quotes.
On the Chinese pages the theme's English tooltips are replaced from `theme.*` strings.
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.util import logging

from zonebook.data.i18n import LANGUAGES, strings
from zonebook.publish import light_pages
from zonebook.publish.search_zh import SearchChineseQueries, spaced_cells

logger = logging.getLogger(__name__)
REMOTE = ("http://", "https://", "//")


def site_lang(language: str | None) -> str:
    """The edition of a Sphinx `language` (zh_CN -> zh)."""
    return next((lang.code for lang in LANGUAGES.values() if lang.sphinx == language), "en")


def counterpart(pagename: str, target: str) -> str:
    """Relative URL from `<lang>/<pagename>.html` to the same page in the `target` folder."""
    depth = pagename.count("/") + 1  # +1 climbs out of the language folder
    return "../" * depth + f"{target}/{pagename}.html"


def switch_html(pagename: str, lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    tag, label = LANGUAGES[other].tag, LANGUAGES[other].name
    href = escape(counterpart(pagename, other))
    return (
        f'<p class="zb-lang-switch"><a href="{href}" hreflang="{tag}" lang="{tag}" '
        f'rel="alternate">{escape(label)}</a></p>\n'
    )


def alternate_links(pagename: str) -> str:
    return "".join(
        f'<link rel="alternate" hreflang="{lang.tag}" href="{escape(counterpart(pagename, lang.code))}" />\n'
        for lang in LANGUAGES.values()
    )


def on_page_context(app, pagename, templatename, context, doctree):
    lang = site_lang(app.config.language)
    context["language"] = LANGUAGES[lang].tag
    context["metatags"] = context.get("metatags", "") + alternate_links(pagename) + favicon_link()
    # in the article's header bar (templates/zb-lang-switch.html), outside the text that search
    # indexes and quotes in its results
    context["zb_lang_switch"] = Markup(switch_html(pagename, lang))


AUTO_ID = re.compile(r"id\d+")
NOT_IN_SLUG = re.compile(r"[^\w]+")


def readable_section_ids(app, doctree) -> None:
    """A section whose heading gives docutils no ASCII id (every Chinese one: #id1, #id2 ...)
    takes its heading's own words as its anchor (#主要指标及其增速); the old id stays an alias.
    Run before Sphinx collects the page's contents, whose links take a section's first id."""
    for section in doctree.findall(nodes.section):
        ids = section["ids"]
        if not ids or not AUTO_ID.fullmatch(ids[0]) or not isinstance(section[0], nodes.title):
            continue
        slug = NOT_IN_SLUG.sub("-", section[0].astext()).strip("-_").lower()
        if slug and slug not in doctree.ids:
            doctree.ids[slug] = section
            section["ids"] = [slug, *ids]


def charts_as_files(app, pagename, templatename, context, doctree):
    """Each chart's PNGs as files of `_images/`, and no asset the page does not use (see
    zonebook/publish/light_pages.py)."""
    if "body" in context:
        unused = light_pages.unused_assets(context["body"])
        for kind in ("script_files", "css_files"):
            if kind in context:
                context[kind] = [
                    asset
                    for asset in context[kind]
                    if str(getattr(asset, "filename", asset) or "").rsplit("/", 1)[-1] not in unused
                ]
        prefix = "../" * pagename.count("/") + light_pages.IMAGES + "/"
        context["body"] = light_pages.charts_to_files(context["body"], Path(app.outdir) / light_pages.IMAGES, prefix)
        context["body"] = method_notes(context["body"])


# the lead-ins of the templates' method sentences (tests/test_template_methods.py checks every section has one)
METHOD_LEADS = {"zh": "计算方法", "en": "How it is computed:"}
METHOD_NOTE = re.compile("<p><em>(" + "|".join(map(re.escape, METHOD_LEADS.values())) + ")</em>")


def method_notes(body: str) -> str:
    """A section's sentence of method as a note (`zb-method`, set smaller than the findings it
    precedes): the reader comes for what happened, the analyst for how it was computed."""
    return METHOD_NOTE.sub(r'<p class="zb-method"><em>\1</em>', body)


def lighten(app, exception):
    """Icons inline, no Font Awesome script, search scripts on the search page only."""
    if exception is not None or app.builder.format != "html":
        return
    scripts = Path(app.outdir) / "_static" / "scripts"
    try:
        solid = light_pages.solid_icons((scripts / "fontawesome.js").read_text(encoding="utf-8"))
        for page in Path(app.outdir).rglob("*.html"):
            before = page.read_text(encoding="utf-8")
            after = light_pages.inline_icons(before, solid)
            if page.relative_to(app.outdir).as_posix() != "search.html":
                after = light_pages.without_search_scripts(after)
            if after != before:
                page.write_text(after, encoding="utf-8")
    except (OSError, light_pages.IconError) as error:
        logger.warning(f"the pages' icons could not be drawn without Font Awesome's script: {error}")
        return
    for leftover in scripts.glob("fontawesome.js*"):  # linked from no page
        leftover.unlink()
    words = light_pages.site_words(Path(app.outdir))
    for sheet in sorted((Path(app.outdir) / "_static").rglob("*.css")):
        if sheet.name != CSS_FILE:
            sheet.write_text(light_pages.used_css(sheet.read_text(encoding="utf-8"), words), encoding="utf-8")


def favicon_link() -> str:
    """The icon inline: no request of its own, which a reader leaving the page would abort."""
    data = base64.b64encode(FAVICON.read_bytes()).decode("ascii")
    return f'<link rel="icon" type="image/svg+xml" href="data:image/svg+xml;base64,{data}" />\n'


def theme_strings(lang: str) -> dict[str, str]:
    """The theme's English interface words (tooltips, labels) and the edition's own, from
    data/i18n/strings/site.csv (keys `theme.<English text>`)."""
    if lang == "en":
        return {}
    return {key[len("theme.") :]: entry[lang] for key, entry in strings().items() if key.startswith("theme.")}


def translate_theme(app, exception):
    """Rewrite the theme's English tooltips and labels in the pages of a non-English edition."""
    if exception is not None or app.builder.format != "html":
        return
    words = theme_strings(site_lang(app.config.language))
    if not words:
        return
    pattern = re.compile(
        r'((?:title|aria-label|data-bs-title|placeholder)=")(' + "|".join(map(re.escape, words)) + r')(")'
    )
    for page in Path(app.outdir).rglob("*.html"):
        before = page.read_text(encoding="utf-8")
        after = pattern.sub(lambda m: m[1] + escape(words[m[2]]) + m[3], before)
        if after != before:
            page.write_text(after, encoding="utf-8")


CSS_FILE = "zonebook.css"
JS_FILE = "zonebook.js"
CSS = Path(__file__).with_name("static") / CSS_FILE
JS = Path(__file__).with_name("static") / JS_FILE
TEMPLATES = Path(__file__).with_name("static") / "templates"
FAVICON = Path(__file__).with_name("static") / "favicon.svg"
THEBE_FILES = ("sphinx-thebe.js", "sphinx-thebe.css")
THEBE_CONFIG = re.compile(r'\s*<script type="text/x-thebe-config">.*?</script>', re.S)


def is_thebe(asset) -> bool:
    filename = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return filename.rsplit("/", 1)[-1].startswith(THEBE_FILES) or "THEBE_JS_URL" in body


def drop_thebe(app, pagename, templatename, context, doctree):
    """The site runs no code: no thebe scripts (their duplicated `const` is a console error)."""
    for kind in ("script_files", "css_files"):
        if kind in context:
            context[kind] = [asset for asset in context[kind] if not is_thebe(asset)]
    if "body" in context:
        context["body"] = THEBE_CONFIG.sub("", context["body"])


def write_static(app, exception):
    if exception is None and app.builder.format == "html":
        for source in (CSS, JS):
            target = Path(app.outdir) / "_static" / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())


def add_templates(app, config):
    config.templates_path.append(str(TEMPLATES))
    options = config.html_theme_options
    options["article_header_end"] = ["zb-lang-switch.html", "article-header-buttons.html"]


def check_offline(app, pagename, templatename, context, doctree):
    for kind in ("script_files", "css_files"):
        for asset in context.get(kind, []):
            url = str(getattr(asset, "filename", asset) or "")
            if url.startswith(REMOTE):
                logger.warning(
                    f"page {pagename} would load {url} from the network; the book must work offline "
                    f"(remove what needs it, e.g. math or widgets, or vendor the file under _static/)"
                )


def setup(app):
    app.add_search_language(SearchChineseQueries)  # Chinese queries split as the index is
    app.connect("doctree-resolved", spaced_cells)
    app.connect("doctree-read", readable_section_ids, priority=100)  # before the contents collector (500)
    app.add_css_file(CSS_FILE)
    app.add_js_file(JS_FILE, loading_method="defer")
    app.connect("html-page-context", on_page_context)
    app.connect("html-page-context", drop_thebe, priority=800)
    app.connect("config-inited", add_templates)
    app.connect("build-finished", write_static)
    app.connect("build-finished", translate_theme)
    app.connect("build-finished", lighten)
    app.connect("html-page-context", charts_as_files)
    app.connect("html-page-context", check_offline, priority=900)  # after other extensions add theirs
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
