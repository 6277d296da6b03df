"""Execute chapter templates with papermill into the book's executed notebooks.

A job is one (template, year, lang, data_root) written to one output path. `execute(jobs)`:

1. checks every job before any kernel starts: the year has data, the language is one of
   `chapters.LANGS`, and every parameter we pass is declared in the template's `parameters`
   cell (papermill only warns on an unknown one, so a typo such as `yaer` would silently run
   the default year);
2. runs the jobs on a pool of `workers` threads (default: cores + 1), one papermill run
   each, each in a fresh kernel of its own (never reused; IPC sockets, so no port is shared),
   forked from a warm fork server and started ahead of time (see `Kernels`), with the
   kernel's working directory at the project root;
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
import itertools
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import nbformat

from . import leftovers, paths
from .chapters import LANGS, OMIT_KEY
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
    env: dict[str, str] = {}  # set in the kernel's os.environ before the first cell (see kernel_env)

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


CELL_TIMEOUT = 120.0  # seconds one cell may run (`zonebook build --cell-timeout`, ZONEBOOK_CELL_TIMEOUT)


def cell_timeout() -> float:
    try:
        return float(os.environ.get("ZONEBOOK_CELL_TIMEOUT", CELL_TIMEOUT))
    except ValueError:
        return CELL_TIMEOUT


class CellTimeout(Exception):
    """A cell ran longer than the limit; `index` is its position in the executed notebook."""

    def __init__(self, index: int, seconds: float):
        self.index, self.seconds = index, seconds
        super().__init__(f"cell {index} ran longer than {seconds:g} s")


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

def execute(jobs: list[Job], workers: int | None = None, timeout: float | None = None) -> list[Result]:
    """Execute every job (see module docstring). Raises DataError before any kernel starts on
    bad parameters, NotebookError after the pool drains when any notebook failed. A cell that
    runs longer than `timeout` seconds (default `cell_timeout()`) fails its notebook.
    Interrupted (SIGINT, or SIGTERM through the CLI), every kernel is killed before the
    interruption propagates, so no kernel outlives the build."""
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
    cores = os.cpu_count() or 1
    # a forked kernel spends part of its short life waiting on messages: one notebook more
    # than cores keeps both cores busy (measured: 20 notebooks, 2 cores: 13.0 s -> 11.4 s)
    workers = max(1, min(workers or cores + (1 if FORK_KERNELS else 0), len(jobs)))
    results, failures = [], []
    timeout = cell_timeout() if timeout is None else timeout
    with Kernels(len(jobs), ahead=min(workers, cores), warm=FORK_KERNELS and len(jobs) > 1) as kernels, \
            _Pool(workers, kernels) as pool:
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
                failures.append(str(error) if isinstance(error, NotebookError) else f"{job}: {type(error).__name__}: {error}")
                for other in pending:  # abort: start nothing new, let running ones finish
                    other.cancel()
    if failures:
        raise NotebookError(sorted(failures), results)
    return results


class _Pool(ThreadPoolExecutor):
    """The notebook threads. Left by an exception (an interruption), it kills every kernel
    first, so the running notebooks end at once instead of running to completion."""

    def __init__(self, workers: int, kernels: "Kernels"):
        super().__init__(max_workers=workers)
        self._kernels = kernels

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            self.shutdown(wait=False, cancel_futures=True)
            self._kernels.kill_all()
        return super().__exit__(kind, value, traceback)


def _run_one(job: Job, kernels: "Kernels", timeout: float = CELL_TIMEOUT) -> Result:
    started = time.perf_counter()
    nb = _papermill(job, kernels, timeout)
    check_outputs(nb, job)
    publish(normalize(nb, job), Path(job.output))
    return Result(job, time.perf_counter() - started)


def _papermill(job: Job, kernels: "Kernels", timeout: float = CELL_TIMEOUT, attempts: int = 2):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    # check_parameters already did papermill's parameter check properly; its regex-based one
    # warns "Unable to parse line" / "Passed unknown parameter" on a commented parameters cell
    # (and nbclient logs a timeout through papermill's logger: the NotebookError says it)
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    _register_engine()

    for attempt in range(1, attempts + 1):
        # a retry gets a kernel started the ordinary way (its own interpreter, no fork server)
        km = kernels.take(plain=attempt > 1)
        try:
            return papermill.execute_notebook(
                str(job.template), None,  # None: keep the result in memory, nothing half-written on disk
                parameters=job.parameters(), kernel_name=KERNEL, progress_bar=False, log_output=False,
                request_save_on_cell_execute=False,
                # the kernel runs at the project root (Kernels starts it there); papermill's own
                # `cwd=` would os.chdir this whole process, which races between threads
                resources={"metadata": {"path": str(paths.ROOT)}},
                engine_name=ENGINE, km=km, execution_timeout=timeout, kernel_env=dict(job.env),
            )
        except PapermillExecutionError as error:
            cell = _template_cell(job, error.cell_index)
            raise NotebookError([f"{job}: cell {cell} raised {error.ename}: {error.evalue}"]) from None
        except CellTimeout as error:
            raise NotebookError([f"{job}: cell {_template_cell(job, error.index)} ran longer than the limit of {error.seconds:g} s "
                                 "and was stopped (raise the limit with `zonebook build --cell-timeout SECONDS` if the cell "
                                 "really needs longer)"]) from None
        except Exception as error:
            if attempt < attempts and is_kernel_start_failure(error):
                continue  # a kernel that did not come up is retried once; a cell error never is
            raise
        finally:
            kernels.release(km)


# ---------------------------------------------------------------- kernels

ENGINE = "zonebook"
# What the fork server imports (see Kernels): the libraries every chapter imports, and what a
# kernel imports while it starts (its debugger, its history). Third-party libraries only, whose
# import changes no state a notebook can see: never the project's own code (importing
# zonebook.charts sets matplotlib's backend and rcParams), and nothing is run. matplotlib reads
# MPLBACKEND and a matplotlibrc in the working directory when imported: the fork server has the
# kernels' environment and working directory.
PRELOAD = ("pandas", "numpy", "matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_agg",
           "matplotlib.font_manager", "PIL.Image", "PIL.PngImagePlugin", "pandas.io.formats.html",
           "pandas.io.formats.csvs", "IPython", "IPython.display", "IPython.core.debugger",
           "IPython.core.completerlib", "IPython.extensions.storemagic", "ipykernel.kernelapp", "ipykernel.ipkernel",
           "ipykernel.debugger", "sqlite3", "tornado.gen", "tornado.locks", "tornado.queues", "noto_cjk_sans_otc")
# ZONEBOOK_FORK_KERNELS=0: launch every kernel as its own interpreter (slower; for comparison)
FORK_KERNELS = os.environ.get("ZONEBOOK_FORK_KERNELS", "1") != "0"
SHUTDOWN_WAIT = 2.0  # seconds a kernel gets to exit after its shutdown request before SIGTERM/SIGKILL


def preload_modules() -> list[str]:
    return list(PRELOAD)


_engine_lock = threading.Lock()


def _register_engine() -> None:
    from papermill.engines import NBClientEngine, papermill_engines

    class Engine(NBClientEngine):
        """papermill's nbclient engine, given a kernel we started (`km=`): papermill still
        injects the parameters and writes its metadata; we own the kernel's life, so nbclient
        does not shut it down (its shutdown SIGINTs the kernel first, which logs
        "KeyboardInterrupt caught in kernel" on stderr) but it must close its client."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, **kwargs):
            from papermill.clientwrap import PapermillNotebookClient
            from papermill.engines import logger
            from papermill.utils import merge_kwargs, remove_args

            env = kwargs.pop("kernel_env", None)
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(nb_man, **merge_kwargs(
                kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file))
            if env:
                client.on_notebook_start = kernel_env(client, env)
            from nbclient.exceptions import CellTimeoutError

            try:
                return client.execute()
            except CellTimeoutError:
                _cancel_pending_tasks()  # nbclient leaves its output poller pending after a timeout
                # cells run in order: the timed-out one is the last that papermill saw start
                started = [i for i, cell in enumerate(nb_man.nb.cells)
                           if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
                raise CellTimeout(started[-1] if started else 0, execution_timeout) from None
            finally:
                if getattr(client, "kc", None) is not None:
                    client.kc.stop_channels()
                    client.kc = None

    with _engine_lock:
        if ENGINE not in papermill_engines._engines:
            papermill_engines.register(ENGINE, Engine)


def kernel_env(client, env: dict[str, str]):
    """nbclient's on_notebook_start hook that sets a job's environment variables in its kernel
    before the first cell. Kernels are started ahead of the job they will run, so the variables
    cannot be given at launch: they are set by a silent execution (no output, no execution
    count, no history, no name left in the notebook's namespace)."""
    code = f"__import__('os').environ.update({dict(env)!r})"

    async def hook(**_):
        reply = await client.kc.execute_interactive(code, silent=True, store_history=False, timeout=client.startup_timeout)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel's environment could not be set: {reply['content'].get('evalue')}")

    return hook


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


class Kernels:
    """Fresh kernels for `execute`: one new kernel process per notebook, never reused.

    - Started ahead: while a notebook runs, the kernel of a next one is already starting
      (`ahead` kernels waiting at most, never more than the notebooks left).
    - Forked, not launched (when `warm`): a fork server — a Python process that has imported
      ipykernel, pandas and matplotlib (PRELOAD), and nothing else (it imports none of the
      project's code, runs no notebook code, creates no figure, reads no data) — forks a child per kernel, and
      the child becomes an ordinary IPKernelApp with its own connection file, environment and
      working directory. Each notebook still gets its own process, so no state passes from one
      chapter to another; what the fork saves is the interpreter start and the library imports
      (most of a kernel's start). If the fork server cannot start, kernels are launched as usual.
    - IPC transport: each kernel's sockets are files in a private folder, so two kernels can
      never race for one TCP port (and ipykernel does not warn about unencrypted TCP).
    - Shutdown by request, in the background: a shutdown_request on the control channel, then
      SIGTERM/SIGKILL only if the kernel has not exited within SHUTDOWN_WAIT. Never an
      interrupt (jupyter_client's shutdown_kernel sends SIGINT first, which made every kernel
      log "KeyboardInterrupt caught in kernel." on the build's stderr).
    """

    def __init__(self, count: int, ahead: int = 1, warm: bool = True):
        self._remaining = count  # kernels still to start for the jobs
        self._ahead = ahead
        self._lock = threading.Lock()
        self._ready: list = []
        self._serial = itertools.count(1)
        leftovers.kernel_sockets()
        # short: a socket path has at most 107 bytes; the pid lets a later build remove it
        self._folder = Path(tempfile.mkdtemp(prefix=f"zb-k-{os.getpid()}-"))
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zonebook-kernel-start")
        self._reaper = ThreadPoolExecutor(max_workers=2, thread_name_prefix="zonebook-kernel-shutdown")
        # while the fork server imports, one kernel may be launched the ordinary way on the
        # other core (more would only compete with it for the CPU)
        self._plain_budget = 1 if ahead > 1 else 0
        self._started: list = []  # every kernel manager, so that an interruption can kill them all
        self._zygote: _ForkServer | None = None
        if warm:
            try:
                self._zygote = _ForkServer(preload_modules())
            except Exception:
                self._zygote = None

    def __enter__(self) -> "Kernels":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def take(self, plain: bool = False):
        """A started kernel manager (its kernel may still be initializing): one started ahead
        when there is one, else one started now."""
        km = None
        with self._lock:
            if self._ready and not plain:
                km = self._ready.pop(0)
            elif not plain:
                self._remaining -= 1
                if self._zygote is not None and not self._zygote.is_ready() and self._plain_budget > 0:
                    self._plain_budget -= 1
                    plain = True
        if km is None:
            km = self._start(plain)
        self._starter.submit(self._refill)
        return km

    def _refill(self) -> None:
        while True:
            with self._lock:
                if self._remaining <= 0 or len(self._ready) >= self._ahead:
                    return
                self._remaining -= 1
            try:
                km = self._start()
            except Exception:  # the job that needs it starts its own; a real failure shows there
                with self._lock:
                    self._remaining += 1
                return
            with self._lock:
                self._ready.append(km)

    def _start(self, plain: bool = False):
        from jupyter_client import KernelManager

        class Manager(KernelManager):
            # nbclient drives the kernel with asyncio: give it an asyncio client
            client_class = "jupyter_client.asynchronous.AsyncKernelClient"

        km = Manager(kernel_name=KERNEL, transport="ipc", ip=str(self._folder / str(next(self._serial))))
        km.kernel_id = str(uuid.uuid4())
        with self._lock:
            self._started.append(km)
        server = None if plain or self._zygote is None or self._zygote.failed else self._zygote
        if server is not None:
            km.provisioner = _forked_provisioner(server, km)
        try:
            km.start_kernel(cwd=str(paths.ROOT))
        except Exception:
            if server is None:
                raise
            server.failed = True  # the fork server is broken: launch kernels as usual from now on
            return self._start(plain=True)
        return km

    def kill_all(self) -> None:
        """Kill every kernel at once (an interruption: no polite shutdown, no waiting)."""
        with self._lock:
            self._remaining = 0
            started = list(self._started)
        for km in started:
            provisioner = getattr(km, "provisioner", None)
            process = getattr(provisioner, "process", None)
            if process is None:
                continue
            try:  # the kernel's process group: the kernel and anything it started
                os.killpg(getattr(provisioner, "pgid", None) or process.pid, signal.SIGKILL)
            except OSError:
                try:
                    process.kill()
                except OSError:
                    pass

    def release(self, km) -> None:
        """Shut a used (or unused) kernel down in the background."""
        self._reaper.submit(_shutdown, km)

    def close(self) -> None:
        with self._lock:
            self._remaining = 0
        self._starter.shutdown(wait=True)
        with self._lock:
            unused, self._ready = self._ready, []
        for km in unused:
            self.release(km)
        self._reaper.shutdown(wait=True)
        if self._zygote is not None:
            self._zygote.close()
        shutil.rmtree(self._folder, ignore_errors=True)


def _shutdown(km) -> None:
    try:
        if km.has_kernel:
            km.request_shutdown()
            km.finish_shutdown(waittime=SHUTDOWN_WAIT, pollinterval=0.02)
    except Exception:
        try:
            km.shutdown_kernel(now=True)
        except Exception:
            pass
    finally:
        try:
            km.cleanup_resources()
        except Exception:
            pass


_FORK_SERVER = r'''
import atexit, json, os, signal, sys
_out = int(sys.argv[2])
# read by ipykernel when imported: the kernels' parent is this process (it watches it, and
# exits when it goes away; without it each kernel also prints its connection banner)
os.environ["JPY_PARENT_PID"] = str(os.getpid())
import importlib
for _name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(_name)
    except Exception:
        pass  # the kernel imports it again itself, and the notebook reports the error
_commands, _replies = sys.stdin, sys.stdout
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they exit
_replies.write("{}\n")
_replies.flush()
for _line in _commands:
    _request = json.loads(_line)
    try:
        _pid = os.fork()
    except OSError as _error:
        _replies.write(json.dumps({"error": str(_error)}) + "\n")
        _replies.flush()
        continue
    if _pid:
        _replies.write(json.dumps({"pid": _pid}) + "\n")
        _replies.flush()
        continue
    _code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()  # its own process group, as jupyter_client launches a kernel
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(_out, 1)
        os.closerange(3, 1 << 16)
        os.chdir(_request["cwd"])
        os.environ.clear()
        os.environ.update(_request["env"])
        sys.argv = _request["argv"]
        if sys.path and sys.path[0] == "":
            del sys.path[0]  # as ipykernel_launcher does; the kernel puts it back
        from ipykernel.kernelapp import launch_new_instance
        launch_new_instance()
        _code = 0
    except SystemExit as _exit:
        _code = _exit.code if isinstance(_exit.code, int) else 0 if _exit.code is None else 1
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(_code)
'''


class _ForkServer:
    """The process kernels are forked from (see Kernels). Started at once; it imports while
    the first kernel is launched the ordinary way."""

    def __init__(self, modules: list[str]):
        env = dict(os.environ)
        # as jupyter_client sets them for a kernel, before the imports that read them:
        # ipykernel's backend for matplotlib, and no debugger warning about frozen modules
        env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        self._out = os.dup(1)  # the kernels' stdout: ours, as for a launched kernel
        self._process = subprocess.Popen(
            [sys.executable, "-c", _FORK_SERVER, json.dumps(modules), str(self._out)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=str(paths.ROOT), env=env, text=True,
            pass_fds=(self._out,))
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self.failed = False

    def is_ready(self) -> bool:
        if not self._ready.is_set():
            import select

            readable, _, _ = select.select([self._process.stdout], [], [], 0)
            if readable:
                with self._lock:
                    self._wait_ready()
        return self._ready.is_set()

    def _wait_ready(self) -> None:
        """With the lock held: read the fork server's greeting, once."""
        if self._ready.is_set() or self.failed:
            return
        if self._process.stdout.readline() != "{}\n":
            self.failed = True
            raise RuntimeError("the kernel fork server did not start")
        self._ready.set()

    def spawn(self, argv: list[str], cwd: str, env: dict) -> int:
        with self._lock:
            self._wait_ready()
            if self.failed or self._process.poll() is not None:
                raise RuntimeError("the kernel fork server has exited")
            self._process.stdin.write(json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n")
            self._process.stdin.flush()
            reply = json.loads(self._process.stdout.readline() or '{"error": "no reply"}')
        if "pid" not in reply:
            raise RuntimeError(f"the kernel fork server could not fork: {reply.get('error')}")
        return reply["pid"]

    def close(self) -> None:
        try:
            self._process.stdin.close()
            self._process.wait(timeout=5)
        except Exception:
            self._process.kill()
            self._process.wait()
        finally:
            self._process.stdout.close()
            os.close(self._out)


class _Forked:
    """What jupyter_client's LocalProvisioner needs of a Popen, for a forked kernel (the fork
    server, its parent, reaps it)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
                with open(f"/proc/{self.pid}/stat", "rb") as stat:
                    if stat.read().rsplit(b")", 1)[-1].split()[0] in (b"Z", b"X"):
                        self.returncode = 0
            except (ProcessLookupError, FileNotFoundError):
                self.returncode = 0
            except (PermissionError, OSError):
                pass
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _forked_provisioner(server: _ForkServer, km):
    from jupyter_client.provisioning import LocalProvisioner

    class ForkedProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs):
            if ("ipykernel_launcher" not in cmd
                    or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable)):
                # not ipykernel, or another interpreter than the fork server's: launch it
                return await super().launch_kernel(cmd, **kwargs)
            argv = [cmd[0], *cmd[cmd.index("ipykernel_launcher") + 1:]]
            pid = server.spawn(argv, str(kwargs.get("cwd") or paths.ROOT), dict(kwargs.get("env") or os.environ))
            self.process = _Forked(pid)
            self.pid = self.pgid = pid
            self.cwd = kwargs.get("cwd")
            return self.connection_info

    return ForkedProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)


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
    """Drop what a year does not cover (see zonebook.present.omit): a marked section's cell and
    the markdown (its heading) right above it; after a "rest" marker, every later cell."""
    kept: list = []
    for cell in cells:
        scope = _omit_scope(cell)
        if scope == "section":
            while kept and kept[-1].cell_type == "markdown":
                kept.pop()
            continue
        kept.append(cell)
        if scope == "rest":
            break
    return kept


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
