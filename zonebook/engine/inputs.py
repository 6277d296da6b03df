"""What one notebook's execution read, recorded inside its kernel.

`zonebook build` gives each kernel the environment variable `ZONEBOOK_INPUTS_LOG`, naming a
file of its own; when the kernel first imports `zonebook`, `install()` adds an audit hook
(PEP 578) that appends one JSON line per new thing the execution reads:

- `["module", "zonebook/report/safety.py"]`: a module of the package was executed (imported,
  however: `import`, `from . import`, `importlib.import_module`), relative to the package's
  folder (all but this one, which only watches);
- `["read", "/abs/path"]`: a file was opened for reading, whether or not it exists (the
  audit event comes before the attempt, so an optional table that was looked for and is
  absent is recorded too);
- `["listed", "/abs/folder"]`: a folder was listed (`os.listdir`, `os.scandir`, `Path.glob`,
  `Path.iterdir`), so a file added there later is noticed.

The first line is `["package", "/abs/zonebook"]`. The interpreter's own files (the virtual
environment, the standard library) and the package's source and bytecode (recorded as
modules) are left out; `zonebook.engine.manifest` keeps, of the rest, what lies under the data root
and the package, and hashes it. An existence check (`Path.exists`, `os.stat`) raises no audit
event: code that looks for an optional file opens it and catches FileNotFoundError instead.

Without the variable nothing is installed (tests, nbval and everyday use are untouched). An
audit hook cannot be removed: this one returns at once for any other event, and writes
through a file descriptor opened before the hook was added (writing raises no event, so the
record never records itself).
"""

from __future__ import annotations

import json
import os
import sys
import threading

ENV = "ZONEBOOK_INPUTS_LOG"
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # zonebook/
_LISTINGS = {"os.listdir", "os.scandir"}
_WATCHED = {"open", "exec"} | _LISTINGS
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR
_installed = False


class _Recorder:
    def __init__(self, fd: int):
        self._fd = fd
        self._seen: set[tuple[str, str]] = set()
        self._busy = threading.local()  # per thread: an event of another thread is not a recursion
        self._skip = tuple(os.path.join(p, "") for p in {sys.prefix, sys.base_prefix, sys.exec_prefix}) + (
            "/proc/",
            "/dev/",
            "/sys/",
        )
        self._package = os.path.join(PACKAGE, "")

    def note(self, kind: str, path: str) -> None:
        if (kind, path) in self._seen:
            return
        self._seen.add((kind, path))
        os.write(self._fd, (json.dumps([kind, path], ensure_ascii=False) + "\n").encode("utf-8"))

    def module(self, filename) -> None:
        # this module only watches: it changes no page, so it is no notebook's input
        if (
            isinstance(filename, str)
            and filename.startswith(self._package)
            and filename.endswith(".py")
            and filename != __file__
        ):
            self.note("module", "zonebook/" + filename[len(self._package) :].replace(os.sep, "/"))

    def __call__(self, event: str, args: tuple) -> None:
        if event not in _WATCHED or getattr(self._busy, "on", False):
            return
        self._busy.on = True
        try:
            if event == "exec":
                self.module(getattr(args[0], "co_filename", None))
                return
            path = args[0]
            if event == "open" and (
                not isinstance(path, (str, bytes, os.PathLike))
                or (args[2] or 0) & _WRITE_FLAGS
                or "w" in (args[1] or "")
                or "a" in (args[1] or "")
            ):
                return  # a file descriptor, or a file opened for writing
            path = os.path.normpath(os.path.abspath(os.fsdecode(path if path is not None else ".")))
            if (path + os.sep).startswith(self._skip):
                return
            if path.startswith(self._package) and path.endswith((".py", ".pyc")):
                return  # the package's code: recorded as modules when executed
            self.note("listed" if event in _LISTINGS else "read", path)
        except Exception:
            pass  # recording must never break the notebook; a path we cannot read is not data
        finally:
            self._busy.on = False


def install(log: str | None = None) -> bool:
    """Record into `log` (default: the file named by ZONEBOOK_INPUTS_LOG) what this process
    reads from now on, plus the package modules already imported. False when there is nothing
    to record into, or a recorder is already installed."""
    global _installed
    log = log or os.environ.get(ENV)
    if not log or _installed:
        return False
    _installed = True
    recorder = _Recorder(os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644))
    recorder.note("package", PACKAGE)
    for name, module in list(sys.modules.items()):
        if name == "zonebook" or name.startswith("zonebook."):
            recorder.module(getattr(module, "__file__", None))
    sys.addaudithook(recorder)
    return True


def read_log(path) -> tuple[str | None, list[tuple[str, str]]]:
    """(the package folder the kernel ran, [(kind, path), ...]) from a record; (None, []) when
    the kernel never installed the recorder (it did not import zonebook)."""
    try:
        text = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        return None, []
    package, items = None, []
    for line in text.splitlines():
        try:
            kind, value = json.loads(line)
        except ValueError:
            continue  # a line cut short by a killed kernel
        if kind == "package":
            package = value
        else:
            items.append((kind, value))
    return package, items
