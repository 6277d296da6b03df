"""The shared tables (catalogue, units, exchange rates, strings, glossary) are read once per data
root: switching the root in use never answers with another root's tables, and `paths.forget()`
makes a process that edited them read them again."""

from __future__ import annotations

import shutil

import pytest

from zonebook import data
from zonebook.core import paths
from zonebook.data import i18n
from zonebook.report import glossary

pytestmark = pytest.mark.new_year

SHARED = ("catalogue.csv", "units.csv", "reference", "i18n")


def replace_in(path, old, new) -> None:
    before = path.read_text(encoding="utf-8")
    assert old in before, (path, old)
    path.write_text(before.replace(old, new, 1), encoding="utf-8")


def shared_copy(root):
    root.mkdir()
    data = paths.data_root()  # the data in use (ZONEBOOK_DATA in scripts/test's reruns)
    for name in SHARED:
        (shutil.copytree if (data / name).is_dir() else shutil.copyfile)(data / name, root / name)
    return root


def seen(root) -> tuple:
    """What each shared table says, read through the root in use."""
    with paths.using(root):
        return (
            data.catalogue().loc["enterprises_total", "name_en"],
            data.units().loc["亿元", "en_unit"],
            data.exchange_rates().iloc[0]["rate_cny"],
            i18n.text("ui.col_value", "en"),
            glossary.terms().iloc[0]["term_en"],
        )


def edit(root) -> None:
    replace_in(root / "catalogue.csv", "Enterprises in the zone", "Firms in the zone")
    replace_in(root / "units.csv", "billion yuan", "milliard yuan")
    replace_in(root / "reference" / "exchange_rates.csv", "6.7518", "6.5")
    replace_in(root / "i18n" / "strings" / "ui.csv", "ui.col_value,数值,Value", "ui.col_value,数值,Figure")
    replace_in(root / "i18n" / "glossary.csv", "咸安,Xian’an,", "咸安,Xian-an,")


ORIGINAL = ("Enterprises in the zone", "billion yuan", 6.7518, "Value", "Xian’an")
EDITED = ("Firms in the zone", "milliard yuan", 6.5, "Figure", "Xian-an")


def test_each_data_root_answers_with_its_own_tables(tmp_path):
    one, other = shared_copy(tmp_path / "one"), shared_copy(tmp_path / "other")
    edit(other)
    assert [seen(one), seen(other), seen(one), seen(other)] == [ORIGINAL, EDITED, ORIGINAL, EDITED]


def test_tables_are_read_once_until_forgotten(tmp_path):
    root = shared_copy(tmp_path / "data")
    assert seen(root) == ORIGINAL
    edit(root)
    assert seen(root) == ORIGINAL  # read once per process: a build reads its tables as they were when it began
    paths.forget()
    assert seen(root) == EDITED
