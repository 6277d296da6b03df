"""Shared by the attack cases: a copy of the real data to break, CSV editing, the CLI run
in-process, and one small published book (one chapter, one year, both languages) that every
case which builds must leave byte-identical, as it must leave the project's own `book/`."""
from __future__ import annotations

import hashlib
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the CSV helpers of tests/test_validate.py
from test_validate import read_rows, write_rows  # noqa: E402

from zonebook import cli, paths  # noqa: E402
from zonebook.build import build  # noqa: E402
from zonebook.chapters import template  # noqa: E402
from zonebook.manifest import Project  # noqa: E402

__all__ = ["read_rows", "write_rows"]

CHAPTER, ENTITY = "06_safety", "work_safety_bureau"  # the safety chapter names this department in prose
# Markdown and MyST that must show as text: an image that would load from outside, bold, a
# code fence (it used to fail the build with a Pygments error naming no data file), a role
MARKUP = "![x](https://example.invalid/x.png) **bold** ```{code-cell} ipython3 {eval}`1+1`"


def digest(folder: Path) -> str:
    """One sha256 over every file's relative path and bytes."""
    total = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        total.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


def edit_row(path: Path, row_id: str, key: str = "id", **cells) -> int:
    """Change cells of the row whose `key` is `row_id`; its spreadsheet row number (header = 1)."""
    header, rows = read_rows(path)
    number = next(i for i, r in enumerate(rows, start=2) if r[key] == row_id)
    rows[number - 2].update(cells)
    write_rows(path, header, rows)
    return number


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def line_with(output: str, *fragments: str) -> str:
    """The output line that holds every fragment (file, row, field and advice together)."""
    lines = [line for line in output.splitlines() if all(f in line for f in fragments)]
    assert lines, f"no line holds all of {fragments!r} in:\n{output}"
    assert "Traceback" not in output
    return lines[0]


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
