"""`zonebook diff`: the report shows what a change does to the book, and nothing else.

Each test works in a temporary git repository holding a copy of the published book and the data
(committed on `main`), changes its working tree, and reads the review and the written report.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from support.repo import TAX_NEW, TAX_OLD, YEAR, git, published_repo
from zonebook.cli import main as cli
from zonebook.core import paths
from zonebook.core.chapters import TEMPLATES
from zonebook.data import available_years
from zonebook.data.i18n import LANGS
from zonebook.review import render, report

# a fictional edition: a copy of 2017's pages under a year the data do not hold (staff may have added 2019)
NEW_YEAR = str(max(available_years(paths.DATA)) + 1)
SHOWS_NEW_TAX = ("399 million yuan", "3.99亿元")


@pytest.fixture()
def repo(tmp_path) -> Path:
    return published_repo(tmp_path / "repo")


@pytest.fixture(scope="module")
def tax_review(tax_changed, tmp_path_factory):
    """The review of the session's tax change, and its written report (beside the shared build:
    the build is read only)."""
    review, page = report(tax_changed, None, None, tmp_path_factory.mktemp("review") / "diff")
    return tax_changed, review, page


def shown_text(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return "\n".join(
        "".join(o.get("data", {}).get(kind, ""))
        for c in nb["cells"]
        for o in c.get("outputs", [])
        for kind in ("text/markdown", "text/html")
    )


def test_an_unchanged_tree_says_no_change(repo, capsys):
    assert cli(["diff", "--repo", str(repo), "--out", str(repo / "_build" / "diff")]) == 0
    assert capsys.readouterr().out.startswith("No change to the book.")
    page = (repo / "_build" / "diff" / "index.html").read_text(encoding="utf-8")
    assert "No change to the book." in page and "<article" not in page
    assert "No change to the book." in (repo / "_build" / "diff" / "summary.md").read_text(encoding="utf-8")


def test_a_changed_value_is_listed_on_exactly_the_pages_that_show_it(tax_review):
    root, review, _ = tax_review
    showing = {
        p.relative_to(root).as_posix()
        for p in sorted((root / "book").glob(f"*/{YEAR}/*.ipynb"))
        if any(s in shown_text(p) for s in SHOWS_NEW_TAX)
    }
    assert len(showing) >= 6  # introduction, economy and plan, in both editions
    listed = {p.path for p in review.pages if p.figures}
    assert listed == showing
    for page in review.pages:
        assert [f.id for f in page.figures] in ([], ["tax_revenue"]), page.path
    (figure,) = review.figures
    assert (figure.old["value"], figure.new["value"]) == (TAX_OLD, TAX_NEW)
    assert figure.quotes[0] == figure.quotes[1] and TAX_OLD in figure.quotes[1]  # the quote comes along
    assert review.unshown == []
    assert all(p.status == "changed" for p in review.pages)


def test_a_changed_value_redraws_its_chart_with_the_pixels_marked(tax_review):
    root, review, page = tax_review
    for lang in LANGS:
        economy = next(p for p in review.pages if p.path == f"book/{lang}/{YEAR}/01_economy.ipynb")
        redrawn = {c.new.key: c for c in economy.charts}
        assert set(redrawn) == {f"fig-economy-trends-{YEAR}"}  # the growth rates did not change
        chart = redrawn[f"fig-economy-trends-{YEAR}"]
        assert chart.pixels > 0 and chart.marked.startswith(b"\x89PNG")
    html = page.read_text(encoding="utf-8")
    assert f"<del>{TAX_OLD}</del>" in html and f"<ins>{TAX_NEW}</ins>" in html  # Chinese, segmented
    assert "<del>322</del>" in html and "<ins>399</ins>" in html  # English
    pictures = re.findall(r'<img src="([^"]+)"', html)
    assert pictures and all((page.parent / src).is_file() for src in pictures)
    assert not re.search(r'(src|href)="(https?:)?//', html)  # offline: nothing fetched from elsewhere
    summary = render.summary_line(review)
    assert summary.startswith(f"1 figure changed on {len({p.path for p in review.pages if p.figures})} pages")


def test_the_report_is_byte_identical_for_equal_sides(tax_review, tmp_path):
    root, _, page = tax_review
    _, again = report(root, None, None, tmp_path / "again")
    assert again.read_bytes() == page.read_bytes()
    charts = sorted(p.name for p in (page.parent / "charts").iterdir())
    assert charts == sorted(p.name for p in (again.parent / "charts").iterdir())
    assert all((page.parent / "charts" / n).read_bytes() == (again.parent / "charts" / n).read_bytes() for n in charts)


def test_a_wording_change_shows_only_that_sentence(repo):
    notebook = repo / "book" / "en" / YEAR / "01_economy.ipynb"
    text = notebook.read_text(encoding="utf-8")
    old, new = "Tax comes from all", "Tax is paid by all"
    assert text.count(old) == 1  # the tax sentence, as a changed string template renders it
    notebook.write_text(text.replace(old, new), encoding="utf-8")
    review, page = report(repo, "main", None, repo / "_build" / "diff")
    (changed,) = review.pages
    assert changed.path == f"book/en/{YEAR}/01_economy.ipynb"
    assert (changed.figures, changed.tables, changed.charts) == ([], [], [])
    ((before, after),) = changed.sentences
    assert old in before and new in after
    assert "<del>comes</del>" in page.read_text(encoding="utf-8")
    assert render.summary_line(review) == (
        "0 figures changed on 0 pages, 0 charts redrawn, 1 sentence changed, "
        "0 tables changed, 0 pages added, 0 pages removed"
    )


def test_a_new_year_shows_as_added_pages(repo):
    for lang in LANGS:
        shutil.copytree(repo / "book" / lang / YEAR, repo / "book" / lang / NEW_YEAR)
    shutil.copytree(repo / "data" / YEAR, repo / "data" / NEW_YEAR)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a new edition")
    review, page = report(repo, "main~1", "main", repo / "_build" / "diff")
    assert {p.status for p in review.pages} == {"added"}
    assert {(p.lang, p.year) for p in review.pages} == {(lang, NEW_YEAR) for lang in LANGS}
    assert len(review.pages) == 2 * len(TEMPLATES)
    assert review.figures == []  # a new year's rows belong to its added pages
    assert render.summary_line(review).endswith(f"{2 * len(TEMPLATES)} pages added, 0 pages removed")
    assert "page added" in page.read_text(encoding="utf-8")
    gone, _ = report(repo, "main", "main~1", repo / "_build" / "diff")
    assert {p.status for p in gone.pages} == {"removed"} and len(gone.pages) == 2 * len(TEMPLATES)


def test_a_base_that_is_not_a_commit_is_bad_input(repo, capsys):
    assert cli(["diff", "no-such-branch", "--repo", str(repo), "--out", str(repo / "_build" / "diff")]) == 1
    assert "no-such-branch: is not a commit" in capsys.readouterr().err
