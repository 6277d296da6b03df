"""Fixtures of the attack cases: a copy of the real data to break; every case must leave the
project's own `data/`, `book/`, `_build/html` and git state as they were, and the small
published book (`published`, tests/conftest.py) byte-identical too where it uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.attacks import REAL_YEAR, digest, listing, repository_state
from support.fictional import copy_years
from zonebook.core import paths


@pytest.fixture
def real(tmp_path) -> Path:
    """A copy of the bundled year's data to break (and the shared tables), whatever years staff
    have added to data/: the cases make the year after it and name its files."""
    return copy_years(tmp_path / "data", [REAL_YEAR])


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
