"""The two sides of a comparison: a git revision's executed notebooks and data tables, or the working tree's."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from zonebook.core.errors import DataError, Problem

NOTEBOOK = re.compile(r"^book/(zh|en)/(\d{4})/(\d\d_\w+)\.ipynb$")
TABLE = re.compile(r"^data/(\d{4})/(\w+)\.(csv|xlsx)$")
MAIN = "main"


@dataclass(frozen=True)
class Side:
    label: str  # what a reviewer recognises: "a1b2c3d Subject" or "working tree"
    files: dict[str, bytes]  # repository path -> content: executed notebooks and year tables only


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, check=True).stdout


def _wanted(path: str) -> bool:
    return bool(NOTEBOOK.match(path) or TABLE.match(path))


def commit(repo: Path, rev: str) -> str:
    """The full id of a revision, or bad input naming it."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except subprocess.CalledProcessError:
        raise DataError(
            Problem(
                rev, "is not a commit of this repository", "Give a branch, tag or commit id (see `git log --oneline`)"
            )
        ) from None


def default_base(repo: Path) -> str:
    """Where the work began: the merge-base of HEAD with main."""
    try:
        return _git(repo, "merge-base", MAIN, "HEAD").decode().strip()
    except subprocess.CalledProcessError:
        raise DataError(
            Problem(
                MAIN,
                "has no common ancestor with HEAD here (or no such branch)",
                "Name the revision to compare against: zonebook diff BASE",
            )
        ) from None


def at_revision(repo: Path, rev: str) -> Side:
    """Every executed notebook and year table of a commit, read in one `git cat-file --batch`."""
    sha = commit(repo, rev)
    listing = _git(repo, "ls-tree", "-r", "-z", sha, "--", "book", "data")
    wanted: list[tuple[str, bytes]] = []
    for entry in filter(None, listing.split(b"\0")):
        meta, path = entry.split(b"\t", 1)
        _mode, kind, blob = meta.split()
        if kind == b"blob" and _wanted(path.decode()):
            wanted.append((path.decode(), blob))
    out = _git(repo, "cat-file", "--batch", stdin=b"".join(blob + b"\n" for _, blob in wanted))
    files, pos = {}, 0
    for path, _blob in wanted:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        files[path] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    label = _git(repo, "log", "-1", "--format=%h %s", sha).decode().strip()
    return Side(label, files)


def working_tree(repo: Path) -> Side:
    """The files as they are on disk, committed or not (a new year's edition may be neither)."""
    files = {}
    for pattern in ("book/*/*/*.ipynb", "data/*/*.csv", "data/*/*.xlsx"):
        for path in sorted(repo.glob(pattern)):
            name = path.relative_to(repo).as_posix()
            if _wanted(name):
                files[name] = path.read_bytes()
    return Side("working tree", files)


def side(repo: Path, rev: str | None) -> Side:
    return working_tree(repo) if rev is None else at_revision(repo, rev)
