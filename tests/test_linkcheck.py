"""zonebook.publish.linkcheck: every internal link and anchor of the built site resolves; nothing external."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonebook.core import paths
from zonebook.publish import linkcheck

SITE = paths.BUILD / "html"


def write(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8"
    )


@pytest.fixture
def tiny_site(tmp_path) -> Path:
    site = tmp_path / "html"
    write(
        site / "index.html", '<a href="zh/index.html">中文</a> <a href="zh/">folder</a> <a href="#top" id="top">top</a>'
    )
    write(
        site / "zh" / "index.html",
        '<a href="2017/a.html#sec-1">a</a> <img src="img.png" alt="x"> '
        '<a href="data:text/csv;base64,YQ==" download="a.csv">csv</a> '
        '<a href="mailto:someone@example.org">mail</a> '
        '<a href="downloads/2017/book%20one.pdf">pdf</a>',
    )
    write(
        site / "zh" / "2017" / "a.html",
        '<section id="sec-1"><h2>One</h2></section> <a href="../index.html?q=x">back</a> <a name="old-anchor"></a>',
    )
    (site / "zh" / "img.png").write_bytes(b"\x89PNG")
    (site / "zh" / "downloads" / "2017").mkdir(parents=True)
    (site / "zh" / "downloads" / "2017" / "book one.pdf").write_bytes(b"%PDF")
    write(site / "zh" / "_static" / "macros.html", '<a href="{{ pathto(x) }}">a Jinja fragment, not a page</a>')
    return site


def test_a_correct_site_passes(tiny_site):
    report = linkcheck.check(tiny_site)
    assert report.broken == [] and report.external == [] and report.ok, str(report)
    assert report.pages == 3 and report.links == 9


def test_a_broken_link_a_broken_anchor_and_an_external_url_are_caught(tiny_site):
    write(
        tiny_site / "zh" / "2017" / "b.html",
        '<a href="a.html#sec-2">missing anchor</a> <a href="#nowhere">missing local anchor</a> '
        '<a href="../c.html">missing page</a> <img src="../../../outside.png"> '
        '<script src="https://cdn.example.invalid/x.js"></script> <a href="//cdn.example.invalid/y">y</a>',
    )
    report = linkcheck.check(tiny_site)
    assert not report.ok
    reasons = {b.link.url: b.reason for b in report.broken}
    assert reasons == {
        "a.html#sec-2": 'no element with id "sec-2" in zh/2017/a.html',
        "#nowhere": 'no element with id "nowhere" in zh/2017/b.html',
        "../c.html": "no such file: zh/c.html",
        "../../../outside.png": "points outside the site",
    }
    assert all(b.link.page == "zh/2017/b.html" for b in report.broken)
    assert [link.url for link in report.unexpected_external()] == [
        "https://cdn.example.invalid/x.js",
        "//cdn.example.invalid/y",
    ]
    assert report.unexpected_external({"https://cdn.example.invalid/": "a test"}) == [report.external[1]]
    assert 'zh/2017/b.html: <a href="../c.html"> no such file: zh/c.html' in str(report)
    assert linkcheck.main([str(tiny_site)]) == 1


def test_the_published_site_has_no_broken_link_and_nothing_external():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no site at {SITE}: run `zonebook build` first (make test does)", pytrace=False)
    report = linkcheck.check(SITE)
    assert report.broken == [], str(report)
    assert report.unexpected_external() == [], str(report)
    # both editions, their chapters and downloads are among what was checked
    assert report.pages >= 2 * 10 + 1 and report.links > 100
