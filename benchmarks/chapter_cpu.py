"""CPU time of each chapter's cells, and its calls to the shared-table readers.

    .venv/bin/python benchmarks/chapter_cpu.py                 # every template, both languages, 3 runs
    .venv/bin/python benchmarks/chapter_cpu.py 07_plan 5       # one template, 5 runs

For each template and language, in a fresh process (as a kernel runs it), after the chapter
modules are imported: the template's code cells are executed once under cProfile, to count
the calls to the shared-table readers (data.units, data.catalogue, data.exchange_rates,
i18n.strings, glossary.terms, readers.read_csv) and pandas' set_index/astype, then N more times
without the profiler, the process's cached tables emptied before each, for the CPU time
(time.process_time: less disturbed by other work on a shared machine than wall time).
To compare with an earlier commit, run it in a snapshot (see README.md).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = ("units", "catalogue", "exchange_rates", "strings", "terms", "read_csv")
CHILD = r"""
import contextlib, cProfile, importlib, io, json, pkgutil, pstats, sys, time
sys.path.insert(0, %(root)r)
import zonebook.report
for module in pkgutil.iter_modules(zonebook.report.__path__):
    importlib.import_module("zonebook.report." + module.name)
import matplotlib.pyplot as plt
from zonebook import data, i18n, paths


def forget():
    if hasattr(paths, "forget"):
        paths.forget()
    else:  # a snapshot from before paths.read_once
        i18n._strings.cache_clear()
        data._shared.cache_clear()


notebook = json.loads(open(%(notebook)r, encoding="utf-8").read())
cells = ["".join(c["source"]) for c in notebook["cells"]
         if c["cell_type"] == "code" and "parameters" not in c.get("metadata", {}).get("tags", [])]


def run(profile=None):
    forget()
    names = {"year": 2017, "lang": %(lang)r, "data_root": ""}
    started = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        if profile:
            profile.enable()
        for source in cells:
            exec(compile(source, "cell", "exec"), names)
        if profile:
            profile.disable()
    plt.close("all")
    return time.process_time() - started


profile = cProfile.Profile()
run(profile)
calls = {}
for (file, _, function), (_, count, _, _, _) in pstats.Stats(profile).stats.items():
    if "zonebook" in file and function in %(readers)r:
        calls[function] = calls.get(function, 0) + count
    if function in ("set_index", "astype") and file.endswith(("pandas/core/generic.py", "pandas/core/frame.py")):
        calls["pandas " + function] = calls.get("pandas " + function, 0) + count
print(json.dumps({"cpu": [run() for _ in range(%(runs)d)], "calls": calls}))
"""


def measure(slug: str, lang: str, runs: int) -> dict:
    code = CHILD % {
        "root": str(ROOT),
        "notebook": str(ROOT / "notebooks" / f"{slug}.ipynb"),
        "lang": lang,
        "runs": runs,
        "readers": READERS,
    }
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    slugs = [sys.argv[1]] if len(sys.argv) > 1 else sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    total, calls = 0.0, {}
    print("| notebook | CPU s (median) | runs | calls |\n|---|---:|---|---|")
    for slug in slugs:
        for lang in ("zh", "en"):
            result = measure(slug, lang, runs)
            median = statistics.median(result["cpu"])
            total += median
            for name, count in result["calls"].items():
                calls[name] = calls.get(name, 0) + count
            shown = ", ".join(f"{name} {count}" for name, count in sorted(result["calls"].items()))
            print(
                f"| {lang}/{slug} | {median:.2f} | {' '.join(f'{c:.2f}' for c in result['cpu'])} | {shown} |",
                flush=True,
            )
    print(f"| all | {total:.2f} |  | {', '.join(f'{name} {count}' for name, count in sorted(calls.items()))} |")


if __name__ == "__main__":
    main()
