"""Load one year's data package into typed pandas tables.

`load(year)` reads what is there and types it; `zonebook validate` is what checks it.
A table that is absent is simply not reported that year: `YearData.table()` returns None
and `YearData.value()` returns None, never a silent zero.

A table is read when it is first asked for, not by `load`: a chapter reads only the tables it
uses, and that is what `zonebook build` records as its inputs (zonebook.engine.inputs).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from zonebook.core import paths
from zonebook.core.errors import DataError, Problem, rel
from zonebook.data import numbers
from zonebook.data.readers import read_csv, read_table, table_file

FACT_COLUMNS = ["id", "indicator", "entity", "value", "value_max", "unit", "qualifier", "quote", "note"]
FACT_TABLES = [
    "economy",
    "land",
    "spending",
    "facilities",
    "pipeline",
    "districts",
    "industry",
    "stock_assets",
    "innovation",
    "services",
    "governance",
    "safety",
    "targets",
]
OUTLINE_TABLES = ["headlines", "sections", "measures", "relations"]  # the report's words, not its figures
OTHER_TABLES = ["entities", "milestones", *OUTLINE_TABLES, "findings", "ledger_exclusions"]
# fact-table columns a table may leave out: `occurrence` (which number of a multi-number quote)
OPTIONAL_COLUMNS = {"occurrence"}
NUMBER_TYPES = {"number", "integer"}


def year_folders(data_root: Path | str | None = None) -> list[Path]:
    """Every folder of the data root named like a year (four digits), with or without its descriptor."""
    root = paths.resolve(data_root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4)


def available_years(data_root: Path | str | None = None) -> list[int]:
    """Years with a data package, latest first."""
    return sorted((int(p.name) for p in year_folders(data_root) if (p / "datapackage.json").exists()), reverse=True)


def check_data_root(data_root: Path | str | None) -> Path:
    """The data folder, or a DataError when it does not exist (a mistyped --data)."""
    root = paths.resolve(data_root)
    if not root.is_dir():
        raise DataError(
            Problem(
                rel(root),
                "the data folder does not exist",
                "Give the folder that holds the year folders (such as data/, with 2017/ in it) with --data",
            )
        )
    return root


def parse_year(text) -> int:
    """A year as typed on the command line: exactly four digits, or a DataError naming it."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not (len(text.strip()) == 4 and text.strip().isascii() and text.strip().isdigit()):
        raise DataError(
            Problem(
                "command line",
                f"{text!r} is not a year: a year is four digits",
                "Give the year as four digits, e.g. --year 2018 (check for a letter O instead of a zero)",
                field="year",
            )
        )
    return int(text)


def half_made_year(folder: Path) -> Problem | None:
    """A year folder holding tables but no datapackage.json: validate, build and new-year all say
    the same, and `zonebook new-year` completes it without touching the tables already there."""
    folder = Path(folder)
    if (folder / "datapackage.json").exists() or not folder.is_dir():
        return None
    return Problem(
        rel(folder),
        "the year folder has no datapackage.json (the description of its tables), so it is not a data package yet",
        f"Run `zonebook new-year {folder.name}`: it adds the missing datapackage.json and any missing table, "
        "and keeps the files already there",
    )


def half_made_years(data_root: Path | str | None = None) -> list[Problem]:
    return [problem for folder in year_folders(data_root) if (problem := half_made_year(folder)) is not None]


def check_year(year, data_root: Path | str | None = None) -> int:
    """The year as an int, or a DataError saying which years exist."""
    year = parse_year(year)
    years = available_years(data_root)
    if year not in years:
        root = paths.resolve(data_root)
        half_made = half_made_year(paths.year_dir(year, root))
        raise DataError(
            half_made
            or Problem(
                rel(root),
                f"there is no data for year {year} (years present: {', '.join(map(str, years)) or 'none'})",
                "Pick one of those years, or create the year with `zonebook new-year YEAR`",
            )
        )
    return year


def read_descriptor(folder: Path) -> dict:
    path = folder / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(
            Problem(
                rel(path),
                "the data package descriptor is missing",
                "Create the year with `zonebook new-year YEAR`, which writes it",
            )
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DataError(
            Problem(
                rel(path),
                f"the descriptor is not valid JSON ({error})",
                "Restore it from the previous year or from git",
            )
        ) from None


def _typed(raw_rows: list[dict], fields: list[dict], path: Path) -> pd.DataFrame:
    """Rows of text to a DataFrame, numbers parsed; a bad number is a DataError naming the cell."""
    problems = []
    columns: dict[str, list] = {f["name"]: [] for f in fields}
    parsers = {f["name"]: numbers.field_parser(f) for f in fields if f.get("type") in NUMBER_TYPES}
    for row in raw_rows:
        for f in fields:
            text = row.get(f["name"], "")
            if f["name"] in parsers:
                try:
                    value = parsers[f["name"]](text)
                except ValueError:
                    problems.append(
                        Problem(
                            rel(path),
                            f"'{text}' is not a number",
                            "Write digits only (e.g. 134 or 3.22); put the unit in the unit column",
                            row["__row__"],
                            f["name"],
                        )
                    )
                    value = None
                columns[f["name"]].append(float("nan") if value is None else value)
            else:
                columns[f["name"]].append(text)
    if problems:
        raise DataError(problems)
    # typed even when empty: a header-only table still has text columns, not float ones
    frame = pd.DataFrame(
        {
            f["name"]: pd.Series(columns[f["name"]], dtype=float if f.get("type") in NUMBER_TYPES else object)
            for f in fields
        }
    )
    frame.index = pd.Index([r["__row__"] for r in raw_rows], name="row")
    return frame


def _translation_pending(frame: pd.DataFrame) -> pd.DataFrame:
    """An English text not yet translated is the Chinese, marked (string ui.untranslated): a new
    year's English edition builds with what is translated and says plainly what is not."""
    for column in [c for c in frame.columns if c.endswith("_en") and f"{c[:-3]}_zh" in frame.columns]:
        chinese = frame[f"{column[:-3]}_zh"].fillna("").astype(str).str.strip()
        pending = frame[column].fillna("").astype(str).str.strip().eq("") & chinese.ne("")
        if pending.any():
            from zonebook.data.i18n import fill

            frame.loc[pending, column] = [fill("ui.untranslated", "en", str, {"zh": z}) for z in chinese[pending]]
    return frame


class Tables(Mapping):
    """The tables of one year that are present on disk, in the descriptor's order, each read
    and typed when first asked for."""

    def __init__(self, folder: Path, descriptor: dict):
        self._folder = folder
        self._schemas = {r["name"]: r["schema"]["fields"] for r in descriptor.get("resources", [])}
        self._files: dict[str, Path | None] = {}
        self._read: dict[str, pd.DataFrame] = {}

    def _file(self, name: str) -> Path | None:
        if name not in self._files:
            self._files[name] = table_file(self._folder, name) if name in self._schemas else None
        return self._files[name]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._read:
            path = self._file(name)
            if path is None:
                raise KeyError(name)
            self._read[name] = _translation_pending(_typed(read_table(path).rows, self._schemas[name], path))
        return self._read[name]

    def __contains__(self, name) -> bool:
        return self._file(name) is not None

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._schemas if self._file(name) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class YearData:
    """One year's tables, typed, with the shared catalogue and units."""

    year: int
    folder: Path
    descriptor: dict
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def _fact_tables(self) -> Iterator[tuple[str, pd.DataFrame]]:
        return ((name, self.tables[name]) for name in self.tables if name in FACT_TABLES and name != "targets")

    def facts(self) -> pd.DataFrame:
        """All fact tables but targets, stacked, with a `table` column."""
        frames = [t.assign(table=name) for name, t in self._fact_tables()]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FACT_COLUMNS + ["table"])

    def row(self, indicator: str, entity: str = "", table: str | None = None) -> pd.Series | None:
        """The fact row for an indicator (and entity), or None when not reported. Without
        `table`, the fact tables are searched in order, each read only when the row is not in
        the ones before, and the row names its `table`, as a row of `facts()` does."""
        frames = [(table, self.tables.get(table))] if table else self._fact_tables()
        for name, frame in frames:
            if frame is None or frame.empty:
                continue
            hit = frame[(frame["indicator"] == indicator) & (frame["entity"] == entity)]
            if not hit.empty:
                return hit.iloc[0] if table else pd.concat([hit.iloc[0], pd.Series({"table": name})])
        return None

    def value(self, indicator: str, entity: str = "", table: str | None = None) -> float | None:
        row = self.row(indicator, entity, table)
        return None if row is None or pd.isna(row["value"]) else float(row["value"])

    def target(self, indicator: str, entity: str = "") -> float | None:
        return self.value(indicator, entity, table="targets")

    def rows_of(self, table: str, chapter: str, **equal) -> pd.DataFrame:
        """The rows of an outline table for one chapter (and any other column equal to a value),
        in file order; empty when the year's report gives none."""
        frame = self.tables.get(table)
        if frame is None or frame.empty:
            return pd.DataFrame(columns=[] if frame is None else frame.columns)
        keep = frame["chapter"] == chapter
        for column, value in equal.items():
            keep &= frame[column] == value
        return frame[keep]

    def headline(self, chapter: str) -> pd.Series | None:
        """The report's own headline for a chapter, or None when it gives none."""
        rows = self.rows_of("headlines", chapter)
        return None if rows.empty else rows.iloc[0]


def load(year, data_root: Path | str | None = None) -> YearData:
    """Read every table the year's descriptor lists and is present on disk."""
    year = check_year(year, data_root)
    folder = paths.year_dir(year, data_root)
    descriptor = read_descriptor(folder)
    return YearData(year, folder, descriptor, Tables(folder, descriptor))


def _shared(path: Path) -> pd.DataFrame:
    raw = read_csv(path)
    return pd.DataFrame([{k: v for k, v in r.items() if k != "__row__"} for r in raw.rows], columns=raw.header)


# Read once per data root (paths.read_once), typed and indexed: chapters look them up thousands of times.
@paths.read_once
def _catalogue(path: Path) -> pd.DataFrame:
    return _shared(path).set_index("id", drop=False)


@paths.read_once
def _units(path: Path) -> pd.DataFrame:
    return _shared(path).set_index("unit", drop=False).astype({"factor": float, "en_factor": float})


@paths.read_once
def _exchange_rates(path: Path) -> pd.DataFrame:
    return _shared(path).astype({"year": int, "rate_cny": float})


def catalogue() -> pd.DataFrame:
    """data/catalogue.csv of the data root in use, indexed by indicator id (shared: do not modify)."""
    return _catalogue(paths.catalogue_file())


def units() -> pd.DataFrame:
    """data/units.csv of the data root in use, indexed by unit (shared: do not modify)."""
    return _units(paths.units_file())


def exchange_rates() -> pd.DataFrame:
    """data/reference/exchange_rates.csv of the data root in use (shared: do not modify)."""
    return _exchange_rates(paths.exchange_rates_file())


def source_text(year: int, data_root: Path | str | None = None) -> str | None:
    """The year's source document, or None when the year has none (its figures are unverified)."""
    path = paths.resolve(data_root) / "sources" / f"{year}.txt"
    try:  # opened, not tested with exists(): an absent source is recorded as looked for (zonebook.engine.inputs)
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
