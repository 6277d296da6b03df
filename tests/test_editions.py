"""A new year's edition, end to end: scaffold, fill as staff would, execute, read the pages.

The pages are read from the executed notebooks (what the site shows of them: markdown cells and
the HTML and Markdown outputs); that new years' notebooks become a site is test_year_content's
(one shared build with two fictional years). The synthetic years live in tmp folders only: they
are test fixtures, never published.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import nbformat
import pytest

from support.chapter import restored, snapshot
from support.fictional import copy_earlier_years
from support.shared import once
from zonebook.build import build
from zonebook.core.chapters import template
from zonebook.data import available_years, units
from zonebook.data.readers import decode, read_table, table_file
from zonebook.data.validate import validate_year
from zonebook.engine import manifest
from zonebook.engine.manifest import Project
from zonebook.publish import site
from zonebook.staff.newyear import scaffold

TEMPLATES = tuple(template(slug) for slug in ("01_economy", "07_plan", "08_methods"))
GROWTH = 1.1  # the synthetic year's actuals: last year's values grown by 10%


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    """A CSV as staff may have saved it (UTF-8 or GB18030)."""
    text, _ = decode(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames), list(reader)


def fill_like_staff(
    data_root: Path, year: int, *, drop: set[str] = frozenset(), drop_tables: set[str] = frozenset()
) -> None:
    """Fill every row's value from the year before, grown by GROWTH; delete some rows and tables.

    Counts are rounded to whole numbers and the spending table is copied as it is, so that the
    filled year passes validation as a careful clerk's would.

    economy.csv is saved in GB18030 and land as .xlsx, as Excel would."""
    import openpyxl

    previous = data_root / str(year - 1)
    folder = data_root / str(year)
    for path in sorted(folder.glob("*.csv")):
        if path.stem in drop_tables:
            path.unlink()
            continue
        header, rows = read_rows(path)
        if path.stem == "entities":  # staff copy last year's entities, as CHECKLIST.md says
            _, before = read_rows(table_file(previous, "entities"))
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n", restval="")
                writer.writeheader()
                writer.writerows({**r, "section": ""} for r in before)  # last year's sub-headings are not this year's
            continue
        if "value" not in header:
            continue
        earlier = table_file(previous, path.stem)
        before = [] if earlier is None else read_table(earlier).rows
        old = {r["id"]: r for r in before}
        kept = []
        for row in rows:
            if row["id"] in drop or row["id"] not in old:
                continue
            value = float(old[row["id"]]["value"])
            # rates stay; spending keeps its items adding up to its total; counts stay whole
            grown = value if row["unit"] == "%" or path.stem == "spending" else round(value * GROWTH, 2)
            if units().loc[row["unit"], "dimension"] == "count":
                grown = round(grown)
            kept.append(
                {
                    **row,
                    "value": f"{grown:g}",
                    "qualifier": old[row["id"]]["qualifier"],
                    "value_max": old[row["id"]]["value_max"],
                }
            )
        if path.stem == "land":
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.append(header)
            for row in kept:
                sheet.append([float(row[c]) if c == "value" else row[c] for c in header])
            book.save(folder / "land.xlsx")
            path.unlink()
            continue
        encoding = "gb18030" if path.stem == "economy" else "utf-8"
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(kept)


def make_editions(root: Path):
    data = copy_earlier_years(root / "data")  # the bundled years up to 2017, whatever later ones data/ has
    scaffold(2018, data)
    fill_like_staff(data, 2018, drop={"exports"})
    scaffold(2019, data)
    fill_like_staff(data, 2019, drop_tables={"economy", "safety"})
    project = Project.of(root / "book", data, templates=TEMPLATES)
    summary = build(project, root / "_build" / "html", workers=2, make_site=False)
    return root, project, summary


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """2017 (bundled), 2018 (filled, one indicator dropped), 2019 (whole tables missing), executed
    (a shared build: read only)."""
    return once(tmp_path_factory, "staff-editions", make_editions)


def page(root: Path, lang: str, year: int, slug: str) -> str:
    """What the site shows of an executed notebook: its markdown cells and its HTML and Markdown outputs."""
    notebook = nbformat.read(root / "book" / lang / str(year) / f"{slug}.ipynb", as_version=4)
    return "\n".join(
        [c.source for c in notebook.cells if c.cell_type == "markdown"]
        + [
            o.get("data", {}).get(kind, "")
            for c in notebook.cells
            for o in c.get("outputs", [])
            for kind in ("text/html", "text/markdown")
        ]
    )


def test_staff_files_validate(editions):
    root, project, _ = editions
    assert validate_year(2018, project.data_root) == []
    assert (project.data_root / "2018" / "land.xlsx").exists()


def test_every_year_is_an_edition_latest_first(editions):
    root, project, summary = editions
    toc = site.toc_yaml(available_years(project.data_root), TEMPLATES)  # what the site build writes
    assert toc.index('"2019"') < toc.index('"2018"') < toc.index('"2017"')
    assert len(summary.executed) == 3 * 2 * len(TEMPLATES)
    for lang in ("zh", "en"):
        assert (root / "book" / lang / "2019" / "07_plan.ipynb").exists()


def test_plan_against_actual_in_the_2018_edition(editions):
    root, project, _ = editions
    html = page(root, "en", 2018, "07_plan")
    # 2017's report set 150 (亿元) of output for 2018; the synthetic actual is 134 x 1.1 = 147.4: missed
    section = html[html.index("plan-against-actual") :] if "plan-against-actual" in html else html
    assert re.search(r"14\.74|147\.4", section), "the 2018 actual of gross output should be shown beside its target"
    assert "missed" in section.lower()
    # exports were dropped from 2018: its target row, if any, is "not reported"; 2017 set no export target
    zh = page(root, "zh", 2018, "07_plan")
    assert "未完成" in zh or "未达" in zh


def test_trend_chart_spans_the_years(editions):
    root, _, _ = editions
    html = page(root, "en", 2018, "01_economy")
    figure = re.search(r'<figure class="zb-figure" id="fig-economy-trends-2018"[^>]*>.*?</figure>', html, re.S)
    assert figure, "the 2018 economy chapter has a trend chart"
    alt = re.search(r'alt="([^"]*)"', figure.group(0)).group(1)
    assert "2016" in alt and "2017" in alt and "2018" in alt  # 2016 implied by 2017's growth rates


def test_missing_tables_show_as_not_reported(editions):
    root, _, _ = editions
    economy = page(root, "en", 2019, "01_economy")
    assert "not reported" in economy.lower() or "does not cover" in economy.lower()
    assert "nan" not in re.sub(r"<[^>]+>", " ", economy).split()
    methods = page(root, "en", 2019, "08_methods")
    assert "whole table" in methods  # the data-gaps list names the missing tables
    zh = page(root, "zh", 2019, "08_methods")
    assert "整张数据表" in zh


def test_unverified_edition_says_so(editions):
    root, _, _ = editions
    assert "unverified" in page(root, "en", 2018, "01_economy")
    assert "unverified" not in page(root, "en", 2017, "01_economy")


@pytest.fixture
def changeable(editions, tmp_path_factory):
    """The shared build, put back as it was after the test (a build records where its data are,
    so a copy elsewhere would execute everything again)."""
    root, project, _ = editions
    yield from restored((root, project), root, snapshot(root, tmp_path_factory))


def test_nothing_changed_executes_nothing_and_one_table_reexecutes_its_readers(changeable):
    root, project = changeable
    again = build(project, root / "_build" / "html", workers=2, make_site=False)
    assert again.executed == []

    pipeline = project.data_root / "2018" / "pipeline.csv"
    readers = sorted(
        key for key, record in manifest.read(project.book_dir).items() if "data/2018/pipeline.csv" in record["inputs"]
    )
    pipeline.write_text(
        pipeline.read_text(encoding="utf-8").replace("\r\n", "\n"), encoding="utf-8"
    )  # a real byte change
    changed = build(project, root / "_build" / "html", workers=2, make_site=False)
    # read by 2018's plan and methods page (and the chapters whose ledes name projects), by 2019's
    # methods page (it compares with the year before); 2019's plan reads only 2018's targets
    for reader in ("07_plan", "08_methods"):
        assert {f"en/2018/{reader}.ipynb", f"zh/2018/{reader}.ipynb"} <= set(readers)
    assert {"en/2019/08_methods.ipynb", "zh/2019/08_methods.ipynb"} <= set(readers)
    assert not {"en/2019/07_plan.ipynb", "zh/2019/07_plan.ipynb"} & set(readers)
    assert not [key for key in readers if "/2017/" in key]  # an edition never reads a later year
    assert sorted(changed.executed) == readers
