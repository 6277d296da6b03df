"""The builds the tests share and keep (tests/support/shared.py): made once for the same inputs,
made again when the inputs change or when a test damaged what was kept."""

from __future__ import annotations

import importlib.util

import pytest

from support import shared


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """An empty folder of kept builds and inputs whose digest the test sets."""
    monkeypatch.setattr(shared, "KEPT", tmp_path / "kept")
    monkeypatch.delenv("ZONEBOOK_TEST_FRESH", raising=False)
    inputs = {"digest": "a" * 64}
    monkeypatch.setattr(shared, "inputs_digest", lambda: inputs["digest"])
    return inputs


def counting_make(calls: list):
    def make(root):
        calls.append(root)
        (root / "page.html").write_text(f"build {len(calls)}", encoding="utf-8")
        return len(calls)

    return make


def test_same_inputs_reuse_the_build(kept, tmp_path_factory):
    calls = []
    assert shared.once(tmp_path_factory, "book", counting_make(calls)) == 1
    assert shared.once(tmp_path_factory, "book", counting_make(calls)) == 1
    assert len(calls) == 1 and (calls[0] / "page.html").read_text(encoding="utf-8") == "build 1"


def test_changed_inputs_make_a_new_build_and_old_ones_are_pruned(kept, tmp_path_factory):
    calls = []
    for n in range(shared.KEEP + 2):
        kept["digest"] = str(n) * 64
        assert shared.once(tmp_path_factory, "book", counting_make(calls)) == n + 1
    assert len({str(root) for root in calls}) == shared.KEEP + 2
    assert len([p for p in shared.KEPT.iterdir() if p.is_dir()]) == shared.KEEP


def test_a_damaged_build_is_made_again(kept, tmp_path_factory):
    calls = []
    shared.once(tmp_path_factory, "book", counting_make(calls))
    (calls[0] / "page.html").write_text("written by a test", encoding="utf-8")
    assert shared.once(tmp_path_factory, "book", counting_make(calls)) == 2
    assert (calls[1] / "page.html").read_text(encoding="utf-8") == "build 2"


def test_fresh_builds_are_kept_by_no_later_run(kept, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ZONEBOOK_TEST_FRESH", "1")
    calls = []
    shared.once(tmp_path_factory, "book", counting_make(calls))
    assert not shared.KEPT.exists() or not any(shared.KEPT.iterdir())
    assert shared.run_dir(tmp_path_factory) in calls[0].parents


def test_a_changed_file_changes_the_digest_of_its_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "t.csv").write_text("1", encoding="utf-8")
    before = shared.tree_digest(tmp_path)
    (tmp_path / "a" / "t.csv").write_text("2", encoding="utf-8")
    changed = shared.tree_digest(tmp_path)
    (tmp_path / "a" / "t.csv").rename(tmp_path / "a" / "u.csv")
    assert len({before, changed, shared.tree_digest(tmp_path)}) == 3


def test_the_key_follows_the_module_that_defines_the_build_not_the_others(tmp_path):
    def maker_in(name: str, text: str):
        path = tmp_path / f"{name}.py"
        path.write_text(text, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.make

    make = maker_in("builder", "def make(root):\n    return 1\n")
    before = shared.maker_digest(make)
    maker_in("other_tests", "def make(root):\n    return 2\n")
    assert shared.maker_digest(make) == before
    changed = maker_in("builder", "def make(root):\n    return 3\n")
    assert shared.maker_digest(changed) != before
