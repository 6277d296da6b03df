"""Every figure staff confirm is shown: a new indicator in each fact table appears on some page of
the edition (fictional test data; a chapter whose only figure is new: test_report_supply_side)."""

from __future__ import annotations

import csv

import matplotlib.pyplot as plt

from support.chapter import copy_data, every_section
from zonebook.core import paths
from zonebook.core.chapters import TEMPLATES
from zonebook.data import FACT_TABLES, load

YEAR = 2017  # a copy of it, each table given one indicator no year had


def new_rows(root) -> dict[str, str]:
    """One new indicator per fact table, with a quote no other row has; table -> quote."""
    quotes = {}
    with (root / "catalogue.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for n, table in enumerate(FACT_TABLES, start=1):
            indicator = f"fictional_new_{table}"
            writer.writerow([indicator, "economy", f"Fictional new figure {n}", f"虚构新指标{n}", "个", "", ""])
            path = root / str(YEAR) / f"{table}.csv"
            header = next(csv.reader(path.open(encoding="utf-8")))
            quotes[table] = f"虚构新指标{n}共{n + 70}个"
            row = {"id": indicator, "indicator": indicator, "value": str(n + 70), "unit": "个"}
            row |= {"qualifier": "exact", "quote": quotes[table]}
            with path.open("a", encoding="utf-8", newline="") as table_file:
                csv.writer(table_file, lineterminator="\n").writerow([row.get(c, "") for c in header])
    return quotes


def test_a_new_indicator_in_every_fact_table_is_on_some_page(tmp_path):
    root = copy_data(tmp_path)
    quotes = new_rows(root)
    with paths.using(root):  # what every chapter's cells show (the language changes no code path here)
        data = load(YEAR)
        text = "\n".join(every_section(t.slug, data, "zh") for t in TEMPLATES if t.kind == "chapter")
    plt.close("all")
    missing = {table: quote for table, quote in quotes.items() if quote not in text}
    assert missing == {}
