"""zonebook.engine.manifest and the incremental build: what is stale, why, and what re-runs.

One tiny project (2 templates x 2 languages) is executed once per module; each test changes
it and a fixture restores it afterwards, so only the incremental-build test starts kernels.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import re
import shutil

import pytest

from support.chapter import restored, snapshot
from support.tiny import FIXTURE_TEMPLATES, make_project
from zonebook.build import build
from zonebook.engine import manifest


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    project = make_project(root)
    summary = build(project, root / "_build" / "html", check_data=False, make_site=False, workers=2)
    assert len(summary.executed) == 4
    return project, root, snapshot(root, tmp_path_factory)


@pytest.fixture
def project(pristine):
    yield from restored(*pristine)


def keys(staleness) -> list[str]:
    return sorted(s.notebook for s in staleness)


def test_a_fresh_build_is_current(project, capsys):
    assert manifest.stale(project=project) == []
    assert manifest.main(argparse.Namespace(), project=project) == 0
    assert capsys.readouterr().out == "OK: 4 notebooks current\n"


def test_manifest_uses_relative_paths_and_sorted_keys(project):
    text = (project.book_dir / "manifest.json").read_text(encoding="utf-8")
    assert text == manifest.dumps(manifest.read(project.book_dir))  # stable serialisation
    assert json.loads(text)["format"] == manifest.FORMAT_VERSION
    record = manifest.read(project.book_dir)["zh/2017/01_economy.ipynb"]
    assert record["template"]["path"] == "notebooks/01_economy.ipynb"
    assert list(record["figures"]) == ["01_economy-4"]


def test_the_inputs_are_what_the_execution_read(project):
    """The fixture templates import zonebook and read one table each by path."""
    records = manifest.read(project.book_dir)
    economy, integration = (
        set(records[f"zh/2017/{slug}.ipynb"]["inputs"]) for slug in ("01_economy", "02_integration")
    )
    assert {"data/2017/economy.csv", "zonebook/__init__.py", "zonebook/data/tables.py", "constraints.txt"} <= economy
    assert "data/2017/land.csv" in integration and "data/2017/land.csv" not in economy
    assert "data/2017/economy.csv" not in integration
    assert not {"zonebook/engine/run.py", "zonebook/build.py", "zonebook/engine/manifest.py"} & (economy | integration)
    assert all(key.startswith(("data/", "zonebook/")) or key == "constraints.txt" for key in economy | integration)


def test_a_changed_data_file_makes_only_its_chapters_stale(project, capsys):
    (project.data_root / "2017" / "economy.csv").write_text("id,value\ngdp,135\n", encoding="utf-8")
    found = manifest.stale(project=project)
    assert keys(found) == ["en/2017/01_economy.ipynb", "zh/2017/01_economy.ipynb"]
    assert found[0].reasons == ["data/2017/economy.csv changed"]

    assert manifest.main(argparse.Namespace(), project=project) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "data/2017/economy.csv changed" in out[0]
    assert f"Run `zonebook build --data {project.data_root} --book {project.book_dir}`" in out[0]


def test_incremental_build_executes_only_what_changed(project):
    before = (project.book_dir / "manifest.json").read_bytes()
    nothing = build(project, project.book_dir.parent / "_build" / "html", check_data=False, make_site=False)
    assert nothing.executed == [] and len(nothing.current) == 4
    assert (project.book_dir / "manifest.json").read_bytes() == before

    (project.data_root / "2017" / "land.csv").write_text("id,value\narea,6\n", encoding="utf-8")
    summary = build(project, project.book_dir.parent / "_build" / "html", check_data=False, make_site=False)
    assert sorted(summary.executed) == ["en/2017/02_integration.ipynb", "zh/2017/02_integration.ipynb"]
    assert manifest.stale(project=project) == []


def test_a_changed_template_is_detected(project):
    path = project.templates_dir / "02_integration.ipynb"
    path.write_text(
        path.read_text(encoding="utf-8").replace("# Integration", "# Integration of industry and city"),
        encoding="utf-8",
    )
    found = manifest.stale(project=project)
    assert keys(found) == ["en/2017/02_integration.ipynb", "zh/2017/02_integration.ipynb"]
    assert found[0].reasons == ["template notebooks/02_integration.ipynb changed"]


def test_only_the_modules_a_notebook_imported_count(project):
    (project.package_dir / "engine" / "run.py").write_text("# the runner changed\n", encoding="utf-8")
    (project.package_dir / "report" / "safety.py").write_text("# a chapter no fixture imports\n", encoding="utf-8")
    assert manifest.stale(project=project) == []

    with (project.package_dir / "data" / "readers.py").open("a", encoding="utf-8") as module:
        module.write("# imported by every notebook: `import zonebook` reads its data through it\n")
    found = manifest.stale(project=project)
    assert len(found) == 4 and all(s.reasons == ["zonebook/data/readers.py changed"] for s in found)


def test_a_manifest_of_the_older_format_makes_every_notebook_stale(project):
    path = project.book_dir / "manifest.json"
    content = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**content, "format": 1}), encoding="utf-8")
    found = manifest.stale(project=project)
    assert len(found) == 4 and all("format 1" in s.reasons[0] for s in found)
    assert len(manifest.plan(project)[0]) == 4


def test_a_notebook_edited_by_hand_is_detected(project):
    path = project.book_dir / "en" / "2017" / "02_integration.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace("land 2017 en 5.0", "land 2017 en 7.0"), encoding="utf-8")
    found = manifest.stale(project=project)
    assert keys(found) == ["en/2017/02_integration.ipynb"]
    assert "edited after it was built" in found[0].reasons[0]


def test_a_changed_figure_is_detected(project):
    """One pixel changed in a chart (the least a chart can change) fails the figure check."""
    from PIL import Image

    path = project.book_dir / "zh" / "2017" / "01_economy.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    output = nb["cells"][4]["outputs"][0]["data"]
    html = "".join(output["text/html"])
    encoded = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGB")
    image.putpixel((image.width // 2, image.height // 2), (255, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    output["text/html"] = html.replace(encoded, base64.b64encode(buffer.getvalue()).decode())
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    found = manifest.stale(project=project)
    assert keys(found) == ["zh/2017/01_economy.ipynb"]
    assert "figure in cell 01_economy-4 differs from the manifest" in found[0].reasons


def test_missing_and_extra_notebooks_are_detected(project):
    (project.book_dir / "zh" / "2017" / "02_integration.ipynb").unlink()
    extra = project.book_dir / "en" / "2016" / "01_economy.ipynb"
    extra.parent.mkdir()
    extra.write_text("{}", encoding="utf-8")
    found = {s.notebook: s.reasons for s in manifest.stale(project=project)}
    assert found["zh/2017/02_integration.ipynb"] == ["the executed notebook is missing"]
    assert "no template or no data year" in found["en/2016/01_economy.ipynb"][0]


def test_a_new_year_makes_its_editions_missing(project):
    shutil.copytree(project.data_root / "2017", project.data_root / "2018")
    to_run, current = manifest.plan(project)
    assert sorted(e.key for e in to_run) == [
        f"{lang}/2018/{t.slug}.ipynb" for lang in ("en", "zh") for t in FIXTURE_TEMPLATES
    ]
    assert len(current) == 4
    assert len(manifest.plan(project, force=True)[0]) == 8
