"""Fixtures shared by the whole suite: each build is made once, by whichever xdist worker asks
first (support.shared.once; the other worker reuses it, read only), and kept for later runs
while its inputs are the same.

`published`: a small published book, the safety chapter of 2017 in both languages, from data
whose department name is a script and Markdown/MyST markup (the attack cases and the browser's
escaping test read it; the attack cases check that nothing changes it).

`tax_changed`: the published book and data in a git repository, one value changed, its readers
re-executed (the diff review and the mutation tests read it).

`fictional_editions`: one build, shared by every test that reads it, of a project whose data are the real years
before 2018 plus the fictional 2018 and 2019 (tests/fixtures/editions), every template, both
languages, no PDFs. Before the fictional years are added, the real years' notebooks of one
language are executed and kept to compare (the language changes no code path that reads the
years; executing the other one too would double the cost and prove nothing more).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from support.attacks import CHAPTER, ENTITY, MARKUP, SCRIPT, edit_row
from support.fictional import Editions, add_fictional_years, copy_earlier_years, copy_years
from support.repo import tax_changed_repo
from support.shared import once
from zonebook.build import build
from zonebook.core import paths
from zonebook.core.chapters import template
from zonebook.data import available_years
from zonebook.engine.manifest import Project
from zonebook.engine.run import Job, execute

BEFORE_LANG = "en"


# ---------------------------------------------------------------- how xdist shares out the modules

# `--dist loadscope` sends each module whole to one worker. Three changes to that, made by the
# scheduler below:
# - modules that share a costly session fixture which cannot be handed from one worker to the
#   other (the browser walk holds the URLs of its worker's own server) go together;
# - modules whose parameters are independent work (a width's page visits, a year's and a
#   language's charts) are shared out by parameter, so both workers take part in them;
# - the costliest go first, so that the two workers end together instead of one waiting for the
#   other's last long module (COST: seconds a scope took on two busy cores, a scope's prefix as
#   key; a scope not listed comes after them, those with more tests first).
TOGETHER = {
    "tests/browser/test_pages.py": "tests/browser (walk)",
    "tests/browser/test_navigation.py": "tests/browser (walk)",
    "tests/browser/test_downloads.py": "tests/browser (walk)",
}
BY_PARAMETER = ("tests/browser/test_presentation.py", "tests/test_chart_text.py")
COST = {
    "tests/test_year_content.py": 200,
    "tests/browser/test_presentation.py[": 60,
    "tests/browser (walk)": 60,
    "tests/test_editions.py": 45,
    "tests/test_chart_text.py[": 30,
    "tests/test_inputs.py": 30,
    "tests/test_diff.py": 30,
    "tests/browser/test_search.py": 30,
}


def scope_of(scope: str, nodeid: str) -> str:
    """The unit of work a test belongs to, given the module (or class) loadscope puts it in."""
    module = scope.split("::")[0]
    if module in BY_PARAMETER and nodeid.endswith("]"):
        return module + "[" + nodeid.split("[", 1)[1]
    return TOGETHER.get(module, scope)


def cost(scope: str) -> float:
    return max((seconds for prefix, seconds in COST.items() if scope.startswith(prefix)), default=0)


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class CostliestFirst(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(super()._split_scope(nodeid), nodeid)

        def _assign_work_unit(self, node) -> None:
            if not getattr(self, "ranked", False):  # the first assignment: the queue is complete
                # the work queue only (a worker is sent indices into its own collection, which
                # must keep its order): costliest scope first, then those with more tests
                ranked = sorted(self.workqueue.items(), key=lambda item: (-cost(item[0]), -len(item[1])))
                self.workqueue.clear()
                self.workqueue.update(ranked)
                self.ranked = True
            super()._assign_work_unit(node)

    return CostliestFirst(config, log)


def make_fictional_editions(root: Path) -> Editions:
    project = Project.of(root / "book", copy_earlier_years(root / "data"))
    before = {}
    for year in available_years(project.data_root):
        jobs = [
            Job(
                project.templates_dir / f"{t.slug}.ipynb",
                year,
                BEFORE_LANG,
                str(project.data_root),
                root / "before" / BEFORE_LANG / str(year) / f"{t.slug}.ipynb",
            )
            for t in project.templates
        ]
        execute(jobs, workers=2)
        before.update({f"{BEFORE_LANG}/{year}/{job.output.name}": job.output.read_bytes() for job in jobs})
    add_fictional_years(project.data_root)
    summary = build(project, root / "_build" / "html", workers=2, pdf=False)
    return Editions(root, project, summary, before)


@pytest.fixture(scope="session")
def fictional_editions(tmp_path_factory) -> Editions:
    return once(tmp_path_factory, "fictional-editions", make_fictional_editions)


def make_published(root: Path) -> tuple[Project, Path]:
    data = copy_years(root / "data", [2017], paths.data_root())  # whatever years staff have added since
    edit_row(data / "2017" / "entities.csv", ENTITY, name_en=f"{SCRIPT} {MARKUP}")
    project = replace(Project.of(root / "book", data), templates=(template(CHAPTER),), years=(2017,))
    out = root / "_build" / "html"
    build(project, out, workers=2, pdf=False)
    return project, out


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> tuple[Project, Path]:
    """The project and its site: one chapter, one year, both languages, built once."""
    return once(tmp_path_factory, "published", make_published)


@pytest.fixture(scope="session")
def tax_changed(tmp_path_factory) -> Path:
    """A git repository of the published book and data, then 2017's tax revenue changed in the data
    and the notebooks that read it re-executed (support.repo.tax_changed_repo)."""
    return once(tmp_path_factory, "tax", lambda root: tax_changed_repo(root / "repo"))
