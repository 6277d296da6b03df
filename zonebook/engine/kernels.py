"""Fresh kernels for one build: each notebook gets a new kernel process, forked from a warm
fork server when there is one.

Most of a kernel's start is the interpreter and `import pandas, matplotlib, ipykernel`. The
fork server (`zonebook.engine.forkserver`) imports those libraries once (PRELOAD: third-party
libraries only, never the project's code) and forks one child per kernel; the child becomes
an ordinary IPKernelApp with its own connection file, environment and working directory, so
no state passes from one notebook to another.

Only public interfaces of jupyter_client: `ForkedProvisioner` is a kernel provisioner (a
`LocalProvisioner` subclass) registered by the entry point `zonebook-forked` in
pyproject.toml, chosen through the kernel spec's `kernel_provisioner` stanza (`ForkedSpecs`),
and given the fork server's socket as its config. A kernel that cannot be forked is launched
the ordinary way, and that is said on stderr.

Kernels use the IPC transport: their sockets are files in a private folder, so two kernels
never race for a TCP port. A kernel is ended by a shutdown request, then SIGTERM/SIGKILL only
if it has not exited within SHUTDOWN_WAIT; never with jupyter_client's `shutdown_kernel`,
which interrupts the kernel first (an idle ipykernel logs "KeyboardInterrupt caught in
kernel." on the build's stderr).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Unicode

from zonebook.core import paths
from zonebook.engine import leftovers, processes

PROVISIONER = "zonebook-forked"  # the entry point's name (pyproject.toml)
# What the fork server imports: the libraries every chapter imports, and what a kernel
# imports while it starts (its debugger, its history). Third-party libraries only, whose
# import changes no state a notebook can see: never the project's code (importing
# zonebook.report.charts sets matplotlib's backend and rcParams, and a kernel's imports of the
# project's modules must happen in the kernel, where they can be observed).
PRELOAD = (
    "pandas",
    "numpy",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_agg",
    "matplotlib.font_manager",
    "PIL.Image",
    "PIL.PngImagePlugin",
    "pandas.io.formats.html",
    "pandas.io.formats.csvs",
    "IPython",
    "IPython.display",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.extensions.storemagic",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "sqlite3",
    "tornado.gen",
    "tornado.locks",
    "tornado.queues",
    "noto_cjk_sans_otc",
)
SHUTDOWN_WAIT = 2.0  # seconds a kernel gets to exit after its shutdown request before SIGTERM/SIGKILL
FORK_REPLY_WAIT = 120.0  # seconds to wait for a fork (the server may still be importing, on a busy machine)


def report(message: str) -> None:
    print(f"zonebook: {message}", file=sys.stderr, flush=True)


def run_sync(coroutine):
    """A provisioner's coroutine run to its end from plain code, also where this thread already
    runs an event loop (asyncio.run refuses there: inside a notebook, under Playwright's sync API)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class ForkServer:
    """The fork server process (zonebook.engine.forkserver), listening on a socket in `folder`."""

    def __init__(self, folder: Path, modules=PRELOAD, env: dict | None = None):
        self.address = str(folder / "fork")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.address)
        listener.listen(64)  # kernels asked for while the server imports wait here
        env = dict(os.environ if env is None else env)
        # as jupyter_client sets them for a kernel, before the imports that read them:
        # ipykernel's backend for matplotlib, and no debugger warning about frozen modules
        env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        try:
            self.process = subprocess.Popen(
                # -P: the script's folder (zonebook/) is not put on sys.path
                [
                    sys.executable,
                    "-P",
                    str(Path(__file__).with_name("forkserver.py")),
                    str(listener.fileno()),
                    json.dumps(list(modules)),
                ],
                stdin=subprocess.PIPE,
                cwd=str(paths.ROOT),
                env=env,
                pass_fds=(listener.fileno(),),
            )
        finally:
            listener.close()

    def close(self) -> None:
        """End the server; it kills the kernels still running."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


class ForkedKernel:
    """One kernel forked by the fork server, as the provisioner sees it: its pid, its exit
    status once the server has reaped it, and signals sent through the server."""

    def __init__(self, address: str, argv: list[str], cwd: str, env: dict):
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._buffer = b""
        self.returncode: int | None = None
        try:
            self._socket.settimeout(FORK_REPLY_WAIT)
            self._socket.connect(address)
            self._socket.sendall(json.dumps({"argv": argv, "cwd": cwd, "env": env}).encode() + b"\n")
            reply = self._next()
            if reply is None or "pid" not in reply:
                raise RuntimeError((reply or {}).get("error", "the fork server closed the connection"))
        except BaseException:
            self._socket.close()
            raise
        self.pid: int = reply["pid"]
        self._socket.setblocking(False)

    def _next(self) -> dict | None:
        """The next message (blocking or not, as the socket is); None when the server is gone."""
        while b"\n" not in self._buffer:
            data = self._socket.recv(4096)
            if not data:
                return None
            self._buffer += data
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def poll(self) -> int | None:
        while self.returncode is None:
            try:
                message = self._next()
            except BlockingIOError:
                return None
            except OSError:
                message = None
            if message is None:
                # the server went away without reporting: it kills its kernels when it ends,
                # and a kernel exits by itself when its parent (the server) is gone
                self.returncode = -signal.SIGKILL
            elif "exit" in message:
                self.returncode = message["exit"]
        return self.returncode

    def signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                self._socket.sendall(json.dumps({"signal": int(signum)}).encode() + b"\n")
            except OSError:
                pass

    def close(self) -> None:
        self._socket.close()


ENDING = threading.Event()  # set on an interruption (Kernels.kill_all): no kernel starts after it


class ForkedProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, whose kernels are forked by the fork server at
    `server` (when empty, or when the fork fails, the kernel is launched as usual)."""

    server = Unicode("", config=True, help="the fork server's socket")
    _child: ForkedKernel | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if not self.server:
            return await super().launch_kernel(cmd, **kwargs)
        if "ipykernel_launcher" not in cmd or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
            report(f"the kernel {cmd[0]} is not this interpreter's ipykernel, so it cannot be forked; launching it")
        else:
            argv = [cmd[0], *cmd[cmd.index("ipykernel_launcher") + 1 :]]
            cwd = str(kwargs.get("cwd") or paths.ROOT)
            try:
                self._child = await asyncio.to_thread(
                    ForkedKernel, self.server, argv, cwd, dict(kwargs.get("env") or os.environ)
                )
            except (OSError, RuntimeError, ValueError) as error:
                if ENDING.is_set():  # the server was closed by an interruption: start nothing more
                    raise KeyboardInterrupt from None
                report(f"could not fork a kernel ({error}); launching it as a new interpreter instead (slower)")
            else:
                self.pid = self.pgid = self._child.pid
                self.cwd = cwd
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)

    @property
    def has_process(self) -> bool:
        return self._child is not None or super().has_process

    async def poll(self) -> int | None:
        if self._child is None:
            return await super().poll()
        return self._child.poll()

    async def wait(self) -> int | None:
        if self._child is None:
            return await super().wait()
        while self._child.poll() is None:
            await asyncio.sleep(0.02)
        code = self._child.returncode
        self._child.close()
        self._child = None
        return code

    async def send_signal(self, signum: int) -> None:
        if self._child is None:
            return await super().send_signal(signum)
        self._child.signal(signum)

    async def kill(self, restart: bool = False) -> None:
        if self._child is None:
            return await super().kill(restart)
        self._child.signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        if self._child is None:
            return await super().terminate(restart)
        self._child.signal(signal.SIGTERM)

    async def cleanup(self, restart: bool = False) -> None:
        if self._child is not None and self._child.poll() is not None:
            self._child.close()
            self._child = None
        await super().cleanup(restart)


class ForkedSpecs(KernelSpecManager):
    """The installed kernel specs, each given the forked provisioner and the server's socket."""

    server = Unicode("")

    def get_kernel_spec(self, kernel_name: str):
        spec = super().get_kernel_spec(kernel_name)
        spec.metadata = {
            **spec.metadata,
            "kernel_provisioner": {"provisioner_name": PROVISIONER, "config": {"server": self.server}},
        }
        return spec


class FreshKernel(KernelManager):
    """A kernel manager that remembers the clients made for it, so that ending the kernel
    closes them too (nbclient leaves a client open on a kernel manager it was given)."""

    # nbclient drives the kernel with asyncio: give it an asyncio client
    client_class = "jupyter_client.asynchronous.AsyncKernelClient"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._clients: list = []

    def client(self, **kwargs):
        made = super().client(**kwargs)
        self._clients.append(made)
        return made

    def end(self, now: bool = False) -> None:
        """Close its clients; ask the kernel to exit (or kill it `now`); clean up."""
        while self._clients:
            self._clients.pop().stop_channels()
        pid = getattr(self.provisioner, "pid", None) if self.has_kernel else None
        started = processes.descendants(pid) if pid else {}  # before the kernel exits and they are re-parented
        try:
            if self.has_kernel:
                if now:
                    self.signal_kernel(signal.SIGKILL)  # its process group
                else:
                    self.request_shutdown()
                self.finish_shutdown(waittime=SHUTDOWN_WAIT, pollinterval=0.02)
        finally:
            self.cleanup_resources()
            processes.end_left(started)


class Kernels:
    """The kernels of one build: started on request (`start`), ended in the background (`end`;
    `close` waits for that), all killed at once on an interruption (`kill_all`). `fork`: start a fork server and fork kernels from it."""

    def __init__(self, fork: bool = True, modules=PRELOAD):
        leftovers.kernel_sockets()
        ENDING.clear()
        # short: a socket path has at most 107 bytes; the pid lets a later build remove it
        self._folder = Path(tempfile.mkdtemp(prefix=f"zb-k-{os.getpid()}-"))
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self._started: set[FreshKernel] = set()
        self._reaper = ThreadPoolExecutor(max_workers=2, thread_name_prefix="zonebook-kernel-end")
        self.server: ForkServer | None = None
        if fork:
            try:
                self.server = ForkServer(self._folder, modules)
            except OSError as error:
                report(
                    f"could not start the kernel fork server ({error}); launching every kernel as a new "
                    "interpreter (slower)"
                )
        self._specs = ForkedSpecs(server=self.server.address) if self.server else None

    def __enter__(self) -> Kernels:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self, kernel_name: str, env: dict[str, str] | None = None, plain: bool = False) -> FreshKernel:
        """A started kernel, at the project root, with `env` added to this process's
        environment. `plain`: launched as a new interpreter, not forked."""
        if ENDING.is_set():
            raise KeyboardInterrupt
        extra = {} if plain or self._specs is None else {"kernel_spec_manager": self._specs}
        km = FreshKernel(
            kernel_name=kernel_name, transport="ipc", ip=str(self._folder / str(next(self._serial))), **extra
        )
        with self._lock:
            self._started.add(km)
        km.start_kernel(cwd=str(paths.ROOT), env={**os.environ, **(env or {})})
        return km

    def end(self, km: FreshKernel, now: bool = False) -> None:
        """End the kernel in the background: its notebook's thread goes on to the next one."""
        self._reaper.submit(self._end, km, now)

    def _end(self, km: FreshKernel, now: bool) -> None:
        try:
            km.end(now)
        finally:
            with self._lock:
                self._started.discard(km)

    def kill_all(self) -> None:
        """Kill every kernel at once (an interruption: no polite shutdown, no waiting)."""
        ENDING.set()
        with self._lock:
            started = list(self._started)
        for km in started:
            try:
                if km.provisioner is not None:
                    run_sync(km.provisioner.kill())  # its process group: the kernel and what it started
            except Exception:
                pass
        if self.server is not None:
            self.server.close()
            self.server = None

    def close(self) -> None:
        self._reaper.shutdown(wait=True)
        if self.server is not None:
            self.server.close()
        shutil.rmtree(self._folder, ignore_errors=True)
