"""Fictional test data: a made-up package of two tables (sites, and projects built on them).

zonebook.data.schema_check: frictionless checks each table against its Table Schema (types,
constraints, primary and foreign keys) on the rows zonebook.data.readers read, and each error comes
back as a Problem naming the file, the row as a spreadsheet numbers it, and the field.
"""

from __future__ import annotations

import copy

import pytest

from zonebook.core.errors import Problem
from zonebook.data.readers import read_csv
from zonebook.data.schema_check import Table, check

SITES = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "name_zh", "type": "string"},
    ],
    "primaryKey": "id",
}
PROJECTS = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True, "pattern": "^[a-z0-9_]+$"}},
        {"name": "site", "type": "string"},
        {"name": "area", "type": "number", "groupChar": ",", "constraints": {"minimum": 0}},
        {"name": "kind", "type": "string", "constraints": {"enum": ["new", "expansion"]}},
        {"name": "phase", "type": "integer", "optional": True},
    ],
    "primaryKey": "id",
    "foreignKeys": [{"fields": "site", "reference": {"resource": "sites", "fields": "id"}}],
}
SITES_CSV = "id,name_zh\nnorth,北区\nsouth,南区\n"
# a blank line after the first project: the spreadsheet's row numbers are not frictionless's positions
PROJECTS_CSV = 'id,site,area,kind,phase\np1,north,"1,504.7",new,1\n\np2,south,80,expansion,2\np3,,12.5,new,\n'


def tables(tmp_path, projects: str = PROJECTS_CSV, encoding: str = "utf-8") -> dict[str, Table]:
    found = {}
    for name, text in (("sites", SITES_CSV), ("projects", projects)):
        path = tmp_path / f"{name}.csv"
        path.write_bytes(text.encode(encoding))
        found[name] = Table(f"{name}.csv", read_csv(path).rows)
    return found


def checked(tmp_path, projects: str = PROJECTS_CSV, schema: dict = PROJECTS, **options):
    return check(
        {"sites": SITES, "projects": schema},
        tables(tmp_path, projects, options.pop("encoding", "utf-8")),
        "datapackage.json",
        **options,
    )


def test_good_tables_give_typed_rows_numbered_as_the_spreadsheet_does(tmp_path):
    result = checked(tmp_path, encoding="gb18030")  # as Excel on Chinese Windows saves: read by readers.py
    assert result.problems == []
    assert [(r["__row__"], r["id"], r["area"], r["phase"]) for r in result.rows["projects"]] == [
        (2, "p1", 1504.7, 1.0),
        (4, "p2", 80.0, 2.0),
        (5, "p3", 12.5, None),
    ]
    assert result.rows["sites"][0]["name_zh"] == "北区"


@pytest.mark.parametrize(
    "row, cells, field, message",
    [
        (4, "p2,west,80,expansion,2", "site", "site 'west' is not in sites.csv"),
        (4, "p2,south,80亩,expansion,2", "area", "'80亩' is not a number"),
        (4, 'p2,south,"3,22",expansion,2', "area", "'3,22' is not a number"),
        (4, "p2,south,80,extension,2", "kind", "'extension' is not one of the allowed values (new, expansion)"),
        (4, "p2,south,-80,expansion,2", "area", "-80 is below the minimum 0"),
        (4, "p2,south,80,expansion,2.5", "phase", "'2.5' is not a whole number"),
        (4, "P-2,south,80,expansion,2", "id", "'P-2' does not have the expected form (pattern ^[a-z0-9_]+$)"),
        (4, ",south,80,expansion,2", "id", "'id' is empty but required"),
        (4, "p1,south,80,expansion,2", "id", "id 'p1' is used twice (first in row 2)"),
    ],
)
def test_a_broken_cell_is_one_problem_naming_file_row_and_field(tmp_path, row, cells, field, message):
    lines = PROJECTS_CSV.splitlines(keepends=True)
    lines[3] = cells + "\n"
    problems = checked(tmp_path, "".join(lines)).problems
    assert [(p.file, p.row, p.field, p.message) for p in problems] == [("projects.csv", row, field, message)]
    assert problems[0].fix


def test_the_advice_for_an_empty_required_cell_is_the_callers(tmp_path):
    problems = checked(
        tmp_path, PROJECTS_CSV.replace("p3,,12.5", ",,12.5"), required_fix=lambda column: f"fill {column}"
    ).problems
    assert problems == [Problem("projects.csv", "'id' is empty but required", "fill id", 5, "id")]


def test_the_schema_decides_what_passes(tmp_path):
    loose = copy.deepcopy(PROJECTS)
    for f in loose["fields"]:
        f.pop("groupChar", None)
    assert [(p.row, p.field, p.message) for p in checked(tmp_path, schema=loose).problems] == [
        (2, "area", "'1,504.7' is not a number")
    ]
    strict = copy.deepcopy(PROJECTS)
    strict["fields"][2]["constraints"]["maximum"] = 100
    strict["fields"][0]["constraints"]["maxLength"] = 1
    assert {(p.row, p.field, p.message) for p in checked(tmp_path, schema=strict).problems} == {
        (2, "area", "1,504.7 is above the maximum 100"),
        (2, "id", "'p1' has 2 characters, more than 1"),
        (4, "id", "'p2' has 2 characters, more than 1"),
        (5, "id", "'p3' has 2 characters, more than 1"),
    }
    unlinked = dict(PROJECTS, foreignKeys=[])
    assert checked(tmp_path, PROJECTS_CSV.replace("south", "west"), schema=unlinked).problems == []


def test_a_foreign_key_into_an_absent_table_finds_nothing_and_into_an_unread_one_is_not_checked(tmp_path):
    read = tables(tmp_path)
    del read["sites"]
    absent = check({"sites": SITES, "projects": PROJECTS}, read, "datapackage.json").problems
    assert [(p.row, p.message) for p in absent] == [
        (2, "site 'north' is not in sites.csv"),
        (4, "site 'south' is not in sites.csv"),
    ]
    assert check({"sites": SITES, "projects": PROJECTS}, read, "datapackage.json", unread={"sites"}).problems == []


def test_an_optional_column_left_out_is_handed_over_empty(tmp_path):
    without = "".join(
        line.rsplit(",", 1)[0] + "\n" if line.strip() else line for line in PROJECTS_CSV.splitlines(keepends=True)
    )
    result = checked(tmp_path, without)
    assert result.problems == [] and [r["phase"] for r in result.rows["projects"]] == [None, None, None]


def test_a_schema_frictionless_cannot_use_is_a_problem_of_the_descriptor(tmp_path):
    broken = copy.deepcopy(PROJECTS)
    broken["fields"][2]["type"] = "numbr"
    result = checked(tmp_path, schema=broken)
    assert "projects" not in result.rows and "sites" in result.rows
    assert [(p.file, p.row) for p in result.problems] == [("datapackage.json", None)]
    assert (
        "the schema of table 'projects' cannot be used (field type \"numbr\" is not supported)"
        in result.problems[0].message
    )
    elsewhere = dict(PROJECTS, foreignKeys=[{"fields": "site", "reference": {"resource": "places", "fields": "id"}}])
    assert [p.message for p in checked(tmp_path, schema=elsewhere).problems] == [
        "the schema of table 'projects' cannot be used (a foreign key refers to table 'places', which the descriptor does not list)"
    ]
