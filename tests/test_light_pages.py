"""zonebook.publish.light_pages: charts as files, icons inline, stylesheets cut to what pages use."""

from __future__ import annotations

import base64
import hashlib
import io

import pytest
from PIL import Image

from zonebook.publish import light_pages


def png(colour: str, size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, "PNG")
    return out.getvalue()


def test_charts_become_files_named_by_the_digest_of_the_notebooks_png(tmp_path):
    phone, wide = png("#0072B2"), png("#E69F00", (80, 20))
    body = (
        f'<picture><source media="(max-width: 640px)" srcset="data:image/png;base64,{base64.b64encode(phone).decode()}" />'
        f'<img src="data:image/png;base64,{base64.b64encode(wide).decode()}" alt="a" /></picture>'
    )
    out = light_pages.charts_to_files(body, tmp_path / "_images", "../_images/")
    names = [f"zb-chart-{hashlib.sha256(p).hexdigest()[:24]}.png" for p in (phone, wide)]
    assert "data:" not in out
    assert f'srcset="../_images/{names[0]}"' in out and f'src="../_images/{names[1]}"' in out
    with Image.open(tmp_path / "_images" / names[1]) as image:
        assert image.mode == "P" and image.size == (80, 20) and image.convert("RGB").getpixel((5, 5)) == (230, 159, 0)
    again = tmp_path / "again"
    light_pages.charts_to_files(body, again, "")
    assert (again / names[0]).read_bytes() == (tmp_path / "_images" / names[0]).read_bytes()  # the same bytes


def test_a_transparent_chart_keeps_its_white_ground(tmp_path):
    body = f'<img src="data:image/png;base64,{base64.b64encode(png((0, 0, 0, 0))).decode()}">'
    light_pages.charts_to_files(body, tmp_path, "")
    with Image.open(next(tmp_path.iterdir())) as image:
        assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


BUNDLE = (  # as Font Awesome's bundle defines its packs: the icons, then the call that registers them
    'var q={bars:[1,1,[],"f000","REGULAR"]};x("far",q);'
    'var p={bars:[448,512,["navicon"],"f0c9","M0 96z"],"magnifying-glass":[512,512,[128269,"search"],"f002","M416 208z"]};'
    'x("fas",p);var b={bars:[1,1,[],"f000","BRANDS"]};x("fab",b)'
)


def test_icons_become_inline_svg_and_the_script_goes():
    page = (
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>'
        '<span class="fa-solid fa-bars"></span><i class="theme-switch fa-solid fa-magnifying-glass fa-lg" data-mode="x"></i>'
    )
    out = light_pages.inline_icons(page, light_pages.solid_icons(BUNDLE))
    assert "fontawesome.js" not in out and "<i " not in out and "<span" not in out
    assert '<svg class="svg-inline--fa fa-bars" viewBox="0 0 448 512"' in out and 'd="M0 96z"' in out
    assert 'class="svg-inline--fa theme-switch fa-magnifying-glass fa-lg" data-mode="x"' in out


def test_an_icon_the_bundle_lacks_is_an_error():
    with pytest.raises(light_pages.IconError, match="fa-unicorn"):
        light_pages.inline_icons('<i class="fa-solid fa-unicorn"></i>', light_pages.solid_icons(BUNDLE))


def test_stylesheets_keep_the_rules_a_page_can_match():
    css = (
        "@font-face{font-family:X;src:url(x.woff2)}"
        ".used,.unused{color:red}.unused{color:blue}p:not(.unused){margin:0}"
        "@media (max-width:600px){.used .inner{top:0}.gone{top:1px}}@media print{.gone{top:0}}"
        'html[data-theme=dark] .used{color:white}.used[href*=".x"]{x:1}'
    )
    out = light_pages.used_css(css, {"used", "inner"})
    assert "@font-face" in out and ".used{color:red}" in out and "color:blue" not in out
    assert "p:not(.unused){margin:0}" in out and "@media (max-width:600px){.used .inner{top:0}}" in out
    assert ".gone" not in out and "@media print" not in out
    assert "html[data-theme=dark] .used{color:white}" in out and '.used[href*=".x"]{x:1}' in out


def test_search_scripts_stay_on_the_search_page_only():
    page = '<script src="../_static/searchtools.js"></script><script src="../searchindex.js"></script><p>x</p>'
    assert light_pages.without_search_scripts(page) == "<p>x</p>"
