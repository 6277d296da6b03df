"""What a notebook reads is recorded as it runs (zonebook.engine.inputs), and a change re-runs exactly
the notebooks that read it: both directions, on real chapters in a temporary project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from support.chapter import copy_data, copy_package, restored, set_field, snapshot
from zonebook.build import build
from zonebook.core import paths
from zonebook.core.chapters import template
from zonebook.data.i18n import LANGS
from zonebook.engine import manifest
from zonebook.engine.inputs import ENV, read_log
from zonebook.engine.manifest import Project

SLUGS = ("01_economy", "06_safety")


def in_kernel_like_process(code: str, log: Path | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != ENV} | ({ENV: str(log)} if log else {})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=paths.ROOT, env=env, capture_output=True, text=True, check=True
    )


def test_the_recorder_notes_reads_listings_and_modules_but_not_writes(tmp_path):
    log = tmp_path / "read.jsonl"
    (tmp_path / "table.csv").write_text("id\n", encoding="utf-8")
    in_kernel_like_process(
        "import os, zonebook, zonebook.report.safety\n"
        f"open({str(tmp_path / 'table.csv')!r}).read()\n"
        f"os.listdir({str(tmp_path)!r})\n"
        f"open({str(tmp_path / 'written.txt')!r}, 'w').write('x')\n"
        f"try:\n    open({str(tmp_path / 'absent.csv')!r})\nexcept FileNotFoundError:\n    pass\n",
        log,
    )
    package, items = read_log(log)
    assert package == str(paths.ROOT / "zonebook")
    assert ("read", str(tmp_path / "table.csv")) in items and ("read", str(tmp_path / "absent.csv")) in items
    assert ("listed", str(tmp_path)) in items
    assert {("module", "zonebook/__init__.py"), ("module", "zonebook/report/safety.py")} <= set(items)
    recorded = {path for _, path in items}
    assert str(tmp_path / "written.txt") not in recorded and str(log) not in recorded
    assert len(items) == len(set(items))  # each once


def test_without_the_variable_nothing_is_installed(tmp_path):
    done = in_kernel_like_process(
        "import zonebook.engine.inputs, zonebook.data; print(zonebook.engine.inputs._installed)", None
    )
    assert done.stdout.strip() == "False"


# ---------------------------------------------------------------- a real build, changed one way at a time


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """Two real chapters of 2017, both languages, built once; the package is a copy whose
    files the manifest hashes (so that a test can change a module)."""
    root = tmp_path_factory.mktemp("inputs")
    package = copy_package(root)
    shutil.copy(paths.ROOT / "constraints.txt", root / "constraints.txt")
    project = Project(
        book_dir=root / "book",
        data_root=copy_data(root),
        templates=tuple(template(s) for s in SLUGS),
        package_dir=package,
        constraints=root / "constraints.txt",
    )
    summary = build(project, root / "_build" / "html", check_data=False, make_site=False, workers=2)
    assert len(summary.executed) == len(SLUGS) * len(LANGS)
    return project, root, snapshot(root, tmp_path_factory)


@pytest.fixture
def project(pristine):
    yield from restored(*pristine)


def rebuild(project: Project) -> list[str]:
    summary = build(
        project, Path(project.book_dir).parent / "_build" / "html", check_data=False, make_site=False, workers=2
    )
    assert manifest.stale(project=project) == []
    return sorted(summary.executed)


def notebooks(*slugs: str) -> list[str]:
    return sorted(f"{lang}/2017/{slug}.ipynb" for lang in LANGS for slug in slugs)


def readers(project: Project, key: str) -> list[str]:
    return sorted(k for k, record in manifest.read(project.book_dir).items() if key in record["inputs"])


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as module:
        module.write(line)


def test_a_chapter_module_change_reruns_that_chapter_only(project):
    assert readers(project, "zonebook/report/safety.py") == notebooks("06_safety")
    append(project.package_dir / "report" / "safety.py", "# a comment, as a docstring edit would be\n")
    found = manifest.stale(project=project)
    assert [(s.notebook, s.reasons) for s in found] == [
        (key, ["zonebook/report/safety.py changed"]) for key in ("zh/2017/06_safety.ipynb", "en/2017/06_safety.ipynb")
    ]
    assert rebuild(project) == notebooks("06_safety")


def test_a_table_change_reruns_exactly_the_notebooks_that_read_it(project):
    assert readers(project, "data/2017/safety.csv") == notebooks("06_safety")  # economy never opens it
    assert readers(project, "data/2017/economy.csv") == notebooks("01_economy")
    set_field(project.data_root, "safety", "safety_cadres", "note", "fictional test note")
    assert rebuild(project) == notebooks("06_safety")


def test_a_module_no_notebook_imports_reruns_nothing(project):
    unimported = ["engine/run.py", "build.py", "review/words.py", "report/plan.py"]
    assert all(readers(project, f"zonebook/{name}") == [] for name in unimported)
    for name in unimported:
        append(project.package_dir / name, "# changed\n")
    assert rebuild(project) == []


def test_a_file_looked_for_and_absent_counts_when_it_appears(project):
    source = project.data_root / "sources" / "2017.txt"
    text = source.read_bytes()
    source.unlink()
    assert rebuild(project) == notebooks(*SLUGS)  # each notebook opened it: now it says the year is unverified
    record = manifest.read(project.book_dir)["en/2017/06_safety.ipynb"]
    assert record["inputs"]["data/sources/2017.txt"] == manifest.ABSENT

    source.write_bytes(text)
    found = manifest.stale(project=project)
    assert sorted(s.notebook for s in found) == notebooks(*SLUGS)
    assert all(s.reasons == ["data/sources/2017.txt added"] for s in found)


def test_a_later_year_is_not_an_input_of_an_earlier_edition(project):
    record = manifest.read(project.book_dir)["zh/2017/01_economy.ipynb"]
    assert "2017" in record["inputs"]["data/"]
    (project.data_root / "2099").mkdir()
    (project.data_root / "2099" / "datapackage.json").write_text(json.dumps({"resources": []}), encoding="utf-8")
    assert manifest.stale(project=replace(project, years=(2017,))) == []
