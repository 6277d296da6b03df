"""zonebook.engine.run: parameter checks before any kernel, failures that publish nothing, byte-stable output."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from papermill.exceptions import PapermillExecutionError

from support.tiny import TEMPLATES, make_data
from zonebook.core.errors import DataError
from zonebook.engine import run
from zonebook.engine.run import Job, NotebookError, execute


@pytest.fixture
def data_root(tmp_path) -> Path:
    return make_data(tmp_path / "data")


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if anything tries to execute a notebook."""

    def forbidden(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", forbidden)


def job(name: str, data_root: Path, out: Path, lang="zh", year=2017) -> Job:
    return Job(TEMPLATES / f"{name}.ipynb", year, lang, str(data_root), out / f"{name}.ipynb")


def test_two_executions_are_byte_identical_and_normalized(data_root, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    execute([job("01_economy", data_root, first), job("01_economy", data_root, second)], workers=2)

    data = (first / "01_economy.ipynb").read_bytes()
    assert data == (second / "01_economy.ipynb").read_bytes()
    assert data.endswith(b"}\n")
    text = data.decode("utf-8")
    assert "# 经济" in text and "# Economy" not in text  # other language dropped, UTF-8 unescaped
    for volatile in ("start_time", "end_time", "duration", '"execution"', "output_path"):
        assert volatile not in text
    nb = json.loads(text)
    assert [c["id"] for c in nb["cells"]] == [f"01_economy-{i}" for i in range(len(nb["cells"]))]
    hidden = [c["metadata"]["tags"] for c in nb["cells"] if "remove-cell" in c["metadata"].get("tags", [])]
    assert hidden == [["parameters", "remove-cell"], ["injected-parameters", "remove-cell"]]
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert nb["metadata"]["papermill"]["input_path"] == "tests/fixtures/templates/01_economy.ipynb"


def test_unknown_parameter_is_refused_before_any_kernel_starts(data_root, tmp_path, no_kernel):
    with pytest.raises(DataError) as error:
        execute([job("typo_parameter", data_root, tmp_path)])
    message = str(error.value)
    assert "typo_parameter.ipynb" in message and "'year'" in message and "'yaer'" in message
    assert not (tmp_path / "typo_parameter.ipynb").exists()


@pytest.mark.parametrize(
    "change, expected", [({"year": 2016}, "no data for year 2016"), ({"lang": "fr"}, "unknown language 'fr'")]
)
def test_unknown_year_or_language_is_refused_before_any_kernel_starts(data_root, tmp_path, no_kernel, change, expected):
    with pytest.raises(DataError, match=expected):
        execute([job("01_economy", data_root, tmp_path)._replace(**change)])


def test_failing_cell_leaves_the_published_notebook_untouched(data_root, tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    published = book / "failing_cell.ipynb"
    published.write_text("the notebook from the last good build\n", encoding="utf-8")

    with pytest.raises(NotebookError) as error:
        execute([job("failing_cell", data_root, book)])

    message = str(error.value)
    assert "failing_cell.ipynb" in message and "cell 4" in message
    assert "ValueError: no such indicator: gdp" in message
    assert published.read_text(encoding="utf-8") == "the notebook from the last good build\n"
    assert [p.name for p in book.iterdir()] == ["failing_cell.ipynb"]  # no temporary left behind


def test_stderr_output_fails_the_notebook(data_root, tmp_path):
    with pytest.raises(NotebookError) as error:
        execute([job("stderr_output", data_root, tmp_path)])
    assert "stderr_output.ipynb" in str(error.value) and "wrote to stderr: Glyph 32463 missing" in str(error.value)
    assert not (tmp_path / "stderr_output.ipynb").exists()


def test_a_kernel_that_fails_to_start_is_retried_once_but_a_cell_error_is_not(data_root, tmp_path, monkeypatch):
    calls = []

    def kernel_dies_first(template, output, **kwargs):
        calls.append(template)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return nbformat.read(template, as_version=4)

    monkeypatch.setattr(papermill, "execute_notebook", kernel_dies_first)
    execute([job("02_integration", data_root, tmp_path)])
    assert len(calls) == 2 and (tmp_path / "02_integration.ipynb").exists()

    def cell_fails(template, output, **kwargs):
        calls.append(template)
        raise PapermillExecutionError(3, 1, "1/0", "ZeroDivisionError", "division by zero", [])

    calls.clear()
    monkeypatch.setattr(papermill, "execute_notebook", cell_fails)
    with pytest.raises(NotebookError, match="ZeroDivisionError: division by zero"):
        execute([job("02_integration", data_root, tmp_path)])
    assert len(calls) == 1


def test_normalize_keeps_cells_of_both_languages_only_for_their_language():
    nb = nbformat.read(TEMPLATES / "02_integration.ipynb", as_version=4)
    english = run.normalize(nb, Job(TEMPLATES / "02_integration.ipynb", 2017, "en", "", Path("x")))
    sources = [c.source for c in english.cells if c.cell_type == "markdown"]
    assert sources == ["# Integration"]


def test_forked_kernels_give_the_same_bytes_as_launched_ones_and_shut_down_quietly(
    data_root, tmp_path, monkeypatch, capfd
):
    """Kernels forked from the warm fork server start in the state of a freshly launched one
    (the fixture's chart depends on matplotlib's rcParams and backend), and no kernel writes to
    the build's stderr (no "KeyboardInterrupt caught in kernel" from an interrupt on shutdown,
    no unencrypted-TCP warning, no connection banner)."""

    def run_all(out: Path, fork: bool) -> dict[str, bytes]:
        monkeypatch.setattr(run, "FORK_KERNELS", fork)
        jobs = [
            job("01_economy", data_root, out / "zh"),
            job("02_integration", data_root, out / "zh"),
            job("01_economy", data_root, out / "en", lang="en"),
        ]
        execute(jobs, workers=1)  # one worker: every kernel is forked (none launched while the server warms)
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.ipynb"))}

    forked = run_all(tmp_path / "forked", fork=True)
    launched = run_all(tmp_path / "launched", fork=False)
    assert len(forked) == 3 and forked == launched
    out, err = capfd.readouterr()
    assert "KeyboardInterrupt" not in err and "[IPKernelApp]" not in err and "--existing" not in out + err, out + err


def environment_template(folder: Path) -> Path:
    """A notebook that prints one environment variable and the project's modules it finds
    already imported when its first cell runs."""
    nb = new_notebook(
        cells=[
            new_code_cell('year = 2017\nlang = "zh"\ndata_root = ""', metadata={"tags": ["parameters"]}),
            new_code_cell(
                'import os, sys\nprint(os.environ.get("ZONEBOOK_TEST_VARIABLE"))\n'
                'print(sorted(m for m in sys.modules if m.split(".")[0] == "zonebook"))'
            ),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "environment.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("fork", [True, False])
def test_a_jobs_env_reaches_its_kernel_before_any_cell_and_no_project_module_is_preloaded(
    data_root, tmp_path, monkeypatch, fork
):
    monkeypatch.setattr(run, "FORK_KERNELS", fork)
    template = environment_template(tmp_path)
    jobs = [
        Job(template, 2017, "zh", str(data_root), tmp_path / name / "environment.ipynb", env)
        for name, env in (("with", {"ZONEBOOK_TEST_VARIABLE": "from the job"}), ("without", {}))
    ]
    execute(jobs, workers=1)  # two notebooks: with `fork`, both kernels are forked

    def printed(name: str) -> str:
        nb = nbformat.read(tmp_path / name / "environment.ipynb", as_version=4)
        return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)

    assert printed("with") == "from the job\n[]\n"
    assert printed("without") == "None\n[]\n"
