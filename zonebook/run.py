"""Execute chapter templates with papermill into the book's executed notebooks.

A job is one (template, year, lang, data_root) written to one output path. `execute(jobs)`:

1. checks every job before any kernel starts: the year has data, the language is one of
   `chapters.LANGS`, and every parameter we pass is declared in the template's `parameters`
   cell (papermill only warns on an unknown one, so a typo such as `yaer` would silently run
   the default year);
2. runs the jobs on a pool of `workers` threads, one papermill run (own kernel, own ports)
   each, with the kernel's working directory at the project root;
3. keeps the executed notebook in memory, checks it (no stderr output, no error output),
   normalizes it (below) and only then writes it next to its output path and `os.replace`s
   it in. A failing notebook never touches the published one.

Failure policy: a failure in any notebook aborts the book build (`NotebookError`, listing
every failure with notebook, cell and exception; no site is built from a partial run).
Jobs not yet started are cancelled; notebooks that already executed successfully in the
same run stay published, because each of them is correct for its inputs, and the manifest
records them so the next build does not run them again.

Normalization (two runs give identical bytes, and reviewers' diffs show only real changes):
cells tagged for the other language (`lang-zh` / `lang-en`) are dropped; papermill's
timestamps, durations and statuses and nbclient's `execution` timings are removed; paths are
made relative to the project; every cell gets the id `<slug>-<n>`; execution counts run
1, 2, 3... in order; the `parameters` and `injected-parameters` cells get the `remove-cell`
tag (hidden in the HTML, still visible in the .ipynb); the file is written by nbformat with
sorted keys, indent 1, UTF-8 unescaped and a trailing newline.

Conventions for chapter authors:

- Anything on stderr fails the build (a matplotlib "Glyph ... missing" warning included):
  fix the cause, do not silence it.
- A chart is shown as `IPython.display.HTML` holding exactly one figure:
  `<figure class="zb-figure"><img src="data:image/png;base64,..." alt="..."><figcaption>...
  </figcaption></figure>`. Save the PNG with `metadata={"Software": None}` so its bytes are
  stable: `zonebook check` keeps a digest of every figure (see `zonebook.manifest`).
"""
from __future__ import annotations

import ast
import copy
import logging
import os
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import nbformat

from . import paths
from .chapters import LANGS
from .data import check_year
from .errors import DataError, Problem, rel

KERNEL = "python3"
REMOVE_TAG = "remove-cell"
LANG_TAG = "lang-"
# papermill's per-run metadata that changes every run (or names this machine's folders)
VOLATILE_NB_KEYS = ("start_time", "end_time", "duration", "exception", "output_path", "environment_variables")


class Job(NamedTuple):
    template: Path
    year: int
    lang: str
    data_root: str  # "" = the bundled data/
    output: Path

    @property
    def slug(self) -> str:
        return Path(self.template).stem

    def parameters(self) -> dict:
        return {"year": int(self.year), "lang": self.lang, "data_root": portable_data_root(self.data_root)}

    def __str__(self) -> str:
        return f"{rel(self.template)} ({self.lang}, {self.year})"


def portable_data_root(data_root) -> str:
    """The data_root parameter as written into notebooks: "" for the bundled data, else a path
    relative to the project when inside it (the kernel runs at the project root)."""
    if not data_root:
        return ""
    path = Path(data_root).resolve()
    if path == paths.DATA:
        return ""
    return rel(path)


def portable(path) -> str:
    """A path for a notebook's metadata or the manifest: relative to the project, or for a file
    outside it (tests' temporary folders) its folder and name, never a machine's absolute path."""
    path = Path(path).resolve()
    try:
        return path.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}"


class NotebookError(Exception):
    """One or more notebooks failed to execute or wrote to stderr."""

    def __init__(self, failures: list[str], succeeded: list["Result"] | None = None):
        self.failures = failures
        self.succeeded = succeeded or []  # published before the run was aborted
        super().__init__("\n".join(failures))


@dataclass
class Result:
    job: Job
    seconds: float


# ---------------------------------------------------------------- checks before any kernel

def declared_parameters(template: Path) -> list[str]:
    """Names assigned in the template's `parameters` cell.

    Read with `ast`, not `papermill.inspect_notebook`: papermill's line regex gives up on a
    documented line such as `data_root = ""  # "" = the bundled data/` and then reports no
    `data_root` at all."""
    nb = nbformat.read(template, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise DataError(Problem(rel(template), "the template has no cell tagged `parameters`",
                                "Tag the first code cell `parameters`; it must assign year, lang and data_root"))
    try:
        tree = ast.parse(cells[0].source)
    except SyntaxError as error:
        raise DataError(Problem(rel(template), f"the parameters cell is not valid Python ({error.msg}, line {error.lineno})",
                                "Keep it to plain assignments such as `year = 2017`")) from None
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def check_parameters(template: Path, parameters: dict) -> None:
    """DataError unless every parameter is declared in the template's `parameters` cell
    (papermill itself only warns, and the notebook would silently run its default)."""
    declared = declared_parameters(template)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise DataError(Problem(rel(template), f"unknown parameter(s) {', '.join(map(repr, unknown))}; "
                                f"the parameters cell declares {', '.join(map(repr, sorted(declared)))}",
                                "Fix the spelling in the parameters cell or in the caller"))


def check_job(job: Job) -> None:
    if not Path(job.template).is_file():
        raise DataError(Problem(rel(job.template), "the template does not exist",
                                "Create it, or remove it from zonebook/chapters.py"))
    if job.lang not in LANGS:
        raise DataError(Problem(rel(job.template), f"unknown language {job.lang!r} (languages: {', '.join(LANGS)})",
                                "Use one of those languages"))
    check_year(job.year, job.data_root or None)
    check_parameters(Path(job.template), job.parameters())


# ---------------------------------------------------------------- execution

def execute(jobs: list[Job], workers: int | None = None) -> list[Result]:
    """Execute every job (see module docstring). Raises DataError before any kernel starts on
    bad parameters, NotebookError after the pool drains when any notebook failed."""
    jobs = list(jobs)
    problems: list[Problem] = []
    for job in jobs:
        try:
            check_job(job)
        except DataError as error:
            problems += [p for p in error.problems if p not in problems]
    if problems:
        raise DataError(problems)
    if not jobs:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    results, failures = [], []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = {pool.submit(_run_one, job): job for job in jobs}
        while pending:
            done, _ = wait(pending, return_when=FIRST_EXCEPTION)
            for future in done:
                job = pending.pop(future)
                if future.cancelled():
                    continue
                error = future.exception()
                if error is None:
                    results.append(future.result())
                    continue
                failures.append(str(error) if isinstance(error, NotebookError) else f"{job}: {type(error).__name__}: {error}")
                for other in pending:  # abort: start nothing new, let running ones finish
                    other.cancel()
    if failures:
        raise NotebookError(sorted(failures), results)
    return results


def _run_one(job: Job) -> Result:
    started = time.perf_counter()
    nb = _papermill(job)
    check_outputs(nb, job)
    publish(normalize(nb, job), Path(job.output))
    return Result(job, time.perf_counter() - started)


def _papermill(job: Job, attempts: int = 2):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    # check_parameters already did papermill's parameter check properly; its regex-based one
    # warns "Unable to parse line" / "Passed unknown parameter" on a commented parameters cell
    logging.getLogger("papermill").setLevel(logging.ERROR)

    for attempt in range(1, attempts + 1):
        try:
            return papermill.execute_notebook(
                str(job.template), None,  # None: keep the result in memory, nothing half-written on disk
                parameters=job.parameters(), kernel_name=KERNEL, progress_bar=False, log_output=False,
                request_save_on_cell_execute=False,
                # the kernel's cwd; papermill's own `cwd=` would os.chdir this whole process,
                # which races between threads
                resources={"metadata": {"path": str(paths.ROOT)}},
            )
        except PapermillExecutionError as error:
            cell = _template_cell(job, error.cell_index)
            raise NotebookError([f"{job}: cell {cell} raised {error.ename}: {error.evalue}"]) from None
        except Exception as error:
            if attempt < attempts and is_kernel_start_failure(error):
                continue  # a kernel that did not come up is retried once; a cell error never is
            raise


def is_kernel_start_failure(error: BaseException) -> bool:
    """True for a kernel that died or timed out while starting (before any cell ran)."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    if isinstance(error, (CellExecutionError, CellTimeoutError, DeadKernelError)):
        return False
    text = str(error)
    return isinstance(error, (RuntimeError, TimeoutError)) and (
        "kernel_info" in text or "Kernel didn't respond" in text or "Kernel died" in text)


def _template_cell(job: Job, index: int) -> str:
    """Name an executed cell by its 1-based position in the template and its first line."""
    template = nbformat.read(job.template, as_version=4)
    executed = papermill_injected_offset(template, index)
    source = template.cells[executed].source.strip().splitlines() if 0 <= executed < len(template.cells) else []
    first = source[0][:60] if source else ""
    return f"{executed + 1} ({first!r})" if first else str(executed + 1)


def papermill_injected_offset(template, executed_index: int) -> int:
    """papermill inserts one cell after the parameters cell: map back to the template index."""
    for i, cell in enumerate(template.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return executed_index - 1 if executed_index > i else executed_index
    return executed_index - 1  # injected at the top when there is no parameters cell


def check_outputs(nb, job: Job) -> None:
    """Warnings are errors: any stderr stream or error output fails the notebook."""
    failures = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                first = output.get("text", "").strip().splitlines()[:1]
                failures.append(f"{job}: cell {_template_cell(job, index)} wrote to stderr: {first[0] if first else ''}")
            elif output.get("output_type") == "error":
                failures.append(f"{job}: cell {_template_cell(job, index)} raised {output.get('ename')}: {output.get('evalue')}")
    if failures:
        raise NotebookError(failures)


# ---------------------------------------------------------------- normalization

def normalize(nb, job: Job):
    """A deterministic copy of an executed notebook (see module docstring)."""
    nb = copy.deepcopy(nb)
    nb.cells = [cell for cell in nb.cells if _keeps(cell, job.lang)]
    count = 0
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"{job.slug}-{index}"
        meta = cell.setdefault("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        tags = meta.get("tags", [])
        if ("parameters" in tags or "injected-parameters" in tags) and REMOVE_TAG not in tags:
            meta["tags"] = [*tags, REMOVE_TAG]
        if cell.cell_type == "code":
            if cell.get("execution_count") is not None:
                count += 1
                cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = cell["execution_count"]
    pm = nb.metadata.get("papermill", {})
    for key in VOLATILE_NB_KEYS:
        pm.pop(key, None)
    pm["input_path"] = portable(job.template)
    nb.nbformat, nb.nbformat_minor = 4, max(nb.get("nbformat_minor", 5), 5)  # cell ids need 4.5
    return nb


def _keeps(cell, lang: str) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    langs = {t[len(LANG_TAG):] for t in tags if t.startswith(LANG_TAG)}
    return not langs or lang in langs


def dumps(nb) -> str:
    # nbformat's writer already sorts keys, indents by 1 and keeps UTF-8 unescaped; be explicit
    return nbformat.writes(nb, version=4, indent=1, sort_keys=True, ensure_ascii=False).rstrip("\n") + "\n"


def publish(nb, output: Path) -> None:
    """Write next to the output, then atomically replace it."""
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(dumps(nb), encoding="utf-8")
        os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)
