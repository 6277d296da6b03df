"""`zonebook diff`: what a change does to the published book, page by page, in both editions.

Compares the executed notebooks (and the year tables behind their figures) of two sides, a git
revision or the working tree, and writes a static report: figures changed with their source
quotes, sentences with word-level marks, charts with their changed pixels, tables cell by cell,
pages added or removed. Nothing is executed.
"""

from __future__ import annotations

from pathlib import Path

from .. import outputs, paths
from . import render, sides
from .compare import Review, review


def report(repo: Path, base: str | None, head: str | None, out: Path) -> tuple[Review, Path]:
    """Compare `base` (default: the merge-base with main) with `head` (default: the working tree)."""
    old = sides.side(repo, base or sides.default_base(repo))
    new = sides.side(repo, head)
    found = review(old, new)
    return found, render.write(found, out)


def main(args) -> int:
    out = outputs.check(Path(args.out) if args.out else paths.BUILD / "diff", "diff")
    found, page = report(Path(args.repo).resolve() if args.repo else paths.ROOT, args.base, args.head, out)
    print(render.summary_line(found))
    print(f"report: {page}")
    return 0
