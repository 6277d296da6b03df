"""Time to pre-fill a year from its report: `zonebook new-year 2018 --source FILE`, end to end.

    .venv/bin/python benchmarks/prefill.py [--runs 5]

Each fictional report of tests/fixtures/prefill/ (.txt as given; the .docx and .pdf forms are
made once, outside the timing) is pre-filled into a fresh copy of data/ in a new process, the
way staff run it, Python start and imports included. Goal: under 5 s on 2 cores.
Prints per report and form the median and slowest wall-clock time and the median CPU time
(user + system of the command); nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.reports import FIXTURES, report_text, write_docx, write_pdf  # noqa: E402

GOAL_SECONDS = 5.0


def run_once(source: Path) -> tuple[float, float]:
    """(wall clock, CPU seconds of the command) for one pre-fill; CPU time is what a busy shared
    machine does not inflate."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "zonebook"),
                "new-year",
                "2018",
                "--source",
                str(source),
                "--data",
                str(data),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; runs per source: {args.runs}; goal: < {GOAL_SECONDS:g} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        sources = [FIXTURES / f"{name}.txt" for name in ("report_a", "report_b", "report_c")]
        sources.append(write_docx(report_text("report_b"), Path(tmp) / "report_b.docx"))
        sources.append(write_pdf(report_text("report_c"), Path(tmp) / "report_c.pdf"))
        worst = 0.0
        for source in sources:
            runs = [run_once(source) for _ in range(args.runs)]
            times, cpu = [w for w, _ in runs], [c for _, c in runs]
            worst = max(worst, max(times))
            print(
                f"{source.name:16} wall median {statistics.median(times):5.2f} s  max {max(times):5.2f} s   "
                f"CPU median {statistics.median(cpu):5.2f} s"
            )
    print(f"{'PASS' if worst < GOAL_SECONDS else 'FAIL'}: slowest pre-fill {worst:.2f} s (goal < {GOAL_SECONDS:g} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
