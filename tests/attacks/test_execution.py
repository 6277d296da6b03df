"""Execution has limits: a hanging cell is stopped and named; SIGTERM ends every child process
(kernels, Jupyter Book) and removes staging folders; a build removes what a killed one left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from zonebook.build import remove_leftovers
from zonebook.core import paths
from zonebook.engine import leftovers
from zonebook.engine.manifest import Project
from zonebook.engine.run import Job, NotebookError, execute

HANG = "import time\ntime.sleep(600)"


def hanging_template(folder: Path) -> Path:
    nb = new_notebook(
        cells=[
            new_code_cell('year = 2017\nlang = "zh"\ndata_root = ""', metadata={"tags": ["parameters"]}),
            new_code_cell("x = 1"),
            new_code_cell(HANG),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "hangs.ipynb"
    nbformat.write(nb, path)
    return path


def tiny_data(folder: Path) -> Path:
    (folder / "2017").mkdir(parents=True)
    (folder / "2017" / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    return folder


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (read from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_hanging_cell_is_stopped_and_named_with_the_limit(tmp_path):
    template = hanging_template(tmp_path)
    out = tmp_path / "book" / "hangs.ipynb"
    with pytest.raises(NotebookError) as error:
        execute([Job(template, 2017, "en", str(tiny_data(tmp_path / "data")), out)], workers=1, timeout=3)
    message = str(error.value)
    assert "hangs.ipynb (en, 2017)" in message and "cell 3 ('import time')" in message
    assert "longer than the limit of 3 s" in message and "--cell-timeout" in message
    assert not out.exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])  # SIGINT: Ctrl-C
def test_an_interruption_while_kernels_run_ends_every_kernel_quietly(tmp_path, signum):
    template, data = hanging_template(tmp_path), tiny_data(tmp_path / "data")
    script = textwrap.dedent(f"""
        import signal, sys
        from pathlib import Path
        from zonebook import cli
        from zonebook.engine.run import Job, execute
        signal.signal(signal.SIGTERM, cli._interrupt)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        jobs = [Job(Path({str(template)!r}), 2017, lang, {str(data)!r}, Path({str(tmp_path)!r}) / f"{{n}}" / lang / "hangs.ipynb")
                for n in range(3) for lang in ("zh", "en")]  # more than the workers: some wait to start
        try:
            execute(jobs, workers=2)
        except KeyboardInterrupt:
            sys.exit(130)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=paths.ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: len(descendants(process.pid)) >= 3, 60), "the kernels did not start"
        time.sleep(2)
        children = descendants(process.pid)
        process.send_signal(signum)
        assert process.wait(timeout=30) == 130
        assert wait_for(lambda: not alive(children), 10), f"left running: {alive(children)}"
        said = process.stderr.read()
        assert "Traceback" not in said and "could not fork" not in said, said  # no kernel starts after it
    finally:
        process.kill()
    assert not list(tmp_path.rglob("*.ipynb.*.tmp"))


def test_sigterm_during_the_jupyter_book_step_ends_it_and_removes_staging(tmp_path):
    out = tmp_path / "_build" / "html"
    book = tmp_path / "book"
    shutil.copytree(paths.BOOK, book)  # current with data/ (make test checks): nothing to execute
    command = [sys.executable, "-m", "zonebook", "build", "--book", str(book), "--out", str(out), "--no-pdf"]
    process = subprocess.Popen(command, cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:

        def staging():
            return list(out.parent.glob(f".staging-html-{process.pid}"))

        def building():
            return any(
                "jupyter_book" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
                for pid in alive(descendants(process.pid))
            )

        assert wait_for(lambda: staging() and building(), 240), "the Jupyter Book step did not start"
        children = descendants(process.pid)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130 and "interrupted; what was already published is unchanged" in stderr
    assert "Traceback" not in stderr
    assert wait_for(lambda: not alive(children), 10), f"left running: {alive(children)}"
    assert not staging() and not out.exists()


def test_a_build_removes_what_a_killed_build_left(tmp_path):
    dead = 2**22 + 1  # above the default pid_max: no such process
    out = tmp_path / "_build" / "html"
    left = [tmp_path / "_build" / f".staging-html-{dead}", tmp_path / "_build" / f".old-html-{dead}"]
    for folder in left:
        (folder / "site").mkdir(parents=True)
    ours = tmp_path / "_build" / f".staging-html-{os.getpid()}"  # a build still running keeps its own
    ours.mkdir()
    (tmp_path / "book" / "en" / "2017").mkdir(parents=True)
    stale_tmp = tmp_path / "book" / "en" / "2017" / f".01_economy.ipynb.{dead}.tmp"
    stale_tmp.write_text("{}")
    remove_leftovers(Project.of(tmp_path / "book"), out)
    assert not any(f.exists() for f in left) and not stale_tmp.exists() and ours.exists()
    assert leftovers.site_folders(out) == []


def test_kernel_socket_folders_of_a_killed_build_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(leftovers.tempfile, "gettempdir", lambda: str(tmp_path))
    dead, ours = tmp_path / f"zb-k-{2**22 + 1}-x1", tmp_path / f"zb-k-{os.getpid()}-x2"
    dead.mkdir(), ours.mkdir()
    assert leftovers.kernel_sockets() == [dead] and ours.exists()


def test_a_killed_new_year_leaves_nothing_the_next_one_keeps(real):
    from zonebook.staff.newyear import scaffold

    left = real / f".2018-{2**22 + 1}-abcd"
    left.mkdir()
    scaffold(2018, real)
    assert not left.exists() and (real / "2018" / "datapackage.json").is_file()


@pytest.mark.parametrize("langs", [("en",), ("zh", "en")])  # a kernel launched alone; kernels forked by the server
def test_a_process_a_notebook_starts_in_a_session_of_its_own_ends_with_the_build(tmp_path, langs):
    """Out of reach of the kernel's process group, it is still ended when the execution ends."""
    code = (
        "import subprocess\n"
        "child = subprocess.Popen(['sleep', '600'], start_new_session=True)\n"
        f"open({str(tmp_path)!r} + '/' + lang + '.pid', 'w').write(str(child.pid))"
    )
    nb = new_notebook(
        cells=[
            new_code_cell('year = 2017\nlang = "zh"\ndata_root = ""', metadata={"tags": ["parameters"]}),
            new_code_cell(code),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    template = tmp_path / "escapes.ipynb"
    nbformat.write(nb, template)
    data = str(tiny_data(tmp_path / "data"))
    execute([Job(template, 2017, lang, data, tmp_path / "book" / lang / "escapes.ipynb") for lang in langs], workers=2)
    pids = {int((tmp_path / f"{lang}.pid").read_text()) for lang in langs}
    try:
        assert wait_for(lambda: not alive(pids), 10), f"started in their own session, outlived the build: {alive(pids)}"
    finally:
        for pid in alive(pids):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("limit", ["0", "-5", "inf", "nan", "2.5", "abc", "", "100000"])
def test_a_cell_time_limit_that_is_not_whole_seconds_is_refused_before_anything_runs(
    real, tmp_path, capsys, limit, monkeypatch
):
    from support.attacks import line_with, run_cli

    book = tmp_path / "book"
    code, output = run_cli(
        capsys, "build", "--data", str(real), "--book", str(book), "--no-pdf", "--cell-timeout", limit
    )
    assert code == 1
    line_with(
        output,
        "command line",
        "field '--cell-timeout'",
        f"{limit!r} is not a time limit",
        "whole seconds",
        "e.g. --cell-timeout 600",
    )
    monkeypatch.setenv("ZONEBOOK_CELL_TIMEOUT", limit)
    code, output = run_cli(capsys, "build", "--data", str(real), "--book", str(book), "--no-pdf")
    assert code == 1
    line_with(
        output, "environment", "field 'ZONEBOOK_CELL_TIMEOUT'", "is not a time limit", "ZONEBOOK_CELL_TIMEOUT=600"
    )
    assert not book.exists()
