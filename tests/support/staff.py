"""A year added to a copy of the data as staff add one: `zonebook new-year Y --source REPORT`, then
every proposed row confirmed (a text not translated yet is left so: the English edition marks
it), the rows the report does not give deleted, the figures of indicators no earlier year had
added with `zonebook add-indicator`, and the numerals left over recorded as not facts, until
`zonebook validate` says OK.

Run as `PYTHONPATH=tests python -m support.staff NEW_FOLDER REPORT [KEY]`, it copies the data folder
(every year staff have added too) to NEW_FOLDER and adds the year after the latest, from REPORT with
its years moved to that year (`scripts/test` reruns the year-dependent tests on it). KEY is the
report's answer key (tests/fixtures/prefill/*.key.csv): its `new` rows name the figures that get an
indicator of their own.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from support.fictional import copy_earlier_years
from support.tables import read_rows, write_rows
from zonebook.cli import main as cli
from zonebook.core import paths
from zonebook.data import FACT_TABLES, available_years
from zonebook.data.ledger import UNACCOUNTED, account
from zonebook.data.numerals import same_number, scan
from zonebook.data.status import COLUMN, CONFIRMED, PROPOSED
from zonebook.data.validate import validate_year
from zonebook.staff.prefill.figures import clause_end, clause_start

NOT_RECORDED = "Fictional test year: a numeral the tests do not record as a fact."
YEAR = re.compile(r"(?<!\d)(20\d\d)(?=年)")


def next_year(data_root: Path) -> int:
    """The year after the latest in the data: one that does not exist, whatever staff have added."""
    return max(available_years(data_root)) + 1


def report_for(report: Path, year: int, folder: Path) -> Path:
    """The report's text with its years moved so that the year it reviews (the one it names most)
    is `year`: a fictional report written for one year serves as the next free year's."""
    text = Path(report).read_text(encoding="utf-8")
    written_for = int(Counter(YEAR.findall(text)).most_common(1)[0][0])
    moved = YEAR.sub(lambda m: str(int(m.group(1)) + year - written_for), text)
    path = Path(folder) / f"{year}{Path(report).suffix}"
    path.write_text(moved, encoding="utf-8")
    return path


def add_year(data_root: Path, year: int, report: Path, key: Path | None = None) -> Path:
    """`data_root` with `year` added from `report` and confirmed; raises if validate still finds a problem."""
    data_root = Path(data_root)
    if cli(["new-year", str(year), "--source", str(report), "--data", str(data_root)]) != 0:
        raise RuntimeError(f"zonebook new-year {year} --source {report} failed")
    folder = data_root / str(year)
    source = (data_root / "sources" / f"{year}.txt").read_text(encoding="utf-8")
    key_rows = _key(key)
    fill_from_key(folder, source, key_rows, data_root)
    confirm(folder)
    complete_entities(folder, _previous(data_root, year), source)
    for row in key_rows:
        if row["expect"] == "new":
            add_new_indicator(data_root, year, source, row)
    record_leftover_numerals(folder, source)
    explain_totals(folder, validate_year(year, data_root))
    problems = validate_year(year, data_root)
    if problems:
        raise RuntimeError("the confirmed year does not validate:\n" + "\n".join(map(str, problems)))
    return folder


def confirm(folder: Path) -> None:
    """Every proposed row confirmed; a fact row left empty deleted (the report does not give it)."""
    for path in sorted(folder.glob("*.csv")):
        header, rows = read_rows(path)
        if COLUMN in header:
            for row in rows:
                if row[COLUMN] == PROPOSED:
                    row[COLUMN] = CONFIRMED
        if path.stem in FACT_TABLES:
            rows = [r for r in rows if r["value"].strip()]
        write_rows(path, header, rows)


def fill_from_key(folder: Path, source: str, key_rows: list[dict], data_root: Path) -> None:
    """A row pre-fill left empty that the key gives: its value and the clause that states it
    (the first clause with that number in the row's unit), as staff type them from the report."""
    units = _units(data_root)
    given = {(r["table"], r["id"]): r for r in key_rows if r["expect"] == "fact"}
    for name in FACT_TABLES:
        path = folder / f"{name}.csv"
        header, rows = read_rows(path)
        for row in rows:
            wanted = given.get((name, row["id"]))
            if row["value"].strip() or wanted is None:
                continue
            for numeral in scan(source):
                if (
                    same_number(numeral.value, float(wanted["value"]))
                    and _unit_at(source, numeral.end, units) == row["unit"]
                ):
                    start, end = clause_start(source, numeral.start), clause_end(source, numeral.end)
                    row.update(value=wanted["value"], value_max=wanted["value_max"], quote=source[start:end])
                    break
        write_rows(path, header, rows)


def complete_entities(folder: Path, previous: Path, source: str) -> None:
    """An entity a confirmed row names is copied from last year's entities when the report names it
    again (the checklist's hint); otherwise the row no longer names it."""
    header, entities = read_rows(folder / "entities.csv")
    earlier = {r["id"]: r for r in read_rows(previous / "entities.csv")[1]}
    known = {r["id"] for r in entities}

    def kept(ref: str) -> str:
        if not ref or ref in known:
            return ref
        row = earlier.get(ref)
        if row is None or row["name_zh"] not in source:
            return ""
        entities.append({c: "" for c in header} | row | {"quote": row["name_zh"], "section": "", "builder": ""})
        known.add(ref)
        return ref

    for path in sorted(folder.glob("*.csv")):
        table, rows = read_rows(path)
        for column in ("entity", "builder"):
            if column in table:
                for row in rows:
                    row[column] = kept(row[column])
        if path.stem != "entities":
            write_rows(path, table, rows)
    for row in entities:
        row["builder"] = kept(row["builder"])
    write_rows(folder / "entities.csv", header, [{c: r.get(c, "") for c in header} for r in entities])


def add_new_indicator(data_root: Path, year: int, source: str, key_row: dict) -> None:
    """A figure no row took, as staff record it: `add-indicator`, then its value and quote."""
    table, indicator, value = key_row["table"], key_row["id"], float(key_row["value"])
    numeral = next(n for n in scan(source) if n.value is not None and same_number(n.value, value))
    start, end = clause_start(source, numeral.start), clause_end(source, numeral.end)
    quote = source[start:end]
    unit = _unit_at(source, numeral.end, _units(data_root))
    name_zh = source[start : numeral.start].strip("，。；、 ") or indicator
    chapter = _chapter_of(data_root, year, table)
    args = ["add-indicator", indicator, "--year", str(year), "--table", table, "--chapter", chapter]
    args += ["--unit", unit, "--name-zh", name_zh, "--name-en", indicator.replace("_", " ").capitalize()]
    path = data_root / str(year) / f"{table}.csv"
    header, rows = read_rows(path)
    if any(r["id"] == indicator for r in read_rows(data_root / "catalogue.csv")[1]):  # added in an earlier year
        if any(r["id"] == indicator for r in rows):
            return  # offered by new-year, and filled or deleted as the others
        rows.append(
            {c: "" for c in header} | {"id": indicator, "indicator": indicator, "unit": unit, "qualifier": "exact"}
        )
    elif cli([*args, "--data", str(data_root)]) != 0:
        raise RuntimeError(f"zonebook add-indicator {indicator} failed")
    else:
        header, rows = read_rows(path)
    for row in rows:
        if row["id"] == indicator:
            row.update(value=key_row["value"], quote=quote)
    write_rows(path, header, rows)


ITEMS_SUM = re.compile(r"add up to ([\d.]+) (\S+), but .*? whose refs name (spending:\w+)", re.S)


def explain_totals(folder: Path, problems: list) -> None:
    """A total the report's listed items do not reach (a report may list only some items) gets
    the finding validate asks for: kind discrepancy, naming the total, stating the items' sum."""
    header, findings = read_rows(folder / "findings.csv")
    _, spending = read_rows(folder / "spending.csv") if (folder / "spending.csv").exists() else ([], [])
    for problem in problems:
        found = ITEMS_SUM.search(str(problem))
        if not found:
            continue
        items_sum, unit, ref = found.groups()
        total = next(r for r in spending if f"spending:{r['id']}" == ref)
        findings.append(
            {c: "" for c in header}
            | {
                "id": "listed_items_short_of_total",
                "kind": "discrepancy",
                "description_zh": f"报告只列出部分分项，合计{items_sum}{unit}，少于总额。",
                "description_en": f"The report lists only some items; they add up to {items_sum} {unit}, short of the total.",
                "quote": total["quote"],
                "refs": ref,
            }
            | ({COLUMN: CONFIRMED} if COLUMN in header else {})
        )
    write_rows(folder / "findings.csv", header, findings)


def record_leftover_numerals(folder: Path, source: str) -> None:
    """Each numeral no row accounts for gets a ledger exclusion, as staff record what is not a fact."""
    facts = {name: read_rows(folder / f"{name}.csv")[1] for name in FACT_TABLES if (folder / f"{name}.csv").exists()}
    header, exclusions = read_rows(folder / "ledger_exclusions.csv")
    taken = {r["id"] for r in exclusions}
    for entry in account(facts, exclusions, source):
        if entry.disposition != UNACCOUNTED:
            continue
        row_id = f"leftover_{entry.start}"
        if row_id in taken:
            continue
        text = source[max(entry.start - 6, source.rfind("\n", 0, entry.start) + 1) : entry.end + 1].strip()
        exclusions.append(
            {c: "" for c in header}
            | {"id": row_id, "text": text, "numeral": entry.token, "reason_kind": "word", "reason": NOT_RECORDED}
        )
        taken.add(row_id)
    write_rows(folder / "ledger_exclusions.csv", header, exclusions)


def _key(key: Path | None) -> list[dict]:
    if key is None:
        return []
    with Path(key).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _units(data_root: Path) -> list[str]:
    return sorted((r["unit"] for r in read_rows(data_root / "units.csv")[1]), key=len, reverse=True)


def _unit_at(source: str, position: int, units: list[str]) -> str | None:
    return next((u for u in units if source.startswith(u, position)), None)


def _previous(data_root: Path, year: int) -> Path:
    return data_root / str(max(int(p.name) for p in data_root.iterdir() if p.name.isdigit() and int(p.name) < year))


def _chapter_of(data_root: Path, year: int, table: str) -> str:
    """The chapter most of the table's indicators belong to."""
    chapters = {r["id"]: r["chapter"] for r in read_rows(data_root / "catalogue.csv")[1]}
    named = [chapters[r["indicator"]] for r in read_rows(_previous(data_root, year) / f"{table}.csv")[1]]
    return max(sorted(set(named)), key=named.count)


def data_with_staff_year(dest: Path, report: Path, key: Path | None = None, source: Path | None = None) -> Path:
    """A copy of the data folder's years up to the bundled one, with the year after it added from
    `report` as staff add it. The fictional reports are written as that year's successors; years
    staff have already added to data/ are tested where they are, by the main run."""
    source = Path(source or paths.data_root())
    data = copy_earlier_years(Path(dest), source)
    year = next_year(data)
    add_year(data, year, report_for(report, year, Path(dest).parent), key)
    return data


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or Path(sys.argv[1]).exists():
        sys.exit("usage: PYTHONPATH=tests python -m support.staff NEW_FOLDER REPORT [KEY]")
    print(data_with_staff_year(Path(sys.argv[1]), *map(Path, sys.argv[2:])))
