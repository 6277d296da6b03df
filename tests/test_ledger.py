"""The numeral ledger: every numeral of the source is a fact, excluded, or reported."""

import pytest

from zonebook.core import paths
from zonebook.data import ledger

SOURCE = "1 经济\n2017年,企业147家,增长14%。约8万㎡,三四十年,十项制度。"
FACTS = {
    "economy": [
        {"id": "enterprises", "quote": "企业147家", "value": "147", "value_max": ""},
        {"id": "growth", "quote": "增长14%", "value": 14.0, "value_max": float("nan")},  # as pandas gives it
        {"id": "history", "quote": "三四十年", "value": "30", "value_max": "40"},
        {"id": "rules", "quote": "十项制度", "value": "10", "value_max": ""},
    ]
}
EXCLUSIONS = [
    {"id": "section_1", "text": "1 经济", "numeral": "1", "reason_kind": "section_number"},
    {"id": "year", "text": "2017年", "numeral": "2017", "reason_kind": "year"},
]


def dispositions(entries):
    return {e.token: e.disposition for e in entries}


def test_each_numeral_gets_its_disposition():
    entries = ledger.account(FACTS, EXCLUSIONS, SOURCE)
    assert dispositions(entries) == {
        "1": "excluded",
        "2017": "excluded",
        "147": "fact",
        "14": "fact",
        "8": "unaccounted",
        "三四十": "fact",
        "十": "fact",
    }
    eight = next(e for e in entries if e.token == "8")
    assert eight.line == 2 and "[8]" in eight.context
    assert next(e for e in entries if e.token == "147").refs == "economy:enterprises"


def test_a_quote_covers_only_the_value_it_states():
    facts = {"economy": [{"id": "wrong", "quote": "企业147家", "value": "148", "value_max": ""}]}
    assert dispositions(ledger.account(facts, [], "企业147家"))["147"] == "unaccounted"


def test_a_quote_that_cuts_a_numeral_does_not_cover_it():
    facts = {"economy": [{"id": "cut", "quote": "47家", "value": "47", "value_max": ""}]}
    assert dispositions(ledger.account(facts, [], "企业147家"))["147"] == "unaccounted"


def test_an_exclusion_covers_every_occurrence_of_its_text_and_matches_by_token():
    source = "一是甲;二是乙。一是丙"
    exclusions = [{"id": "yishi", "text": "一是", "numeral": "一", "reason_kind": "list_marker"}]
    entries = ledger.account({}, exclusions, source)
    assert [e.disposition for e in entries] == ["excluded", "unaccounted", "excluded"]


def test_a_fact_wins_over_an_exclusion():
    facts = {"t": [{"id": "two", "quote": "分两期实施", "value": "2", "value_max": ""}]}
    exclusions = [{"id": "liang", "text": "两期", "numeral": "两", "reason_kind": "word"}]
    (entry,) = ledger.account(facts, exclusions, "分两期实施")
    assert (entry.disposition, entry.refs, entry.reason_kind) == ("fact", "t:two", "")


def test_counts_by_disposition_and_reason():
    tally = ledger.counts(ledger.account(FACTS, EXCLUSIONS, SOURCE))
    assert tally == {
        "total": 7,
        "by_disposition": {"fact": 4, "excluded": 2, "unaccounted": 1},
        "by_reason_kind": {"section_number": 1, "year": 1},
    }


def test_spans_finds_overlapping_occurrences():
    assert ledger.spans("aa", "aaa") == [(0, 2), (1, 3)]
    assert ledger.spans("", "aaa") == []


@pytest.mark.skipif(not (paths.DATA / "2017" / "datapackage.json").exists(), reason="data/2017 is not written yet")
def test_bundled_year_leaves_nothing_unaccounted():
    from zonebook.data import load, source_text

    table = ledger.build_ledger(load(2017), source_text(2017))
    assert len(table) > 100
    assert set(table["disposition"]) <= {"fact", "excluded"}
    summary = ledger.summary(table)
    by_disposition = summary[summary["group"] == "disposition"].set_index("key")["count"]
    assert by_disposition["unaccounted"] == 0
    assert by_disposition.sum() == len(table) == summary.set_index("group").loc["total", "count"]
    reasons = summary[summary["group"] == "reason_kind"]["count"].sum()
    assert reasons == by_disposition["excluded"]
