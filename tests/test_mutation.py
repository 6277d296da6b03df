"""Proof that the checks bite: a changed data value or chart cannot pass unseen.

- a value changed in data changes the number in the re-executed chapter (nothing is typed);
- the freshness check names the changed data file and the command to run;
- strict nbval, re-executing a published notebook against changed data, fails on that output.

A perturbed figure failing the figure check is test_manifest's (one pixel changed); that the
published book's figures are current is `zonebook check`'s (scripts/test).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from zonebook.core import paths
from zonebook.engine import manifest
from zonebook.engine.manifest import Hasher, Project

NOTEBOOK = "en/2017/01_economy.ipynb"
TAX_QUOTE_VALUE = ("tax_revenue,tax_revenue,,3.22,", "tax_revenue,tax_revenue,,3.99,")


def copy_data(tmp_path: Path, mutate: bool) -> Path:
    data = tmp_path / ("mutated" if mutate else "control") / "data"
    shutil.copytree(paths.DATA, data)
    if mutate:
        economy = data / "2017" / "economy.csv"
        text = economy.read_text(encoding="utf-8")
        assert TAX_QUOTE_VALUE[0] in text
        economy.write_text(text.replace(*TAX_QUOTE_VALUE), encoding="utf-8")
    return data


def outputs_text(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    return "\n".join(
        str(o.get("data", {}).get("text/markdown", "")) + str(o.get("data", {}).get("text/html", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    )


def test_a_changed_value_changes_the_rebuilt_chapter(tax_changed):
    # the session's copy with the same value changed and its readers re-executed
    assert TAX_QUOTE_VALUE[1] in (tax_changed / "data" / "2017" / "economy.csv").read_text(encoding="utf-8")
    text = outputs_text(tax_changed / "book" / NOTEBOOK)
    published = outputs_text(paths.BOOK / NOTEBOOK)
    assert "322 million yuan" in published and "322 million yuan" not in text
    assert "399 million yuan" in text  # 3.99 亿元, in the summary sentence and the tax ratio
    assert "2.98%" in text  # tax / output = 3.99 / 134, recomputed


def test_freshness_check_names_the_changed_file_and_the_command(tmp_path, capsys):
    control = Project.of(None, copy_data(tmp_path, mutate=False))
    mutated = Project.of(None, copy_data(tmp_path, mutate=True))
    records, hasher = manifest.read(paths.BOOK), Hasher()
    entry = next(e for e in manifest.expected(control) if e.key == NOTEBOOK)

    def reasons(project: Project) -> set[str]:
        # a data folder elsewhere changes the data_root parameter in both copies: set that aside
        return {
            r
            for r in manifest.reasons(entry, records[entry.key], project, hasher)
            if not r.startswith("parameters changed")
        }

    assert reasons(control) == set()
    assert reasons(mutated) == {"data/2017/economy.csv changed"}

    assert manifest.main(None, project=mutated) == 1
    printed = capsys.readouterr().out
    assert f"STALE {NOTEBOOK}" in printed and "data/2017/economy.csv changed" in printed
    assert "zonebook build" in printed


def run_nbval(notebook: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(paths.ROOT / "tests" / "nbval-sanitize.cfg"),
            str(notebook),
        ],
        cwd=notebook.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


def pointed_at(data: Path, tmp_path: Path, name: str) -> Path:
    """The published notebook, its injected parameters pointed at another data folder."""
    nb = nbformat.read(paths.BOOK / NOTEBOOK, as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    injected.source = injected.source.replace('data_root = ""', f"data_root = {str(data)!r}")
    target = tmp_path / name
    nbformat.write(nb, target)
    return target


@pytest.mark.parametrize("mutate", [False, True], ids=["unchanged-data-passes", "changed-value-fails"])
def test_strict_nbval_fails_on_the_changed_output(tmp_path, mutate):
    data = copy_data(tmp_path, mutate=mutate)
    done = run_nbval(pointed_at(data, tmp_path, f"economy_{'mutated' if mutate else 'control'}.ipynb"))
    if not mutate:
        assert done.returncode == 0, done.stdout[-3000:]
        return
    assert done.returncode == 1
    assert "399 million yuan" in done.stdout and "322 million yuan" in done.stdout  # names the output that changed
