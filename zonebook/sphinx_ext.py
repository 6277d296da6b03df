"""Sphinx extension for the two-language site (_build/html/zh/..., _build/html/en/...).

On every page: a correct `<html lang>` (the theme writes Sphinx's `language`, "zh_CN", which
is not a BCP 47 tag), `<link rel="alternate" hreflang>` to both editions of the page, and a
visible link to the same page in the other language at the top of the article.

It also turns any script or stylesheet loaded from the network (MathJax, require.js, thebe
from a CDN) into a warning, which fails the `-W` build: the book is read on an intranet.
"""
from __future__ import annotations

from html import escape

from sphinx.util import logging

logger = logging.getLogger(__name__)
REMOTE = ("http://", "https://", "//")

# sphinx `language` prefix -> (BCP 47 tag, site folder, label of a link leading to it)
LANGUAGES = {"zh": ("zh-CN", "zh", "中文"), "en": ("en", "en", "English")}


def site_lang(language: str | None) -> str:
    return "zh" if (language or "").lower().startswith("zh") else "en"


def counterpart(pagename: str, target: str) -> str:
    """Relative URL from `<lang>/<pagename>.html` to the same page in the `target` folder."""
    depth = pagename.count("/") + 1  # +1 climbs out of the language folder
    return "../" * depth + f"{LANGUAGES[target][1]}/{pagename}.html"


def switch_html(pagename: str, lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    tag, _, label = LANGUAGES[other]
    href = escape(counterpart(pagename, other))
    return (f'<p class="zb-lang-switch"><a href="{href}" hreflang="{tag}" lang="{tag}" '
            f'rel="alternate">{escape(label)}</a></p>\n')


def alternate_links(pagename: str) -> str:
    return "".join(f'<link rel="alternate" hreflang="{tag}" href="{escape(counterpart(pagename, code))}" />\n'
                   for code, (tag, _, _) in LANGUAGES.items())


def on_page_context(app, pagename, templatename, context, doctree):
    lang = site_lang(app.config.language)
    context["language"] = LANGUAGES[lang][0]
    context["metatags"] = context.get("metatags", "") + alternate_links(pagename)
    if "body" in context:  # pages without a body (search, genindex) keep their own layout
        context["body"] = switch_html(pagename, lang) + context["body"]


def check_offline(app, pagename, templatename, context, doctree):
    for kind in ("script_files", "css_files"):
        for asset in context.get(kind, []):
            url = str(getattr(asset, "filename", asset) or "")
            if url.startswith(REMOTE):
                logger.warning(f"page {pagename} would load {url} from the network; the book must work offline "
                               f"(remove what needs it, e.g. math or widgets, or vendor the file under _static/)")


def setup(app):
    app.connect("html-page-context", on_page_context)
    app.connect("html-page-context", check_offline, priority=900)  # after other extensions add theirs
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
