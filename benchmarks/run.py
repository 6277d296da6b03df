"""Build speed against its floor and against the naive build, in one run on one machine.

    .venv/bin/python benchmarks/run.py            # full: >= 3 runs of everything under 60 s
    .venv/bin/python benchmarks/run.py --quick    # fewer runs, fewer editions in the scale run

Everything is built in temporary folders (a copy of data/, a fresh book dir and out dir):
book/, _build/html and data/ are never written. The nbval step reads the published book/.
Timings are wall clock (time.perf_counter) around the real commands (`zonebook build`,
`jupyter-book build`, `pytest --nbval`), Python start and imports included. Peak memory is
the largest sum of PSS over the command's whole process tree, sampled with psutil (the sum
of RSS is printed too; it counts the pages forked kernels share once per process).

Targets (PASS/FAIL printed at the end; see benchmarks/README.md):
  T1 executing N notebooks <= 1.15 x N x floor / cores   (floor measured in this run)
  T2 clean build of one edition <= 0.40 x the naive `jupyter-book build` (execute: force)
  T3 `zonebook build` with nothing changed < 2 s, end to end
  T4 adding a year re-executes only that year's notebooks; peak memory < 1 GiB
  T6 `zonebook diff` of two full editions, every page changed, < 10 s end to end

    .venv/bin/python benchmarks/run.py --diff-only   # T6 alone (a minute)
  T5 `zonebook validate` answers a 400,000-row table in < 30 s (it is refused up front by
     the size limit, zonebook.data.readers.MAX_TABLE_BYTES); the largest table under the limit is
     validated in < 30 s too

    .venv/bin/python benchmarks/run.py --validation   # T5 alone, about a minute
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # test_editions' fill_like_staff: how synthetic years are made

from zonebook.core import paths  # noqa: E402
from zonebook.core.chapters import TEMPLATES  # noqa: E402
from zonebook.data.i18n import LANGS  # noqa: E402

BIN = Path(sys.executable).parent
ZONEBOOK = [str(BIN / "zonebook")] if (BIN / "zonebook").exists() else [sys.executable, "-m", "zonebook"]
YEAR = 2017
GIB = 1 << 30
DIFF_ROW = f"`zonebook diff`, {YEAR} both editions, every page changed (end to end)"
NOISE = re.compile(r"\[IPKernelApp\]|KeyboardInterrupt|To connect another client")


# ---------------------------------------------------------------- measuring


class Run:
    def __init__(self, seconds: float, peak: int, out: str, err: str, code: int, peak_rss: int = 0):
        self.seconds, self.peak, self.out, self.err, self.code = seconds, peak, out, err, code
        self.peak_rss = peak_rss


def pss_of(pid: int, fallback: int) -> int:
    """Proportional set size from /proc/<pid>/smaps_rollup (cheap, unlike psutil's full smaps)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return fallback


def timed(command: list[str], cwd: Path = ROOT, env: dict | None = None, check: bool = True) -> Run:
    """Run a command; wall time and the peak memory of its process tree: the sum of PSS (each
    shared page divided among the processes sharing it: forked kernels share most of theirs
    with the fork server) and, for information, the sum of RSS (counts shared pages again
    in every process)."""
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_rss = 0
    done = threading.Event()

    def sample():
        nonlocal peak, peak_rss
        while not done.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
            except psutil.Error:
                tree = []
            pss = rss = 0
            for p in tree:
                try:
                    rss_one = p.memory_info().rss
                    rss += rss_one
                    pss += pss_of(p.pid, rss_one)
                except psutil.Error:
                    pass
            peak, peak_rss = max(peak, pss), max(peak_rss, rss)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if check and process.returncode != 0:
        raise SystemExit(f"FAILED ({process.returncode}): {' '.join(command)}\n{out[-3000:]}\n{err[-3000:]}")
    return Run(seconds, peak, out, err, process.returncode, peak_rss)


def executed(run: Run) -> tuple[list[str], float]:
    match = re.search(r"executed (\d+) notebooks in ([\d.]+) s(?:: (.*))?", run.out)
    if not match:
        raise SystemExit(f"no summary in zonebook's output:\n{run.out}\n{run.err}")
    names = match.group(3).split(", ") if match.group(3) else []
    return names, float(match.group(2))


def median(values) -> float:
    return statistics.median(values)


def floor_seconds(reps: int) -> tuple[float, float]:
    """Median (kernel start + chapter imports) and median bare kernel start, in seconds."""
    from jupyter_client import KernelManager

    report = ROOT / "zonebook" / "report"
    modules = sorted(p.stem for p in report.glob("*.py") if p.stem != "__init__")
    modules += sorted(p.parent.name for p in report.glob("*/__init__.py"))  # a chapter split into a package
    code = "import pandas, matplotlib\n" + "\n".join(f"import zonebook.report.{m}" for m in modules)
    full, bare = [], []
    folder = Path(tempfile.mkdtemp(prefix="zb-floor-"))
    for i in range(reps):
        # the same kernel, transport and working directory as the build's kernels
        started = time.perf_counter()
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(folder / str(i)))
        km.start_kernel(cwd=str(ROOT))
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        ready = time.perf_counter()
        reply = kc.execute_interactive(code, store_history=False, timeout=120)
        done = time.perf_counter()
        assert reply["content"]["status"] == "ok", reply["content"]
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        full.append(done - started)
        bare.append(ready - started)
    shutil.rmtree(folder, ignore_errors=True)
    return median(full), median(bare)


# ---------------------------------------------------------------- fixtures


def copy_data(where: Path, source: Path = paths.DATA) -> Path:
    data = where / "data"
    shutil.copytree(source, data)
    return data


def big_table(data: Path, rows: int) -> int:
    """economy.csv grown to `rows` rows: its rows repeated under new ids (a fictional table, as an
    export of another system would be). Returns the file's size in bytes."""
    path = data / str(YEAR) / "economy.csv"
    header, *body = path.read_text(encoding="utf-8").splitlines()
    lines = [header] + [
        f"{line.split(',', 1)[0]}_{i}," + line.split(",", 1)[1] for i in range(rows // len(body) + 1) for line in body
    ][:rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path.stat().st_size


def validation_rows(tmp: Path, pristine: Path, reps: int) -> tuple[list, list]:
    """T5: validate the bundled data, a 400,000-row table, and the largest table under the limit."""
    from zonebook.data.readers import MAX_TABLE_BYTES

    measured, targets = [], []
    bundled = [timed(ZONEBOOK + ["validate", "--data", str(pristine)]) for _ in range(reps)]
    measured.append(("`zonebook validate`, bundled data", bundled, ""))
    huge = copy_data(tmp / "huge", pristine)
    size = big_table(huge, 400_000)
    runs = [timed(ZONEBOOK + ["validate", "--data", str(huge), "--year", str(YEAR)], check=False) for _ in range(reps)]
    refused = all(r.code == 1 and "over the limit" in r.err for r in runs)
    measured.append(
        (
            f"`zonebook validate`, economy.csv of 400,000 rows ({size / 1e6:.0f} MB)",
            runs,
            "refused up front (size limit)" if refused else "NOT refused",
        )
    )
    limit = copy_data(tmp / "limit", pristine)
    per_row = big_table(limit, 1000) / 1000
    rows_under = int(MAX_TABLE_BYTES / per_row * 0.98)
    big_table(limit, rows_under)
    under = [
        timed(ZONEBOOK + ["validate", "--data", str(limit), "--year", str(YEAR)], check=False) for _ in range(reps)
    ]
    measured.append(
        (
            f"`zonebook validate`, economy.csv of {rows_under:,} rows (just under the limit)",
            under,
            "every row read and checked",
        )
    )
    worst = max(r.seconds for r in runs + under)
    targets.append(
        (
            "T5 validate answers 400,000 rows, and the largest table allowed, in < 30 s",
            refused and worst < 30,
            f"400,000 rows refused in {median(r.seconds for r in runs):.2f} s; {rows_under:,} rows validated in "
            f"{median(r.seconds for r in under):.2f} s (max {worst:.2f} s)",
        )
    )
    return measured, targets


def add_year(data: Path, year: int) -> None:
    """tests/test_editions' way: scaffold, then fill as staff would. With the previous year's
    values as they are (GROWTH 1): the validator wants whole counts and totals that add up."""
    import test_editions
    from test_editions import fill_like_staff

    test_editions.GROWTH = 1.0
    from zonebook.staff.newyear import scaffold

    scaffold(year, data)
    fill_like_staff(data, year)
    # fill_like_staff saves economy.csv as Excel would (GB18030) but reads the year before as
    # UTF-8: re-save it as UTF-8 so that the next synthetic year can be filled from it
    economy = data / str(year) / "economy.csv"
    if economy.is_file():
        economy.write_text(economy.read_bytes().decode("gb18030"), encoding="utf-8", newline="")
    # likewise land.xlsx: fill_like_staff finds no land.csv the year before and would leave the
    # next year's land table empty (an empty .xlsx table makes 08_methods fail: see README)
    land = data / str(year) / "land.xlsx"
    if land.is_file():
        import csv

        import openpyxl

        sheet = openpyxl.load_workbook(land, read_only=True).active
        with (land.with_suffix(".csv")).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            for values in sheet.iter_rows(values_only=True):
                writer.writerow(["" if v is None else f"{v:g}" if isinstance(v, float) else v for v in values])
        land.unlink()


def build(where: Path, data: Path, *extra: str, env: dict | None = None) -> Run:
    return timed(
        [
            *ZONEBOOK,
            "build",
            "--data",
            str(data),
            "--book",
            str(where / "book"),
            "--out",
            str(where / "out" / "html"),
            "--no-pdf",
            *extra,
        ],
        env=env,
    )


def naive_book(where: Path, lang: str) -> Path:
    """notebooks/ copied into <lang>/2017/ with the parameters cell set, and a Jupyter Book
    that executes them itself (execute_notebooks: force)."""
    import nbformat

    book = where / lang
    (book / str(YEAR)).mkdir(parents=True)
    for t in TEMPLATES:
        nb = nbformat.read(paths.NOTEBOOKS / f"{t.slug}.ipynb", as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        cell.source = f'year = {YEAR}\nlang = "{lang}"\ndata_root = ""\n'
        nbformat.write(nb, book / str(YEAR) / f"{t.slug}.ipynb")
    (book / "index.md").write_text(f"# Naive {lang}\n", encoding="utf-8")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n" + "".join(f"  - file: {YEAR}/{t.slug}\n" for t in TEMPLATES),
        encoding="utf-8",
    )
    (book / "_config.yml").write_text(
        f"title: naive {lang}\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: force\n  timeout: 600\n",
        encoding="utf-8",
    )
    return book


def naive_build(where: Path, parallel: bool = False) -> Run:
    books = [naive_book(where, lang) for lang in LANGS]
    commands = [[str(BIN / "jupyter-book"), "build", str(b), "--path-output", str(b)] for b in books]
    if not parallel:
        script = " && ".join(" ".join(f"'{w}'" for w in c) for c in commands)
    else:
        script = " & ".join(" ".join(f"'{w}'" for w in c) for c in commands) + " & wait"
    run = timed(["bash", "-c", script])
    for b in books:
        assert (b / "_build" / "html" / str(YEAR) / "01_economy.html").is_file(), f"naive build of {b} made no page"
    return run


def toggle_line_endings(path: Path) -> None:
    """A real byte change that leaves every value as it was."""
    data = path.read_bytes()
    path.write_bytes(data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n"))


def book_diff(tmp: Path, reps: int) -> list[Run]:
    """`zonebook diff` end to end on the heaviest change two full editions can have."""
    from diff_fixture import every_page_changed

    repo = every_page_changed(tmp)
    runs = []
    for _ in range(reps):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = timed([*ZONEBOOK, "diff", "main", "--repo", str(repo), "--out", str(tmp / "diff")])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        run.cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime  # tells load from work
        runs.append(run)
    return runs


# ---------------------------------------------------------------- the report


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    packages = [
        "papermill",
        "nbclient",
        "jupyter_client",
        "ipykernel",
        "jupyter-book",
        "sphinx",
        "pandas",
        "matplotlib",
        "nbval",
        "pyzmq",
    ]
    versions = {}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(psutil.virtual_memory().total / GIB, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "packages": versions,
        "load_before": os.getloadavg(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and editions (a few minutes)")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--validation", action="store_true", help="only T5: validating big input (about a minute)")
    parser.add_argument(
        "--pin",
        action="append",
        default=[],
        metavar="data/FILE",
        help="take this data file as committed (git HEAD) instead of the working tree's, e.g. "
        "while someone's edit of it is half done; repeatable",
    )
    parser.add_argument("--diff-only", action="store_true", help="only the book diff (T6)")
    args = parser.parse_args()
    reps = 1 if args.quick else 3
    scale = (1, 2, 5) if args.quick else (1, 2, 5, 10)
    cores = os.cpu_count() or 1
    rows: list[tuple[str, str, str, str]] = []  # (what, median s, runs, peak MiB)
    peaks: list[int] = []
    peaks_rss: list[int] = []
    noise: list[str] = []
    started = time.perf_counter()

    def row(what, runs: list[Run] | list[float], note=""):
        seconds = [r.seconds if isinstance(r, Run) else r for r in runs]
        peak = max((r.peak for r in runs if isinstance(r, Run)), default=0)
        if peak:
            peaks.append(peak)
            peaks_rss.append(max(r.peak_rss for r in runs if isinstance(r, Run)))
        rows.append(
            (
                what,
                f"{median(seconds):.2f}",
                " ".join(f"{s:.2f}" for s in seconds),
                f"{peak / 2**20:.0f}" if peak else "",
                note,
            )
        )
        print(f"  {what}: {median(seconds):.2f} s {note}", flush=True)

    info = machine()
    print(
        f"machine: {info['nproc']} cores, {info['cpu']}, {info['memory_gib']} GiB, Python {info['python']}, "
        f"load {info['load_before']}",
        flush=True,
    )
    if args.diff_only:
        with tempfile.TemporaryDirectory(prefix="zb-bench-") as tmp:
            runs = book_diff(Path(tmp), max(reps, 3))
        print(
            f"  {DIFF_ROW}: median {median(r.seconds for r in runs):.2f} s, "
            f"runs {' '.join(f'{r.seconds:.2f}' for r in runs)}, CPU {' '.join(f'{r.cpu:.2f}' for r in runs)} s, "
            f"peak {max(r.peak for r in runs) / 2**20:.0f} MiB; {runs[0].out.splitlines()[0]}; "
            f"load after {tuple(round(x, 2) for x in os.getloadavg())}"
        )
        return 0 if median(r.seconds for r in runs) < 10 else 1
    if args.validation:
        with tempfile.TemporaryDirectory(prefix="zb-bench-") as tmp:
            measured, targets = validation_rows(Path(tmp), copy_data(Path(tmp) / "pristine"), reps)
        for what, runs, note in measured:
            row(what, runs, note)
        print(
            "\n".join(
                ["", "| measurement | median s | runs (s) | peak MiB (PSS) | note |", "|---|---:|---|---:|---|"]
                + [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows]
                + ["", "| target | result | measured |", "|---|---|---|"]
                + [f"| {name} | {'PASS' if ok else 'FAIL'} | {detail} |" for name, ok, detail in targets]
            )
        )
        return 0 if all(ok for _, ok, _ in targets) else 1

    # 1. the floor
    floor, bare = floor_seconds(7 if not args.quick else 5)
    rows.append(
        (
            "floor: kernel start + chapter imports (jupyter_client)",
            f"{floor:.2f}",
            "median of " + ("7" if not args.quick else "5"),
            "",
            "",
        )
    )
    rows.append(("  of which bare kernel start", f"{bare:.2f}", "", "", ""))
    print(f"  floor {floor:.2f} s (bare kernel {bare:.2f} s)", flush=True)
    n = len(TEMPLATES) * len(LANGS)
    bound = 1.15 * n * floor / cores

    with tempfile.TemporaryDirectory(prefix="zb-bench-") as tmp:
        tmp = Path(tmp)
        # one snapshot of data/ for the whole run (the repository may change while it runs)
        pristine = copy_data(tmp / "pristine")
        for name in args.pin:
            committed = subprocess.run(["git", "show", f"HEAD:{name}"], cwd=ROOT, check=True, capture_output=True)
            (pristine / Path(name).relative_to("data")).write_bytes(committed.stdout)
        data = copy_data(tmp / "fixture", pristine)

        # 2. clean builds of the 2017 edition, then no-change builds
        # beside each, the same build with every kernel launched as its own interpreter (no
        # fork server): what plain papermill, in a pool of threads or processes, costs
        clean, execute_seconds, nochange, launched, launched_seconds = [], [], [], [], []
        for i in range(reps):
            where = tmp / f"clean{i}"
            run = build(where, data)
            names, seconds = executed(run)
            assert len(names) == n, names
            clean.append(run)
            execute_seconds.append(seconds)
            noise += [line for line in run.err.splitlines() if NOISE.search(line)]
            run = build(tmp / f"launched{i}", data, env={**os.environ, "ZONEBOOK_FORK_KERNELS": "0"})
            names, seconds = executed(run)
            assert len(names) == n, names
            launched.append(run)
            launched_seconds.append(seconds)
        for _ in range(max(reps, 3) + 2):
            run = build(tmp / "clean0", data)
            names, _ = executed(run)
            assert names == [] and "site current" in run.out, run.out
            nochange.append(run)
        row(f"clean build, {YEAR} edition ({n} notebooks, --no-pdf)", clean)
        row(
            f"  of which executing the {n} notebooks",
            execute_seconds,
            f"(bound 1.15 x {n} x floor / {cores} = {bound:.2f} s)",
        )
        row("clean build, kernels launched, no fork server (ZONEBOOK_FORK_KERNELS=0)", launched)
        row(f"  of which executing the {n} notebooks", launched_seconds)
        row("no-change build (`zonebook build`, end to end)", nochange)

        # 3. one table changed: only its readers re-run (those whose execution read it, as recorded)
        changed = []
        records = json.loads((tmp / "clean0" / "book" / "manifest.json").read_text(encoding="utf-8"))["notebooks"]
        readers = sorted(key for key, record in records.items() if f"data/{YEAR}/safety.csv" in record["inputs"])
        for _ in range(reps):
            toggle_line_endings(data / str(YEAR) / "safety.csv")
            run = build(tmp / "clean0", data)
            names, _ = executed(run)
            assert sorted(names) == readers, f"safety.csv changed; executed {names}, expected {readers}"
            changed.append(run)
        row(
            f"safety.csv changed ({len(readers)} notebooks re-run: {', '.join(sorted({r.split('/')[-1] for r in readers}))})",
            changed,
        )

        # 4. the naive way: Jupyter Book executing the templates itself
        naive = [naive_build(tmp / f"naive{i}") for i in range(reps)]
        row("NAIVE: `jupyter-book build` x 2 languages, execute_notebooks: force", naive)
        naive_parallel = [naive_build(tmp / "naive-parallel", parallel=True)]
        row("NAIVE, the two languages' builds side by side (1 run)", naive_parallel)

        # 5. nbval on the published book (the test command's last step)
        nbval = [
            timed(
                [
                    str(BIN / "pytest"),
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "--nbval",
                    "--nbval-current-env",
                    "--nbval-sanitize-with",
                    "tests/nbval-sanitize.cfg",
                    "book",
                ],
                check=False,
            )
            for _ in range(reps)
        ]
        status = "passed" if all(r.code == 0 for r in nbval) else f"FAILED (exit {nbval[0].code}: book/ not current?)"
        row(f"nbval step on the published book/ ({status})", nbval)

        # 6. scale: k editions clean, then one more year
        scale_rows, add_ok = [], True
        for k in scale:
            where = tmp / f"scale{k}"
            scale_data = copy_data(where, pristine)
            for year in range(YEAR + 1, YEAR + k):
                add_year(scale_data, year)
            run = build(where, scale_data)
            names, seconds = executed(run)
            assert len(names) == k * n, (k, len(names))
            new = YEAR + k
            add_year(scale_data, new)
            more = build(where, scale_data)
            more_names, more_seconds = executed(more)
            expected = sorted(f"{lang}/{new}/{t.slug}.ipynb" for lang in LANGS for t in TEMPLATES)
            only = sorted(more_names) == expected
            add_ok &= only
            peaks += [run.peak, more.peak]
            peaks_rss += [run.peak_rss, more.peak_rss]
            scale_rows.append(
                (k, run.seconds, seconds, more.seconds, more_seconds, len(more_names), only, max(run.peak, more.peak))
            )
            print(
                f"  scale {k}: clean {run.seconds:.1f} s, +1 year {more.seconds:.1f} s "
                f"({len(more_names)} executed, only {new}: {only})",
                flush=True,
            )

        # 7. the book diff a reviewer reads
        diffs = book_diff(tmp, reps)
        row(DIFF_ROW, diffs, f"CPU {median(r.cpu for r in diffs):.2f} s; {diffs[0].out.splitlines()[0]}")
        # 6. big input (T5)
        measured, validation_targets = validation_rows(tmp, pristine, reps)
        for what, runs, note in measured:
            row(what, runs, note)

    total = time.perf_counter() - started
    peak = max(peaks)
    clean_median, naive_median = median(r.seconds for r in clean), median(r.seconds for r in naive)
    targets = [
        (
            f"T1 executing {n} notebooks <= 1.15 x N x floor / cores",
            median(execute_seconds) <= bound,
            f"{median(execute_seconds):.2f} s vs {bound:.2f} s (ratio to N x floor / cores: "
            f"{median(execute_seconds) / (n * floor / cores):.2f})",
        ),
        (
            "T2 clean build <= 0.40 x naive force build",
            clean_median <= 0.40 * naive_median,
            f"{clean_median:.2f} s vs {0.40 * naive_median:.2f} s (ratio {clean_median / naive_median:.2f}; "
            f"kernels launched, no fork server: ratio {median(r.seconds for r in launched) / naive_median:.2f})",
        ),
        (
            "T3 no-change build < 2 s",
            median(r.seconds for r in nochange) < 2.0,
            f"{median(r.seconds for r in nochange):.2f} s (max {max(r.seconds for r in nochange):.2f} s)",
        ),
        ("T4 add a year: only its notebooks re-run", add_ok, f"editions {', '.join(map(str, scale))}"),
        (
            "T4 peak memory < 1 GiB (process tree, sum of PSS)",
            peak < GIB,
            f"{peak / 2**20:.0f} MiB (sum of RSS, shared pages counted in every process: "
            f"{max(peaks_rss) / 2**20:.0f} MiB)",
        ),
        (
            "T5 book diff of two full editions < 10 s",
            median(r.seconds for r in diffs) < 10,
            f"{median(r.seconds for r in diffs):.2f} s",
        ),
        (
            "no kernel noise on stderr (KeyboardInterrupt, [IPKernelApp])",
            not noise,
            f"{len(noise)} lines" + (f", e.g. {noise[0]!r}" if noise else ""),
        ),
        *validation_targets,
    ]

    lines = [
        f"Machine: {info['nproc']} cores, {info['cpu']}, {info['memory_gib']} GiB RAM, Python {info['python']}, "
        f"{info['os']}; load average before the run {tuple(round(x, 2) for x in info['load_before'])}",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()),
        f"Mode: {'--quick' if args.quick else 'full'}; data/ from the working tree"
        + (f" except {', '.join(args.pin)} as of git HEAD" if args.pin else "")
        + f"; benchmark wall time {total / 60:.1f} min",
        "",
        "| measurement | median s | runs (s) | peak MiB (PSS) | note |",
        "|---|---:|---|---:|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows]
    lines += [
        "",
        "| editions | clean build s | of which executing s | +1 year build s | of which executing s "
        "| notebooks re-run | only the new year | peak MiB (PSS) |",
        "|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    lines += [
        f"| {k} | {a:.1f} | {b:.1f} | {c:.1f} | {d:.1f} | {e} | {'yes' if f else 'NO'} | {g / 2**20:.0f} |"
        for k, a, b, c, d, e, f, g in scale_rows
    ]
    lines += ["", "| target | result | measured |", "|---|---|---|"]
    lines += [f"| {name} | {'PASS' if ok else 'FAIL'} | {detail} |" for name, ok, detail in targets]
    print("\n" + "\n".join(lines))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"machine": info, "rows": rows, "scale": scale_rows, "targets": targets}, indent=1, default=str),
            encoding="utf-8",
        )
    return 0 if all(ok for _, ok, _ in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
