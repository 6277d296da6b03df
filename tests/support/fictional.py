"""The fictional editions of tests/fixtures/editions, added to a copy of the data.

`data_with_fictional_years(dest)` copies the data folder (shared tables and the real years
before the fictional ones) to `dest` and adds the fictional years: their data packages, their
source texts and their rows of sources.csv. Run as `PYTHONPATH=tests python -m support.fictional DIR`,
it writes such a folder for `ZONEBOOK_DATA` (`scripts/test` runs the year-dependent tests on it).
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from support.tables import read_rows, write_rows
from zonebook.build import Summary
from zonebook.core import paths
from zonebook.data import available_years
from zonebook.engine.manifest import Project

FIXTURE = paths.ROOT / "tests" / "fixtures" / "editions"
FICTIONAL_YEARS = (2018, 2019)
PACKAGE = "package.json"  # a fictional year's own descriptor fields; the schemas come from the real year


# a build of them (`fictional_editions`, tests/conftest.py): here, where a worker that did not
# build it can unpickle it (pytest replaces the module `conftest` as it loads each folder's)
@dataclass
class Editions:
    root: Path
    project: Project
    summary: Summary
    before: dict[str, bytes]  # "<lang>/<year>/<slug>.ipynb" of the real years, executed without the fictional ones
    years: tuple[int, ...] = FICTIONAL_YEARS

    @property
    def site(self) -> Path:
        return self.root / "_build" / "html"

    def page(self, lang: str, year: int, slug: str) -> str:
        return (self.site / lang / str(year) / f"{slug}.html").read_text(encoding="utf-8")

    def notebooks(self, year: int) -> dict[str, bytes]:
        book = Path(self.project.book_dir)
        return {p.relative_to(book).as_posix(): p.read_bytes() for p in sorted(book.glob(f"*/{year}/*.ipynb"))}


def copy_earlier_years(dest: Path, source: Path | None = None) -> Path:
    """`dest`: a copy of the data folder with the years before the first fictional one (and their citations)."""
    source = Path(source or paths.data_root())
    return copy_years(dest, [y for y in available_years(source) if y < min(FICTIONAL_YEARS)], source)


def copy_years(dest: Path, years, source: Path | None = None) -> Path:
    """`dest`: a copy of the data folder's shared tables and of `years` only (with their source texts
    and citations), whatever other years staff have added to it."""
    source = Path(source or paths.data_root())
    dest = Path(dest)
    keep = {str(y) for y in years}

    def other_years(folder: str, names: list[str]) -> list[str]:
        if Path(folder) == source:
            return [n for n in names if n.isdigit() and n not in keep]
        if Path(folder) == source / "sources":
            return [n for n in names if Path(n).stem.isdigit() and Path(n).stem not in keep]
        return []

    shutil.copytree(source, dest, ignore=other_years)
    for path in dest.rglob("*"):
        path.chmod(path.stat().st_mode | 0o200)  # the bundled source texts are read-only
    header, rows = read_rows(dest / "sources" / "sources.csv")
    write_rows(dest / "sources" / "sources.csv", header, [r for r in rows if r["year"] in keep])
    return dest


def add_fictional_years(data_root: Path) -> Path:
    """The fictional data packages and source texts, and their rows of sources.csv."""
    data_root = Path(data_root)
    for year in FICTIONAL_YEARS:
        shutil.copytree(FIXTURE / str(year), data_root / str(year), ignore=shutil.ignore_patterns(PACKAGE))
        write_descriptor(data_root, year)
        shutil.copyfile(FIXTURE / "sources" / f"{year}.txt", data_root / "sources" / f"{year}.txt")
    header, rows = read_rows(data_root / "sources" / "sources.csv")
    write_rows(data_root / "sources" / "sources.csv", header, rows + read_rows(FIXTURE / "sources" / "sources.csv")[1])
    return data_root


def write_descriptor(data_root: Path, year: int) -> None:
    """A fictional year's datapackage.json: its own name, title and source (FIXTURE/<year>/package.json)
    with the table schemas of the latest real year beside it, so the fixtures follow every schema change."""
    real = max(y for y in available_years(data_root) if y < min(FICTIONAL_YEARS))
    schemas = json.loads((data_root / str(real) / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    package = json.loads((FIXTURE / str(year) / PACKAGE).read_text(encoding="utf-8"))
    (data_root / str(year) / "datapackage.json").write_text(
        json.dumps({**package, "resources": schemas}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def data_with_fictional_years(dest: Path, source: Path | None = None) -> Path:
    return add_fictional_years(copy_earlier_years(dest, source))


if __name__ == "__main__":
    if len(sys.argv) != 2 or Path(sys.argv[1]).exists():
        sys.exit(
            "usage: PYTHONPATH=tests python -m support.fictional NEW_FOLDER  (writes data/ plus the fictional years there)"
        )
    print(data_with_fictional_years(Path(sys.argv[1])))
