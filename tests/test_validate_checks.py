"""Each check of zonebook.data.validate alone, on a tiny year built in the test: a planted fault
gives the expected problem, and the same year without it gives none. No whole year is validated."""

from __future__ import annotations

import ast
import pathlib

import pytest

from zonebook.data import validate
from zonebook.data.validate import CHECKS, Shared, Year
from zonebook.data.validate.consistency import check_numbers, check_spending_total
from zonebook.data.validate.links import check_finding_refs, check_listed
from zonebook.data.validate.positions import check_positions
from zonebook.data.validate.quotes import check_own_quotes

CATALOGUE = {
    "gdp": {"id": "gdp", "name_en": "GDP", "unit": "亿元", "__row__": 2},
    "firms": {"id": "firms", "name_en": "Firms", "unit": "家", "__row__": 3},
    "road_spending": {"id": "road_spending", "name_en": "Roads", "unit": "万元", "__row__": 4},
}
UNITS = {
    "亿元": {"unit": "亿元", "dimension": "currency_cny", "factor": "100000000"},
    "万元": {"unit": "万元", "dimension": "currency_cny", "factor": "10000"},
    "家": {"unit": "家", "dimension": "count", "factor": "1"},
}


def fact(id, indicator, value, unit, quote="", row=2, **more):
    return {"id": id, "indicator": indicator, "entity": "", "value": value, "value_max": None, "unit": unit,
            "qualifier": "exact", "quote": quote, "__row__": row, **more}  # fmt: skip


def year(tmp_path, **tables) -> Year:
    return Year(2017, tmp_path, Shared(CATALOGUE, UNITS, []), tables=tables)


def messages(check, ctx) -> list[str]:
    return [p.message for p in check(ctx)]


def test_an_indicator_not_in_the_catalogue_is_named_with_the_closest_one(tmp_path):
    assert messages(check_listed, year(tmp_path, economy=[fact("a", "gdp", 1.0, "亿元")])) == []
    (problem,) = check_listed(year(tmp_path, economy=[fact("a", "firmz", 1.0, "家", row=7)]))
    assert (
        problem.message
        == "indicator 'firmz' is not in data/catalogue.csv (did you mean 'firms' (Firms), if it means the same thing?)"
    )
    assert (problem.row, problem.field, problem.file.endswith("2017/economy.csv")) == (7, "indicator", True)


def test_a_count_is_whole_and_not_negative(tmp_path):
    assert messages(check_numbers, year(tmp_path, economy=[fact("a", "firms", 3.0, "家")])) == []
    assert messages(check_numbers, year(tmp_path, economy=[fact("a", "firms", -2.5, "家")])) == [
        "-2.5 is negative, but a count in 家 cannot be",
        "-2.5 is not a whole number, but 家 counts things",
    ]


def test_spending_items_add_up_to_the_total_unless_a_finding_states_their_sum(tmp_path):
    def spending(item):
        return [fact("total", "road_spending", 30.0, "万元"), fact("r1", "road_spending", 10.0, "万元", entity="e1"),
                fact("r2", "road_spending", item, "万元", entity="e2")]  # fmt: skip

    assert messages(check_spending_total, year(tmp_path, spending=spending(20.0))) == []
    assert messages(check_spending_total, year(tmp_path, spending=spending(25.0))) == [
        "the 2 items add up to 35.00 万元, but the total says 30 (allowed rounding: ±0.5)"
    ]
    finding = {"id": "f", "kind": "discrepancy", "refs": "spending:total", "description_en": "the items add up to 35"}
    assert messages(check_spending_total, year(tmp_path, spending=spending(25.0), findings=[finding])) == []


def test_a_finding_refers_to_rows_that_exist(tmp_path):
    rows = {"economy": [fact("a", "gdp", 1.0, "亿元")]}
    assert messages(check_finding_refs, year(tmp_path, findings=[{"refs": "economy:a", "__row__": 2}], **rows)) == []
    assert messages(check_finding_refs, year(tmp_path, findings=[{"refs": "economy:b", "__row__": 2}], **rows)) == [
        "ref 'economy:b' names no row (expected table:id, e.g. land:projects_started)"
    ]


def test_rows_sharing_a_quote_take_its_numbers_in_order(tmp_path):
    quote = "企业12家，产值3亿元"
    in_order = [fact("a", "firms", 12.0, "家", quote, 2), fact("b", "gdp", 3.0, "亿元", quote, 3)]
    assert messages(check_positions, year(tmp_path, economy=in_order)) == []
    swapped = [fact("b", "gdp", 3.0, "亿元", quote, 2), fact("a", "firms", 12.0, "家", quote, 3)]
    (message,) = messages(check_positions, year(tmp_path, economy=swapped))
    assert message.startswith("value 12 comes before the value of row 2 (3) in their shared quote")


def test_without_a_source_each_value_is_in_its_own_quote(tmp_path):
    ctx = year(tmp_path, economy=[fact("a", "gdp", 3.0, "亿元", "产值3亿元")])
    assert messages(check_own_quotes, ctx) == []
    assert ctx.report.notes[0].startswith("no source document")
    (problem,) = check_own_quotes(year(tmp_path, economy=[fact("a", "gdp", 4.0, "亿元", "产值3亿元")]))
    assert problem.message.startswith("value 4 does not appear in the quote '产值3亿元' (the quote has 3")
    with_source = year(tmp_path, economy=[fact("a", "gdp", 4.0, "亿元", "产值3亿元")])
    with_source.source = "产值3亿元"
    assert messages(check_own_quotes, with_source) == []  # with a source, check_provenance checks it


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_every_check_passes_an_empty_year_and_says_what_it_checks(tmp_path, check):
    assert list(check(year(tmp_path))) == []
    assert check.__doc__ and check.__doc__.strip()


def test_no_function_of_validation_is_long_without_saying_why():
    package = validate.__path__[0]
    for path in sorted(pathlib.Path(package).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                assert length <= 50, f"{path.name}: {node.name} has {length} lines"
