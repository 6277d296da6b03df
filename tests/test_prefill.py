"""Pre-filling a new year from its report: no wrong figure, most figures found.

Three fictional reports (tests/fixtures/prefill/, each with an answer key) as .txt (UTF-8 and
GB18030), .docx and .pdf. Per report: every proposed value is the key's (precision 100%), a
row stated twice with different values stays empty, and at least 85% of the key's facts whose
indicator existed the year before are proposed.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from support.fictional import copy_earlier_years
from support.reports import FIXTURES, report_text, source_file, write_docx, write_pdf  # noqa: F401 (benchmarks import them)
from zonebook import paths
from zonebook.errors import DataError
from zonebook.newyear import scaffold
from zonebook.prefill.facts import Matcher, Want, template
from zonebook.prefill.figures import figures, unit_table
from zonebook.prefill.status import PROPOSED
from zonebook.readers import read_table
from zonebook.validate import check, validate_year

YEAR = 2018
RECALL = {"report_d": 0.85, "report_e": 0.8, "report_f": 0.85}  # of the key's facts; 0.85 for the others


SOURCES = {
    "report_a": lambda tmp: FIXTURES / "report_a.txt",
    "report_a_gb18030": lambda tmp: _gb18030(tmp),
    "report_b": lambda tmp: write_docx(report_text("report_b"), tmp / "report_b.docx"),
    "report_c": lambda tmp: write_pdf(report_text("report_c"), tmp / "report_c.pdf"),
    "report_d": lambda tmp: source_file("report_d", tmp),
    "report_e": lambda tmp: source_file("report_e", tmp),
    "report_f": lambda tmp: source_file("report_f", tmp),
}


def _gb18030(tmp: Path) -> Path:
    path = tmp / "report_a_gb18030.txt"
    path.write_bytes(report_text("report_a").encode("gb18030"))
    return path


def key_of(name: str) -> dict[tuple[str, str], dict]:
    with (FIXTURES / f"{name.split('_gb')[0]}.key.csv").open(encoding="utf-8") as handle:
        return {(r["table"], r["id"]): r for r in csv.DictReader(handle)}


@pytest.fixture(scope="module", params=sorted(SOURCES))
def prefilled(request, tmp_path_factory):
    """(report name, data root, source file) after `new-year 2018 --source`."""
    tmp = tmp_path_factory.mktemp(request.param)
    copy_earlier_years(tmp / "data")
    source = SOURCES[request.param](tmp)
    scaffold(YEAR, tmp / "data", source)
    return request.param, tmp / "data", source


def rows_of(data: Path) -> dict[tuple[str, str], dict]:
    found = {}
    for path in sorted((data / str(YEAR)).glob("*.csv")):
        for row in read_table(path).rows:
            found[(path.stem, row["id"])] = row
    return found


def proposed(data: Path) -> dict[tuple[str, str], dict]:
    return {k: r for k, r in rows_of(data).items() if r.get("status") == PROPOSED and "value" in r}


def test_no_wrong_figure(prefilled):
    name, data, _ = prefilled
    key = key_of(name)
    wrong = []
    for row_key, row in proposed(data).items():
        expected = key.get(row_key)
        if (
            expected is None
            or expected["expect"] != "fact"
            or float(row["value"]) != float(expected["value"])
            or (row["value_max"] or "") != (expected["value_max"] or "")
        ):
            wrong.append(
                f"{row_key}: proposed {row['value']} {row['unit']} from “{row['quote']}”, key says "
                f"{expected['expect'] + ' ' + expected['value'] if expected else 'not stated'}"
            )
    assert wrong == []


def test_conflicting_figures_stay_empty_with_candidates(prefilled):
    name, data, _ = prefilled
    conflicts = [k for k, r in key_of(name).items() if r["expect"] == "conflict"]
    rows = rows_of(data)
    review = (data / str(YEAR) / "REVIEW.md").read_text(encoding="utf-8")
    for table, row_id in conflicts:
        assert rows[(table, row_id)]["value"] == ""
        entry = review[review.index(f"`{table}.csv` `{row_id}`") :]
        assert "more than once with different figures" in entry.splitlines()[0]
        assert "candidate" in entry.splitlines()[1]


def test_recall_of_known_indicators(prefilled):
    name, data, _ = prefilled
    facts = [k for k, r in key_of(name).items() if r["expect"] == "fact"]
    found = [k for k in facts if k in proposed(data)]
    missed = sorted(set(facts) - set(found))
    assert len(found) / len(facts) >= RECALL.get(name, 0.85), f"{len(found)}/{len(facts)} found; missed {missed}"


def test_proposals_pass_validation_but_for_their_confirmation(prefilled):
    """Each proposed row's quote is in the source, states its value, and has the right qualifier."""
    _, data, _ = prefilled
    rows = {(r["__row__"], table) for (table, _), r in proposed(data).items()}
    problems = validate_year(YEAR, data)
    about_proposals = [
        p for p in problems if (p.row, Path(p.file).stem) in rows and p.field not in ("status", "entity")
    ]
    assert about_proposals == []
    waiting = [p for p in problems if p.field == "status"]
    every_proposal = [r for r in rows_of(data).values() if r.get("status") == PROPOSED]
    assert sum(p.count for p in waiting) == len(every_proposal) > len(proposed(data))
    assert f"{len(every_proposal)} row(s) pre-filled" in " ".join(check(YEAR, data).notes)


def test_confirmed_rows_are_no_longer_reported(prefilled, tmp_path):
    _, data, _ = prefilled
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    economy = copy / str(YEAR) / "economy.csv"
    economy.write_text(economy.read_text(encoding="utf-8").replace(",proposed", ",confirmed"), encoding="utf-8")
    files = {Path(p.file).name for p in validate_year(YEAR, copy) if p.field == "status"}
    assert "economy.csv" not in files and files  # the other tables still wait


def test_review_sheet_lists_every_row_and_every_loose_numeral(prefilled):
    name, data, _ = prefilled
    review = (data / str(YEAR) / "REVIEW.md").read_text(encoding="utf-8")
    fact_rows = [k for k, r in rows_of(data).items() if "value" in r and k[0] != "targets"] + [
        k for k, r in rows_of(data).items() if k[0] == "targets"
    ]
    for table, row_id in fact_rows:
        assert f"`{table}.csv` `{row_id}`" in review
    loose = review[review.index("## Numerals of the report that no row took") :]
    for row in key_of(name).values():
        if row["expect"] == "new":
            assert f"[{row['value']}]" in loose, f"the new indicator's figure {row['value']} is listed"


def test_source_kept_as_text_with_its_citation(prefilled):
    name, data, source = prefilled
    copy = data / "sources" / f"{YEAR}.txt"
    assert "fictional test data" in copy.read_text(encoding="utf-8").splitlines()[0]
    with (data / "sources" / "sources.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["year"] == str(YEAR))
    assert row["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert hashlib.sha256(source.read_bytes()).hexdigest() in row["note"]
    assert not [p for p in validate_year(YEAR, data) if p.field == "sha256"]


# ---------------------------------------------------------------- the pieces

UNITS = unit_table(paths.UNITS)


def test_figures_read_units_qualifiers_ranges_and_chinese_numerals():
    text = "新增企业十二家，投资约8万元，隐患70余个，计划5-10年内，已有三四十年历史，厂房8万余㎡，增长14％。"
    found = [(f.value, f.value_max, f.unit, f.qualifier) for f in figures(text, UNITS)]
    assert found == [
        (12, None, "家", "exact"),
        (8, None, "万元", "approx"),
        (70, None, "个", "more_than"),
        (5, 10, "年", "range"),
        (30, 40, "年", "range"),
        (8, None, "万㎡", "more_than"),
        (14, None, "%", "exact"),
    ]


def want(quote: str, value: float, unit: str, previous: float, name: str = "税收") -> Want:
    return Want("economy", "x", "x", "", unit, previous, [template(quote, value, UNITS)], [], name)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("园区企业上缴税收3.6亿元。", 3.6),  # a synonym of the verb
        ("开发区完成税收三亿元。", 3),  # a Chinese numeral
        ("园区企业实现税收36000万元。", 36000),  # another unit of the same kind (kept as written)
    ],
)
def test_a_row_is_found_by_its_words(text, expected):
    outcome = Matcher(text, 0, len(text), UNITS).decide(
        *_hits(text, want("园区企业实现税收3.22亿元", 3.22, "亿元", 3.22))
    )
    assert outcome.figure is not None and outcome.figure.value == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("园区企业实现税收32亿元。", "far from the trend"),
        ("园区企业实现税收3.6亿元，全年税收3.8亿元。", "more than once"),
        ("园区企业实现税收3.6亿美元。", "no sentence"),  # 亿美元 is no unit of units.csv: not a figure
        ("园区企业实现税收3.6亩。", "another kind of unit"),
    ],
)
def test_a_row_without_confidence_stays_empty(text, reason):
    outcome = Matcher(text, 0, len(text), UNITS).decide(
        *_hits(text, want("园区企业实现税收3.22亿元", 3.22, "亿元", 3.22))
    )
    assert outcome.figure is None and reason in outcome.reason


def _hits(text, row):
    return row, Matcher(text, 0, len(text), UNITS).hits(row)


@pytest.mark.parametrize(
    "suffix, content", [(".doc", b"\xd0\xcf\x11\xe0"), (".pdf", b"not a pdf"), (".docx", b"PK not a zip")]
)
def test_a_bad_report_changes_nothing(tmp_path, suffix, content):
    copy_earlier_years(tmp_path / "data")
    before = (tmp_path / "data" / "sources" / "sources.csv").read_bytes()
    report = tmp_path / f"report{suffix}"
    report.write_bytes(content)
    with pytest.raises(DataError) as error:
        scaffold(YEAR, tmp_path / "data", report)
    assert "report" in str(error.value)
    assert not (tmp_path / "data" / str(YEAR)).exists()
    assert not (tmp_path / "data" / "sources" / f"{YEAR}.txt").exists()
    assert (tmp_path / "data" / "sources" / "sources.csv").read_bytes() == before


def test_the_kept_text_can_be_the_source_and_gets_its_citation(tmp_path):
    copy_earlier_years(tmp_path / "data")
    copy = tmp_path / "data" / "sources" / f"{YEAR}.txt"
    shutil.copy(FIXTURES / "report_c.txt", copy)
    scaffold(YEAR, tmp_path / "data", copy)
    assert copy.read_bytes() == (FIXTURES / "report_c.txt").read_bytes()
    with (tmp_path / "data" / "sources" / "sources.csv").open(encoding="utf-8") as handle:
        cited = [r for r in csv.DictReader(handle) if r["year"] == str(YEAR)]
    assert len(cited) == 1 and cited[0]["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert proposed(tmp_path / "data")


def test_a_second_source_for_a_year_is_refused(tmp_path):
    copy_earlier_years(tmp_path / "data")
    with (tmp_path / "data" / "sources" / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{YEAR},{YEAR}.txt,t,t,i,i,p,,\n")
    with pytest.raises(DataError) as error:
        scaffold(YEAR, tmp_path / "data", FIXTURES / "report_a.txt")
    assert "already a citation" in str(error.value)
    assert not (tmp_path / "data" / str(YEAR)).exists() and not (tmp_path / "data" / "sources" / f"{YEAR}.txt").exists()


def test_a_failure_after_the_source_was_written_leaves_nothing(tmp_path, monkeypatch):
    import zonebook.newyear as newyear

    copy_earlier_years(tmp_path / "data")
    before = (tmp_path / "data" / "sources" / "sources.csv").read_bytes()
    names = sorted(p.name for p in (tmp_path / "data").iterdir())
    real = newyear._add_citation

    def cite_then_fail(*args):
        real(*args)
        raise OSError("disk full")

    monkeypatch.setattr(newyear, "_add_citation", cite_then_fail)
    with pytest.raises(OSError):
        scaffold(YEAR, tmp_path / "data", FIXTURES / "report_a.txt")
    assert (tmp_path / "data" / "sources" / "sources.csv").read_bytes() == before
    assert not (tmp_path / "data" / "sources" / f"{YEAR}.txt").exists()
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == names
