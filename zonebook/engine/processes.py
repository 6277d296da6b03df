"""The processes below a kernel, read from /proc, and ending those it leaves behind.

A notebook may start a process in a session of its own (`start_new_session=True`, a daemon):
the kernel's process group does not hold it, and when the kernel exits it is re-parented away.
So a kernel's descendants are taken before it is asked to end, and those still running after
are ended with it (each known by its pid and start time, so that a reused pid is left alone).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path


def _table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, start time) of every live process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != b"Z":
            found[int(entry.name)] = (int(fields[1]), fields[19].decode())
    return found


def descendants(pid: int) -> dict[int, str]:
    """Every live process below `pid`: pid -> start time."""
    table = _table()
    found: dict[int, str] = {}
    frontier = {pid}
    while frontier:
        frontier = {child for child, (parent, _) in table.items() if parent in frontier and child not in found}
        found.update({child: table[child][1] for child in frontier})
    return found


def end_left(snapshot: dict[int, str]) -> None:
    """Kill every process of `snapshot` that still runs (the same process: same start time)."""
    table = _table()
    for pid, started in snapshot.items():
        if pid in table and table[pid][1] == started:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
