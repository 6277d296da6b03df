"""`zonebook new-year YEAR [--source FILE]`: scaffold a year's data package for staff to fill.

Every table the latest earlier year's datapackage.json lists is written with its header.
Fact tables get one row to fill per row of the earlier year (and per indicator only older years
gave), and one per target the earlier report set for this year that had no actual row then (so a met target is never shown as
"not reported"). entities.csv starts empty (CHECKLIST.md lists last year's entities to copy
from); milestones, findings and ledger exclusions start empty. Every table gets a `status`
column (see `prefill.status`).

With `--source FILE` (the new report as .txt, .docx or .pdf), the report's text is kept as
data/sources/YEAR.txt with its citation row, and the rows are pre-filled from it
(`zonebook.staff.prefill`), each marked `proposed`; data/YEAR/REVIEW.csv (decided in a spreadsheet,
applied by `zonebook review-apply`) and REVIEW.md list what to check.
Nothing existing is overwritten; the year folder appears whole or not at all.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from zonebook.core import locks
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import (
    FACT_TABLES,
    YearData,
    available_years,
    check_data_root,
    half_made_year,
    load,
    parse_year,
    status,
    translations,
)
from zonebook.data.numerals import arabic
from zonebook.data.readers import read_csv
from zonebook.engine import leftovers

EMPTIED = ("entities", "milestones", "findings", "ledger_exclusions")


def _write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def indicators(root: Path) -> dict[str, dict]:
    """data/catalogue.csv of this data folder, by id."""
    return {r["id"]: r for r in read_csv(root / "catalogue.csv").rows}


def home_table(previous: YearData, indicator: str, entity: str, neighbours: list[str] = ()) -> str:
    """The fact table for an indicator last year had a target for but no actual: the table of
    the same entity, else of the indicator sharing the longest id prefix (land_levelled → land),
    else of the targets set in the same paragraph (`neighbours`, their indicators), else the
    first table of the same chapter."""
    best, best_score = None, 0
    for name in FACT_TABLES:
        table = previous.table(name)
        if name == "targets" or table is None:
            continue
        for row in table.to_dict("records"):
            score = 100 if entity and row["entity"] == entity else _common_prefix(row["indicator"], indicator)
            if score > best_score:
                best, best_score = name, score
    if best:
        return best
    for other in neighbours:
        row = previous.row(other)
        if row is not None:
            return row["table"]
    chapter_of = {k: r["chapter"] for k, r in indicators(previous.folder.parent).items()}
    chapter = chapter_of.get(indicator)
    for name in FACT_TABLES:
        table = previous.table(name)
        if name != "targets" and table is not None and any(chapter_of.get(i) == chapter for i in table["indicator"]):
            return name
    return "economy"


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a.split("_"), b.split("_")):
        if x != y:
            break
        count += 1
    return count


def _neighbours(previous: YearData, quote: str) -> list[str]:
    """Indicators of the targets stated in the same paragraph of last year's report as `quote`."""
    from zonebook.data import source_text

    text, targets = source_text(previous.year, previous.folder.parent), previous.table("targets")
    if not text or not quote or quote not in text or targets is None:
        return []
    start = text.rfind("\n", 0, text.index(quote)) + 1
    end = text.find("\n", start)
    paragraph = text[start : end if end >= 0 else len(text)]
    return [r["indicator"] for r in targets.to_dict("records") if r["quote"] and r["quote"] in paragraph]


def scaffold_rows(previous: YearData, older: list[YearData] = ()) -> dict[str, list[dict]]:
    """{fact table: rows to fill}: last year's rows, rows of older years whose indicator last year's
    report did not give (newest first), then the targets set for this year without an actual."""
    targets = [] if previous.table("targets") is None else previous.table("targets").to_dict("records")
    notes = {
        (t["indicator"], t["entity"]): (
            f"{previous.year}年报告提出的{previous.year + 1}年目标 / target set by the "
            f"{previous.year} report: {arabic(float(t['value']))} {t['unit']}"
        )
        for t in targets
    }
    rows: dict[str, list[dict]] = {}
    for name in FACT_TABLES:
        table = previous.table(name)
        if table is None:
            continue
        rows[name] = [
            _row_to_fill(r, "" if name == "targets" else notes.get((r["indicator"], r["entity"]), ""))
            for r in table.to_dict("records")
        ]
    actuals = {
        (r["indicator"], r["entity"]) for name, table_rows in rows.items() if name != "targets" for r in table_rows
    }
    _add_older_rows(rows, actuals, older)
    _add_target_rows(previous, rows, actuals, targets, notes)
    return rows


def _row_to_fill(r: dict, note: str) -> dict:
    """A row to fill for the indicator, entity and unit of an earlier year's row `r`."""
    return {"id": r["id"], "indicator": r["indicator"], "entity": r["entity"], "unit": r["unit"], "note": note}


def _add_older_rows(rows: dict[str, list[dict]], actuals: set, older: list[YearData]) -> None:
    """Add a row for each actual of an older year that no row to fill has yet (newest year first)."""
    for year in older:
        for name in FACT_TABLES:
            table = year.table(name)
            if name == "targets" or table is None:
                continue
            for r in table.to_dict("records"):
                taken = {row["id"] for row in rows.setdefault(name, [])}
                if (r["indicator"], r["entity"]) in actuals or r["id"] in taken:
                    continue
                actuals.add((r["indicator"], r["entity"]))
                rows[name].append(_row_to_fill(r, f"last reported in {year.year}"))


def _add_target_rows(previous: YearData, rows: dict, actuals: set, targets: list[dict], notes: dict) -> None:
    """Add a row for each target set for this year that no row to fill can meet, in its home table."""
    for r in targets:
        if (r["indicator"], r["entity"]) in actuals:
            continue  # already a row to fill; one figure may also serve several targets (分别达到36个)
        serving = [
            row
            for name, table_rows in rows.items()
            if name != "targets"
            for row in table_rows
            if row["indicator"] == r["indicator"] and not r["entity"]
        ]
        if len(serving) == 1:
            # a target without an entity is met by the indicator's only row (zonebook.report.history.actual_row)
            serving[0]["note"] = serving[0]["note"] or notes[(r["indicator"], r["entity"])]
            continue
        home = home_table(previous, r["indicator"], r["entity"], _neighbours(previous, r["quote"]))
        taken = {row["id"] for row in rows.setdefault(home, [])}
        actuals.add((r["indicator"], r["entity"]))
        rows[home].append(
            dict(
                _row_to_fill(r, notes[(r["indicator"], r["entity"])]),
                id=r["id"] if r["id"] not in taken else f"{r['id']}_actual",
            )
        )


def scaffold(year: int, data_root: Path | None = None, source: Path | None = None) -> Path:
    """Write data/<year>/ from the latest earlier year (pre-filled from `source` if given); return the folder."""
    root = check_data_root(data_root)
    folder = root / str(year)
    leftovers.new_year_staging(root)
    completing = half_made_year(folder) is not None  # tables there, no descriptor: add what is missing
    earlier = _earlier_years(root, folder, year, completing)
    text_copy = root / "sources" / f"{year}.txt"
    kept = source is not None and text_copy.exists() and Path(source).resolve() == text_copy.resolve()
    if source is not None and not kept:
        _check_no_source(root, year, text_copy)
    previous = load(earlier[0], root)
    older = [load(y, root) for y in earlier[1:]]
    text = None
    if source is not None:
        from zonebook.staff.prefill.document import read_report

        text = read_report(Path(source))
        _check_report_year(root, year, text, Path(source), kept)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}-{os.getpid()}-", dir=root))
    wrote_text = wrote_row = False
    try:
        _stage_year(staging, previous, older, year, root, text, Path(source).name if source else "")
        if text is not None and not kept:
            wrote_text = True  # set first: a write that fails half-way is undone too
            text_copy.write_text(text, encoding="utf-8")
        if text is not None and not _has_citation(root, year):
            wrote_row = True  # there was no row for the year: any row for it is this run's
            _add_citation(root, year, text, Path(source), previous.year)
        if completing:
            _complete(folder, staging)
        else:
            staging.rename(folder)  # all or nothing
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if not folder.exists():
            _undo_source(root, year, wrote_text, wrote_row)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # left over only when a half-made year was completed
    return folder


def _earlier_years(root: Path, folder: Path, year: int, completing: bool) -> list[int]:
    """The years before `year`, newest first; refused if the year exists, is not the next, or has none before it."""
    if folder.exists() and not completing:
        raise DataError(
            Problem(
                rel(folder),
                f"year {year} already exists",
                "Edit its tables instead, or delete the folder first if you really mean to start again",
            )
        )
    latest = max(available_years(root), default=year - 1)
    if year > latest + 1:  # 3000 for 2018: a typing slip would make a year with no report behind it
        raise DataError(
            Problem(
                "command line",
                f"{year} is not the next year: the latest year in {rel(root)} is {latest}",
                f"Create {latest + 1} first (`zonebook new-year {latest + 1}`); a year follows the one before",
                field="year",
            )
        )
    earlier = [y for y in available_years(root) if y < year]
    if not earlier:
        raise DataError(
            Problem(
                rel(root),
                f"there is no year before {year} to copy the tables from",
                "Create the new year after an existing one (e.g. the year after the latest)",
            )
        )
    return earlier


def _stage_year(
    staging: Path, previous: YearData, older: list[YearData], year: int, root: Path, text: str | None, source_name: str
) -> None:
    """Write the year's tables, descriptor, CHECKLIST.md and (pre-filled) review files into `staging`."""
    tables, review = _fill_tables(previous, older, staging, year, root, text, source_name)
    descriptor = dict(
        previous.descriptor,
        name=f"xianan-edz-{year}",
        title=f"Xian'an Economic Development Zone, {year} / 咸安经济开发区{year}年",
        description=f"Every number of the zone's {year} work report, each with its exact source quote.",
        sources=[{"title": f"咸安经济开发区{year}年工作报告", "path": f"../sources/{year}.txt"}],
        resources=[dict(r, schema=status.with_status(_schema(r))) for r in _own_source(previous, year)],
    )
    if status.record(tables):
        descriptor[status.RECORD] = status.record(tables)
    (staging / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (staging / "CHECKLIST.md").write_text(
        checklist(previous, year, tables, review is not None, indicators(root)), encoding="utf-8"
    )
    if review is not None:
        (staging / "REVIEW.md").write_text(review, encoding="utf-8")
        from zonebook.staff.prefill import sheet

        sheet.write(staging / sheet.NAME, tables, text, root, year)


def _schema(resource: dict) -> dict:
    """A table's schema for the new year: ledger_exclusions also allows the kinds pre-fill proposes."""
    from zonebook.staff.prefill.structure import with_exclusion_kinds

    return with_exclusion_kinds(resource["schema"]) if resource["name"] == "ledger_exclusions" else resource["schema"]


QUALIFIER_DESCRIPTION = "exact; approx (约, 左右); more_than (余, 多); at_least (以上, 不少于: the value or more); range (value..value_max)."


def _own_source(previous: YearData, year: int) -> list[dict]:
    """The previous year's resources, their descriptions naming this year's source text, and any
    unit of data/units.csv allowed in every table (validate checks units against that file, so a
    unit staff add there needs no edit of datapackage.json)."""
    from zonebook.data.validate import QUALIFIERS

    text = json.dumps(previous.descriptor["resources"], ensure_ascii=False)
    resources = json.loads(text.replace(f"data/sources/{previous.year}.txt", f"data/sources/{year}.txt"))
    for resource in resources:
        for field in resource.get("schema", {}).get("fields", []):
            if field.get("name", "").endswith("_en"):  # translations do not block the year (translations.py)
                field["constraints"] = dict(field.get("constraints") or {}, required=False)
            if field.get("name") == "unit":
                field["constraints"] = {k: v for k, v in (field.get("constraints") or {}).items() if k != "enum"}
            if field.get("name") == "qualifier" and "enum" in (field.get("constraints") or {}):
                field["constraints"]["enum"] = list(QUALIFIERS)  # at_least (以上, 不少于) came after 2017
                field["description"] = QUALIFIER_DESCRIPTION
    return resources


def _complete(folder: Path, staging: Path) -> None:
    """Move into a half-made year folder what it lacks; a table already there (in any format,
    e.g. economy.xlsx) is kept. The descriptor goes last: until it is there, the year is not one."""
    from zonebook.data.readers import table_file

    for path in sorted(staging.iterdir()):
        if path.name == "datapackage.json" or (folder / path.name).exists():
            continue
        if path.suffix == ".csv" and table_file(folder, path.stem) is not None:
            continue
        os.replace(path, folder / path.name)
    os.replace(staging / "datapackage.json", folder / "datapackage.json")


def _fill_tables(
    previous: YearData, older: list[YearData], staging: Path, year: int, root: Path, text: str | None, source_name: str
) -> tuple[dict[str, list[dict]], str | None]:
    """Write every table; return the rows written per table and the review sheet (with a source)."""
    rows = scaffold_rows(previous, older)
    written: dict[str, list[dict]] = {}
    review = None
    qualitative: dict[str, list[dict]] = {}
    if text is not None:
        from zonebook.staff.prefill import fill

        qualitative, review = fill.prefill(text, year, rows, [previous, *older], root, source_name)
    known = translations.memory([previous, *older], root)
    for resource in previous.descriptor["resources"]:
        name = resource["name"]
        header = [f["name"] for f in resource["schema"]["fields"] if f["name"] != status.COLUMN] + [status.COLUMN]
        if name in rows:
            table_rows = [{**{c: "" for c in header}, "qualifier": "exact", **r} for r in rows[name]]
        else:
            table_rows = qualitative.get(name, [])
        translations.offer(table_rows, known)  # earlier years' English of the same words
        _write_csv(staging / f"{name}.csv", header, table_rows)
        written[name] = table_rows
    translations.write_sheet(staging, written)
    return written, review


def _check_no_source(root: Path, year: int, text_copy: Path) -> None:
    """--source writes data/sources/<year>.txt and its row: neither may exist yet."""
    citations = root / "sources" / "sources.csv"
    if text_copy.exists():
        raise DataError(
            Problem(
                rel(text_copy),
                f"the source document of {year} already exists",
                f"Give it as the source (--source {rel(text_copy)}), or remove it first if it is the wrong document",
            )
        )
    row = (
        next((r for r in read_csv(citations).rows if r.get("year") == str(year)), None) if citations.exists() else None
    )
    if row is not None:
        raise DataError(
            Problem(
                rel(citations),
                f"there is already a citation for {year} (but no {text_copy.name})",
                "Delete that row, then run the command again: it writes the row with the report's checksum",
                row["__row__"],
                "year",
            )
        )


YEAR_NAMED = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")


def _check_report_year(root: Path, year: int, text: str, source: Path, kept: bool) -> None:
    """The report given is this year's: not the text of another year's source, and the year it
    names most is not an earlier one (a report reviews its year and plans the next)."""
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for other in sorted((root / "sources").glob("*.txt")):
        if other.stem == str(year) and kept:
            continue
        if other.stem.isdigit() and hashlib.sha256(other.read_bytes()).hexdigest() == digest:
            raise DataError(
                Problem(
                    rel(source),
                    f"this is the text of {rel(other)}, {other.stem}'s report (the same sha256 checksum), "
                    f"not a report of {year}",
                    f"Give {year}'s own work report as --source",
                )
            )
    counts: dict[int, int] = {}
    for match in YEAR_NAMED.finditer(text):
        counts[int(match.group(1))] = counts.get(int(match.group(1)), 0) + 1
    if not counts or counts.get(year, 0) == max(counts.values()):
        return
    most = max(counts, key=lambda y: (counts[y], y))
    if most < year:
        raise DataError(
            Problem(
                rel(source),
                f"the report names {most}年 {counts[most]} times and {year}年 {counts.get(year, 0)} times: "
                f"it reads as the report of {most}, not of {year}",
                f"Give {year}'s own work report as --source (or, if this is it, run without --source and fill "
                "the rows by hand)",
            )
        )


def _has_citation(root: Path, year: int) -> bool:
    citations = root / "sources" / "sources.csv"
    return citations.exists() and any(r.get("year") == str(year) for r in read_csv(citations).rows)


def _add_citation(root: Path, year: int, text: str, original: Path, previous_year: int) -> None:
    """The citation row of data/sources/<year>.txt (its sha256; the original file's in the note)."""
    import hashlib

    from zonebook.staff.prefill.document import sha256
    from zonebook.staff.prefill.layout import title

    sources = root / "sources"
    copy = sources / f"{year}.txt"
    citations = sources / "sources.csv"
    table = read_csv(citations)
    before = next((r for r in table.rows if r.get("year") == str(previous_year)), {})
    heading = title(text)
    row = {c: "" for c in table.header}
    row.update(
        {
            "year": str(year),
            "file": copy.name,
            "title_zh": heading[1] if heading else "",
            "issuer_zh": before.get("issuer_zh", ""),
            "issuer_en": before.get("issuer_en", ""),
            "period_covered": f"{year} review; {year + 1} plan",
            "sha256": hashlib.sha256(copy.read_bytes()).hexdigest(),
            "note": f"Text of {original.name} (sha256 {sha256(original)}) kept as UTF-8 by zonebook new-year; never edited.",
        }
    )
    with citations.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=table.header, lineterminator="\n").writerow(row)


def _undo_source(root: Path, year: int, wrote_text: bool, wrote_row: bool) -> None:
    """After a failure: remove the text copy and the citation row this run wrote, nothing else."""
    sources = root / "sources"
    if wrote_text:
        (sources / f"{year}.txt").unlink(missing_ok=True)
    if not wrote_row:
        return
    citations = sources / "sources.csv"
    table = read_csv(citations)
    kept = [{k: v for k, v in r.items() if k != "__row__"} for r in table.rows if r.get("year") != str(year)]
    if len(kept) != len(table.rows):
        _write_csv(citations, table.header, kept)


def checklist(
    previous: YearData, year: int, tables: dict[str, list[dict]], prefilled: bool, names: dict[str, dict]
) -> str:
    """CHECKLIST.md: every file of the new package, what to do with it, and every figure to find."""
    folder = f"data/{year}"
    lines = _checklist_intro(year, folder, prefilled)
    lines += _checklist_steps(year, folder, prefilled)
    for name, rows in tables.items():
        lines += _table_section(previous, name, rows, names)
    lines += _checklist_other_files(prefilled)
    return "\n".join(lines)


def _checklist_intro(year: int, folder: str, prefilled: bool) -> list[str]:
    """The title, and where to start: the review sheet, or the report as a file."""
    lines = [f"# {year}: what to fill / 需要填写的内容", ""]
    if not prefilled:
        lines += [
            f"If you have the {year} report as a file (.docx, .pdf or .txt), start instead from "
            f"`zonebook new-year {year} --source FILE` (delete `{folder}/` first): it keeps the report's text and "
            "pre-fills every figure it can find, with a review sheet.",
            "",
        ]
    if prefilled:
        lines += [
            f"The tables were pre-filled from the report by `zonebook new-year {year} --source …`. Start with "
            f"`{folder}/REVIEW.csv` (Excel/WPS): one line per decision — every proposed row beside its sentence, "
            "every row left empty and why, and every numeral of the report no row took. Write confirm (确认), absent "
            f"(无: the report does not give it; the row is deleted) or exclude (排除) in `decision`, then run "
            f"`zonebook review-apply {year}`: it writes every decision into the tables. A pre-filled row has "
            "`status` = `proposed` until it is confirmed. `REVIEW.md` says the same for reading.",
            "",
        ]
    return lines


def _checklist_steps(year: int, folder: str, prefilled: bool) -> list[str]:
    """The steps to fill the year, and how to add a new indicator."""
    return [
        "## Steps",
        "",
        f"1. The report's text is `data/sources/{year}.txt` (UTF-8) with its row in `data/sources/sources.csv`."
        + (
            ""
            if prefilled
            else f" If you have the report, save its text there and add the row; `zonebook validate --year {year}` "
            "tells you the sha256 to write in that row. Without it the edition says its figures are not verified."
        )
        + " Fill `title_en` of that row (the report's title in English).",
        "2. Open each table below in Excel or WPS. For each row write the number in `value` (digits only: `134`, not "
        "`134亿元`), check `unit` and `qualifier` (exact, approx for 约/左右, more_than for 余/多, at_least for 以上/不少于, "
        "range with `value_max`), "
        "and paste the words of the report that state it into `quote`, copied exactly. Delete a row the report does not give: "
        "the book leaves that figure out of its tables and charts, shows a target set for it as “未报告 / not reported” "
        "in the plan chapter, and says once that the year's report does not cover a topic left with no figure.",
        "3. Save as “CSV UTF-8”, as a plain Excel CSV (GB18030), or as .xlsx.",
        f"4. `zonebook validate --year {year}`: fix what it lists (file, row, column, what to do), repeat until it says OK. "
        "Then `make book`.",
        "",
        "## A new indicator / 新指标",
        "",
        "A figure the report gives that no earlier year had (a new year-end total, say) needs its own indicator: do not "
        "reuse one with a similar name, whatever validate suggests, unless it means the same thing. Add it with",
        "",
        f'    zonebook add-indicator NEW_ID --year {year} --table TABLE --chapter CHAPTER --unit UNIT --name-zh 中文名 --name-en "English name"',
        "",
        f"which adds the indicator to `data/catalogue.csv` (earlier editions do not use it) and a row to fill to `{folder}/TABLE.csv`.",
        "UNIT is one of `data/units.csv` (家, 个, 亿元, …). A unit no earlier year used (件 for patents) is added there "
        "first, one row with its dimension, base unit, factor and English name, like the rows above it; "
        "any table of the year then accepts it (a target row in `targets.csv` too). Do not edit `datapackage.json`.",
        "",
    ]


def _checklist_other_files(prefilled: bool) -> list[str]:
    """The other files of the package, and what to do with them."""
    return [
        "## Other files",
        "",
        "- `datapackage.json`: the tables and their columns. Do not edit it.",
        f"- `{translations.SHEET}`: the Chinese texts whose English (`*_en` column) is still empty, for a translator; "
        "write the English into the table itself. Until then the English edition shows the Chinese, marked "
        "“(not yet translated)”: an untranslated text does not stop the year.",
        "- `CHECKLIST.md` (this file)"
        + (
            " and `REVIEW.md`: notes for you; they are not published."
            if prefilled
            else ": notes for you; not published."
        ),
        "",
    ]


def _table_section(previous: YearData, name: str, rows: list[dict], names: dict[str, dict]) -> list[str]:
    lines = [f"## {name}.csv", ""]
    if name in FACT_TABLES:
        title = "the targets this report sets for next year" if name == "targets" else "one row per figure"
        lines += [f"{title}; every row below is to fill (or delete):", ""]
        for row in rows:
            done = "x" if row.get(status.COLUMN) == status.PROPOSED else " "
            item = names.get(row["indicator"], {})
            lines.append(
                f"- [{done}] `{row['id']}`: {item.get('name_zh', row['indicator'])} / {item.get('name_en', '')} "
                f"({row['unit']})"
                + (f" — {row['note']}" if row.get("note") else "")
                + (" — proposed, check it" if done == "x" else "")
            )
        return lines + [""]
    if name == "entities":
        lines += [
            "The things the fact rows name in `entity` (facilities, enterprises, departments…). It starts "
            + ("with the things of last year the new report names again (proposed)" if rows else "empty")
            + ": every `entity` "
            "used in a fact row must have its row here, with a `quote` from the new report that names it. "
            f"Last year's entities, to copy from `data/{previous.year}/entities.csv` when the new report names them:",
            "",
        ]
        entities = previous.table("entities")
        for e in [] if entities is None else entities.to_dict("records"):
            lines.append(f"- `{e['id']}` ({e['kind']}): {e['name_zh']} / {e['name_en']}")
        return lines + [""]
    what = {
        "ledger_exclusions": "numerals of the report that are not facts (a year, a section number, 一 in 进一步): "
        "`text` (words of the report containing it), `numeral`, `reason_kind`, `reason`. "
        "`zonebook validate` lists every numeral that is in no fact row and no exclusion.",
        "milestones": "the report's non-numeric targets for next year (完成…建设), each with its quote.",
        "findings": "the report's own inconsistencies (two figures for one thing, a broken name), recorded rather than "
        "corrected; `refs` names the rows (table:id).",
        "headlines": "the report's own title (chapter `report`) and chapter headings, one row per chapter at most.",
        "sections": "the report's sub-headings inside each chapter, in the report's order.",
        "measures": "the measures the report lists (一是…, 二是…), with the section they belong to.",
        "relations": "structures the report states (responsibility levels, who signs with whom), top-down.",
    }
    lines.append(
        what.get(name, "fill as last year's table, with quotes from the new report.")
        + (f" {len(rows)} row(s) proposed from the report." if rows else " Starts empty.")
    )
    return lines + [""]


def main(args) -> int:
    year = parse_year(args.year)
    source = Path(args.source) if getattr(args, "source", None) else None
    root = check_data_root(Path(args.data) if args.data else None)
    with locks.held("new-year", [root]):  # two at once would mix one report's text with the other's rows
        folder = scaffold(year, root, source)
    if source:
        steps = (
            f"work through {rel(folder / 'REVIEW.csv')} (write confirm, absent or exclude in its decision column), "
            f"run `zonebook review-apply {year}`, fill what CHECKLIST.md lists"
        )
    else:
        steps = "fill the tables as CHECKLIST.md says"
    print(f"Created {rel(folder)}. Next: {steps}, then run `zonebook validate --year {year}`.")
    return 0
