"""A git repository holding a copy of the published book and its data, and the same repository
after one value changed in the data with only the notebooks that read it re-executed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from support.chapter import set_field
from zonebook.core import paths
from zonebook.data.i18n import LANGS
from zonebook.engine import manifest
from zonebook.engine.run import Job, execute

YEAR = "2017"  # the published edition the change is made to
TAX_OLD, TAX_NEW = "3.22", "3.99"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def published_repo(root: Path) -> Path:
    """A repository whose `main` holds a copy of the published book and its data."""
    shutil.copytree(paths.BOOK, root / "book")
    shutil.copytree(paths.DATA, root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "published book")
    return root


def tax_changed_repo(root: Path) -> Path:
    """The published repository, then 2017's tax revenue changed in its data (uncommitted) and only
    the notebooks whose execution read that table re-executed, both languages."""
    published_repo(root)
    set_field(root / "data", "economy", "tax_revenue", "value", TAX_NEW)
    records = manifest.read(root / "book")
    readers = sorted(
        {
            key.split("/")[2][: -len(".ipynb")]
            for key, record in records.items()
            if key.split("/")[1] == YEAR and f"data/{YEAR}/economy.csv" in record.get("inputs", {})
        }
    )
    assert "01_economy" in readers
    execute(
        [
            Job(
                paths.NOTEBOOKS / f"{slug}.ipynb",
                int(YEAR),
                lang,
                str(root / "data"),
                root / "book" / lang / YEAR / f"{slug}.ipynb",
            )
            for slug in readers
            for lang in LANGS
        ],
        workers=2,
    )
    return root
