"""One command at a time on one thing: a build on its book and site folders, `new-year` on its
data folder. A second command is refused at once, naming the one at work and its process id.

The lock is an flock on a file in the temporary folder, named after the thing locked (nothing
is written into the project); the system releases it when the process ends, even if killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sys
import tempfile
from pathlib import Path

from zonebook.core.errors import DataError, Problem, rel

COMMAND: list[str] = []  # the command line of this process (zonebook.cli)


def _file(what: str, target: Path) -> Path:
    key = hashlib.sha256(str(Path(target).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"zonebook-{what}-{key}.lock"


@contextlib.contextmanager
def held(what: str, targets: list[Path]):
    """Hold the locks of `targets` for a `what` (build, new-year) for the duration of a block."""
    with contextlib.ExitStack() as stack:
        for target in dict.fromkeys(Path(t).resolve() for t in targets):  # one lock per folder, held once
            stack.enter_context(_one(what, target))
        yield


@contextlib.contextmanager
def _one(what: str, target: Path):
    path = _file(what, target)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.pread(handle, 4096, 0).decode("utf-8", errors="replace").strip() or "another zonebook command"
            raise DataError(
                Problem(
                    rel(target),
                    f"{other} is working on this folder now",
                    "Wait for it to end (or end it), then run this command again",
                )
            ) from None
        words = " ".join(COMMAND or ["zonebook", *sys.argv[1:]])
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"`{words}` (process {os.getpid()})".encode(), 0)
        yield
    finally:
        os.close(handle)  # releases the lock
