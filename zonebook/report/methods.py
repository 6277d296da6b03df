"""Methods and data: provenance, the numeral ledger, the source's quirks, what is derived, the tables.

Pure functions compute (and are unit-tested), others turn their results into the sentences,
tables and chart a reader sees; the template shows them section by section and says what the
year lacks, never a silent zero.
"""

from __future__ import annotations

import html

import pandas as pd

from zonebook.core import paths
from zonebook.data import FACT_TABLES, YearData, available_years, exchange_rates, ledger, source_text, units
from zonebook.data.i18n import clauses, counted, labelled, lower_first, number, percent, significant, strings, text
from zonebook.data.precision import factor_digits, written_digits
from zonebook.data.quantities import convert, quantity, to_base
from zonebook.data.readers import read_csv
from zonebook.report import charts
from zonebook.report.common import SOURCE_TAG, Topic, indicator_name, setup  # noqa: F401  (setup is the notebook's entry)
from zonebook.report.economy import headline
from zonebook.report.formatting import bracketed
from zonebook.report.history import KIND_IMPLIED
from zonebook.report.present import Table, paragraph

DOWNLOAD_HREF = "../downloads/{year}/zonebook-{year}-data.zip"  # zonebook.publish.downloads.data_zip_name: the site builder writes it there
SPENDING_TOTAL, SPENDING_ITEM = "infrastructure_spending_total", "infrastructure_spending_item"


def data_root(data: YearData):
    return data.folder.parent


# ---- computations --------------------------------------------------------------------------


def provenance(data: YearData) -> dict:
    """How many fact rows the year has, and how many carry a quote (all should)."""
    facts = [data.table(t) for t in FACT_TABLES if data.table(t) is not None]
    rows = sum(len(f) for f in facts)
    quoted = sum(int((f["quote"].str.strip() != "").sum()) for f in facts)
    return {"tables": len(facts), "rows": rows, "quoted": quoted}


def year_ledger(data: YearData) -> pd.DataFrame | None:
    """The numeral ledger of the year's source (one row per numeral), or None without a source."""
    source = source_text(data.year, data_root(data))
    if source is None:
        return None
    return ledger.build_ledger(data, source)


def ledger_counts(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """The ledger's summary without the total row: group (disposition / reason_kind), key, count, share (%).
    None without a ledger."""
    if frame is None:
        return None
    summary = ledger.summary(frame)
    total = int(summary.loc[summary["group"] == "total", "count"].iloc[0])
    out = summary[summary["group"] != "total"].reset_index(drop=True)
    out["share"] = out["count"] / total * 100 if total else float("nan")
    return out


def spending_check(data: YearData) -> dict | None:
    """The items of the spending section summed (in the total's unit) against the reported total."""
    table = data.table("spending")
    if table is None:
        return None
    total = data.row(SPENDING_TOTAL, table="spending")
    items = table[table["indicator"] == SPENDING_ITEM]
    if total is None or items.empty:
        return None
    unit = total["unit"]
    summed = sum(convert(float(r["value"]), r["unit"], unit) for _, r in items.iterrows())
    return {
        "items": len(items),
        "sum": summed,
        "total": float(total["value"]),
        "difference": float(total["value"]) - summed,
        "unit": unit,
    }


def implied_example(data: YearData) -> dict | None:
    """The first headline indicator whose prior-year value is implied by its growth rate."""
    frame = implied_rows(data)
    if frame.empty:
        return None
    r = frame.iloc[0]
    return {
        "indicator": r["indicator"],
        "value": float(r["value"]),
        "unit": r["unit"],
        "growth": float(r["growth_pct"]),
        "prior": float(r["prior"]),
    }


def precision_text(example: dict, lang: str) -> str:
    """The precision rule (zonebook.data.precision), shown on the example of an implied value."""
    value, growth = example["value"], example["growth"]
    return paragraph(
        "methods.precision",
        lang,
        value=quantity(value, example["unit"], lang),
        value_digits=number(written_digits(value), lang),
        growth=percent(growth, lang),
        factor=number(1 + growth / 100, lang, decimals=max(2, len(f"{growth:g}".partition(".")[2]) + 2)),
        factor_digits=number(factor_digits(growth), lang),
        prior=quantity(example["prior"], example["unit"], lang),
        unrounded=quantity(round(value / (1 + growth / 100), 2), example["unit"], lang),
    )


def implied_rows(data: YearData) -> pd.DataFrame:
    """The headline indicators whose prior-year value the book implies from a growth rate."""
    frame = headline(data)
    return frame[frame["prior_kind"] == KIND_IMPLIED]


def exchange_rate(year: int) -> pd.Series | None:
    rates = exchange_rates()
    hit = rates[(rates["year"] == year) & (rates["currency"] == "USD")]
    return None if hit.empty else hit.iloc[0]


def _shared_rows(path, name: str, data: YearData) -> int | None:
    """Rows of a shared table that concern this year or earlier ones: what later years add to
    the catalogue, units, rates or sources does not change this year's count."""
    try:
        rows = read_csv(path).rows
    except FileNotFoundError:
        return None
    if name == "catalogue":
        used = set(data.facts()["indicator"]) | (
            set(data.table("targets")["indicator"]) if data.table("targets") is not None else set()
        )
        return sum(1 for r in rows if r.get("id") in used)
    if name == "units":
        return len(units_used(data))
    if name in ("exchange_rates", "sources"):
        return sum(1 for r in rows if str(r.get("year", "")).isdigit() and int(r["year"]) <= data.year)
    return len(rows)


def package_tables(data: YearData) -> pd.DataFrame:
    """Every table of the year's package and the shared tables, with their row counts (computed).

    Columns: scope ("year" or "shared"), name, file, rows (None when the file is absent).
    """
    records = []
    for resource in data.descriptor.get("resources", []):
        name = resource["name"]
        frame = data.table(name)
        records.append(
            {
                "scope": "year",
                "name": name,
                "file": f"data/{data.year}/{resource.get('path', name + '.csv')}",
                "rows": None if frame is None else len(frame),
            }
        )
    root = data_root(data)
    shared = [
        ("catalogue", paths.catalogue_file(root), "data/catalogue.csv"),
        ("units", paths.units_file(root), "data/units.csv"),
        ("exchange_rates", paths.exchange_rates_file(root), "data/reference/exchange_rates.csv"),
        ("glossary", paths.glossary_file(root), "data/i18n/glossary.csv"),
        ("sources", data_root(data) / "sources" / "sources.csv", "data/sources/sources.csv"),
    ]
    for name, path, shown in shared:
        records.append({"scope": "shared", "name": name, "file": shown, "rows": _shared_rows(path, name, data)})
    return pd.DataFrame(records, columns=["scope", "name", "file", "rows"])


# Sections left out of a year that has nothing for them.
PROVENANCE = Topic("provenance", lambda data: provenance(data)["tables"] > 0)
FINDINGS = Topic("findings", lambda data: data.table("findings") is not None and not data.table("findings").empty)


def _label(prefix: str, key: str, lang: str) -> str:
    """A label from the strings, or the key itself when no string names it (a new reason kind)."""
    full = f"{prefix}{key}"
    return text(full, lang) if full in strings() else key


# ---- for the reader: sentences, tables and the chart ------------------------------------


def provenance_text(data: YearData, counts: dict, lang: str) -> list[str]:
    """How many fact rows carry their quote (see `provenance`), and how the package is validated."""
    return [
        paragraph(
            "methods.provenance",
            lang,
            rows=counts["rows"],
            tables=counts["tables"],
            quoted=counts["quoted"],
            year=data.year,
        ),
        paragraph("methods.validate", lang),
    ]


def _count(counts: pd.DataFrame, group: str, key: str) -> int:
    by = dict(zip(zip(counts["group"], counts["key"]), counts["count"]))
    return by.get((group, key), 0)


def ledger_text(data: YearData, frame: pd.DataFrame | None, counts: pd.DataFrame | None, lang: str) -> list[str]:
    """What the ledger (see `year_ledger`, `ledger_counts`) finds: numerals, facts, exclusions, any
    unaccounted (listed); or that the year has no source document to read."""
    if frame is None:
        return [paragraph("methods.ledger_no_source", lang, year=data.year)]
    unaccounted = _count(counts, "disposition", ledger.UNACCOUNTED)
    out = [
        paragraph(
            "methods.ledger",
            lang,
            total=len(frame),
            facts=_count(counts, "disposition", ledger.FACT),
            excluded=_count(counts, "disposition", ledger.EXCLUDED),
        ),
        paragraph(
            "methods.ledger_unaccounted_count" if unaccounted else "methods.ledger_all_accounted", lang, n=unaccounted
        ),
    ]
    return out


def unaccounted_text(frame: pd.DataFrame | None, lang: str) -> str | None:
    """The numerals the ledger cannot account for, in their context; None when there are none."""
    if frame is None:
        return None
    unaccounted = frame[frame["disposition"] == ledger.UNACCOUNTED]
    return (
        None
        if unaccounted.empty
        else paragraph("methods.ledger_unaccounted", lang, items=clauses(list(unaccounted["context"]), lang))
    )


def ledger_table(data: YearData, frame: pd.DataFrame | None, counts: pd.DataFrame | None, lang: str) -> Table | None:
    """The ledger's counts (see `ledger_counts`) by disposition and reason, with their shares."""
    if frame is None:
        return None
    labels = [
        _label("methods.disposition_", k, lang) if g == "disposition" else _label("methods.reason_", k, lang)
        for g, k in zip(counts["group"], counts["key"])
    ]
    cells = pd.DataFrame(
        {
            text("methods.col_group", lang): [text(f"methods.group_{g}", lang) for g in counts["group"]],
            text("methods.col_item", lang): labels,
            text("methods.col_count", lang): [number(int(c), lang) for c in counts["count"]],
            text("methods.col_share", lang): [percent(s, lang) for s in counts["share"]],
        }
    )
    return Table(
        cells,
        text("methods.ledger_caption", lang, year=data.year, total=number(len(frame), lang)),
        note=text("methods.ledger_note", lang),
    )


def _ledger_bars(counts: pd.DataFrame, lang: str) -> list[tuple]:
    """The chart's bars as (label, count, colour, hatching, disposition): the numerals that are
    facts, each reason for an exclusion, then any unaccounted."""
    facts = counts[(counts["group"] == "disposition") & (counts["key"] == ledger.FACT)]
    reasons = counts[counts["group"] == "reason_kind"]
    missing = counts[(counts["group"] == "disposition") & (counts["key"] == ledger.UNACCOUNTED) & (counts["count"] > 0)]
    return (
        [(text("methods.bar_fact", lang), int(c), charts.ACCENT, None, "fact") for c in facts["count"]]
        + [
            (
                text("methods.bar_excluded", lang, reason=_label("methods.reason_", k, lang)),
                int(c),
                charts.PALETTE[1],
                "..",
                "excluded",
            )
            for k, c in zip(reasons["key"], reasons["count"])
        ]
        + [
            (text("methods.disposition_unaccounted", lang), int(c), charts.PALETTE[3], "xx", "unaccounted")
            for c in missing["count"]
        ]
    )


def ledger_chart(data: YearData, frame: pd.DataFrame | None, counts: pd.DataFrame | None, lang: str) -> str | None:
    """Bars: numerals that are facts, each reason for an exclusion, and any unaccounted."""
    if frame is None:
        return None
    total = len(frame)
    rows = _ledger_bars(counts, lang)
    if not rows:
        return None
    labels, values, colors, hatches, kinds = map(list, zip(*rows))
    fig = charts.hbar(
        labels,
        values,
        title=text("methods.ledger_title", lang, year=data.year),
        xlabel=text("methods.ledger_axis", lang),
        value_labels=[bracketed(number(v, lang), percent(v / total * 100, lang), lang) for v in values],
        colors=colors,
        width=7.5,
    )
    alt = text(
        "methods.ledger_alt",
        lang,
        total=number(total, lang),
        items=clauses([labelled(label, quantity(v, "个", lang), lang) for label, v in zip(labels, values)], lang),
    )
    return charts.figure_html(
        fig,
        alt=alt,
        caption=text("methods.ledger_chart_caption", lang),
        data=pd.DataFrame({"item": labels, "disposition": kinds, "numerals": values}),
        name=f"methods-ledger-{data.year}",
        lang=lang,
    )


def findings_text(findings: pd.DataFrame, lang: str) -> str:
    return paragraph("methods.findings", lang, n=len(findings))


def findings_table(data: YearData, findings: pd.DataFrame, lang: str) -> Table:
    """The source's quirks (findings.csv): kind, description, the source's words."""
    cells = pd.DataFrame(
        {
            text("methods.col_kind", lang): [_label("methods.kind_", k, lang) for k in findings["kind"]],
            text("methods.col_description", lang): list(findings[f"description_{lang}"]),
            text("ui.col_quote", lang): list(findings["quote"]),
        }
    )
    return Table(
        cells,
        text("methods.findings_caption", lang, year=data.year),
        lang_columns={text("ui.col_quote", lang): SOURCE_TAG},
    )


def spending_check_text(check: dict | None, lang: str) -> str | None:
    """The spending items summed against their reported total (see `spending_check`)."""
    if check is None:
        return None
    if check["difference"] == 0:
        return paragraph(
            "methods.spending_check_equal", lang, n=check["items"], total=_money(check["total"], check["unit"], lang)
        )
    return paragraph(
        "methods.spending_check",
        lang,
        n=check["items"],
        sum=_money(check["sum"], check["unit"], lang),
        total=_money(check["total"], check["unit"], lang),
        difference=_money(abs(check["difference"]), check["unit"], lang),
    )


def _money(value: float, unit: str, lang: str) -> str:
    """A yuan amount small enough to need the base unit in English (0.22万元 = 2,200 yuan)."""
    if units().loc[unit, "base_unit"] == "元" and lang == "en":
        return text("methods.yuan", lang, amount=number(round(to_base(value, unit), 2), lang))
    return quantity(round(value, 4), unit, lang)


def _as_label(name: str, lang: str) -> str:
    """'the project pipeline' (a phrase for sentences) as a table label: 'Project pipeline'."""
    if lang != "en":
        return name
    name = name[4:] if name.startswith("the ") else name
    return name[:1].upper() + name[1:]


def derived_text(data: YearData, example: dict | None, rate: pd.Series | None, lang: str) -> list[str]:
    """What the book derives: implied prior-year values (see `implied_example`), the exchange rate
    (see `exchange_rate`), unit conversions."""
    if example is None:
        out = [paragraph("methods.implied_plain", lang)]
    else:
        out = [
            paragraph(
                "methods.implied",
                lang,
                indicator=lower_first(indicator_name(example["indicator"], lang), lang),
                value=quantity(example["value"], example["unit"], lang),
                growth=percent(example["growth"], lang),
                prior=quantity(example["prior"], example["unit"], lang),
                prior_year=data.year - 1,
                n=len(implied_rows(data)),
            ),
            precision_text(example, lang),
        ]
    if rate is None:
        out.append(paragraph("methods.rate_missing", lang, year=data.year))
    else:
        out.append(
            paragraph(
                "methods.rate",
                lang,
                year=data.year,
                rate=number(float(rate["rate_cny"]), lang),
                source=rate[f"source_{lang}"],
                quote=rate["quote"],
            )
        )
    return out + [paragraph("methods.units", lang)]


def units_used(data: YearData) -> pd.DataFrame:
    """The rows of the units table the year's facts use (with their base units), in table order:
    a unit added for a later year does not change this year's page."""
    used = set(data.facts()["unit"]) | (
        set(data.table("targets")["unit"]) if data.table("targets") is not None else set()
    )
    table = units()
    used |= set(table.loc[table["unit"].isin(used), "base_unit"])
    return table[table["unit"].isin(used)]


def units_table(table: pd.DataFrame, lang: str) -> Table:
    """The units (see `units_used`) with their names, base units and factors."""
    cells = pd.DataFrame(
        {
            text("methods.col_unit", lang): list(table["unit"]),
            text("methods.col_unit_name", lang): list(table["name_zh"] if lang == "zh" else table["name_en"]),
            text("methods.col_base", lang): list(table["base_unit"]),
            text("methods.col_factor", lang): [number(significant(f, 6), lang) for f in table["factor"]],
            text("methods.col_en_unit", lang): list(table["en_unit"]),
            text("methods.col_en_factor", lang): [number(f, lang) for f in table["en_factor"]],
        }
    )
    return Table(cells, text("methods.units_caption", lang), note=text("methods.units_note", lang))


def shown_tables(frame: pd.DataFrame) -> pd.DataFrame:
    """The tables of `package_tables` a reader is shown: a year's missing table is a data gap, not a row."""
    return frame[(frame["scope"] == "shared") | frame["rows"].notna()]


def tables_text(data: YearData, frame: pd.DataFrame, lang: str) -> str:
    return paragraph(
        "methods.tables",
        lang,
        year=data.year,
        n=int((frame["scope"] == "year").sum()),
        rows=int(frame.loc[frame["scope"] == "year", "rows"].fillna(0).sum()),
    )


def tables_table(data: YearData, frame: pd.DataFrame, lang: str) -> Table:
    """The package's tables and the shared ones (see `package_tables`), with their files and rows."""
    cells = pd.DataFrame(
        {
            text("methods.col_table", lang): [
                _as_label(_label("methods.shared_", n, lang) if s == "shared" else _label("table.", n, lang), lang)
                for s, n in zip(frame["scope"], frame["name"])
            ],
            text("methods.col_file", lang): list(frame["file"]),
            text("methods.col_rows", lang): ["—" if pd.isna(r) else number(int(r), lang) for r in frame["rows"]],
        }
    )
    return Table(cells, text("methods.tables_caption", lang, year=data.year), note=text("methods.tables_note", lang))


def reviewers_text(lang: str) -> str:
    return paragraph("methods.reviewers", lang)


def reviewers_table(data: YearData, source: dict | None, lang: str) -> Table:
    """What a reviewer needs to check the edition: the source file and its checksum (see
    intro.citation), the data package's descriptor, and the command that validates them."""
    rows = [
        (text("intro.field_file", lang), f"data/sources/{source['file']}" if source else text("ui.not_reported", lang)),
        (text("intro.field_sha256", lang), source["sha256"] if source else text("ui.not_reported", lang)),
        (text("methods.reviewer_descriptor", lang), f"data/{data.year}/datapackage.json"),
        (text("methods.reviewer_command", lang), f"zonebook validate --year {data.year}"),
    ]
    return Table(
        pd.DataFrame(rows, columns=[text("intro.col_field", lang), text("intro.col_detail", lang)]),
        text("methods.reviewers_caption", lang),
        note=text("intro.source_note_reviewers", lang),
        lang_columns={text("intro.col_detail", lang): "en"},
    )  # paths, a checksum, a command


def download_html(data: YearData, lang: str) -> str:
    href = DOWNLOAD_HREF.format(year=data.year)
    link = text("methods.download_link", lang, year=data.year)
    # text() escapes the fields it fills in; the templates themselves are ours.
    return (
        f'<p class="zb-download-package">{text("methods.download", lang, year=data.year)} '
        f'<a class="zb-download" href="{html.escape(href)}" download>{link}</a>'
        # on paper the link leads nowhere: the PDF says where the file is
        f'<span class="zb-print-only">{text("methods.download_where", lang, file=href.rsplit("/", 1)[-1])}</span></p>'
    )


# ---- data gaps -----------------------------------------------------------------------------


def data_gaps(data: YearData) -> pd.DataFrame:
    """What this year does not report: whole tables, and indicators the previous year had.

    Without a previous year only whole tables can be missing: what a year does not report is
    judged against earlier years alone, so a later year never changes this list.
    Columns: kind ("table" / "indicator"), name (table or indicator id), table.
    """
    from zonebook.data import load

    root = data_root(data)
    gaps = [{"kind": "table", "name": t, "table": t} for t in FACT_TABLES if data.table(t) is None]
    present = set(data.facts()["indicator"])
    earlier = [y for y in available_years(root) if y < data.year]
    expected = {}
    if earlier:
        before = load(earlier[0], root).facts()
        expected = dict(zip(before["indicator"], before["table"]))
    missing_tables = {g["name"] for g in gaps}
    gaps += [
        {"kind": "indicator", "name": i, "table": t}
        for i, t in sorted(expected.items())
        if i not in present and t not in missing_tables
    ]
    return pd.DataFrame(gaps, columns=["kind", "name", "table"])


def gaps_text(data: YearData, gaps: pd.DataFrame, lang: str) -> str:
    """How many gaps the year has (see `data_gaps`), or that it has none (and whether it is the first year)."""
    if gaps.empty:
        first = not any(y < data.year for y in available_years(data_root(data)))
        return paragraph("methods.gaps_none_first" if first else "methods.gaps_none", lang, year=data.year)
    return paragraph("methods.gaps", lang, year=data.year, gaps=counted("methods.count_gaps", len(gaps), lang))


def gaps_table(data: YearData, gaps: pd.DataFrame, lang: str) -> Table | None:
    """The year's gaps (see `data_gaps`): a whole table or an indicator the previous year had."""
    if gaps.empty:
        return None
    names = [
        text(f"table.{n}", lang) if k == "table" else indicator_name(n, lang)
        for k, n in zip(gaps["kind"], gaps["name"])
    ]
    return Table(
        pd.DataFrame(
            {
                text("methods.col_gap_kind", lang): [text(f"methods.gap_{k}", lang) for k in gaps["kind"]],
                text("methods.col_gap_name", lang): names,
            }
        ),
        text("methods.gaps_caption", lang, year=data.year),
    )
