"""Fixtures of the attack cases: a copy of the real data to break; every case must leave the
project's own `data/`, `book/`, `_build/html` and git state as they were, and the small
published book (`published`, tests/conftest.py) byte-identical too where it uses it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.attacks import digest, listing, repository_state
from zonebook.core import paths


@pytest.fixture
def real(tmp_path) -> Path:
    """A copy of the bundled data/ to break."""
    return Path(shutil.copytree(paths.data_root(), tmp_path / "data"))


@pytest.fixture(autouse=True)
def nothing_published_changes(request):
    """Whatever an attack does, the project's data/ and book/ and the small published book and
    site are byte-identical afterwards; the project's site has the same files, sizes and times,
    and git sees the same repository (commit, changes and untracked files)."""
    folders = [paths.DATA, paths.BOOK]
    if "published" in request.fixturenames:
        project, out = request.getfixturevalue("published")
        folders += [Path(project.book_dir), out]
    before = {folder: digest(folder) for folder in folders}
    site, repository = listing(paths.BUILD / "html"), repository_state(paths.ROOT)
    yield
    assert {folder: digest(folder) for folder in folders} == before
    assert listing(paths.BUILD / "html") == site
    assert repository_state(paths.ROOT) == repository
