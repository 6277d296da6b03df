"""The folders zonebook writes and replaces, and the guard that keeps it to its own.

A build replaces its site folder whole, writes executed notebooks into its book folder, and
`zonebook diff` writes its report folder. Each such folder, once made, holds a marker file
naming what made it. A folder given on the command line is written only if it is new or
empty, holds that marker for the same kind of output, or is the default for it; never the
project folder or a folder holding it, a data folder, `.git`, or a folder git tracks files in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from zonebook.core import paths
from zonebook.core.errors import DataError, Problem, rel

MARKER = ".zonebook-output"
KINDS = {"site": "--out", "book": "--book", "diff": "--out"}
MADE = "made by zonebook ({kind}); the folder is replaced or rewritten by zonebook\n"


def defaults() -> dict[str, Path]:
    return {"site": paths.BUILD / "html", "book": paths.BOOK, "diff": paths.BUILD / "diff"}


def kind_of(folder: Path) -> str | None:
    """What made `folder`, by its marker; None when it has none."""
    try:
        text = (Path(folder) / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return next((k for k in KINDS if text == MADE.format(kind=k)), None)


def mark(folder: Path, kind: str) -> None:
    path = Path(folder) / MARKER
    text = MADE.format(kind=kind)
    if not path.is_file() or path.read_text(encoding="utf-8", errors="replace") != text:
        path.write_text(text, encoding="utf-8")


def check(folder: Path, kind: str, *, data_root: Path | None = None, book_dir: Path | None = None) -> Path:
    """`folder` resolved, or a DataError naming it and what to do: before anything is written."""
    folder = Path(folder).resolve()
    option = KINDS[kind]
    reason = _forbidden(folder, kind, data_root, book_dir)
    if reason is None and folder != defaults()[kind].resolve():
        reason = _not_ours(folder, kind)
    if reason is None:
        return folder
    raise DataError(
        Problem(
            "command line",
            f"{rel(folder)} {reason}; zonebook writes over the folder it is given, so nothing was written",
            f"Give {option} a new or empty folder, or one zonebook made for this (e.g. "
            f"{option} {rel(_suggestion(kind))}), or leave {option} out for the default",
            field=option,
        )
    )


def _suggestion(kind: str) -> Path:
    return {"site": paths.BUILD / "site", "book": paths.BUILD / "book", "diff": paths.BUILD / "diff"}[kind]


def _forbidden(folder: Path, kind: str, data_root: Path | None, book_dir: Path | None) -> str | None:
    if folder == paths.ROOT:
        return "is the project folder"
    if _inside(paths.ROOT, folder):
        return "holds the project folder"
    if ".git" in folder.parts:
        return "is git's own folder"
    for data in {paths.DATA, Path(data_root or paths.data_root()).resolve()}:
        if folder == data or _inside(folder, data):
            return "is a data folder"
        if _inside(data, folder):
            return "holds a data folder"
    if kind != "book" and book_dir is not None:
        book = Path(book_dir).resolve()
        if folder == book or _inside(folder, book) or _inside(book, folder):
            return "is or holds the folder of executed notebooks (--book)"
    if folder != defaults()[kind].resolve() and _tracked(folder):
        return "holds files tracked by git"
    return None


def _not_ours(folder: Path, kind: str) -> str | None:
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "is a file, not a folder"
    made = kind_of(folder)
    if made == kind:
        return None
    if made is not None:
        return f"holds zonebook's {made}, not a {kind}"
    # an executed book of an earlier version has no marker: its manifest says what it is
    if kind == "book" and _is_book(folder):
        return None
    if any(folder.iterdir()):
        return "is not empty and holds files zonebook did not make"
    return None


def _is_book(folder: Path) -> bool:
    from zonebook.engine.manifest import MANIFEST

    names = {p.name for p in folder.iterdir()}
    return MANIFEST in names and names <= {MANIFEST, "zh", "en", MARKER} | {n for n in names if n.endswith(".tmp")}


def _inside(path: Path, folder: Path) -> bool:
    """`path` lies strictly inside `folder`."""
    return path != folder and path.is_relative_to(folder)


def _tracked(folder: Path) -> bool:
    """Git tracks `folder` or a file in it (in whatever repository holds it)."""
    existing = next((p for p in (folder, *folder.parents) if p.is_dir()), None)
    if existing is None:
        return False
    try:
        found = subprocess.run(
            ["git", "-C", str(existing), "ls-files", "-z", "--", str(folder)],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0 and bool(found.stdout)


def swap_in(new: Path, out: Path, kind: str) -> None:
    """Put the finished folder `new` in place of `out` (checked by `check`), atomically: `new`
    lies beside `out`, on the same file system."""
    mark(new, kind)
    old = out.with_name(f".old-{out.name}-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(new, out)
    shutil.rmtree(old, ignore_errors=True)
