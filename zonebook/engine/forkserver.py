"""The kernel fork server: imports third-party libraries once, then forks one kernel per request.

Started by `zonebook.engine.kernels.ForkServer` as `python -P forkserver.py LISTEN_FD MODULES_JSON`.
This file uses the standard library only and never imports `zonebook`: a kernel's imports of
the project's modules happen in the kernel, where they can be observed.

Forking a process that runs more than one thread is unsafe (the child inherits locks another
thread may hold). So the libraries' thread pools are limited to one thread before anything is
imported (OpenBLAS starts one per core when numpy is imported), the server itself never
starts a thread, and before every fork it counts its threads in /proc/self/task: with more
than one it refuses to fork and says why (the client then launches that kernel the ordinary
way and reports it).

Protocol: one Unix-socket connection per kernel, JSON lines.
    client: {"argv": [...], "cwd": "...", "env": {...}}   server: {"pid": N} or {"error": "..."}
    client: {"signal": N}     the kernel's process group gets signal N, if it has not been reaped
    server: {"exit": CODE}    the kernel has exited (CODE as Popen.returncode: -N for signal N)
The server is the kernels' parent and reaps each with waitpid when SIGCHLD arrives, so a
kernel's pid cannot be reused while a client may still signal it. When its stdin closes (the
build ended, or died), it kills every kernel still running and exits.
"""

from __future__ import annotations

import os

# before any import that loads a threaded math library
for _name in (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
):
    os.environ[_name] = "1"
# read by ipykernel when imported (a class attribute's default): the kernels' parent is this
# process, which they watch, exiting when it goes away (unset, each kernel also prints its
# connection banner)
os.environ["JPY_PARENT_PID"] = str(os.getpid())

import importlib  # noqa: E402
import json  # noqa: E402
import selectors  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402


def threads() -> int:
    """How many threads this process runs."""
    return len(os.listdir("/proc/self/task"))


def preload(modules: list[str]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass  # the kernel imports it again itself, and the notebook shows the error


class Server:
    def __init__(self, listener: socket.socket):
        self.listener = listener
        self.kernels: dict[int, socket.socket] = {}  # pid -> the connection that asked for it
        self.pids: dict[socket.socket, int] = {}
        self.buffers: dict[socket.socket, bytes] = {}
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(self.wake_write, False)
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler (not SIG_IGN): kernels are reaped by waitpid
        self.selector = selectors.DefaultSelector()
        self.selector.register(listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_read, selectors.EVENT_READ, "signal")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")

    def run(self) -> dict | None:
        """Serve until stdin closes (returns None); in a forked child, return its request."""
        while True:
            for key, _ in self.selector.select():
                if key.data == "accept":
                    connection, _ = self.listener.accept()
                    self.buffers[connection] = b""
                    self.selector.register(connection, selectors.EVENT_READ, "client")
                elif key.data == "signal":
                    while _drain(self.wake_read):
                        pass
                    self.reap()
                elif key.data == "stdin":
                    if not os.read(key.fd, 4096):
                        self.stop()
                        return None
                else:
                    request = self.read(key.fileobj)
                    if request is not None:
                        return request

    def read(self, connection: socket.socket) -> dict | None:
        try:
            data = connection.recv(65536)
        except OSError:
            data = b""
        if not data:  # the client is gone; its kernel runs on, and is reaped when it exits
            self.forget(connection)
            return None
        self.buffers[connection] += data
        *lines, self.buffers[connection] = self.buffers[connection].split(b"\n")
        for line in lines:
            message = json.loads(line)
            if "argv" in message:
                if self.fork(connection, message):
                    return message  # this is the child
            elif "signal" in message:
                pid = self.pids.get(connection)
                if pid in self.kernels:  # not reaped: the pid is still this kernel's
                    try:
                        os.killpg(pid, message["signal"])
                    except ProcessLookupError:
                        pass
        return None

    def fork(self, connection: socket.socket, request: dict) -> bool:
        """Fork a kernel for the request; True in the child."""
        count = threads()
        if count != 1:
            _send(connection, {"error": f"the fork server runs {count} threads, and forking it would be unsafe"})
            return False
        try:
            pid = os.fork()
        except OSError as error:
            _send(connection, {"error": f"fork failed: {error}"})
            return False
        if pid == 0:
            self.close_in_child()
            return True
        self.kernels[pid] = connection
        self.pids[connection] = pid
        _send(connection, {"pid": pid})
        return False

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            connection = self.kernels.pop(pid, None)
            if connection is not None:
                _send(connection, {"exit": os.waitstatus_to_exitcode(status)})

    def forget(self, connection: socket.socket) -> None:
        self.selector.unregister(connection)
        self.buffers.pop(connection, None)
        self.pids.pop(connection, None)
        connection.close()

    def stop(self) -> None:
        """Kill every kernel still running (its whole process group), reap it, report it; then
        every process a kernel left behind, in whatever session (they are this server's
        children: `become_subreaper`)."""
        for pid in list(self.kernels):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        while self.kernels:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            connection = self.kernels.pop(pid, None)
            if connection is not None:
                _send(connection, {"exit": os.waitstatus_to_exitcode(status)})
        for _ in range(1000):  # each round may orphan the next generation onto this server
            left = children()
            if not left:
                return
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            for pid in left:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass

    def close_in_child(self) -> None:
        """In a forked child: let go of everything that is the server's."""
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        self.selector.close()
        for connection in self.buffers:
            connection.close()
        self.listener.close()
        os.close(self.wake_read)
        os.close(self.wake_write)


def _drain(fd: int) -> bool:
    try:
        return bool(os.read(fd, 4096))
    except BlockingIOError:
        return False


def _send(connection: socket.socket, message: dict) -> None:
    try:
        connection.sendall(json.dumps(message).encode() + b"\n")
    except OSError:
        pass  # the client is gone


PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """A process a kernel starts in a session of its own (out of reach of the kernel's process
    group) and leaves behind is re-parented to this server, not to init, so that `stop` ends
    it with the build. Not inherited by the forked kernels."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the kernels' process groups are ended as before
        pass


def children() -> list[int]:
    """This process's children, from /proc (zombies included: they are reaped after)."""
    me, found = str(os.getpid()).encode(), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        if stat[stat.rindex(b")") + 2 :].split()[1] == me:
            found.append(int(entry))
    return found


def become_kernel(request: dict) -> None:
    """In the forked child: become an ordinary IPKernelApp, as `python -m ipykernel_launcher`
    would, with the request's arguments, working directory and environment."""
    os.setsid()  # its own process group, as jupyter_client launches a kernel
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # the server, as ipykernel has already read it
    sys.argv = request["argv"]
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()


def main() -> None:
    listener = socket.socket(fileno=int(sys.argv[1]))
    become_subreaper()
    preload(json.loads(sys.argv[2]))
    request = Server(listener).run()
    if request is not None:
        become_kernel(request)


if __name__ == "__main__":
    main()
