"""Fixtures shared by the whole suite.

`fictional_editions`: one build, shared by the whole test run, of a project whose data are the real years
before 2018 plus the fictional 2018 and 2019 (tests/fixtures/editions), every template, both
languages, no PDFs. Before the fictional years are added, the project is built once with the
real years alone, and the executed 2017 notebooks are kept to compare.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from support.fictional import FICTIONAL_YEARS, add_fictional_years, copy_earlier_years
from zonebook.build import Summary, build
from zonebook.manifest import Project


@dataclass
class Editions:
    root: Path
    project: Project
    summary: Summary
    before: dict[str, bytes]  # "<lang>/<year>/<slug>.ipynb" of the real years, built without the fictional ones
    years: tuple[int, ...] = FICTIONAL_YEARS

    @property
    def site(self) -> Path:
        return self.root / "_build" / "html"

    def page(self, lang: str, year: int, slug: str) -> str:
        return (self.site / lang / str(year) / f"{slug}.html").read_text(encoding="utf-8")

    def notebooks(self, year: int) -> dict[str, bytes]:
        book = Path(self.project.book_dir)
        return {p.relative_to(book).as_posix(): p.read_bytes() for p in sorted(book.glob(f"*/{year}/*.ipynb"))}


@pytest.fixture(scope="session")
def fictional_editions(tmp_path_factory) -> Editions:
    root = tmp_path_factory.mktemp("fictional-editions")
    project = Project.of(root / "book", copy_earlier_years(root / "data"))
    build(project, root / "_build" / "html", workers=2, pdf=False, make_site=False)
    book = Path(project.book_dir)
    before = {p.relative_to(book).as_posix(): p.read_bytes() for p in sorted(book.glob("*/*/*.ipynb"))}
    add_fictional_years(project.data_root)
    summary = build(project, root / "_build" / "html", workers=2, pdf=False, force=True)
    return Editions(root, project, summary, before)
