"""The pages (introduction, methods, glossary): computations against the real and a changed
copy of the data, and every section surviving a missing table or file."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import zonebook.data
from support.chapter import copy_data, template_cell
from zonebook.core import paths
from zonebook.core.chapters import TEMPLATES
from zonebook.data import ledger, load
from zonebook.data.readers import read_csv
from zonebook.report import glossary, intro, methods

pytestmark = pytest.mark.data_years

INTRO, METHODS, GLOSSARY = "00_intro", "08_methods", "09_glossary"


@pytest.fixture(scope="module")
def data():
    return load(2017)


def cells(template: str, *needles: str):
    """The template's cells that hold the needles, as calls (data, lang)."""
    return [template_cell(template, needle) for needle in needles]


def intro_cells():
    return cells(
        INTRO,
        "chapter.lede",
        "zone_text",
        "about_source_text",
        "glance_table",
        "enterprise_chart",
        "chapters_table",
        "conventions_text",
    )


def methods_cells():
    return cells(
        METHODS, "provenance_text", "ledger_text", "findings_table", "derived_text", "tables_table", "download_html"
    )


def set_value(path, row_id, value):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    column = header.index("value")
    for i, line in enumerate(lines):
        if line.startswith(row_id + ","):
            cells = line.split(",")
            cells[column] = str(value)
            lines[i] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")


def shown(call, *args) -> str:
    """Everything a call (a template's cell) displays, downloads included, as one string (markdown and HTML)."""
    InteractiveShell.instance()  # display() publishes rich outputs only inside a shell
    with capture_output() as captured:
        call(*args)
    return "\n".join(str(v) for out in captured.outputs for v in out.data.values())


# ---- introduction -----------------------------------------------------------------------


def test_citation_comes_from_sources_csv(data):
    source = intro.citation(data)
    assert source["sha256"] == "eca782a2f2bd7b8a4c3bc02985e60c515a69542b5a9c29e775e32ebc903e2cec"
    assert source["issuer_zh"] == "咸安经济开发区" and source["title_zh"].startswith("让开发区成为工业发展的主战场")


@pytest.fixture(scope="module")
def staff_year(tmp_path_factory):
    """2018 added to the years up to 2017 from fictional report A as staff add it (its title not
    translated; the years of a data folder with fictional years in it are left out)."""
    from support.fictional import copy_earlier_years
    from support.reports import FIXTURES
    from support.staff import add_year, next_year, report_for

    tmp = tmp_path_factory.mktemp("staff")
    root = copy_earlier_years(tmp / "data")
    year = next_year(root)
    add_year(root, year, report_for(FIXTURES / "report_a.txt", year, tmp), FIXTURES / "report_a.key.csv")
    return load(year, root)


def test_a_source_title_not_translated_is_left_out_not_shown_empty(staff_year):
    source = intro.citation(staff_year)
    assert source["title_en"] == ""
    about, cite = intro.about_source_text(staff_year, source, "en"), intro.cite_text(source, "en")
    assert "(“”)" not in about and "“”" not in about and "**" not in cite
    assert source["title_zh"] in about and source["title_zh"] in cite
    assert "《" + source["title_zh"] + "》" in intro.about_source_text(staff_year, source, "zh")
    # and a translated title is still given in brackets
    titled = dict(source, title_en="Building the main battlefield of industry")
    assert "(“Building the main battlefield of industry”)" in intro.about_source_text(staff_year, titled, "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_citation_table_says_a_title_is_not_yet_translated(staff_year, lang):
    cells = intro.source_table(staff_year, intro.citation(staff_year), lang).frame.iloc[:, 1]
    assert all(str(cell).strip() for cell in cells), cells
    assert cells.iloc[1] == {"en": "Not yet translated", "zh": "尚未译成英文"}[lang]


def test_an_english_sentence_does_not_quote_a_title_it_cannot_give_in_english(staff_year, data):
    (said,) = [t for t in intro.zone_text(staff_year, intro.citation(staff_year), "en") if "title" in t]
    assert "not yet translated" in said and "titled" not in said and "(not yet translated)”" not in said
    (translated,) = [t for t in intro.zone_text(data, intro.citation(data), "en") if "title" in t]
    assert translated.startswith("Its 2017 work report is titled “")


def test_glance_holds_the_headline_figures_with_their_growth(data):
    frame = intro.glance(data)
    assert list(frame["indicator"]) == [
        "enterprises_total",
        "enterprises_above_scale",
        "gross_industrial_output",
        "tax_revenue",
        "fixed_asset_investment",
        "exports",
        "new_above_scale_enterprises",
        "new_jobs",
    ]
    by = {r["indicator"]: r for _, r in frame.iterrows()}
    assert by["gross_industrial_output"]["row"]["value"] == 134 and by["gross_industrial_output"]["growth"] == 14
    assert by["exports"]["growth"] == 38 and pd.isna(by["enterprises_total"]["growth"])


def test_enterprise_structure_real_and_changed(data, tmp_path):
    split = intro.enterprise_structure(data)
    assert (split["total"], split["above"], split["others"]) == (147, 57, 90)
    assert split["share"] == pytest.approx(57 / 147 * 100)
    root = copy_data(tmp_path)
    set_value(root / "2017" / "economy.csv", "enterprises_above_scale", 60)
    changed = intro.enterprise_structure(load(2017, root))
    assert (changed["others"], round(changed["share"], 3)) == (87, round(60 / 147 * 100, 3))


def test_chapter_list_follows_the_templates(data):
    for lang in ("zh", "en"):
        rows = intro.chapter_rows(data, lang)
        assert list(rows["slug"]) == [t.slug for t in TEMPLATES]
        assert all(rows["title"] != rows["slug"]) and all(rows["about"] != "")
    rows = intro.chapter_rows(data, "en").set_index("slug")
    assert rows.loc["07_plan", "title"] == "Next year’s plan"
    # the first year has no earlier plan to compare with: the row says only what it sets
    assert rows.loc["07_plan", "about"] == "The targets and milestones the report sets for 2018."


def test_chapter_list_says_which_chapters_a_year_does_not_cover(tmp_path):
    root = copy_data(tmp_path)
    for name in ("governance", "relations", "headlines", "sections", "measures"):
        (root / "2017" / f"{name}.csv").unlink()
    rows = intro.chapter_rows(load(2017, root), "en").set_index("slug")
    assert rows.loc["05_governance", "about"] == "The 2017 report does not cover this chapter."
    assert rows.loc["01_economy", "about"] != "The 2017 report does not cover this chapter."


def test_intro_page_shows_the_figures(data):
    zone, source, chart, conventions = cells(
        INTRO, "zone_text", "about_source_text", "enterprise_chart", "conventions_text"
    )
    reviewers = template_cell(METHODS, "reviewers_table")
    lede = shown(template_cell(INTRO, "chapter.lede"), data, "en")
    assert (
        "reached 13.4 billion yuan in 2017" in lede and "The zone had 147 enterprises, 57 of them above-scale." in lede
    )
    assert "Xianning" in shown(zone, data, "en")
    # the checksum and the file's path are for reviewers: on the methods page, not the introduction
    assert "eca782a2" not in shown(source, data, "zh")
    assert "eca782a2" in shown(reviewers, data, "zh") and "zonebook validate" in shown(reviewers, data, "en")
    html = shown(chart, data, "en")
    assert "data:image/png;base64," in html and "57 of them above-scale" in html
    assert "data/units.csv" in shown(conventions, data, "en")


def test_intro_survives_without_economy_or_citation(tmp_path):
    root = copy_data(tmp_path)
    (root / "2017" / "economy.csv").unlink()
    (root / "sources" / "sources.csv").unlink()
    data = load(2017, root)
    assert intro.glance(data).empty and intro.enterprise_structure(data) is None
    for lang in ("zh", "en"):
        out = "".join(shown(f, data, lang) for f in intro_cells())
        assert not re.search(r"\bnan\b|\bNone\b|>0<|未报告|not reported", out)
    assert "no citation" in shown(template_cell(INTRO, "about_source_text"), data, "en")


# ---- methods ----------------------------------------------------------------------------


def test_provenance_counts_every_fact_row(data):
    p = methods.provenance(data)
    expected = sum(len(read_csv(paths.DATA / "2017" / f"{t}.csv").rows) for t in zonebook.data.FACT_TABLES)
    assert p == {"tables": 13, "rows": expected, "quoted": expected}


def test_ledger_counts_add_up(data):
    counts = methods.ledger_counts(methods.year_ledger(data))
    disp = counts[counts["group"] == "disposition"].set_index("key")["count"]
    reasons = counts[counts["group"] == "reason_kind"]
    assert disp.sum() == 233 and disp[ledger.UNACCOUNTED] == 0
    assert reasons["count"].sum() == disp[ledger.EXCLUDED]
    assert counts.loc[counts["group"] == "disposition", "share"].sum() == pytest.approx(100)


def test_ledger_sees_a_dropped_exclusion(tmp_path):
    root = copy_data(tmp_path)
    path = root / "2017" / "ledger_exclusions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("year_2018,")), encoding="utf-8")
    assert len(lines) - len(path.read_text(encoding="utf-8").splitlines()) == 1, "fixture row id changed"
    counts = methods.ledger_counts(methods.year_ledger(load(2017, root)))
    unaccounted = counts[(counts["group"] == "disposition") & (counts["key"] == ledger.UNACCOUNTED)]["count"].iloc[0]
    assert unaccounted > 0
    assert "2018" in shown(template_cell(METHODS, "ledger_text"), load(2017, root), "en")


def test_spending_check_real_and_changed(data, tmp_path):
    check = methods.spending_check(data)
    assert check["items"] == 9 and check["sum"] == pytest.approx(2892.78) and check["difference"] == pytest.approx(0.22)
    root = copy_data(tmp_path)
    set_value(root / "2017" / "spending.csv", "spending_roads", 1505.7)
    changed = methods.spending_check(load(2017, root))
    assert changed["sum"] == pytest.approx(2893.78) and changed["difference"] == pytest.approx(-0.78)


def test_implied_example_and_rate(data):
    example = methods.implied_example(data)
    assert example["indicator"] == "gross_industrial_output" and example["prior"] == 118  # 134 ÷ 1.14 to three digits
    assert float(methods.exchange_rate(2017)["rate_cny"]) == 6.7518 and methods.exchange_rate(1999) is None


def test_package_tables_count_rows(data):
    frame = methods.package_tables(data).set_index("name")
    assert frame.loc["economy", "rows"] == 12 and frame.loc["findings", "rows"] == len(
        read_csv(paths.DATA / "2017" / "findings.csv").rows
    )
    assert frame.loc["glossary", "rows"] == len(read_csv(paths.I18N / "glossary.csv").rows)
    assert set(frame["scope"]) == {"year", "shared"}


def test_download_link_is_relative_to_the_page(data):
    html = methods.download_html(data, "en")
    assert 'href="../downloads/2017/zonebook-2017-data.zip"' in html and "Download the 2017 data package" in html


def test_methods_page_shows_tables_and_chart(data):
    ledger, findings, derived = cells(METHODS, "ledger_text", "findings_table", "derived_text")
    assert "data:image/png;base64," in shown(ledger, data, "zh")
    out = shown(findings, data, "en")
    assert "2,200 yuan" in out and "今年新谋划" in out
    assert "666.667" in shown(derived, data, "zh")  # 10000/15 m² per mu, to six digits


def test_methods_survives_missing_tables_and_source(tmp_path):
    root = copy_data(tmp_path)
    for name in ("findings", "ledger_exclusions", "spending", "economy"):
        (root / "2017" / f"{name}.csv").unlink()
    (root / "sources" / "2017.txt").unlink()
    data = load(2017, root)
    assert (
        methods.year_ledger(data) is None
        and methods.spending_check(data) is None
        and methods.implied_example(data) is None
    )
    for lang in ("zh", "en"):
        out = "".join(shown(f, data, lang) for f in methods_cells())
        assert not re.search(r"\bnan\b|\bNone\b|未报告|not reported", out)
    frame = methods.package_tables(data).set_index("name")
    assert frame.loc["findings", "rows"] is None or frame["rows"].isna()["findings"]
    assert "no source document" in shown(template_cell(METHODS, "ledger_text"), data, "en")


# ---- glossary ---------------------------------------------------------------------------


def test_glossary_columns_per_language(data):
    n = len(read_csv(paths.I18N / "glossary.csv").rows)  # the 2017 report uses every term
    terms = glossary.year_terms(data)
    zh, en = glossary.glossary_table(terms, "zh").frame, glossary.glossary_table(terms, "en").frame
    assert list(zh.columns) == ["术语", "英文", "说明"] and list(en.columns) == [
        "Term (Chinese)",
        "English",
        "Explanation",
    ]
    assert len(zh) == len(en) == n
    row = en[en["Term (Chinese)"] == "包保"].iloc[0]
    assert row["English"] == "assigned responsibility" and "answers personally" in row["Explanation"]
    assert zh[zh["术语"] == "包保"].iloc[0]["说明"].startswith("干部")


def test_a_years_glossary_holds_the_terms_its_report_uses(tmp_path):
    root = copy_data(tmp_path)
    source = root / "sources" / "2017.txt"
    source.chmod(0o644)
    source.write_text(source.read_text(encoding="utf-8").replace("凤凰小学", "某小学"), encoding="utf-8")
    terms = glossary.year_terms(load(2017, root))
    assert "凤凰小学" not in set(terms["term_zh"]) and "包保" in set(terms["term_zh"])


def test_glossary_survives_a_missing_or_empty_file(data, tmp_path):
    missing = tmp_path / "none.csv"
    assert glossary.terms(missing) is None
    terms = glossary.year_terms(data, missing)
    assert terms is None and "no glossary" in glossary.intro_text(terms, "en")
    assert glossary.glossary_table(terms, "en") is None
    intro_cell, table_cell = cells(GLOSSARY, "intro_text", "glossary_table")  # the page, with the bundled glossary
    assert "no glossary" not in shown(intro_cell, data, "en") and "包保" in shown(table_cell, data, "en")
    empty = tmp_path / "empty.csv"
    empty.write_text("term_zh,term_en,explanation_en,explanation_zh\n", encoding="utf-8")
    assert glossary.terms(empty) is None


def test_the_introduction_opens_with_the_year_in_five_sentences(data, tmp_path):
    zh, en = intro.lede(data, "zh"), intro.lede(data, "en")
    assert len(en) == len(zh) == 1  # one paragraph
    assert en[0].count(". ") == 4 and zh[0].count("。") == 5  # five sentences
    assert zh[0].startswith("2017年，规模以上工业总产值134亿元") and zh[0].endswith("7个非数量的工作节点。")
    root = copy_data(tmp_path)
    (root / "2017" / "economy.csv").unlink()  # no headline figures, no enterprises: what is left, the year in the first
    en = intro.lede(load(2017, root), "en")[0]
    assert en.startswith("The zone signed 28 projects in 2017") and "13.4 billion" not in en
    assert [line.key for line in intro.lede_lines(load(2017, root), "en")][-1] == "plan.lede_sets_both"
