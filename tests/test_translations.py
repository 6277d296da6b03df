"""Every label has its Chinese and its English text, and every key the code uses exists."""
from __future__ import annotations

import re
import shutil

from zonebook import paths
from zonebook.i18n import strings
from zonebook.validate import validate_year

# text("key", ...), say("key", ...), paragraph("key", ...), text(f"prefix.{x}", ...) in the package
LITERAL_KEY = re.compile(r"""\b(?:text|say|paragraph)\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")


def test_every_key_the_code_uses_has_both_languages():
    known = strings()
    used = {key for path in sorted((paths.ROOT / "zonebook").rglob("*.py"))
            for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 100
    missing = sorted(key for key in used if key not in known)
    assert missing == [], f"keys used in code but absent from data/i18n/strings/: {missing}"
    empty = sorted(key for key, texts in known.items() if not texts["zh"].strip() or not texts["en"].strip())
    assert empty == []


def test_a_label_without_its_translation_fails_validation(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    ui = data / "i18n" / "strings" / "ui.csv"
    ui.write_text(ui.read_text(encoding="utf-8").replace("ui.col_value,数值,Value\n", "ui.col_value,数值,\n"), encoding="utf-8")
    problems = validate_year(2017, data)
    assert [(p.file.endswith("ui.csv"), p.field) for p in problems] == [(True, "en")]
    assert "ui.col_value" in problems[0].message


def test_a_glossary_term_without_its_english_fails_validation(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    glossary = data / "i18n" / "glossary.csv"
    lines = glossary.read_text(encoding="utf-8").split("\n")
    term = lines[1].split(",")[0]
    lines[1] = ",".join([term, ""] + lines[1].split(",")[2:])
    glossary.write_text("\n".join(lines), encoding="utf-8")
    problems = validate_year(2017, data)
    assert any(p.field == "term_en" and term in p.message for p in problems)
