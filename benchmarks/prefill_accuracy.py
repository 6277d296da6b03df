"""How right pre-fill is: precision and recall per kind on every fictional report.

    PYTHONPATH=. .venv/bin/python benchmarks/prefill_accuracy.py [--only report_d] [--misses]

Each report of tests/fixtures/prefill/ (as the file staff receive: .txt, .docx or .pdf, see
tests/support/reports.py) is pre-filled with `new-year 2018 --source` into a copy of the data
with the years before 2018, and compared with its keys:

- facts, targets: a proposed row is right when its value (and value_max) is the key's;
  precision = right / proposed, recall = right / rows the key gives a figure;
- title, headings (chapter headlines), sections, measures: right when the chapter (and
  section) and the words are the key's (a measure may be a part of the key's item);
- exclusions: recall = the key's non-fact numerals covered by a proposed exclusion; a
  proposed exclusion is wrong when it holds a figure the key gives to a row.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.fictional import copy_earlier_years  # noqa: E402
from support.reports import REPORTS, figure_key, source_file, structure_key  # noqa: E402
from zonebook.data.readers import read_table  # noqa: E402
from zonebook.staff.newyear import scaffold  # noqa: E402
from zonebook.staff.prefill.figures import figures, unit_table  # noqa: E402

YEAR = 2018
KINDS = ("facts", "targets", "title", "headings", "sections", "measures", "exclusions")
FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})


def plain(words: str) -> str:
    return (words or "").translate(FULL).strip().rstrip("。").removesuffix("方面")


def tables(folder: Path) -> dict[str, list[dict]]:
    return {p.stem: read_table(p).rows for p in sorted(folder.glob("*.csv")) if p.name != "REVIEW.csv"}


def score(name: str, folder: Path, units) -> tuple[dict[str, list[int]], list[str]]:
    """{kind: [right, proposed, expected]}, and what went wrong or was missed."""
    counts = defaultdict(lambda: [0, 0, 0])
    notes: list[str] = []
    made = tables(folder)
    key = {k: r for k, r in figure_key(name).items() if r["expect"] == "fact"}
    for table, rows in made.items():
        for row in rows:
            if "value" not in row or row.get("status") != "proposed":
                continue
            kind = "targets" if table == "targets" else "facts"
            expected = key.get((table, row["id"]))
            counts[kind][1] += 1
            if (
                expected
                and float(row["value"]) == float(expected["value"])
                and (row["value_max"] or "") == (expected["value_max"] or "")
            ):
                counts[kind][0] += 1
            else:
                notes.append(f"WRONG {table}.{row['id']}: {row['value']} {row['unit']} «{row['quote']}»")
    for (table, row_id), expected in key.items():
        kind = "targets" if table == "targets" else "facts"
        counts[kind][2] += 1
        row = next((r for r in made.get(table, []) if r["id"] == row_id), None)
        if row is None or row.get("status") != "proposed":
            notes.append(f"missed {table}.{row_id} = {expected['value']}")
    structure = structure_key(name)
    if not structure:  # a report with a key of figures only
        return counts, notes
    wanted = defaultdict(list)
    for row in structure:
        wanted[row["kind"]].append(row)
    headlines = made.get("headlines", [])
    titles = [r for r in headlines if r["chapter"] == "report"]
    counts["title"] = [
        sum(plain(r["text_zh"]) == plain(w["text"]) for r in titles for w in wanted["title"]),
        len(titles),
        len(wanted["title"]),
    ]
    pairs = lambda rows, words: {(r["chapter"], plain(r[words])) for r in rows}  # noqa: E731
    for kind, rows, words, key_kind in (
        ("headings", [r for r in headlines if r["chapter"] != "report"], "text_zh", "headline"),
        ("sections", made.get("sections", []), "title_zh", "section"),
    ):
        got, expected = pairs(rows, words), {(w["chapter"], plain(w["text"])) for w in wanted[key_kind]}
        # the report's words from the start of the heading: 支持传统产业进行技术改造升级(，实现…)
        alike = lambda a, b: a[0] == b[0] and (a[1].startswith(b[1]) or b[1].startswith(a[1]))  # noqa: E731
        right = {g for g in got if any(alike(g, e) for e in expected)}
        found = {e for e in expected if any(alike(g, e) for g in got)}
        counts[kind] = [len(right), len(got), len(expected)]
        counts[f"{kind}_found"] = [len(found), len(expected), len(expected)]
        notes += [f"{kind} not in key: {g}" for g in sorted(got - right)]
        notes += [f"{kind} missed: {e}" for e in sorted(expected - found)]
    measures = [(r["chapter"], plain(r["text_zh"])) for r in made.get("measures", [])]
    expected = [(w["chapter"], plain(w["text"])) for w in wanted["measure"]]
    right = [m for m in measures if any(c == m[0] and (m[1] in t or t in m[1]) for c, t in expected)]
    found = [e for e in expected if any(c == e[0] and (m in e[1] or e[1] in m) for c, m in measures)]
    counts["measures"] = [len(right), len(measures), len(expected)]
    counts["measures_found"] = [len(found), len(expected), len(expected)]
    exclusions = made.get("ledger_exclusions", [])
    fact_values = {float(r["value"]) for r in key.values()}
    wrong = [
        r
        for r in exclusions
        if any(
            f.value in fact_values for f in figures(r["text"], units) if f.unit != "月" and f.value > 2
        )  # 一个, 两个: words
    ]
    covered = [
        w
        for w in wanted["exclusion"]
        if any(w["text"] in r["text"] or r["text"] in w["text"] for r in exclusions if r["text"])
    ]
    counts["exclusions"] = [len(exclusions) - len(wrong), len(exclusions), len(wanted["exclusion"])]
    counts["exclusions_found"] = [len(covered), len(wanted["exclusion"]), len(wanted["exclusion"])]
    notes += [f"exclusion holds a fact: {r['text']}" for r in wrong]
    notes += [f"exclusion missed: {w['text']} ({w['chapter']})" for w in wanted["exclusion"] if w not in covered]
    return counts, notes


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:5.1f}%" if b else "—"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", help="a report (repeatable)")
    parser.add_argument("--misses", action="store_true", help="print every miss and every wrong row")
    args = parser.parse_args()
    units = unit_table(ROOT / "data" / "units.csv")
    total = defaultdict(lambda: [0, 0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or REPORTS:
            work = Path(tmp) / name
            work.mkdir()
            data = copy_earlier_years(work / "data")
            scaffold(YEAR, data, source_file(name, work))
            counts, notes = score(name, data / str(YEAR), units)
            print(f"\n{name} ({REPORTS[name]})")
            for kind in [k for k in KINDS if k in counts]:
                right, proposed, expected = counts[kind]
                recall = counts.get(f"{kind}_found", [right])[0] if f"{kind}_found" in counts else right
                print(f"  {kind:11} precision {ratio(right, proposed):18} recall {ratio(recall, expected)}")
                for i, n in enumerate((right, proposed, expected)):
                    total[kind][i] += n
                if f"{kind}_found" in counts:
                    total[f"{kind}_found"][0] += counts[f"{kind}_found"][0]
            if args.misses:
                print("\n".join("    " + n for n in notes))
    print("\nall reports")
    for kind in KINDS:
        right, proposed, expected = total[kind]
        recall = total[f"{kind}_found"][0] if f"{kind}_found" in total else right
        print(f"  {kind:11} precision {ratio(right, proposed):18} recall {ratio(recall, expected)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
