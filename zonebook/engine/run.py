"""Execute chapter templates with papermill into the book's executed notebooks.

A job is one (template, year, lang, data_root) written to one output path. `execute(jobs)`:

1. checks every job before any kernel starts: the year has data, the language is one of
   `chapters.LANGS`, and every parameter we pass is declared in the template's `parameters`
   cell (papermill only warns on an unknown one, so a typo such as `yaer` would silently run
   the default year);
2. runs the jobs on a pool of `workers` threads (default: cores + 1), one papermill run
   each (`papermill.execute_notebook` with the engine `zonebook`, registered through
   `papermill_engines.register`), each in a fresh kernel of its own, never reused, forked
   from a warm fork server (`zonebook.engine.kernels`), with its working directory at the project
   root and the job's `env` added to its environment before any cell runs;
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
  stable: `zonebook check` keeps a digest of every figure (see `zonebook.engine.manifest`).
"""

from __future__ import annotations

import ast
import contextlib
import copy
import functools
import logging
import os
import time
from collections.abc import Mapping
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

import nbformat

from zonebook.core import paths
from zonebook.core.chapters import OMIT_KEY
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import check_year
from zonebook.data.i18n import LANGS

if TYPE_CHECKING:  # imported when a kernel is needed: jupyter_client is slow to import
    from zonebook.engine.kernels import Kernels

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
    # added to the kernel's os.environ before any cell runs (not a notebook parameter: it is
    # neither injected nor written into the notebook)
    env: Mapping[str, str] = MappingProxyType({})

    @property
    def slug(self) -> str:
        return Path(self.template).stem

    def parameters(self) -> dict:
        return {"year": int(self.year), "lang": self.lang, "data_root": portable_data_root(self.data_root)}

    def __str__(self) -> str:
        return f"{rel(self.template)} ({self.lang}, {self.year})"


def portable_data_root(data_root) -> str:
    """The data_root parameter as written into notebooks: "" for the bundled data, else a path
    relative to the project (the kernel runs at the project root)."""
    if not data_root:
        return ""
    path = Path(data_root).resolve()
    if path == paths.DATA:
        return ""
    # relative even outside the project (../elsewhere/data): no machine's absolute path is
    # written into a notebook or the manifest
    return Path(os.path.relpath(path, paths.ROOT)).as_posix()


def portable(path) -> str:
    """A path for a notebook's metadata or the manifest: relative to the project, or for a file
    outside it (tests' temporary folders) its folder and name, never a machine's absolute path."""
    path = Path(path).resolve()
    try:
        return path.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}"


CELL_TIMEOUT = 120  # seconds one cell may run (`zonebook build --cell-timeout`, ZONEBOOK_CELL_TIMEOUT)
TIMEOUT_ENV = "ZONEBOOK_CELL_TIMEOUT"
MAX_CELL_TIMEOUT = 24 * 3600  # a day: a longer limit is a typing mistake, not a plan


def parse_cell_timeout(text, where: str = "--cell-timeout") -> int:
    """A cell time limit in whole seconds (the kernel client counts whole seconds), from 1 to a
    day; anything else (0, negative, 2.5, inf, nan, text) is refused, never read as no limit."""
    value = str(text).strip()
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_CELL_TIMEOUT:
        return int(value)
    option = f"--cell-timeout {CELL_TIMEOUT * 5}" if where.startswith("--") else f"{where}={CELL_TIMEOUT * 5}"
    raise DataError(
        Problem(
            "command line" if where.startswith("--") else "environment",
            f"{value!r} is not a time limit: give whole seconds from 1 to {MAX_CELL_TIMEOUT} (a day)",
            f"e.g. {option}; leave it out for the default of {CELL_TIMEOUT} s",
            field=where,
        )
    )


def cell_timeout() -> int:
    """The limit ZONEBOOK_CELL_TIMEOUT sets, checked, or the default."""
    given = os.environ.get(TIMEOUT_ENV)
    return CELL_TIMEOUT if given is None else parse_cell_timeout(given, TIMEOUT_ENV)


class CellTimeout(Exception):
    """A cell ran longer than the limit; `index` is its position in the executed notebook."""

    def __init__(self, index: int, seconds: float):
        self.index, self.seconds = index, seconds
        super().__init__(f"cell {index} ran longer than {seconds:g} s")


class NotebookError(Exception):
    """One or more notebooks failed to execute or wrote to stderr."""

    def __init__(self, failures: list[str], succeeded: list[Result] | None = None):
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
        raise DataError(
            Problem(
                rel(template),
                "the template has no cell tagged `parameters`",
                "Tag the first code cell `parameters`; it must assign year, lang and data_root",
            )
        )
    try:
        tree = ast.parse(cells[0].source)
    except SyntaxError as error:
        raise DataError(
            Problem(
                rel(template),
                f"the parameters cell is not valid Python ({error.msg}, line {error.lineno})",
                "Keep it to plain assignments such as `year = 2017`",
            )
        ) from None
    names = []
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def check_parameters(template: Path, parameters: dict) -> None:
    """DataError unless every parameter is declared in the template's `parameters` cell
    (papermill itself only warns, and the notebook would silently run its default)."""
    declared = declared_parameters(template)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise DataError(
            Problem(
                rel(template),
                f"unknown parameter(s) {', '.join(map(repr, unknown))}; "
                f"the parameters cell declares {', '.join(map(repr, sorted(declared)))}",
                "Fix the spelling in the parameters cell or in the caller",
            )
        )


def check_job(job: Job) -> None:
    if not Path(job.template).is_file():
        raise DataError(
            Problem(
                rel(job.template),
                "the template does not exist",
                "Create it, or remove it from zonebook/core/chapters.py",
            )
        )
    if job.lang not in LANGS:
        raise DataError(
            Problem(
                rel(job.template),
                f"unknown language {job.lang!r} (languages: {', '.join(LANGS)})",
                "Use one of those languages",
            )
        )
    check_year(job.year, job.data_root or None)
    check_parameters(Path(job.template), job.parameters())


# ---------------------------------------------------------------- execution


def kernels_for(count: int):
    """The kernels of `count` notebooks, made before their jobs run: the fork server imports
    pandas and matplotlib while the build validates the data (it starts no kernel)."""
    from zonebook.engine.kernels import Kernels

    # one notebook alone: a fork server would cost as much as the kernel it saves
    return Kernels(fork=FORK_KERNELS and count > 1)


def execute(
    jobs: list[Job], workers: int | None = None, timeout: float | None = None, kernels: Kernels | None = None
) -> list[Result]:
    """Execute every job (see module docstring). Raises DataError before any kernel starts on
    bad parameters, NotebookError after the pool drains when any notebook failed. A cell that
    runs longer than `timeout` seconds (default `cell_timeout()`) fails its notebook.
    Interrupted (SIGINT, or SIGTERM through the CLI), every kernel is killed before the
    interruption propagates, so no kernel outlives the build. `kernels`: from `kernels_for`,
    closed by the caller; by default made and closed here."""
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
    # a kernel spends part of its short life waiting on messages: one notebook more than
    # cores keeps every core busy (measured: 20 notebooks, 2 cores: 13.0 s -> 11.4 s)
    workers = max(1, min(workers or (os.cpu_count() or 1) + 1, len(jobs)))
    results, failures = [], []
    timeout = cell_timeout() if timeout is None else timeout
    with (
        contextlib.nullcontext(kernels) if kernels is not None else kernels_for(len(jobs)) as kernels,
        _Pool(workers, kernels) as pool,
    ):
        pending = {pool.submit(_run_one, job, kernels, timeout): job for job in jobs}
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
                failures.append(
                    str(error) if isinstance(error, NotebookError) else f"{job}: {type(error).__name__}: {error}"
                )
                for other in pending:  # abort: start nothing new, let running ones finish
                    other.cancel()
    if failures:
        raise NotebookError(sorted(failures), results)
    return results


class _Pool(ThreadPoolExecutor):
    """The notebook threads. Left by an exception (an interruption), it kills every kernel
    first, so the running notebooks end at once instead of running to completion."""

    def __init__(self, workers: int, kernels: Kernels):
        super().__init__(max_workers=workers)
        self._kernels = kernels

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            self.shutdown(wait=False, cancel_futures=True)
            self._kernels.kill_all()
        return super().__exit__(kind, value, traceback)


def _run_one(job: Job, kernels: Kernels, timeout: float = CELL_TIMEOUT) -> Result:
    started = time.perf_counter()
    nb = _papermill(job, kernels, timeout)
    check_outputs(nb, job)
    publish(normalize(nb, job), Path(job.output))
    return Result(job, time.perf_counter() - started)


def _papermill(job: Job, kernels: Kernels, timeout: float = CELL_TIMEOUT, attempts: int = 2):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    # check_parameters already did papermill's parameter check properly; its regex-based one
    # warns "Unable to parse line" / "Passed unknown parameter" on a commented parameters cell
    # (and nbclient logs a timeout through papermill's logger: the NotebookError says it)
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    register_engine()

    for attempt in range(1, attempts + 1):
        try:
            return papermill.execute_notebook(
                str(job.template),
                None,  # None: keep the result in memory, nothing half-written on disk
                parameters=job.parameters(),
                kernel_name=KERNEL,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=timeout,
                # given to the engine: where its kernel comes from, and what that kernel's environment adds
                engine_name=ENGINE,
                kernels=kernels,
                kernel_env=dict(job.env),
                plain_kernel=attempt > 1,
            )
        except PapermillExecutionError as error:
            cell = _template_cell(job, error.cell_index)
            raise NotebookError([f"{job}: cell {cell} raised {error.ename}: {error.evalue}"]) from None
        except CellTimeout as error:
            raise NotebookError(
                [
                    f"{job}: cell {_template_cell(job, error.index)} ran longer than the limit of {error.seconds:g} s "
                    "and was stopped (raise the limit with `zonebook build --cell-timeout SECONDS` if the cell "
                    "really needs longer)"
                ]
            ) from None
        except Exception as error:
            if attempt < attempts and is_kernel_start_failure(error):
                # a kernel that did not come up is retried once, launched as a new interpreter;
                # a cell error never is
                from zonebook.engine.kernels import report

                report(
                    f"the kernel for {job} did not start ({error}); retrying once with a kernel launched as a "
                    "new interpreter"
                )
                continue
            raise


ENGINE = "zonebook"
# ZONEBOOK_FORK_KERNELS=0: launch every kernel as its own interpreter (slower; for comparison)
FORK_KERNELS = os.environ.get("ZONEBOOK_FORK_KERNELS", "1") != "0"


@functools.cache  # once (registering again would only replace it with an equal engine)
def register_engine() -> None:
    """papermill's nbclient engine, run on a kernel from `Kernels` (see `Engine`), registered
    as papermill engine `zonebook`."""
    from nbclient.exceptions import CellTimeoutError
    from papermill.engines import NBClientEngine, papermill_engines

    class Engine(NBClientEngine):
        """papermill's nbclient engine on a kernel we start and end (`kernels`, with
        `kernel_env` added to its environment): papermill still injects the parameters and
        writes its metadata. A cell timeout is raised as CellTimeout, naming the cell."""

        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, kernels: Kernels = None, kernel_env=None, plain_kernel=False, **kwargs
        ):
            km = kernels.start(kernel_name, kernel_env, plain=plain_kernel)
            timed_out = False
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, km=km, **kwargs)
            except CellTimeoutError:
                timed_out = True
                _cancel_pending_tasks()  # nbclient leaves its output poller pending after a timeout
                # cells run in order: the timed-out one is the last that papermill saw start
                started = [
                    i
                    for i, cell in enumerate(nb_man.nb.cells)
                    if cell.get("metadata", {}).get("papermill", {}).get("start_time")
                ]
                raise CellTimeout(started[-1] if started else 0, kwargs.get("execution_timeout")) from None
            finally:
                kernels.end(km, now=timed_out)

    papermill_engines.register(ENGINE, Engine)


def _cancel_pending_tasks() -> None:
    """Cancel and finish the tasks left on this thread's event loop (else asyncio prints "Task
    was destroyed but it is pending!" when they are collected)."""
    import asyncio

    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
        tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks and not loop.is_running():
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    except Exception:
        pass  # tidiness only: the timeout is reported either way


def is_kernel_start_failure(error: BaseException) -> bool:
    """True for a kernel that died or timed out while starting (before any cell ran)."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    if isinstance(error, (CellExecutionError, CellTimeoutError, DeadKernelError)):
        return False
    text = str(error)
    return isinstance(error, (RuntimeError, TimeoutError)) and (
        "kernel_info" in text or "Kernel didn't respond" in text or "Kernel died" in text
    )


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
                failures.append(
                    f"{job}: cell {_template_cell(job, index)} wrote to stderr: {first[0] if first else ''}"
                )
            elif output.get("output_type") == "error":
                failures.append(
                    f"{job}: cell {_template_cell(job, index)} raised {output.get('ename')}: {output.get('evalue')}"
                )
    if failures:
        raise NotebookError(failures)


# ---------------------------------------------------------------- normalization


def normalize(nb, job: Job):
    """A deterministic copy of an executed notebook (see module docstring)."""
    nb = copy.deepcopy(nb)
    nb.cells = omit_uncovered([cell for cell in nb.cells if _keeps(cell, job.lang)])
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


def _omit_scope(cell) -> str | None:
    for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
        scope = output.get("metadata", {}).get(OMIT_KEY, {}).get("omit")
        if scope:
            return scope
    return None


def omit_uncovered(cells: list) -> list:
    """Drop what a year does not cover (see zonebook.report.present.omit): a marked section's cell and
    the markdown (its heading and method sentence) right above it, never the page's title; after a
    "rest" marker, every later cell."""
    kept: list = []
    for cell in cells:
        scope = _omit_scope(cell)
        if scope == "section":
            while kept and kept[-1].cell_type == "markdown" and not _is_title(kept[-1]):
                kept.pop()
            continue
        kept.append(cell)
        if scope == "rest":
            break
    return kept


def _is_title(cell) -> bool:
    """A page's `# ` heading: it stays when the section right under it is left out."""
    return "".join(cell.get("source", "")).lstrip().startswith("# ")


def _keeps(cell, lang: str) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    langs = {t[len(LANG_TAG) :] for t in tags if t.startswith(LANG_TAG)}
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
