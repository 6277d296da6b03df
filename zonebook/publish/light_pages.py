"""What a page makes a phone download, cut to what it shows.

- Charts: an executed notebook holds each chart's PNGs inline (desktop and phone, in a
  `<picture>`), so that it is complete on its own and nbval and `zonebook check` see a redrawn
  chart. Inline images are neither cached nor chosen: a phone would download the desktop one
  too, on every visit. In the site each becomes a file of `_images/` named by the sha256 of
  the notebook's PNG (the digest `book/manifest.json` records), and the browser fetches only
  the variant its `<source media>` picks. The file holds the chart in a palette of 256
  colours: a chart has a few hundred (its colours and the anti-aliased edges of its text),
  so it looks the same at a third of the bytes; Pillow writes the same bytes for the same
  chart.
- Icons: the theme loads Font Awesome's 1.5 MB script to draw about ten icons. Each
  `<i class="fa-solid fa-NAME">` becomes the same icon as inline SVG, taken from that script at
  build time, and the script is left out of the pages.
- Stylesheets and scripts of components a page does not have (sphinx-design, the copy
  button of code blocks) are left out of it.
- Stylesheets: the rules no page can match are left out (see `used_css`).
- Search: the theme loads Sphinx's search scripts and the whole search index on every page,
  for a search-as-you-type that is off; only the search page keeps them.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from html import escape
from pathlib import Path

import tinycss2
from PIL import Image

IMAGES = "_images"
CHART_PREFIX = "zb-chart-"
INLINE_PNG = re.compile(r"""(<(?:img|source)\b[^>]*?\b(?:src|srcset)=")data:image/png;base64,([A-Za-z0-9+/=]+)(")""")


def chart_name(png: bytes) -> str:
    return f"{CHART_PREFIX}{hashlib.sha256(png).hexdigest()[:24]}.png"


def palette_png(png: bytes) -> bytes:
    """The chart in 256 colours on its white ground, without dithering (flat colours stay flat)."""
    with Image.open(io.BytesIO(png)) as image:
        rgba = image.convert("RGBA")
    flat = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    fewer = flat.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    fewer.save(out, "PNG", optimize=True)
    return out.getvalue()


def charts_to_files(body: str, images: Path, prefix: str) -> str:
    """`body` with every inline PNG of an `<img>` or `<source>` written to `images/` and linked
    as `prefix + name` (`prefix` leads from the page to `images/`)."""

    def to_file(match: re.Match) -> str:
        png = base64.b64decode(match[2])
        name = chart_name(png)
        target = Path(images) / name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(palette_png(png))
        return f"{match[1]}{escape(prefix + name)}{match[3]}"

    return INLINE_PNG.sub(to_file, body)


# ---------------------------------------------------------------- icons

ICON_TAG = re.compile(r'<(i|span) class="([^"]*\bfa-solid\b[^"]*)"([^>]*)>\s*</\1>')
FONTAWESOME_SCRIPT = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
SOLID_PACK = re.compile(r'\w\("(fas|far|fab)",\w\)')  # where the bundle defines each pack


class IconError(Exception):
    """An icon the pages use is not in the theme's Font Awesome bundle."""


def solid_icons(bundle: str) -> str:
    """The part of Font Awesome's bundle that defines the solid icons."""
    marks = [(m.start(), m[1]) for m in SOLID_PACK.finditer(bundle)]
    for (start, _), (end, pack) in zip([(0, "")] + marks, marks):
        if pack == "fas":
            return bundle[start:end]
    raise IconError("Font Awesome's bundle defines no solid icons")


def icon_svg(solid: str, name: str, classes: str, attributes: str = "") -> str:
    found = re.search(
        rf'(?:"{re.escape(name)}"|\b{re.escape(name)}):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]', solid
    )
    if found is None:
        raise IconError(f"the icon fa-{name} is not in the theme's Font Awesome bundle")
    width, height, path = found.groups()
    return (
        f'<svg class="svg-inline--fa {escape(classes)}"{attributes} viewBox="0 0 {width} {height}" aria-hidden="true" '
        f'focusable="false" role="img"><path fill="currentColor" d="{escape(path)}"></path></svg>'
    )


def inline_icons(page: str, solid: str) -> str:
    """Font Awesome's `<i>` icons as SVG; the script that would draw them left out."""

    def svg(match: re.Match) -> str:
        classes = match[2].split()
        names = [c[3:] for c in classes if c.startswith("fa-") and c not in ("fa-solid", "fa-lg", "fa-fw")]
        if len(names) != 1:
            raise IconError(f"cannot tell which icon {match[0]!r} is")
        attributes = re.sub(r'\s*aria-hidden="true"', "", match[3]).rstrip()
        return icon_svg(solid, names[0], " ".join(c for c in classes if c != "fa-solid"), attributes)

    return FONTAWESOME_SCRIPT.sub("", ICON_TAG.sub(svg, page))


# ---------------------------------------------------------------- what a page does not use

UNUSED = (  # (asset file names, what in a page's body needs them)
    (("sphinx-design.min.css", "design-tabs.js"), re.compile(r'class="[^"]*\bsd-')),
    (("copybutton.css", "copybutton.js", "clipboard.min.js"), re.compile(r"<pre\b")),
)


def unused_assets(body: str) -> set[str]:
    """The stylesheets and scripts of the page that nothing in its body uses."""
    return {name for names, needed in UNUSED if not needed.search(body) for name in names}


# ---------------------------------------------------------------- stylesheets

CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# a class in these need not be on the page: negations, alternatives, attribute values
NOT_REQUIRED = re.compile(r":(?:not|is|where)\([^()]*\)|\[[^\]]*\]")
NESTED_AT_RULES = {"media", "supports", "layer", "container"}


def site_words(site: Path) -> set[str]:
    """Every word of every page and script of one edition: a class a stylesheet styles can be
    on a page only if it is one of them (a script that adds a class names it)."""
    files = [*Path(site).rglob("*.html"), *Path(site).rglob("*.js")]
    return {w for f in files for w in re.findall(r"[-\w]+", f.read_text(encoding="utf-8", errors="replace"))}


def _selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in prelude:
        depth += char in "([" and 1 or (char in ")]" and -1 or 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return parts + [current.strip()]


def _kept(rules, words: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [
                s
                for s in _selectors(tinycss2.serialize(rule.prelude))
                if all(c in words for c in CLASS.findall(NOT_REQUIRED.sub("", s)))
            ]
            if selectors:
                kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in NESTED_AT_RULES and rule.content is not None:
            inner = _kept(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), words)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def used_css(css: str, words: set[str]) -> str:
    """The rules of a stylesheet whose selectors can match: each class a selector requires is
    one of `words` (the theme's stylesheet styles all of Bootstrap and 2,000 icons; a page
    uses a few hundred of its rules)."""
    return "".join(_kept(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), words))


# ---------------------------------------------------------------- search

SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
)


def without_search_scripts(page: str) -> str:
    return SEARCH_SCRIPTS.sub("", page)
