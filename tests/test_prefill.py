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
from support.reports import FIXTURES, report_text, source_file, structure_key, write_docx, write_pdf
from zonebook.core import paths
from zonebook.core.errors import DataError
from zonebook.data.readers import read_table
from zonebook.data.status import PROPOSED
from zonebook.data.validate import check, validate_year
from zonebook.staff.newyear import scaffold
from zonebook.staff.prefill.facts import Matcher, Want, template
from zonebook.staff.prefill.figures import figures, unit_table

YEAR = 2018
RECALL = {"report_d": 0.9, "report_e": 0.85, "report_f": 0.9}  # of the key's facts; 0.85 for the others


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
        if path.name == "REVIEW.csv":
            continue  # the review sheet, not a table
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
        ("园区企业上缴税金36800万元（上年为3.22亿元）。", 36800),  # a synonym (synonyms.csv); last year's restated
        (
            "税收、工业总产值是两项主要指标。2018年，这两项指标分别完成3.8亿元和150亿元。",
            3.8,
        ),  # names in an earlier clause
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
        (
            "工业总产值、税收是两项主要指标，分别完成150亿元、3.6亿元和4亿元。",
            "another kind of unit",
        ),  # 2 names, 3 figures: none
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
    import zonebook.staff.newyear as newyear

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


# ---------------------------------------------------------------- reading the report as a person does


def test_words_moved_to_the_other_side_of_the_figure():
    text = "开发区申报人才项目三个，引进高端人才5名。"
    row = Want(
        "services", "x", "talent_projects_applied", "", "个", 2, [template("申报了2个人才项目", 2, UNITS)], [], ""
    )
    outcome = Matcher(text, 0, len(text), UNITS).decide(*_hits(text, row))
    assert outcome.figure is not None and outcome.figure.value == 3


def test_a_list_takes_its_names_from_an_earlier_clause_and_its_verb():
    text = "工业总产值、税收和出口创汇是三项主要指标。这三项指标分别完成150亿元、3.6亿元和2800万美元，同比分别增长10%、5%和8%。"
    growth = Want(
        "economy",
        "g",
        "tax_revenue_growth",
        "",
        "%",
        3,
        [template("分别增长了14%、3%、35%和38%", 3, UNITS)],
        [],
        "税收增速",
    )
    outcome = Matcher(text, 0, len(text), UNITS).decide(*_hits(text, growth))
    assert outcome.figure is not None and outcome.figure.value == 5


def test_a_thing_s_row_takes_no_figure_of_another_thing_s_words():
    """面积 beside 凤凰小学 is the school's; 建成面积 of the land, with nothing named, is not."""
    text = "建成面积1700亩，新征面积1600亩。\n（2）凤凰小学。面积56.5亩，总投资3500万元。"
    row = Want(
        "facilities", "a", "facility_area", "school", "亩", 56.5, [template("面积56.5亩", 56.5, UNITS)], [], "占地面积"
    )
    row.entity_names = {"school": "凤凰小学", "plant": "污水处理厂"}
    outcome = Matcher(text, 0, len(text), UNITS).decide(*_hits(text, row))
    assert outcome.figure is not None and outcome.figure.value == 56.5


def test_the_title_is_not_a_note_above_it():
    from zonebook.staff.prefill.layout import title

    for note in (
        "（说明：本文为虚构的测试数据。）",
        "【测试材料：内容均为虚构】",
        "本材料为测试数据，仅用于软件测试。",
        "注：数字为初步统计。",
    ):
        text = f"{note}\n\n奋力打造工业发展主阵地\n\n——咸安经济开发区2018年工作总结\n\n一、主要经济指标稳中有进\n\n正文。\n"
        assert title(text)[1] == "奋力打造工业发展主阵地", note


def test_numerals_that_are_no_quantity_are_excluded_with_their_kind():
    from zonebook.staff.prefill.structure import exclusions

    text = (
        "2018年3月15日，印发《责任清单》（咸开发〔2018〕12号）。开发区实有企业152家，比上年增加5家。"
        "上缴税金36800万元（上年为3.22亿元）。综合考评位列第二名。\n"
    )
    kinds = {r["text"]: r["reason_kind"] for r in exclusions(text, [])}
    assert kinds["2018年3月15日"] == "date"
    assert kinds["〔2018〕12号"] == "document_number"
    assert kinds["比上年增加5"] == "difference"
    assert kinds["上年为3.22亿元"] == "restated"
    assert kinds["第二名"] == "ordinal"
    assert kinds["2018年"] == "year"  # every year, beside the date that holds one
    assert not [t for t in kinds if "152" in t or "36800" in t]  # the facts are not excluded
    from zonebook.data import ledger

    rows = exclusions(text, [])
    facts = {
        "economy": [
            {"id": "a", "quote": "开发区实有企业152家", "value": 152},
            {"id": "b", "quote": "上缴税金36800万元", "value": 36800},
        ]
    }
    loose = [e.token for e in ledger.account(facts, rows, text) if e.disposition == ledger.UNACCOUNTED]
    assert loose == []  # each numeral of a date or a document number has its row (3, 15, 12)


def test_an_entity_keeps_no_detail_of_last_year_the_report_does_not_repeat():
    from zonebook.staff.prefill.structure import entities

    last = {
        "id": "plant",
        "kind": "facility",
        "name_zh": "污水处理厂",
        "name_en": "Sewage plant",
        "detail_zh": "年底投入运行",
        "detail_en": "In operation by year end",
        "quote": "污水处理厂",
        "builder": "环保局",
    }
    found = entities("完成污水处理厂建设并投入使用。", [last])
    assert found == [{**last, "detail_zh": "", "detail_en": "", "builder": ""}]


def test_the_structure_comes_from_the_report(prefilled):
    """Title, chapter headings and sections as the key says: every heading, ≥95% of sections,
    each in its chapter (the plan's under `plan`)."""
    name, data, _ = prefilled
    key = structure_key(name)
    if not key:
        pytest.skip("a report with a key of figures only")
    rows = {t: read_table(data / str(YEAR) / f"{t}.csv").rows for t in ("headlines", "sections")}
    title = [r["text_zh"] for r in rows["headlines"] if r["chapter"] == "report"]
    assert title == [r["text"] for r in key if r["kind"] == "title"]
    headings = {(r["chapter"], r["text_zh"]) for r in rows["headlines"] if r["chapter"] != "report"}
    assert headings == {(r["chapter"], r["text"]) for r in key if r["kind"] == "headline"}
    plain = lambda words: words.replace(",", "，").rstrip("。").removesuffix("方面")  # noqa: E731
    expected = [(r["chapter"], plain(r["text"])) for r in key if r["kind"] == "section"]
    got = [(r["chapter"], plain(r["title_zh"])) for r in rows["sections"]]
    alike = lambda a, b: a[0] == b[0] and (a[1].startswith(b[1]) or b[1].startswith(a[1]))  # noqa: E731
    found = [e for e in expected if any(alike(g, e) for g in got)]
    wrong = [g for g in got if not any(alike(g, e) for e in expected)]
    assert len(found) >= 0.95 * len(expected) and len(wrong) <= 0.05 * len(got), (wrong, set(expected) - set(found))


def test_the_rule_exclusions_validate(prefilled):
    """The kinds pre-fill adds are allowed by the year's schema (no problem on reason_kind)."""
    _, data, _ = prefilled
    assert not [p for p in validate_year(YEAR, data) if p.field == "reason_kind"]


# ---------------------------------------------------------------- one sheet to review


def _sheet(folder: Path) -> list[dict]:
    with (folder / "REVIEW.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_the_review_sheet_has_a_line_per_decision(prefilled):
    _, data, _ = prefilled
    folder = data / str(YEAR)
    assert (folder / "REVIEW.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese
    lines = {(r["table"], r["id"]): r for r in _sheet(folder)}
    for (table, row_id), row in rows_of(data).items():
        if row.get("status") == PROPOSED:
            assert (table, row_id) in lines
        elif "value" in row and row["value"] == "":
            assert lines[(table, row_id)]["kind"] == "empty"
    for line in lines.values():
        if line["kind"] == "figure":
            assert line["quote"] and line["quote"] in line["sentence"].replace("【", "").replace("】", "")


def _decide(folder: Path, decide) -> None:
    lines = _sheet(folder)
    for line in lines:
        line["decision"] = decide(line) or ""
    with (folder / "REVIEW.csv").open("w", encoding="gb18030", newline="") as handle:  # as WPS may save it
        writer = csv.DictWriter(handle, fieldnames=list(lines[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(lines)


def test_review_apply_writes_every_decision_and_keeps_each_file_s_encoding(prefilled, tmp_path):
    from zonebook.staff.prefill.sheet import apply

    _, data, _ = prefilled
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    folder = copy / str(YEAR)
    economy = folder / "economy.csv"
    economy.write_bytes(economy.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    lines = _sheet(folder)
    figures_ = [line for line in lines if line["kind"] == "figure" and line["table"] == "economy"]
    corrected, confirmed = figures_[0], figures_[1]
    empty = [(line["table"], line["id"]) for line in lines if line["kind"] == "empty"]
    numeral = next((line for line in lines if line["kind"] == "numeral"), None)

    def decide(line):
        if line["table"] == "economy" and line["id"] == corrected["id"]:
            line["value"] = "999"
            return "更正"
        if line["table"] == "economy" and line["id"] == confirmed["id"]:
            return "confirm"
        if line["kind"] == "empty":
            return "无"
        if numeral is not None and line["id"] == numeral["id"] and line["kind"] == "numeral":
            line["reason"] = "Not a quantity."
            return "exclude"
        return ""

    _decide(folder, decide)
    counts = apply(folder)
    assert counts["absent"] == len(empty) and counts["confirm"] == 2
    raw = economy.read_bytes()
    assert b"\r\n" in raw and raw.decode("gb18030")
    rows = rows_of(copy)
    assert rows[("economy", corrected["id"])]["value"] == "999"
    assert rows[("economy", corrected["id"])]["status"] == rows[("economy", confirmed["id"])]["status"] == "confirmed"
    assert not [k for k in empty if k in rows]
    if numeral is not None:
        assert [r for r in read_table(folder / "ledger_exclusions.csv").rows if r["text"] == numeral["quote"]]
    left = _sheet_any(folder)
    assert len(left) == len(lines) - len(empty) - 2 - (numeral is not None) and all(not r["decision"] for r in left)


def _sheet_any(folder: Path) -> list[dict]:
    return read_table(folder / "REVIEW.csv").rows


def test_review_apply_refuses_a_decision_it_does_not_know_and_changes_nothing(prefilled, tmp_path):
    from zonebook.staff.prefill.sheet import apply

    _, data, _ = prefilled
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    folder = copy / str(YEAR)
    _decide(folder, lambda line: "maybe" if line["kind"] == "figure" else "无" if line["kind"] == "empty" else "")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(DataError) as error:
        apply(folder)
    problem = error.value.problems[0]
    assert problem.file.endswith("REVIEW.csv") and problem.field == "decision" and problem.row >= 2
    assert "maybe" in problem.message and "confirm" in problem.fix
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_figure_no_row_takes_is_proposed_as_a_new_indicator(prefilled):
    name, data, _ = prefilled
    lines = [line for line in _sheet(data / str(YEAR)) if line["kind"] == "numeral"]
    for row in key_of(name).values():
        if row["expect"] != "new":
            continue
        line = next(line for line in lines if line["value"] == row["value"])
        assert line["proposed"].startswith("a new indicator"), line
        assert "zonebook add-indicator new_" in line["proposed"] and f"--unit {line['unit']}" in line["proposed"]
    for line in lines:  # a figure of a list is read with its list, not named from its neighbours
        assert "分别" not in line["proposed"]


def test_a_figure_two_rows_claim_goes_to_the_row_of_the_chapter_it_stands_in():
    """34个 matched by the words of a safety row and of a services row: in the safety chapter it
    is the safety row's; where neither chapter is known, neither row takes it."""
    from zonebook.staff.prefill.facts import Outcome, resolve

    text = "开展安全生产检查34个。"
    figure = figures(text, UNITS)[0]

    def claims():
        rows = [
            Want("safety", "s", "inspections", "", "个", 30, [], [], ""),
            Want("services", "v", "visits", "", "个", 30, [], [], ""),
        ]
        return [Outcome(w, figure, "开展安全生产检查34个", "words") for w in rows]

    chapters = {"inspections": "safety", "visits": "environment"}
    decided = resolve(claims(), lambda position: "safety", chapters)
    assert [o.figure is not None for o in decided] == [True, False]
    assert "safety chapter" in decided[1].reason
    assert [o.figure for o in resolve(claims(), lambda position: "", chapters)] == [None, None]


def test_a_new_indicator_s_row_takes_its_numeral_from_the_sheet(prefilled, tmp_path):
    """add-indicator as the sheet proposes, the line pointed at the new row, confirm: the row has
    the figure and its quote, and validate finds nothing wrong with them."""
    from zonebook.staff.indicators import add_indicator
    from zonebook.staff.prefill.sheet import apply

    name, data, _ = prefilled
    new = [r for r in key_of(name).values() if r["expect"] == "new"]
    if not new:
        pytest.skip("the report states no figure of a new indicator")
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    folder = copy / str(YEAR)
    line = next(line for line in _sheet(folder) if line["value"] == new[0]["value"])
    if "add the unit" in line["proposed"]:
        pytest.skip("its unit is not in units.csv yet")
    words = line["proposed"].split("add-indicator ")[1].split()
    table, chapter = words[words.index("--table") + 1], words[words.index("--chapter") + 1]
    add_indicator(
        words[0], YEAR, table, chapter, line["unit"], words[words.index("--name-zh") + 1], "New", data_root=copy
    )

    def decide(other):
        if other["id"] == line["id"] and other["kind"] == "numeral":
            other["table"], other["id"] = table, words[0]
            return "confirm"
        return ""

    _decide(folder, decide)
    apply(folder)
    row = read_table(folder / f"{table}.csv").rows[-1]
    assert (row["id"], row["value"], row["quote"], row["status"]) == (
        words[0],
        line["value"],
        line["quote"],
        "confirmed",
    )
    assert not [p for p in validate_year(YEAR, copy) if p.row == row["__row__"] and p.file.endswith(f"{table}.csv")]


# ---------------------------------------------------------------- the review sheet's leftovers


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    """{report: the year's folder} after `new-year 2018 --source` from reports a and c as text."""
    found = {}
    for name in ("report_a", "report_c"):
        tmp = tmp_path_factory.mktemp(f"sheet_{name}")
        copy_earlier_years(tmp / "data")
        scaffold(YEAR, tmp / "data", FIXTURES / f"{name}.txt")
        found[name] = tmp / "data" / str(YEAR)
    return found


def _line(folder: Path, table: str, row_id: str) -> dict:
    return next(line for line in _sheet(folder) if (line["table"], line["id"]) == (table, row_id))


def test_an_empty_row_s_reason_says_stated_twice_only_where_its_sentences_name_it(sheets):
    # report A: 投资1800万元 and 投资320万元 are two roads' money, not one figure stated twice
    roads = _line(sheets["report_a"], "spending", "spending_roads")
    assert "more than once" not in roads["proposed"] and "none in a sentence that names it" in roads["proposed"]
    # nor is the land acquired and built (面积1700亩, 面积1600亩) a facility's area stated twice
    assert "more than once" not in _line(sheets["report_a"], "facilities", "health_station_area")["proposed"]
    # report C: 完成税收3.9亿元 … 完成税收4.1亿元 is
    assert "more than once with different figures" in _line(sheets["report_c"], "economy", "tax_revenue")["proposed"]


def test_a_numeral_an_empty_row_may_take_points_to_that_row_not_to_a_new_indicator(sheets):
    numerals = {line["value"]: line for line in _sheet(sheets["report_a"]) if line["kind"] == "numeral"}
    assert "add-indicator" not in numerals["1800"]["proposed"]
    assert "spending spending_roads" in numerals["1800"]["proposed"] and numerals["1800"]["unit"] == "万元"
    assert numerals["12000"]["proposed"].startswith("a new indicator")  # the key's new indicator stays one
    # 凤凰小学…总投资3500万元: the words of the empty row's indicator (总投资) right before it
    assert "facilities fenghuang_school_investment" in numerals["3500"]["proposed"]
    assert "add-indicator" not in numerals["3500"]["proposed"]


def test_a_count_in_big_blocks_is_read_with_its_unit():
    """分成5大块: five 块 (大 is no unit), the row of last year's 分成4大块 takes it."""
    assert [(f.value, f.unit) for f in figures("分成5大块。", UNITS)] == [(5, "块")]
    assert figures("党的十九大精神", UNITS) == []


def test_big_blocks_take_their_row(sheets):
    line = _line(sheets["report_c"], "services", "service_blocks")
    assert (line["kind"], line["value"], line["unit"]) == ("figure", "5", "块")
    assert not [x for x in _sheet(sheets["report_c"]) if x["kind"] == "numeral" and x["unit"] == "大"]


def test_review_apply_drops_a_numeral_line_a_confirmed_row_now_accounts_for(sheets, tmp_path):
    from zonebook.staff.prefill.sheet import apply

    copy = tmp_path / "data"
    shutil.copytree(sheets["report_a"].parent, copy)
    folder = copy / str(YEAR)

    def decide(line):
        if (line["table"], line["id"]) == ("spending", "spending_roads"):
            line.update(value="1800", unit="万元", quote="投资1800万元")
            return "confirm"
        return ""

    _decide(folder, decide)
    apply(folder)
    left = _sheet_any(folder)
    assert not [line for line in left if line["kind"] == "numeral" and line["value"] == "1800"]
    assert [line for line in left if line["kind"] == "numeral" and line["value"] == "12000"]  # still no row's
    assert not [p for p in validate_year(YEAR, copy) if "'1800'" in p.message]
