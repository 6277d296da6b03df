"""No command destroys what it did not make: the folders `build` and `diff` are given, and the
staff files `add-indicator` writes to.

The folder cases run the command, as a person would, in a throwaway clone of the project (with
this tree's package), never against the project itself: were the guard to fail, only the clone
would be lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.attacks import digest, line_with, run_cli
from support.repo import git
from zonebook.core import paths
from zonebook.data.readers import read_csv
from zonebook.publish import outputs

FILLED = dict(name_zh="年末园区从业人员", name_en="Employees at year end")  # fictional test data


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A clone of the project with an uncommitted edit in data/, an untracked note of its own,
    and a site zonebook built (marked as such)."""
    root = tmp_path_factory.mktemp("clone") / "project"
    subprocess.run(["git", "clone", "-q", str(paths.ROOT), str(root)], check=True)
    shutil.copytree(
        paths.ROOT / "zonebook", root / "zonebook", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
    )
    with (root / "data" / "README.md").open("a", encoding="utf-8") as handle:
        handle.write("\nAn edit not yet committed.\n")
    (root / "notes").mkdir()
    (root / "notes" / "mine.txt").write_text("a file zonebook did not make\n", encoding="utf-8")
    site = root / "_build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>the published site</p>\n", encoding="utf-8")
    outputs.mark(site, "site")
    return root


def zonebook_in(root: Path, *argv: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "zonebook", *argv], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "argv, folder, says",
    [
        (["build", "--out", "."], ".", "is the project folder"),
        (["build", "--out", ".."], "holds the project folder", "holds the project folder"),
        (["build", "--out", "data"], "data", "is a data folder"),
        (["build", "--out", "data/2017"], "data/2017", "is a data folder"),
        (["build", "--out", ".git"], ".git", "git's own folder"),
        (["build", "--out", "docs"], "docs", "holds files tracked by git"),
        (["build", "--out", "notes"], "notes", "holds files zonebook did not make"),
        (["build", "--out", "book"], "book", "folder of executed notebooks"),
        (["build", "--book", "."], ".", "is the project folder"),
        (["build", "--book", "data"], "data", "is a data folder"),
        (["build", "--book", "notebooks"], "notebooks", "holds files tracked by git"),
        (["build", "--book", "_build/html"], "_build/html", "holds zonebook's site, not a book"),
        (["diff", "HEAD", "--out", "_build/html"], "_build/html", "holds zonebook's site, not a diff"),
        (["diff", "HEAD", "--out", "docs"], "docs", "holds files tracked by git"),
        (["diff", "HEAD", "--out", "notes"], "notes", "holds files zonebook did not make"),
    ],
)
def test_a_folder_zonebook_did_not_make_is_refused_and_left_as_it_was(clone, argv, folder, says):
    before = digest(clone)
    done = zonebook_in(clone, *argv, *(["--no-pdf"] if argv[0] == "build" else []))
    assert done.returncode == 1, done.stdout + done.stderr
    option = argv[-2]
    line_with(
        done.stderr, folder, says, f"field '{option}'", "nothing was written", f"Give {option} a new or empty folder"
    )
    assert digest(clone) == before


def test_a_diff_report_is_written_into_its_own_folder_again(clone, tmp_path):
    out = tmp_path / "review"
    assert zonebook_in(clone, "diff", "HEAD", "--out", str(out)).returncode == 0
    assert outputs.kind_of(out) == "diff" and (out / "index.html").is_file()
    (out / "index.html").unlink()
    assert zonebook_in(clone, "diff", "HEAD", "--out", str(out)).returncode == 0  # its own: written again
    assert (out / "index.html").is_file()


# ---------------------------------------------------------------- staff files


def new_indicator_id(real: Path) -> str:
    """An indicator id the catalogue does not hold yet (staff may have added employees_year_end)."""
    taken = {row["id"] for row in read_csv(real / "catalogue.csv").rows}
    return next(
        name for name in ("employees_year_end", *(f"employees_year_end_{i}" for i in range(2, 99))) if name not in taken
    )


def add_indicator(capsys, real: Path, **names: str) -> tuple[int, str]:
    names = FILLED | names
    return run_cli(
        capsys,
        "add-indicator",
        new_indicator_id(real),
        "--year",
        "2017",
        "--table",
        "economy",
        "--chapter",
        "economy",
        "--unit",
        "家",
        "--name-zh",
        names["name_zh"],
        "--name-en",
        names["name_en"],
        "--data",
        str(real),
    )


@pytest.mark.parametrize("encoding, bom", [("gb18030", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_add_indicator_keeps_the_encoding_staff_saved_the_catalogue_and_table_in(real, capsys, encoding, bom):
    catalogue, table = real / "catalogue.csv", real / "2017" / "economy.csv"
    for path in (catalogue, table):
        text = path.read_text(encoding="utf-8-sig").replace("\n", "\r\n")  # as Excel saves it
        path.write_bytes(bom + text.encode(encoding))
    old = {path: path.read_bytes() for path in (catalogue, table)}
    code, output = add_indicator(capsys, real)
    assert code == 0, output
    for path in (catalogue, table):
        new = path.read_bytes()
        assert new.startswith(old[path]) and new.endswith(b"\r\n")
        added = new[len(old[path]) :].decode(encoding)  # the whole file reads in one encoding
        assert "employees_year_end" in added and b"\n" not in new[len(old[path]) :].replace(b"\r\n", b"")
    assert FILLED["name_zh"] in catalogue.read_bytes()[len(old[catalogue]) :].decode(encoding)
    from zonebook.data.validate import validate_year

    assert not [p for p in validate_year(2017, real) if "catalogue" in p.file or "encod" in p.message]


def test_add_indicator_on_a_read_only_table_changes_no_file(real, capsys):
    table = real / "2017" / "economy.csv"
    before = digest(real)
    table.chmod(0o444)
    try:
        code, output = add_indicator(capsys, real)
    finally:
        table.chmod(0o644)
    assert code == 1
    line_with(output, "economy.csv", "permission denied", "chmod")
    assert digest(real) == before


@pytest.mark.parametrize("empty", [{"name_zh": ""}, {"name_en": "  "}])
def test_add_indicator_refuses_an_empty_name(real, capsys, empty):
    before = digest(real)
    code, output = add_indicator(capsys, real, **empty)
    assert code == 1
    option = "--" + next(iter(empty)).replace("_", "-")
    line_with(output, "command line", f"{option} is empty", f"Give the indicator's name, e.g. {option}")
    assert digest(real) == before


def test_the_clone_is_a_repository_of_its_own(clone):
    assert git(clone, "rev-parse", "--show-toplevel").strip() == str(clone)
