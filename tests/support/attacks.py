"""What the attack cases share: a row edited, the CLI run in-process, digests of folders, the
markup put into a name."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from support.tables import read_rows, write_rows
from zonebook import cli

REAL_YEAR = 2017  # the year the project was published with, whose rows the attack cases break

CHAPTER, ENTITY = "06_safety", "work_safety_bureau"  # the safety chapter names this department in prose
SCRIPT = "<script>alert(1)</script>"
# Markdown and MyST that must show as text: an image that would load from outside, bold, a
# code fence (it used to fail the build with a Pygments error naming no data file), a role
MARKUP = "![x](https://example.invalid/x.png) **bold** ```{code-cell} ipython3 {eval}`1+1`"


def digest(folder: Path) -> str:
    """One sha256 over every file's relative path and bytes."""
    total = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        total.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


def listing(folder: Path) -> list[tuple[str, int, int]]:
    """Every file's relative path, size and modification time: a large folder compared cheaply."""
    found = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        status = path.stat()
        found.append((path.relative_to(folder).as_posix(), status.st_size, status.st_mtime_ns))
    return found


def repository_state(repo: Path) -> tuple[bytes, ...]:
    """The commit checked out, the status of every file (untracked ones too) and the digest of
    every change against the commit; read without taking git's lock or refreshing its index."""

    def git(*args: str) -> bytes:
        return subprocess.run(["git", "--no-optional-locks", *args], cwd=repo, capture_output=True).stdout

    # git's own diff, not the notebook driver .gitattributes names (nbdime takes seconds a
    # notebook, and every rebuilt notebook differs from the commit until it is committed)
    changes = hashlib.sha256(git("diff", "HEAD", "--binary", "--no-ext-diff", "--no-textconv")).digest()
    return git("rev-parse", "HEAD"), git("status", "--porcelain", "-z", "--untracked-files=all"), changes


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
