"""A build made once, whichever pytest-xdist worker asks for it first, and kept while its inputs last.

Each xdist worker has a session of its own, so a session fixture alone builds once per worker.
`once(tmp_path_factory, name, make)` builds under a file lock: the first worker calls
`make(folder)` and keeps what it returns (pickled beside it); the others wait on the lock and get
the same value and folder. A build that failed is made again by the next worker that asks (and
fails there too, with its own traceback). Whatever uses a shared build only reads it.

The folder is `<kept>/<name>-<inputs>`, where <inputs> is a digest of everything a build can
read: the project's code, templates, data, executed book, pins, the tests' support code and
fixtures (INPUTS), the file that defines `make`, the data folder in use and the Python that
runs it (a change to another test module makes no new build). A later run with the same inputs
reuses the build, as `zonebook build` reuses a current notebook; any change makes a new one. A kept build
is checked against the digest of its files recorded when it was made, so a test that wrote into
it cannot pass its damage on: the build is made again. The three newest builds of a name are
kept (the runs `scripts/test` starts side by side use different data). <kept> is a folder of the
system's temporary directory named after this clone (`ZONEBOOK_TEST_BUILDS` names another): outside
the project, as a staff member's data folder is, which some tests rely on; `make clean` removes it.
`ZONEBOOK_TEST_FRESH=1` (or `keep=False`) builds in the run's temporary directory instead.
"""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TypeVar

from zonebook.core import paths

T = TypeVar("T")

KEPT = Path(
    os.environ.get("ZONEBOOK_TEST_BUILDS")
    or Path(tempfile.gettempdir()) / f"zonebook-test-builds-{hashlib.sha256(str(paths.ROOT).encode()).hexdigest()[:12]}"
)
KEEP = 3
# what a build made by the tests can read, of the project (not its docs, scripts or version control)
INPUTS = (
    "zonebook",
    "notebooks",
    "data",
    "book",
    "tests/support",
    "tests/fixtures",
    "tests/conftest.py",
    "_config.yml",
    "_toc.yml",
    "pyproject.toml",
    "constraints.txt",
)
CACHES = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}
VALUE, FILES = "value.pickle", "files.sha256"


def run_dir(tmp_path_factory) -> Path:
    """The temporary directory of the whole run: the workers' common parent under xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def files_under(root: Path, skip: set[str] = frozenset()) -> Iterator[Path]:
    """Every file under `root` in a fixed order, leaving out folders and files named in `skip`."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        yield from (Path(folder) / name for name in sorted(names) if name not in skip)


def tree_digest(root: Path, skip: set[str] = frozenset()) -> str:
    """The names and contents of the files under `root` (a link by where it points)."""
    digest = hashlib.sha256()
    for path in files_under(root, skip):
        content = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


@cache
def inputs_digest() -> str:
    """Everything a build made by the tests can read (once per process: the tests do not change it)."""
    digest = hashlib.sha256(f"{sys.version}\0{sys.executable}\0".encode())
    for name in INPUTS:
        path = paths.ROOT / name
        content = path.read_bytes() if path.is_file() else tree_digest(path, CACHES).encode()
        digest.update(f"{name}\0".encode() + hashlib.sha256(content).digest())
    data = paths.data_root().resolve()
    digest.update(f"{data}\0{tree_digest(data, CACHES)}".encode())
    return digest.hexdigest()


def maker_digest(make: Callable) -> str:
    """The inputs' digest and that of the file that defines `make` (a test module's own builder)."""
    source = inspect.getsourcefile(make)
    content = Path(source).read_bytes() if source else b""
    return hashlib.sha256(f"{inputs_digest()}\0".encode() + content).hexdigest()


def once(tmp_path_factory, name: str, make: Callable[[Path], T], keep: bool = True) -> T:
    """`make(folder)`'s value, made by the first worker that asks; `keep=False`: for this run only
    (a build whose output lies outside its folder, which the digest of the folder cannot vouch for)."""
    fresh = not keep or os.environ.get("ZONEBOOK_TEST_FRESH") == "1"
    shared = run_dir(tmp_path_factory) / "shared" if fresh else KEPT
    shared.mkdir(parents=True, exist_ok=True)
    key = name if fresh else f"{name}-{maker_digest(make)[:16]}"
    root, made, files = shared / key, shared / key / VALUE, shared / key / FILES
    with (shared / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if made.exists() and files.exists() and files.read_text() == tree_digest(root, {VALUE, FILES}):
            os.utime(files)  # the newest are kept
            return pickle.loads(made.read_bytes())
        if root.exists():
            shutil.rmtree(root)  # what a failed attempt or a damaged build left
        root.mkdir()
        value = make(root)
        files.write_text(tree_digest(root, {VALUE, FILES}))
        made.write_bytes(pickle.dumps(value))
    if not fresh:
        prune(shared, name)
    return value


def prune(shared: Path, name: str) -> None:
    """All but the newest KEEP builds of `name`, leaving any a run holds."""
    builds = [p for p in shared.glob(f"{name}-*") if p.is_dir() and (p / FILES).exists()]
    builds.sort(key=lambda p: (p / FILES).stat().st_mtime, reverse=True)
    for old in builds[KEEP:]:
        with (shared / f"{old.name}.lock").open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            shutil.rmtree(old, ignore_errors=True)
        (shared / f"{old.name}.lock").unlink(missing_ok=True)
