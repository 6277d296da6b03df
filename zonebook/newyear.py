"""`zonebook new-year YEAR`: scaffold a year's data package for staff to fill in a spreadsheet.

Every table of the latest earlier year is copied with its headers and its indicator rows,
values and quotes emptied; the targets the previous report set for the new year are shown
in each row's note and in CHECKLIST.md. Nothing existing is overwritten.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

from . import leftovers
from .data import FACT_TABLES, available_years, check_data_root, half_made_year, load, parse_year
from .errors import DataError, Problem, rel
from .report.common import indicator_name
from .units import unit_label

CARRIED_OVER = ("entities",)  # names of things persist from year to year
EMPTIED = ("milestones", "findings", "ledger_exclusions")


def _target_note(previous, indicator: str, entity: str) -> str:
    row = previous.row(indicator, entity, table="targets")
    if row is None:
        return ""
    value = f"{float(row['value']):g}"
    return f"{previous.year}年报告提出的{previous.year + 1}年目标 / target set by the {previous.year} report: {value} {row['unit']}"


def _write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def scaffold(year: int, data_root: Path | None = None) -> Path:
    """Write data/<year>/ from the latest earlier year; return the folder."""
    root = check_data_root(data_root)
    folder = root / str(year)
    leftovers.new_year_staging(root)
    completing = half_made_year(folder) is not None  # tables there, no descriptor: add what is missing
    if folder.exists() and not completing:
        raise DataError(Problem(rel(folder), f"year {year} already exists", "Edit its tables instead, or delete the folder first if you really mean to start again"))
    earlier = [y for y in available_years(root) if y < year]
    if not earlier:
        raise DataError(Problem(rel(root), f"there is no year before {year} to copy the tables from", "Create the new year after an existing one (e.g. the year after the latest)"))
    previous = load(earlier[0], root)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}-{os.getpid()}-", dir=root))
    try:
        checklist = _fill_tables(previous, staging, year)
        descriptor = dict(previous.descriptor, name=f"xianan-edz-{year}",
                          title=f"Xian'an Economic Development Zone, {year} / 咸安经济开发区{year}年")
        (staging / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (staging / "CHECKLIST.md").write_text(checklist, encoding="utf-8")
        if completing:
            _complete(folder, staging)
        else:
            staging.rename(folder)  # all or nothing
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _complete(folder: Path, staging: Path) -> None:
    """Move into a half-made year folder what it lacks; a table already there (in any format,
    e.g. economy.xlsx) is kept. The descriptor goes last: until it is there, the year is not one."""
    from .readers import table_file

    for path in sorted(staging.iterdir()):
        if path.name == "datapackage.json" or (folder / path.name).exists():
            continue
        if path.suffix == ".csv" and table_file(folder, path.stem) is not None:
            continue
        os.replace(path, folder / path.name)
    os.replace(staging / "datapackage.json", folder / "datapackage.json")


def _fill_tables(previous, staging: Path, year: int) -> str:
    lines = [f"# {year}: what to fill / 需要填写的内容", "",
             "1. Open each table below in Excel or WPS. Fill `value` (digits only) and `quote` (the sentence of the "
             f"{year} report that states it, copied exactly). Delete a row the report does not give: it will show as "
             "“not reported / 未报告”. When one sentence states several numbers (分别增长了14%、3%、35%和38%), keep "
             "the rows in the sentence's order, or write in `occurrence` which of its numbers each row takes (1 = the first).",
             f"2. Put the report's text in `data/sources/{year}.txt` (UTF-8) if you have it; without it the edition "
             "says its figures are unverified.",
             "3. Save as “CSV UTF-8” or as .xlsx (GB18030 CSV from Excel is accepted too).",
             f"4. Run `make validate` (or `zonebook validate --year {year}`) and fix what it lists; then `make book`.", ""]
    for resource in previous.descriptor["resources"]:
        name = resource["name"]
        header = [f["name"] for f in resource["schema"]["fields"]]
        table = previous.table(name)
        if name in CARRIED_OVER and table is not None:
            _write_csv(staging / f"{name}.csv", header, table[header].to_dict("records"))
            continue
        if name not in FACT_TABLES or table is None:
            _write_csv(staging / f"{name}.csv", header, [])
            continue
        rows, todo = [], []
        for _, row in table.iterrows():
            note = _target_note(previous, row["indicator"], row["entity"]) if name != "targets" else ""
            rows.append({**{c: "" for c in header}, "id": row["id"], "indicator": row["indicator"],
                         "entity": row["entity"], "unit": row["unit"], "qualifier": "exact", "note": note})
            todo.append(f"- [ ] `{row['id']}`: {indicator_name(row['indicator'], 'zh')} / "
                        f"{indicator_name(row['indicator'], 'en')} ({unit_label(row['unit'], 'zh')})"
                        + (f" — {note}" if note else ""))
        _write_csv(staging / f"{name}.csv", header, rows)
        title = "targets for next year / 下一年目标" if name == "targets" else name
        lines += [f"## {name}.csv — {title}", ""] + todo + [""]
    return "\n".join(lines)


def main(args) -> int:
    year = parse_year(args.year)
    folder = scaffold(year, Path(args.data) if args.data else None)
    print(f"Created {rel(folder)}: fill the tables as {rel(folder / 'CHECKLIST.md')} lists, then run `zonebook validate --year {year}`.")
    return 0
