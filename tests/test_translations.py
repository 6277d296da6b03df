"""Every label has its Chinese and its English text, and every key the code uses exists."""

from __future__ import annotations

import re
import shutil

import pytest

from zonebook.core import paths
from zonebook.core.errors import DataError, rel
from zonebook.data.i18n import strings
from zonebook.data.readers import read_csv
from zonebook.data.validate import validate_year

pytestmark = pytest.mark.new_year

# text("key", ...), say("key", ...), paragraph("key", ...), text(f"prefix.{x}", ...) in the package
LITERAL_KEY = re.compile(r"""\b(?:text|say|paragraph)\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")


def test_every_key_the_code_uses_has_both_languages():
    known = strings()
    used = {
        key
        for path in sorted((paths.ROOT / "zonebook").rglob("*.py"))
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
    }
    assert len(used) > 100
    missing = sorted(key for key in used if key not in known)
    assert missing == [], f"keys used in code but absent from data/i18n/strings/: {missing}"
    empty = sorted(key for key, texts in known.items() if not texts["zh"].strip() or not texts["en"].strip())
    assert empty == []


def test_a_label_without_its_translation_fails_validation(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.data_root(), data)
    ui = data / "i18n" / "strings" / "ui.csv"
    ui.write_text(
        ui.read_text(encoding="utf-8").replace("ui.col_value,数值,Value\n", "ui.col_value,数值,\n"), encoding="utf-8"
    )
    problems = validate_year(2017, data)
    assert [(p.file.endswith("ui.csv"), p.field) for p in problems] == [(True, "en")]
    assert "ui.col_value" in problems[0].message


def test_a_glossary_term_without_its_english_fails_validation(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.data_root(), data)
    glossary = data / "i18n" / "glossary.csv"
    lines = glossary.read_text(encoding="utf-8").split("\n")
    term = lines[1].split(",")[0]
    lines[1] = ",".join([term, ""] + lines[1].split(",")[2:])
    glossary.write_text("\n".join(lines), encoding="utf-8")
    problems = validate_year(2017, data)
    assert any(p.field == "term_en" and term in p.message for p in problems)


@pytest.mark.parametrize("into", ["ui.csv", "site.csv"])  # in the same file, in another one
def test_a_key_defined_twice_names_both_places_when_read_and_when_validated(tmp_path, into):
    data = tmp_path / "data"
    shutil.copytree(paths.data_root(), data)
    ui = data / "i18n" / "strings" / "ui.csv"
    first = next(r["__row__"] for r in read_csv(ui).rows if r["key"] == "ui.col_value")
    copy = data / "i18n" / "strings" / into
    with copy.open("a", encoding="utf-8") as handle:
        handle.write("ui.col_value,另一个数值,Another value\n")
    places = {(rel(ui), first), (rel(copy), len(read_csv(copy).rows) + 1)}  # the header is row 1
    with pytest.raises(DataError) as error:
        strings(data)
    [problem] = error.value.problems
    here = (problem.file, problem.row)
    [there] = places - {here}
    assert problem.field == "key" and f"{there[0]}, row {there[1]}" in problem.message
    assert problem in validate_year(2017, data)  # validate reports it in the same words
