"""Fixtures of the attack cases: a copy of the real data to break; every case must leave the
project's own `book/` byte-identical, and the small published book (`published`, tests/conftest.py)
too where it uses it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.attacks import digest
from zonebook import paths


@pytest.fixture
def real(tmp_path) -> Path:
    """A copy of the bundled data/ to break."""
    return Path(shutil.copytree(paths.data_root(), tmp_path / "data"))


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
