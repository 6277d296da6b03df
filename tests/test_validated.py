"""A build checks the data again exactly when a byte of them (or of the checking code) changed."""

from __future__ import annotations

import pytest

from support.chapter import copy_data, set_field
from zonebook import build
from zonebook.core.errors import DataError
from zonebook.data import validate
from zonebook.engine import validated
from zonebook.engine.manifest import Project


@pytest.fixture
def checks(monkeypatch, tmp_path):
    """The years each call of validate_year checked, with the record kept in tmp_path."""
    monkeypatch.setattr(validated, "RECORD", tmp_path / "record" / "validated.json")
    seen, real = [], validate.validate_year
    monkeypatch.setattr(validate, "validate_year", lambda year, root: seen.append(year) or real(year, root))
    return seen


def test_unchanged_data_found_valid_are_not_checked_again(checks, tmp_path):
    project = Project(data_root=copy_data(tmp_path))
    build.validate(project, [2017])
    build.validate(project, [2017])
    assert checks == [2017]


def test_a_changed_byte_is_checked_and_its_problem_reported(checks, tmp_path):
    root = copy_data(tmp_path)
    project = Project(data_root=root)
    build.validate(project, [2017])
    set_field(root, "economy", "gross_industrial_output", "value", "not a number")
    with pytest.raises(DataError, match="economy.csv"):
        build.validate(project, [2017])
    with pytest.raises(DataError):  # an invalid result is never remembered
        build.validate(project, [2017])
    assert checks == [2017, 2017, 2017]


def test_a_new_file_or_a_changed_module_means_another_digest(tmp_path, monkeypatch):
    root = copy_data(tmp_path)
    before = validated.digest(root, [2017])
    (root / "2017" / "extra.csv").write_text("id\n", encoding="utf-8")
    assert validated.digest(root, [2017]) != before
    (root / "2017" / "~$economy.xlsx").write_text("lock", encoding="utf-8")  # ignored by validate too
    after = validated.digest(root, [2017])
    assert validated.digest(root, [2017]) == after
    package = tmp_path / "package"
    package.mkdir()
    (package / "validate.py").write_text("# one version\n", encoding="utf-8")
    monkeypatch.setattr(validated, "PACKAGE", package)
    one = validated.digest(root, [2017])
    (package / "validate.py").write_text("# another version\n", encoding="utf-8")
    assert validated.digest(root, [2017]) != one
