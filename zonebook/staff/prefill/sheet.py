"""REVIEW.csv: every decision staff make about a pre-filled year, in one sheet for Excel or WPS.

One line per decision: a figure pre-filled from the report (`figure`), a row left empty
(`empty`), a proposed row of a qualitative table (`row`: entity, heading, section, measure,
exclusion), a numeral of the report no row took (`numeral`). Staff write in `decision`:

- `confirm` / `确认`: the row is right as the columns value, unit, qualifier and quote say
  (change them first to correct it); its status becomes `confirmed`. For a numeral: once its
  indicator was added (`zonebook add-indicator`, as `proposed` says), write that row's table
  and id in the line: the row takes the numeral's value, unit and quote;
- `absent` / `无`: the report does not give this (or the proposal is wrong): the row is deleted;
- `exclude` / `排除` (a numeral): not a fact; it becomes a ledger exclusion with `reason`.

An empty decision leaves the line for later. `zonebook review-apply YEAR` (`apply`) writes
every decision into the tables at once, each file in its own encoding and line endings, and
keeps in the sheet only the lines still undecided.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import ledger
from zonebook.data.readers import read_csv, read_table, table_file
from zonebook.data.status import COLUMN, CONFIRMED, PROPOSED
from zonebook.staff.prefill import newindicators
from zonebook.staff.prefill.facts import normalise
from zonebook.staff.prefill.figures import clause_start, figures, sentence_span, unit_table
from zonebook.staff.prefill.layout import plan_start

NAME = "REVIEW.csv"
COLUMNS = [
    "table",
    "id",
    "kind",
    "about",
    "sentence",
    "proposed",
    "decision",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "quote",
    "reason",
]
DECISIONS = {
    "confirm": "confirm",
    "confirmed": "confirm",
    "correct": "confirm",
    "确认": "confirm",
    "更正": "confirm",
    "absent": "absent",
    "无": "absent",
    "未报告": "absent",
    "不报告": "absent",
    "delete": "absent",
    "删除": "absent",
    "exclude": "exclude",
    "排除": "exclude",
}
FIGURE_COLUMNS = ("value", "value_max", "unit", "qualifier", "quote")
TEXT_COLUMNS = ("text_zh", "title_zh", "name_zh", "text")
EXCLUSIONS = "ledger_exclusions"
NUMERAL_KIND = "word"  # the reason_kind of an exclusion staff add from the sheet


def _sentence(text: str, start: int, end: int) -> str:
    first, last = sentence_span(text, start)
    return " ".join((text[first:start] + "【" + text[start:end] + "】" + text[end:last]).split())


def _quote_sentence(text: str, quote: str) -> str:
    at = text.find(quote) if quote else -1
    return "" if at < 0 else _sentence(text, at, at + len(quote))


def lines(
    tables: dict[str, list[dict]], text: str, names: dict[str, str], year: int = 0, root: Path | None = None
) -> list[dict]:
    """The sheet's lines for a year's tables (rows as written, with `__reason__` on empty rows)."""
    out = []
    for table, rows in tables.items():
        for row in rows:
            proposed = (row.get(COLUMN) or "") == PROPOSED
            if "value" in row and "indicator" in row:
                if not proposed and (row.get("value") or "") != "":
                    continue  # entered or confirmed by a person
                about = names.get(row["indicator"], row["indicator"]) + (
                    f"（{row['entity']}）" if row.get("entity") else ""
                )
                line = {"table": table, "id": row["id"], "about": about}
                if proposed:
                    line |= {
                        "kind": "figure",
                        "sentence": _quote_sentence(text, row.get("quote", "")),
                        "proposed": f"{row['value']}{'–' + row['value_max'] if row.get('value_max') else ''} {row['unit']}",
                        **{c: row.get(c, "") for c in FIGURE_COLUMNS},
                    }
                else:
                    line |= {
                        "kind": "empty",
                        "sentence": row.get("__candidates__", ""),
                        "proposed": row.get("__reason__", "") or row.get("note", ""),
                        "unit": row.get("unit", ""),
                        "qualifier": row.get("qualifier", "") or "exact",
                    }
                out.append(line)
            elif proposed:
                words = next((row[c] for c in TEXT_COLUMNS if row.get(c)), "")
                out.append(
                    {
                        "table": table,
                        "id": row["id"],
                        "kind": "row",
                        "about": row.get("chapter", "") or row.get("kind", "") or row.get("reason_kind", ""),
                        "sentence": _quote_sentence(text, row.get("quote") or words) or words,
                        "proposed": words + (f" — {row['reason']}" if row.get("reason") else ""),
                    }
                )
    out += _numerals(tables, text, year, root)
    return out


def _numerals(tables: dict[str, list[dict]], text: str, year: int, root: Path | None) -> list[dict]:
    """A line for each numeral of the report no row took, with what it may be."""
    facts = {
        t: [r for r in rows if (r.get("value") or "") != ""]
        for t, rows in tables.items()
        if rows and "value" in rows[0]
    }
    entries = [
        e for e in ledger.account(facts, tables.get(EXCLUSIONS, []), text) if e.disposition == ledger.UNACCOUNTED
    ]
    proposals, stated, units, names = {}, {}, {}, {}
    if root is not None:
        units = unit_table(Path(root) / "units.csv")
        catalogue = read_csv(Path(root) / "catalogue.csv").rows
        chapters = {r["id"]: r["chapter"] for r in catalogue}
        stated = {f.start: f for f in figures(text, units)}
        proposals = newindicators.propose(text, entries, stated, tables, chapters, year)
        names = {r["id"]: normalise(r["name_zh"]) for r in catalogue}
    rows_at = _rows_at(tables, text, year, entries, stated, units, names)
    out = []
    for number, e in enumerate(entries, start=1):
        new = None if e.start in rows_at else proposals.get(e.start)
        out.append(
            {
                "table": EXCLUSIONS,
                "id": f"numeral_{number}",
                "kind": "numeral",
                "about": f"line {e.line}" + (f": {new.name_zh}" if new else ""),
                "sentence": _sentence(text, e.start, e.end),
                "proposed": _numeral_proposal(new, rows_at.get(e.start), year),
                "quote": _clause(text, e.start, e.end),
                "value": e.token,
                "unit": new.unit if new else (stated[e.start].unit if e.start in stated else ""),
                "qualifier": stated[e.start].qualifier if e.start in stated else "",
            }
        )
    return out


def _rows_at(tables: dict, text: str, year: int, entries: list, stated: dict, units: dict, names: dict) -> dict:
    """The empty rows (as "table id") each loose numeral may be, by its start: a numeral an empty
    row lists among its candidates, or that follows the name of an empty row's indicator in its
    unit (总投资3500万元), is that row's to take, not a new indicator's."""
    rows_at: dict[int, list[str]] = {}
    plan = plan_start(text, year) if year else None
    for table, rows in tables.items():
        for row in rows:
            if (row.get("value") or "") == "" and "indicator" in row:
                for start in row.get("__candidate_starts__") or ():
                    rows_at.setdefault(start, []).append(f"{table} {row['id']}")
                name = names.get(row["indicator"], "")
                for loose in [x for x in entries if x.start in stated] if len(name) >= 2 else []:
                    figure, before = stated[loose.start], text[clause_start(text, loose.start) : loose.start]
                    in_plan = plan is not None and loose.start >= plan
                    if (
                        normalise(before).endswith(name)
                        and (table == "targets") == in_plan
                        and _same_kind(figure.unit, row.get("unit", ""), units)
                        and f"{table} {row['id']}" not in rows_at.get(loose.start, [])
                    ):
                        rows_at.setdefault(loose.start, []).append(f"{table} {row['id']}")
    return rows_at


def _numeral_proposal(new, rows: list[str] | None, year: int) -> str:
    """What a numeral line proposes: the empty rows it may fill, a new indicator, or to add or exclude it."""
    if rows:
        return (
            f"a figure of a row left empty ({' or '.join(rows)}): if it states that row, write "
            "its table and id in this line's table and id and confirm; or exclude it if it is no quantity"
        )
    if new:
        return f"a new indicator “{new.name_zh}” ({new.unit}) in {new.table}.csv: {new.command(year)}"
    return (
        "a fact no row takes: add its indicator (zonebook add-indicator, CHECKLIST.md), "
        "or exclude it if it is no quantity"
    )


def _same_kind(unit: str, other: str, units: dict) -> bool:
    """Whether two units measure the same (万元 and 亿元), by units.csv."""
    return unit in units and other in units and units[unit].base_unit == units[other].base_unit


def _clause(text: str, start: int, end: int) -> str:
    """The words around a numeral up to the nearest punctuation: a text that finds it in the report."""
    stop = "，,。；;：:、！？（）()“”\n"
    first = start
    while first > 0 and text[first - 1] not in stop and start - first < 12:
        first -= 1
    last = end
    while last < len(text) and text[last] not in stop and last - end < 6:
        last += 1
    return text[first:last]


def write(path: Path, tables: dict[str, list[dict]], text: str, root: Path, year: int) -> None:
    """The sheet, UTF-8 with a BOM (Excel and WPS then read its Chinese)."""
    names = {r["id"]: r["name_zh"] for r in read_csv(Path(root) / "catalogue.csv").rows}
    _write(path, COLUMNS, lines(tables, text, names, year, root), "utf-8-sig", "\r\n")


def _write(path: Path, header: list[str], rows: list[dict], encoding: str, newline: str) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=newline, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def _newline(path: Path) -> str:
    return "\r\n" if b"\r\n" in path.read_bytes()[:4096] else "\n"


def _problem(sheet: Path, row: dict, field: str, message: str, fix: str) -> Problem:
    return Problem(rel(sheet), message, fix, row["__row__"], field)


# a decision a line cannot take: (the test of decision and line, the column, the message, the fix)
REFUSALS = (
    (
        lambda decision, row: decision == "exclude" and row["kind"] != "numeral",
        "decision",
        "only a numeral no row took can be excluded",
        "Write confirm (确认) or absent (无)",
    ),
    (
        lambda decision, row: decision == "absent" and row["kind"] == "numeral",
        "decision",
        "a numeral of the report is in it: it cannot be absent",
        "Write exclude (排除) with a reason if it is no quantity, or add its indicator with `zonebook add-indicator`",
    ),
    (
        lambda decision, row: decision == "confirm" and row["kind"] == "numeral" and row["table"] == EXCLUSIONS,
        "table",
        "a numeral no row took is confirmed, but no row is named to take it",
        "Add its indicator with `zonebook add-indicator` (as `proposed` says), write that table and id "
        "in this line's table and id columns, or write exclude (排除) with a reason",
    ),
    (
        lambda decision, row: decision == "confirm" and row["kind"] != "row" and not (row.get("value") or "").strip(),
        "value",
        "confirmed without a value",
        "Write the figure in value (and its quote), or write absent (无)",
    ),
    (
        lambda decision, row: decision == "exclude" and not (row.get("quote") or "").strip(),
        "quote",
        "excluded without the words that find it",
        "Write in quote the words around the numeral, as in the report",
    ),
)


def apply(folder: Path) -> dict[str, int]:
    """Write the decisions of `folder`/REVIEW.csv into the year's tables, all or none; return
    the counts per decision (and `undecided`)."""
    folder = Path(folder)
    sheet = folder / NAME
    if not sheet.exists():
        raise DataError(
            Problem(rel(sheet), "there is no review sheet", "Run `zonebook new-year YEAR --source FILE` first")
        )
    review = read_csv(sheet)
    problems: list[Problem] = []
    decided, kept = _sort_lines(sheet, review.rows, problems)
    tables = _decided_tables(sheet, folder, decided, problems)
    counts = _apply_decisions(sheet, decided, tables, problems)
    exclusions = [line for decision, line in decided if decision == "exclude"]
    if exclusions and EXCLUSIONS not in tables:
        _read_exclusions(folder, tables, problems)
    if problems:
        raise DataError(problems)
    if exclusions:
        _add_exclusions(tables[EXCLUSIONS], exclusions)
    kept = _still_open(folder, kept, tables)
    _replace_all(tables, sheet, review, kept)
    counts["undecided"] = len(kept)
    return counts


def _sort_lines(sheet: Path, rows: list[dict], problems: list) -> tuple[list, list]:
    """The sheet's lines as (decision, line) pairs and undecided lines; a refused decision is a problem."""
    decided, kept = [], []
    for row in rows:
        word = (row.get("decision") or "").strip().lower()
        if not word:
            kept.append(row)
            continue
        decision = DECISIONS.get(word)
        if decision is None:
            problems.append(
                _problem(
                    sheet,
                    row,
                    "decision",
                    f"'{row['decision']}' is not a decision",
                    "Write confirm (确认), absent (无) or exclude (排除), or leave it empty",
                )
            )
            continue
        refusal = next((r for r in REFUSALS if r[0](decision, row)), None)
        if refusal is not None:
            problems.append(_problem(sheet, row, *refusal[1:]))
        else:
            decided.append((decision, row))
    return decided, kept


def _decided_tables(sheet: Path, folder: Path, decided: list, problems: list) -> dict[str, object]:
    """The tables the decided lines name, read; a table that is not a .csv file is a problem."""
    tables: dict[str, object] = {}
    for _, row in decided:
        name = row["table"]
        if name in tables:
            continue
        path = table_file(folder, name)
        if path is None or path.suffix.lower() != ".csv":
            problems.append(
                _problem(
                    sheet,
                    row,
                    "table",
                    f"table '{name}' is not a .csv file of {rel(folder)}",
                    "Save the table as CSV (UTF-8) and apply the sheet again",
                )
            )
            continue
        tables[name] = read_table(path)
    return tables


def _apply_decisions(sheet: Path, decided: list, tables: dict, problems: list) -> dict[str, int]:
    """Confirm or delete the rows the decided lines name, in the tables read; count the decisions."""
    counts = {"confirm": 0, "absent": 0, "exclude": 0}
    for decision, line in decided:
        table = tables.get(line["table"])
        if table is None:
            continue
        if decision == "exclude":
            counts[decision] += 1
            continue
        match = [r for r in table.rows if r.get("id") == line["id"]]
        if not match:
            problems.append(
                _problem(
                    sheet,
                    line,
                    "id",
                    f"{line['table']} has no row '{line['id']}'",
                    "Correct the id, or delete this line of the sheet",
                )
            )
            continue
        if decision == "absent":
            table.rows.remove(match[0])
        else:
            _confirm(match[0], line)
        counts[decision] += 1
    return counts


def _confirm(row: dict, line: dict) -> None:
    """Give a row the figure its confirmed line states and mark it confirmed."""
    if line["kind"] != "row":  # a figure, an empty row, a numeral given to a new indicator's row
        for column in FIGURE_COLUMNS:
            given = (line.get(column) or "").strip()
            if column in row and (given or column != "qualifier"):  # no qualifier: the row's stays
                row[column] = given
    if COLUMN in row:
        row[COLUMN] = CONFIRMED


def _read_exclusions(folder: Path, tables: dict, problems: list) -> None:
    """Read the year's ledger_exclusions table into `tables`; its absence is a problem."""
    path = table_file(folder, EXCLUSIONS)
    if path is None:
        problems.append(
            Problem(
                rel(folder),
                "the year has no ledger_exclusions table",
                "Copy ledger_exclusions.csv from the previous year, keep its header row only",
            )
        )
    else:
        tables[EXCLUSIONS] = read_table(path)


def _add_exclusions(table, exclusions: list[dict]) -> None:
    """Append a ledger exclusion for each excluded numeral line, under an id not yet taken."""
    taken = {r.get("id") for r in table.rows}
    for line in exclusions:
        number, ident = 1, f"excluded_{line['id']}"
        while ident in taken:
            number += 1
            ident = f"excluded_{line['id']}_{number}"
        taken.add(ident)
        table.rows.append(
            {
                "id": ident,
                "text": line["quote"].strip(),
                "numeral": (line.get("value") or "").strip(),
                "reason_kind": NUMERAL_KIND,
                "reason": (line.get("reason") or "").strip() or "Not a quantity (decided in REVIEW.csv).",
                COLUMN: CONFIRMED,
            }
        )


def _replace_all(tables: dict, sheet: Path, review, kept: list[dict]) -> None:
    """Write every changed table and the sheet's undecided lines beside the files, then replace them."""
    staged = []
    try:
        for table in tables.values():
            temp = table.path.with_name(f".{table.path.name}.review")
            _write(temp, table.header, table.rows, table.encoding, _newline(table.path))
            staged.append((temp, table.path))
        temp = sheet.with_name(f".{sheet.name}.review")
        _write(temp, review.header, kept, review.encoding, _newline(sheet))
        staged.append((temp, sheet))
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in staged:  # every file written before any is replaced
        os.replace(temp, path)


def _still_open(folder: Path, kept: list[dict], tables: dict) -> list[dict]:
    """The undecided lines that still ask for a decision once the decided ones are written: a
    numeral line whose numeral a row now takes (as validate's ledger counts it: a row filled in
    the sheet or in its table) is accounted for, and so is an empty row that now has a value."""
    from zonebook.data import FACT_TABLES

    source = folder.parent / "sources" / f"{folder.name}.txt"
    if not kept or not source.exists():
        return kept
    text = source.read_text(encoding="utf-8")

    def rows_of(name: str) -> list[dict]:
        if name in tables:
            return tables[name].rows
        path = table_file(folder, name)
        return read_table(path).rows if path is not None and path.suffix.lower() == ".csv" else []

    facts = {name: [r for r in rows_of(name) if (r.get("value") or "") != ""] for name in FACT_TABLES}
    entries = ledger.account(facts, rows_of(EXCLUSIONS), text)
    where = lambda e: (e.token, _clause(text, e.start, e.end))  # noqa: E731  (as a numeral line names it)
    loose = {where(e) for e in entries if e.disposition == ledger.UNACCOUNTED}
    taken = {where(e) for e in entries if e.disposition != ledger.UNACCOUNTED} - loose
    filled = {(name, r.get("id")) for name, rows in facts.items() for r in rows}
    return [
        line
        for line in kept
        if not (line.get("kind") == "numeral" and (line.get("value", ""), line.get("quote", "")) in taken)
        and not (line.get("kind") == "empty" and (line.get("table"), line.get("id")) in filled)
    ]


def main(args) -> int:
    from zonebook.core import paths
    from zonebook.data import parse_year

    year = parse_year(args.year)
    counts = apply(Path(paths.data_root()) / str(year))
    print(
        f"{year}: {counts['confirm']} confirmed, {counts['absent']} deleted (the report does not give them), "
        f"{counts['exclude']} excluded; {counts['undecided']} line(s) of {NAME} still undecided. "
        f"Next: zonebook validate --year {year}"
    )
    return 0
