"""Fixtures of the attack cases: a copy of the real data to break, and one small published book
(one chapter, one year, both languages) that every case which builds must leave
byte-identical, as it must leave the project's own `book/`."""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from support.attacks import CHAPTER, ENTITY, MARKUP, digest, edit_row
from zonebook import paths
from zonebook.build import build
from zonebook.chapters import template
from zonebook.manifest import Project


@pytest.fixture
def real(tmp_path) -> Path:
    """A copy of the bundled data/ to break."""
    return Path(shutil.copytree(paths.DATA, tmp_path / "data"))


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """A small published book: the safety chapter of 2017 in both languages, built once, from
    data whose department name is Markdown/MyST markup."""
    root = tmp_path_factory.mktemp("published")
    data = Path(shutil.copytree(paths.DATA, root / "data"))
    edit_row(data / "2017" / "entities.csv", ENTITY, name_en=MARKUP)
    project = replace(Project.of(root / "book", data), templates=(template(CHAPTER),), years=(2017,))
    out = root / "_build" / "html"
    build(project, out, workers=2, pdf=False)
    return project, out


@pytest.fixture(autouse=True)
def nothing_published_changes(request):
    """Whatever an attack does, the project's book/ and the small published book and site are
    byte-identical afterwards."""
    folders = [paths.BOOK]
    if "published" in request.fixturenames:
        project, out = request.getfixturevalue("published")
        folders += [Path(project.book_dir), out]
    before = {folder: digest(folder) for folder in folders}
    yield
    assert {folder: digest(folder) for folder in folders} == before
