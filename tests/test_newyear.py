"""`zonebook new-year` without a source: what staff get to fill, and the ways in for what is new."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from support.fictional import copy_earlier_years
from zonebook.cli import main as cli
from zonebook.core.errors import DataError
from zonebook.data import FACT_TABLES, load
from zonebook.data.readers import read_csv
from zonebook.data.status import COLUMN
from zonebook.data.validate import validate_year
from zonebook.staff.indicators import add_indicator
from zonebook.staff.newyear import scaffold

pytestmark = pytest.mark.new_year

FIXTURES = Path(__file__).parent / "fixtures" / "prefill"
PREVIOUS, YEAR = 2017, 2018


@pytest.fixture()
def data(tmp_path) -> Path:
    copy_earlier_years(tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture()
def scaffolded(data) -> Path:
    scaffold(YEAR, data)
    return data


def rows(path: Path) -> list[dict]:
    return read_csv(path).rows


def test_every_target_of_the_previous_report_has_a_row_to_fill(scaffolded):
    previous = load(PREVIOUS, scaffolded)
    to_fill = {
        (r["indicator"], r["entity"]): (name, r)
        for name in FACT_TABLES
        if name != "targets"
        for r in rows(scaffolded / str(YEAR) / f"{name}.csv")
    }
    targets = previous.table("targets").to_dict("records")
    assert any(previous.row(t["indicator"], t["entity"]) is None for t in targets)  # some had no actual in 2017
    by_indicator = {}
    for key, found in to_fill.items():
        by_indicator.setdefault(key[0], []).append(found)
    for target in targets:
        # a target without an entity is met by the indicator's only row, whatever its entity
        key = (target["indicator"], target["entity"])
        name, row = to_fill[key] if key in to_fill or target["entity"] else by_indicator[target["indicator"]][0]
        assert target["entity"] or key in to_fill or len(by_indicator[target["indicator"]]) == 1
        assert row["value"] == "" and f"{PREVIOUS}年报告提出的{YEAR}年目标" in row["note"]
    assert to_fill[("land_levelled", "")][0] == "land"
    assert to_fill[("school_opening_month", "fenghuang_primary_school")][0] == "facilities"


def test_checklist_covers_every_file_of_the_package(scaffolded):
    folder = scaffolded / str(YEAR)
    checklist = (folder / "CHECKLIST.md").read_text(encoding="utf-8")
    for path in folder.iterdir():
        if path.name != "CHECKLIST.md":
            assert f"`{path.name}`" in checklist or f"## {path.name}" in checklist, path.name
    assert f"data/sources/{YEAR}.txt" in checklist and "sources.csv" in checklist
    assert "zonebook add-indicator" in checklist


def test_entities_start_empty_and_last_years_are_offered_as_a_hint(scaffolded):
    assert rows(scaffolded / str(YEAR) / "entities.csv") == []
    checklist = (scaffolded / str(YEAR) / "CHECKLIST.md").read_text(encoding="utf-8")
    for entity in rows(scaffolded / str(PREVIOUS) / "entities.csv"):
        assert f"`{entity['id']}`" in checklist
    problems = validate_year(YEAR, scaffolded)
    assert not [p for p in problems if p.file.endswith("entities.csv")]


def test_every_table_has_the_status_column_and_earlier_years_do_not(scaffolded):
    descriptor = json.loads((scaffolded / str(YEAR) / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert resource["schema"]["fields"][-1]["name"] == COLUMN
        assert read_csv(scaffolded / str(YEAR) / f"{resource['name']}.csv").header[-1] == COLUMN
    before = json.loads((scaffolded / str(PREVIOUS) / "datapackage.json").read_text(encoding="utf-8"))
    assert not any(f["name"] == COLUMN for r in before["resources"] for f in r["schema"]["fields"])


def test_the_descriptor_names_its_own_years_source(scaffolded):
    text = (scaffolded / str(YEAR) / "datapackage.json").read_text(encoding="utf-8")
    assert f"data/sources/{PREVIOUS}.txt" not in text and f"data/sources/{YEAR}.txt" in text


def test_a_new_years_numbers_may_be_written_as_excel_writes_them(scaffolded):
    """The scaffold keeps the schemas' `groupChar`: 2,893 is a number in a new year, 3,22 is not."""
    path = scaffolded / str(YEAR) / "economy.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    table[0]["value"], table[1]["value"] = "2,893", "3,22"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    not_numbers = {
        (p.row, p.field)
        for p in validate_year(YEAR, scaffolded)
        if p.file.endswith("economy.csv") and "is not a number" in p.message
    }
    assert not_numbers == {(3, "value")}


def test_an_empty_checksum_is_an_error_that_gives_the_value(data):
    citations = data / "sources" / "sources.csv"
    table = read_csv(citations)
    with citations.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=table.header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({**r, "sha256": ""} for r in table.rows)
    actual = hashlib.sha256((data / "sources" / f"{PREVIOUS}.txt").read_bytes()).hexdigest()
    problems = [p for p in validate_year(PREVIOUS, data) if p.field == "sha256"]
    assert len(problems) == 1 and "empty" in problems[0].message and actual in problems[0].fix


def new_unit(data: Path) -> str:
    """A unit data/units.csv does not list yet (staff may have added 件 already), added as staff add one."""
    listed = {r["unit"] for r in rows(data / "units.csv")}
    unit = next(u for u in ("件", "台", "座", "艘", "部") if u not in listed)
    with (data / "units.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{unit},count,{unit},1,items,{unit},items,1\n")  # fictional test data
    return unit


def free_id(data: Path, wanted: str) -> str:
    """`wanted`, or with a suffix when staff have added an indicator of that id already."""
    taken = {r["id"] for r in rows(data / "catalogue.csv")}
    return next(i for i in (wanted, *(f"{wanted}_{n}" for n in range(2, 100))) if i not in taken)


def test_a_new_indicator_gets_its_own_row_without_touching_earlier_years(scaffolded):
    earlier = {p.name: p.read_bytes() for p in (scaffolded / str(PREVIOUS)).iterdir()}
    descriptor = (scaffolded / str(YEAR) / "datapackage.json").read_bytes()
    unit, indicator = new_unit(scaffolded), free_id(scaffolded, "employees_year_end")
    add_indicator(
        indicator,
        YEAR,
        "economy",
        "economy",
        unit,
        "年末园区从业人员",
        "Employees at year end",
        data_root=scaffolded,
    )
    assert {p.name: p.read_bytes() for p in (scaffolded / str(PREVIOUS)).iterdir()} == earlier
    assert (scaffolded / str(YEAR) / "datapackage.json").read_bytes() == descriptor  # staff never edit it
    new = [r for r in rows(scaffolded / str(YEAR) / "economy.csv") if r["id"] == indicator]
    assert len(new) == 1 and new[0]["indicator"] == indicator and new[0]["unit"] == unit
    assert indicator in {r["id"] for r in rows(scaffolded / "catalogue.csv")}
    # the report's target for the new indicator, in targets.csv with the same new unit
    targets = scaffolded / str(YEAR) / "targets.csv"
    header = read_csv(targets).header
    with targets.open("a", encoding="utf-8", newline="") as handle:
        target = {"id": "employees_target", "indicator": indicator, "value": "70", "unit": unit}
        csv.DictWriter(handle, header, lineterminator="\n").writerow({c: target.get(c, "") for c in header})
    problems = validate_year(YEAR, scaffolded)
    assert not [p for p in problems if p.field in ("indicator", "unit")]
    assert [p for p in problems if p.field == "value" and p.row == new[0]["__row__"] and p.file.endswith("economy.csv")]


@pytest.mark.parametrize(
    "indicator, unit, says",
    [
        ("enterprises_total", "家", "already exists"),
        ("new_thing", "人口", "not in units.csv"),
        ("New Thing", "家", "not a valid id"),
    ],
)
def test_add_indicator_refuses_what_would_be_wrong(scaffolded, indicator, unit, says):
    catalogue = (scaffolded / "catalogue.csv").read_bytes()
    with pytest.raises(DataError) as error:
        add_indicator(indicator, YEAR, "economy", "economy", unit, "名", "name", data_root=scaffolded)
    assert says in str(error.value)
    assert (scaffolded / "catalogue.csv").read_bytes() == catalogue


def test_an_unknown_indicator_points_to_add_indicator_not_to_a_look_alike(scaffolded):
    economy = scaffolded / str(YEAR) / "economy.csv"
    text = economy.read_text(encoding="utf-8").replace("\nnew_jobs,new_jobs,", "\nnew_jobs,new_job,", 1)
    economy.write_text(text, encoding="utf-8")
    problem = next(p for p in validate_year(YEAR, scaffolded) if p.field == "indicator")
    assert "if it means the same thing" in problem.message and "zonebook add-indicator" in problem.fix


def test_the_command_line(scaffolded, capsys):
    assert (
        cli(
            [
                "add-indicator",
                free_id(scaffolded, "patents_applied"),
                "--year",
                str(YEAR),
                "--table",
                "innovation",
                "--chapter",
                "supply_side",
                "--unit",
                "个",
                "--name-zh",
                "申请专利",
                "--name-en",
                "Patent applications",
                "--data",
                str(scaffolded),
            ]
        )
        == 0
    )
    assert cli(["new-year", str(YEAR), "--data", str(scaffolded)]) == 1
    assert "already exists" in capsys.readouterr().err


QUALITATIVE = {  # fictional test data: last year's headlines, as a year with these tables would have them
    "headlines": (
        ["id", "chapter", "text_zh", "text_en", "quote"],
        [
            ["economy", "economy", "经济指标继续保持平稳增长态势", "x", "经济指标继续保持平稳增长态势"],
            ["integration", "integration", "产城一体化建设迈出了重大步伐", "x", "产城一体化建设迈出了重大步伐"],
            ["supply_side", "supply_side", "供给侧改革取得实质性成效", "x", "供给侧改革取得实质性成效"],
            ["environment", "environment", "发展软环境得到极大提升", "x", "发展软环境得到极大提升"],
            ["governance", "governance", "党风廉政建设主体责任贯穿始终", "x", "党风廉政建设主体责任贯穿始终"],
            ["safety", "safety", "安全生产工作实现了常态化", "x", "安全生产工作实现了常态化"],
        ],
    ),
    "sections": (["id", "chapter", "title_zh", "title_en", "quote"], []),
    "measures": (["id", "chapter", "section", "text_zh", "text_en", "quote"], []),
}


def test_qualitative_tables_are_proposed_from_the_report_structure(data):
    folder = data / str(PREVIOUS)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for name, (header, table_rows) in QUALITATIVE.items():
        descriptor["resources"].append(
            {"name": name, "path": f"{name}.csv", "schema": {"fields": [{"name": c, "type": "string"} for c in header]}}
        )
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([header] + table_rows)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    scaffold(YEAR, data, FIXTURES / "report_a.txt")
    headlines = {r["chapter"]: r["text_zh"] for r in rows(data / str(YEAR) / "headlines.csv")}
    assert headlines == {
        "economy": "经济指标稳中有进",
        "integration": "产城一体化建设继续推进",
        "environment": "发展软环境持续改善",
        "safety": "安全生产常抓不懈",
    }
    sections = [(r["chapter"], r["title_zh"]) for r in rows(data / str(YEAR) / "sections.csv")]
    assert ("integration", "不断拓展新空间") in sections and ("environment", "加大项目督办力度") in sections
    measures = {r["text_zh"]: r for r in rows(data / str(YEAR) / "measures.csv")}
    section = next(r for r in rows(data / str(YEAR) / "sections.csv") if r["title_zh"] == "构建亲清政商关系")
    assert measures["实行工委包保重点项目制度，靠前服务"]["section"] == section["id"]
    assert measures["加强与企业家沟通交流"]["chapter"] == "environment"
    source = (data / "sources" / f"{YEAR}.txt").read_text(encoding="utf-8")
    for name in ("headlines", "sections", "measures"):
        assert all(r["quote"] in source and r[COLUMN] == "proposed" for r in rows(data / str(YEAR) / f"{name}.csv"))


def test_an_indicator_last_year_did_not_report_is_still_offered(scaffolded):
    economy = scaffolded / str(YEAR) / "economy.csv"
    economy.write_text(economy.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")  # none reported
    scaffold(YEAR + 1, scaffolded)
    offered = {r["id"]: r for r in rows(scaffolded / str(YEAR + 1) / "economy.csv")}
    assert {r["id"] for r in rows(scaffolded / str(PREVIOUS) / "economy.csv")} <= set(offered)
    assert offered["new_jobs"]["note"] == f"last reported in {PREVIOUS}"


def test_translations_do_not_block_the_year(data):
    """Earlier years' English of the same words is offered; what is left is listed in TRANSLATE.csv,
    does not stop validation, and shows in the English edition as Chinese marked as untranslated."""
    scaffold(YEAR, data, source=FIXTURES / "report_a.txt")
    folder = data / str(YEAR)
    earlier = {r["name_zh"]: r["name_en"] for r in rows(data / str(PREVIOUS) / "entities.csv")}
    offered = [r for r in rows(folder / "entities.csv") if r["name_zh"] in earlier]
    assert offered and all(r["name_en"] == earlier[r["name_zh"]] for r in offered)
    sheet = rows(folder / "TRANSLATE.csv")
    assert sheet and all(r["zh"] and not r["en"] for r in sheet)
    for line in sheet:
        row = next(r for r in rows(folder / f"{line['table']}.csv") if r["id"] == line["id"])
        assert row[line["column"]] == "" and row[line["column"].replace("_en", "_zh")] == line["zh"]
    assert not [p for p in validate_year(YEAR, data) if p.field and p.field.endswith("_en")]
    line = sheet[0]
    table = load(YEAR, data).table(line["table"]).set_index("id")
    assert table.loc[line["id"], line["column"]] == f"{line['zh']} (not yet translated)"
