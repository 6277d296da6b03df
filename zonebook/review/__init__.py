"""`zonebook diff`: what a change does to the published book, page by page, in both editions.

Compares the executed notebooks (and the year tables behind their figures) of two sides, a git
revision or the working tree, and writes a static report: figures changed with their source
quotes, sentences with word-level marks, charts with their changed pixels, tables cell by cell,
pages added or removed. Nothing is executed.
"""

from __future__ import annotations

from pathlib import Path

from zonebook.core import paths
from zonebook.core.errors import DataError, Problem, rel
from zonebook.publish import outputs
from zonebook.review import render, sides
from zonebook.review.compare import Review, review


def report(repo: Path, base: str | None, head: str | None, out: Path) -> tuple[Review, Path]:
    """Compare `base` (default: the merge-base with main) with `head` (default: the working tree)."""
    old = sides.side(repo, base or sides.default_base(repo))
    new = sides.side(repo, head)
    found = review(old, new)
    return found, render.write(found, out)


def main(args) -> int:
    out = outputs.check(Path(args.out) if args.out else paths.BUILD / "diff", "diff")
    repo = Path(args.repo).resolve() if args.repo else paths.ROOT
    if not repo.is_dir():
        raise DataError(
            Problem(
                "command line",
                f"{rel(repo)} does not exist",
                "Give --repo the folder of a git clone of the project, or leave it out for this one",
                field="--repo",
            )
        )
    found, page = report(repo, args.base, args.head, out)
    print(render.summary_line(found))
    if args.head is None:
        note = stale_note(repo)
        if note:
            print(note)
    print(f"report: {page}")
    return 0


def stale_note(repo: Path) -> str | None:
    """The working tree's book is compared as executed: say so when its inputs changed since."""
    from zonebook.engine.manifest import Project, stale

    if not (repo / "book").is_dir() or not (repo / "data").is_dir():
        return None
    project = Project.of(repo / "book", repo / "data")
    found = stale(project=project)
    if not found:
        return None
    first = found[0]
    return (
        f"note: the book is stale against its inputs ({len(found)} notebook(s); e.g. {first.notebook}: "
        f"{'; '.join(first.reasons)}): this report shows the book as last executed, without those changes. "
        f"Run `{project.command()}` first, then `zonebook diff` again"
    )
