"""The faces the PDF is printed in: Noto Sans CJK SC, regular and bold, as TrueType subsets.

Chromium's PDF writer (Skia) embeds a TrueType face as a real font (Type 0 / CIDFontType2,
searchable and copyable) but draws a CFF-outlined face, such as Debian's and PyPI's Noto Sans
CJK collections, and any bold it has to synthesise, as Type 3 fonts (bitmap-like procedures
with a poor text layer). So before printing, the characters an edition uses are cut out of
the regular and bold collections and their cubic outlines converted to TrueType's quadratic
ones (fontTools), and the pages are printed with them as web fonts. One face for Chinese and
Latin, as on the site; in English text the curly quotes and apostrophes take their
proportional forms (the font's `pwid` feature), not the full-width ones Chinese uses.
"""

from __future__ import annotations

from pathlib import Path

REGULAR = "NotoSansCJK-Regular.ttc"
BOLD = "NotoSansCJK-Bold.ttc"
FOLDERS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk"))
FAMILY = "Zonebook Print Sans"
FACE = "Noto Sans CJK SC"
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "–—‘’“”…·×→●○■□（）《》「」【】、。，；：？！·％"


def collection(name: str) -> Path:
    """A Noto Sans CJK collection: Debian's fonts-noto-cjk, or (regular only) the PyPI package."""
    for folder in FOLDERS:
        if (folder / name).is_file():
            return folder / name
    if name == REGULAR:
        import noto_cjk_sans_otc

        return Path(noto_cjk_sans_otc.__file__).parent / REGULAR
    raise FileNotFoundError(f"{name} not found in {', '.join(map(str, FOLDERS))}: install Debian's fonts-noto-cjk")


def truetype_subset(source: Path, characters: str, target: Path) -> Path:
    """The SC face of the collection `source`, cut to `characters`, with TrueType outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTCollection, newTable

    font = next(f for f in TTCollection(str(source), lazy=True).fonts if f["name"].getDebugName(1) == FACE)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters + ALWAYS)
    subsetter.subset(font)
    glyphs, order = font.getGlyphSet(), font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxPoints maxContours maxCompositePoints maxCompositeContours maxTwilightPoints maxStorage "
        "maxFunctionDefs maxInstructionDefs maxStackElements maxSizeOfInstructions maxComponentElements "
        "maxComponentDepth"
    ).split():
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    return target


def faces(characters: str, folder: Path) -> str:
    """CSS that prints every page in the TrueType subsets of the two weights (made in `folder`,
    carried inline: the front matter is printed from a page of no origin)."""
    import base64

    rules = []
    for weight, name in (("400", REGULAR), ("700", BOLD)):
        path = truetype_subset(collection(name), characters, Path(folder) / f"print-{weight}.ttf")
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: normal; '
            f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}'
        )
    return "\n".join(rules) + PRINT_CSS


# Every text in the print face; bold from the bold face (never synthesised: it would print as
# Type 3); no slanted text (Chinese has no italics; a slant would be synthesised too), emphasis
# by weight; in English, proportional quotes.
PRINT_CSS = f"""
html, body, body * {{ font-family: "{FAMILY}", sans-serif !important; font-synthesis: none !important; }}
pre, code, kbd, samp, pre *, code * {{ font-family: "DejaVu Sans Mono", monospace !important; }}
em, i, cite, var, dfn {{ font-style: normal !important; font-weight: 700; }}
:lang(en) {{ font-feature-settings: "pwid"; }}
:lang(zh) {{ font-feature-settings: normal; }}
"""
