"""zonebook.engine.kernels and zonebook.engine.forkserver: kernels forked only from a single-threaded server,
every kernel's exit status observed, a fallback said on stderr."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from jupyter_client import BlockingKernelClient

from zonebook.engine.kernels import Kernels, run_sync

KERNEL = "python3"


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def threads_of(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def run_code(km, code: str) -> None:
    """Run `code` in the kernel (waiting for it to be ready first); no reply is awaited."""
    client = BlockingKernelClient()
    client.load_connection_info(km.get_connection_info())
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        client.execute(code)
        time.sleep(0.2)  # the request is sent before the channels close
    finally:
        client.stop_channels()


def exit_status(km, seconds: float = 30) -> int | None:
    """The kernel's exit status as its provisioner reports it (None: still running)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        code = run_sync(km.provisioner.poll())
        if code is not None:
            return code
        time.sleep(0.05)
    return None


def test_kernels_are_forked_from_a_single_threaded_server_and_their_exit_status_is_reported(capfd):
    with Kernels(fork=True) as kernels:
        server = kernels.server.process.pid
        exits, killed = kernels.start(KERNEL), kernels.start(KERNEL)
        try:
            # forked: children of the server, which imported numpy (OpenBLAS) and still runs
            # one thread only
            assert parent_of(exits.provisioner.pid) == server and parent_of(killed.provisioner.pid) == server
            assert threads_of(server) == 1

            run_code(exits, "import os\nos._exit(3)")
            assert exit_status(exits) == 3
            killed.signal_kernel(signal.SIGKILL)
            assert exit_status(killed) == -signal.SIGKILL
        finally:
            kernels.end(exits)
            kernels.end(killed)
    assert "zonebook:" not in capfd.readouterr().err  # no fallback


def test_a_fork_server_running_a_thread_refuses_to_fork_and_the_fallback_is_said(tmp_path, monkeypatch, capfd):
    (tmp_path / "starts_a_thread.py").write_text(
        "import threading, time\nthreading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    with Kernels(fork=True, modules=("starts_a_thread",)) as kernels:
        km = kernels.start(KERNEL)
        try:
            assert parent_of(km.provisioner.pid) == os.getpid()  # launched by us, not forked
            assert threads_of(kernels.server.process.pid) == 2
        finally:
            kernels.end(km)
    err = capfd.readouterr().err
    assert "could not fork a kernel (the fork server runs 2 threads" in err and "new interpreter" in err, err


@pytest.mark.parametrize("fork", [True, False])
def test_closing_the_kernels_kills_every_kernel_still_running(fork):
    kernels = Kernels(fork=fork)
    km = kernels.start(KERNEL)
    pid = km.provisioner.pid
    kernels.kill_all()
    kernels.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and running(pid):
        time.sleep(0.05)
    assert not running(pid)
    km.cleanup_resources()


def test_a_provisioner_call_works_where_an_event_loop_already_runs():
    # as under Playwright's sync API or in a notebook: asyncio.run alone refuses there
    async def inside_a_loop():
        return run_sync(asyncio.sleep(0, result="done"))

    with ThreadPoolExecutor(1) as fresh_thread:  # a thread of its own: this one may run a loop already
        assert fresh_thread.submit(asyncio.run, inside_a_loop()).result() == "done"
