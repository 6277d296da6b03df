"""A build made once per test run, whichever pytest-xdist worker asks for it first.

Each xdist worker has a session of its own, so a session fixture alone builds once per worker.
`once(tmp_path_factory, name, make)` builds in a folder of the run's temporary directory (the
parent of the workers' own, as pytest-xdist documents), under a file lock: the first worker calls
`make(folder)` and keeps what it returns (pickled beside it); the others wait on the lock and get
the same value and folder. A build that failed is made again by the next worker that asks (and
fails there too, with its own traceback). Whatever uses a shared build only reads it.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def run_dir(tmp_path_factory) -> Path:
    """The temporary directory of the whole run: the workers' common parent under xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    shared = run_dir(tmp_path_factory) / "shared"
    shared.mkdir(exist_ok=True)
    root, made = shared / name, shared / f"{name}.pickle"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if made.exists():
            return pickle.loads(made.read_bytes())
        if root.exists():
            shutil.rmtree(root)  # what a failed attempt left
        root.mkdir()
        value = make(root)
        made.write_bytes(pickle.dumps(value))
        return value
