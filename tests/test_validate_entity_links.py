"""entities.csv's optional columns: `section` (the report's heading an entity is listed under)
and `builder` (the body that builds it) may be left out, and must name rows that exist."""

from __future__ import annotations

from support.chapter import copy_data, drop_columns, set_field
from zonebook.data.validate import validate_year


def test_the_optional_columns_may_be_left_out(tmp_path):
    root = copy_data(tmp_path)
    drop_columns(root, "entities", ["section", "builder"])
    assert validate_year(2017, root) == []


def test_a_required_column_may_not(tmp_path):
    root = copy_data(tmp_path)
    drop_columns(root, "entities", ["detail_en"])
    problems = validate_year(2017, root)
    assert any(
        p.file.endswith("2017/entities.csv")
        and (p.row, p.field) == (1, "detail_en")
        and "column 'detail_en' is missing" in p.message
        for p in problems
    )


def test_unknown_section_and_builder_are_named_with_row_and_field(tmp_path):
    root = copy_data(tmp_path)
    set_field(root, "entities", "sp_roads", "section", "integration_roads")
    set_field(root, "entities", "fenghuang_primary_school", "builder", "school_board")
    problems = {(p.file.split("/data/")[-1], p.row, p.field): p.message for p in validate_year(2017, root)}
    assert problems == {
        ("2017/entities.csv", 2, "section"): "section 'integration_roads' is not in sections.csv",
        ("2017/entities.csv", 13, "builder"): "builder 'school_board' is not in entities.csv",
    }
