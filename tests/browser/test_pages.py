"""Every page of both editions, as a reader's browser loads it: offline, complete, labelled."""

from __future__ import annotations

from html import escape

from support.browser import Reader, Server, block_outside, edition_pages, outside
from zonebook.core import paths
from zonebook.core.chapters import TEMPLATES
from zonebook.data.i18n import LANGS

HTML_LANG = {"zh": "zh-CN", "en": "en"}
# every kind of element that loads something, each from outside: the detector must see them all
LOADS = [
    '<img src="https://cdn.example.invalid/a.png" alt="a">',
    '<iframe src="https://cdn.example.invalid/f.html"></iframe>',
    '<object data="https://cdn.example.invalid/o.svg"></object>',
    '<link rel="preload" href="https://cdn.example.invalid/p.woff2" as="font" crossorigin>',
    '<div style="width:9px;height:9px;background:url(https://cdn.example.invalid/bg.png)"></div>',
]
# (headless Chromium fetches no icon: zonebook.publish.linkcheck lists those)
LOADED = ("a.png", "f.html", "o.svg", "p.woff2", "bg.png")


def test_the_walk_covers_both_editions(site, walk):
    for lang in LANGS:
        expected = {f"{lang}/index.html"} | {
            f"{lang}/{p.parent.name}/{p.name}" for p in edition_pages(site, lang) if p.parent.name.isdigit()
        }
        assert expected <= set(walk), f"pages not visited: {sorted(expected - set(walk))}"
        years = {p.parent.name for p in edition_pages(site, lang) if p.parent.name.isdigit()}
        for year in years:  # every template of every year was published
            assert {f"{lang}/{year}/{t.slug}.html" for t in TEMPLATES} <= set(walk)
    assert "index.html" in walk


def test_no_page_needs_the_network_or_logs_an_error(walk, server):
    problems = []
    for path, visit in walk.items():
        record = visit.record
        problems += [f"{path}: request outside the site: {url}" for url in visit.outside]
        problems += [f"{path}: failed request: {failure}" for failure in record.failed]
        problems += [f"{path}: console error: {text}" for text in record.console_errors()]
        assert record.requests and record.requests[0].startswith(server.origin), path
    assert problems == []


def test_the_detector_flags_an_external_request(site, tmp_path, browser):
    """Proof that the check above would notice a page loading from a CDN: a copy of a real page
    with one external script, served from another folder, is flagged (and the request is
    aborted, not left hanging)."""
    page = site / "en" / "index.html"
    copy = tmp_path / "en" / "index.html"
    copy.parent.mkdir(parents=True)
    html = page.read_text(encoding="utf-8")
    copy.write_text(
        html.replace("</head>", '<script src="https://cdn.example.invalid/x.js"></script></head>', 1).replace(
            "</body>", "".join(LOADS) + "</body>", 1
        ),
        encoding="utf-8",
    )
    for asset in ("_static", "searchindex.js"):  # the page's own assets, as published
        (copy.parent / asset).symlink_to(page.parent / asset)
    served = Server(tmp_path)
    context = browser.new_context()
    try:
        block_outside(context, served.origin)
        reader = Reader(context, served.origin)
        reader.open(served.url("en/index.html"))
        reader.page.wait_for_timeout(500)  # lazy loads (a frame, a background) have their turn
        expected = {"https://cdn.example.invalid/x.js"} | {f"https://cdn.example.invalid/{name}" for name in LOADED}
        assert set(reader.outside()) == expected
        assert {f.split(" ")[0] for f in reader.record.failed} == expected
        assert outside(["http://127.0.0.1:1/x", "data:image/png;base64,AA", f"{served.origin}/a"], served.origin) == [
            "http://127.0.0.1:1/x"
        ]
    finally:
        context.close()
        served.close()


def test_every_image_loads_and_has_alt_text(walk):
    problems, images = [], 0
    for path, visit in walk.items():
        for image in visit.facts["images"]:
            images += 1
            if not (image["complete"] and image["width"] > 0):
                problems.append(f"{path}: image did not load: {image['src']}")
            if not (image["alt"] or "").strip():
                problems.append(f"{path}: image without alt text: {image['src']}")
    assert problems == []
    assert images >= 2 * 7, "expected charts in both editions"


def test_every_table_has_a_caption(walk):
    missing = [
        f"{path}: table starting {table['start']!r}"
        for path, visit in walk.items()
        for table in visit.facts["tables"]
        if not table["caption"]
    ]
    assert missing == []
    assert sum(len(v.facts["tables"]) for v in walk.values()) > 0


def test_html_lang_matches_the_edition(walk):
    wrong = {
        path: visit.facts["lang"]
        for path, visit in walk.items()
        if path != "index.html" and visit.facts["lang"] != HTML_LANG[path.split("/")[0]]
    }
    assert wrong == {}
    assert walk["index.html"].facts["lang"] == "zh-CN"


def test_every_page_links_to_its_counterpart_in_the_other_language(walk, server):
    problems = []
    for path, visit in walk.items():
        if path == "index.html":
            continue
        lang, rest = path.split("/", 1)
        other = "en" if lang == "zh" else "zh"
        if visit.facts["switches"] != 1:
            problems.append(f"{path}: {visit.facts['switches']} language switches")
            continue
        expected = server.url(f"{other}/{rest}")
        if visit.facts["switch"] != expected:
            problems.append(f"{path}: switch leads to {visit.facts['switch']}, expected {expected}")
        elif f"{other}/{rest}" not in walk:
            problems.append(f"{path}: the counterpart {other}/{rest} does not exist")
    assert problems == []


def test_the_landing_page_offers_both_editions(walk, server):
    hrefs = {link["href"] for link in walk["index.html"].facts["links"]}
    assert {server.url("zh/index.html"), server.url("en/index.html")} <= hrefs


def test_the_landing_page_says_what_is_here(walk, server, site):
    """The zone, every year, both languages, a paragraph about the book, and per year and
    language the chapters and every download."""
    from zonebook.publish import downloads
    from zonebook.publish.strings import text

    landing = walk["index.html"]
    hrefs = {link["href"] for link in landing.facts["links"]}
    body = (site / "index.html").read_text(encoding="utf-8")
    years = sorted({p.split("/")[1] for p in walk if p.count("/") == 2 and p.split("/")[1].isdigit()})
    assert years
    for lang in LANGS:
        assert escape(text("site.title", lang, paths.data_root())) in body
        for year in years:
            assert escape(text("site.edition", lang, paths.data_root(), year=year)) in body
            assert server.url(f"{lang}/{year}/{TEMPLATES[0].slug}.html") in hrefs
            files = [downloads.data_zip_name(int(year)), downloads.workbook_name(int(year))]
            if (site / lang / "downloads" / year / downloads.pdf_name(int(year), lang)).is_file():
                files.append(downloads.pdf_name(int(year), lang))
            for name in files:
                assert server.url(f"{lang}/downloads/{year}/{name}") in hrefs, f"no link to {lang} {name}"
    assert body.count('class="about"') == 2 and all(year in body.split('class="about"')[1] for year in years)
