"""Methods and data: provenance, the numeral ledger, the source's quirks, what is derived, the tables.

Pure functions compute (and are unit-tested); `show_*` functions display one section each
and say "not reported" when the year lacks what they need, never a silent zero.
"""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, display

from .. import charts, ledger, paths
from ..data import FACT_TABLES, YearData, available_years, exchange_rates, source_text, units
from ..i18n import counted, lower_first, number, percent, strings, text
from ..present import omit, say, show_figure, show_table
from ..readers import read_csv
from ..units import convert, quantity, to_base
from .common import indicator_name, setup  # noqa: F401  (setup is the notebook's entry)
from .economy import headline
from .history import KIND_IMPLIED

DOWNLOAD_HREF = "../downloads/{year}/zonebook-{year}-data.zip"  # zonebook.downloads.data_zip_name: the site builder writes it there
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


def ledger_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """The ledger's summary without the total row: group (disposition / reason_kind), key, count, share (%)."""
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
    return {"items": len(items), "sum": summed, "total": float(total["value"]), "difference": float(total["value"]) - summed,
            "unit": unit}


def implied_example(data: YearData) -> dict | None:
    """The first headline indicator whose prior-year value is implied by its growth rate."""
    frame = implied_rows(data)
    if frame.empty:
        return None
    r = frame.iloc[0]
    return {"indicator": r["indicator"], "value": float(r["value"]), "unit": r["unit"], "growth": float(r["growth_pct"]),
            "prior": float(r["prior"])}


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
        used = set(data.facts()["indicator"]) | (set(data.table("targets")["indicator"]) if data.table("targets") is not None else set())
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
        records.append({"scope": "year", "name": name, "file": f"data/{data.year}/{resource.get('path', name + '.csv')}",
                        "rows": None if frame is None else len(frame)})
    root = data_root(data)
    shared = [("catalogue", paths.catalogue_file(root), "data/catalogue.csv"), ("units", paths.units_file(root), "data/units.csv"),
              ("exchange_rates", paths.reference_dir(root) / "exchange_rates.csv", "data/reference/exchange_rates.csv"),
              ("glossary", paths.i18n_dir(root) / "glossary.csv", "data/i18n/glossary.csv"),
              ("sources", data_root(data) / "sources" / "sources.csv", "data/sources/sources.csv")]
    for name, path, shown in shared:
        records.append({"scope": "shared", "name": name, "file": shown, "rows": _shared_rows(path, name, data)})
    return pd.DataFrame(records, columns=["scope", "name", "file", "rows"])


def _label(prefix: str, key: str, lang: str) -> str:
    """A label from the strings, or the key itself when no string names it (a new reason kind)."""
    full = f"{prefix}{key}"
    return text(full, lang) if full in strings() else key


# ---- display -------------------------------------------------------------------------------

def show_provenance(data: YearData, lang: str) -> None:
    p = provenance(data)
    if not p["tables"]:
        return omit("section")
    say("methods.provenance", lang, rows=p["rows"], tables=p["tables"], quoted=p["quoted"], year=data.year)
    say("methods.validate", lang)


def show_ledger(data: YearData, lang: str) -> None:
    frame = year_ledger(data)
    if frame is None:
        return say("methods.ledger_no_source", lang, year=data.year)
    counts = ledger_counts(frame)
    by = dict(zip(zip(counts["group"], counts["key"]), counts["count"]))
    total = len(frame)
    unaccounted = by.get(("disposition", ledger.UNACCOUNTED), 0)
    say("methods.ledger", lang, total=total, facts=by.get(("disposition", ledger.FACT), 0),
        excluded=by.get(("disposition", ledger.EXCLUDED), 0))
    say("methods.ledger_unaccounted_count" if unaccounted else "methods.ledger_all_accounted", lang, n=unaccounted)
    labels = [_label("methods.disposition_", k, lang) if g == "disposition" else _label("methods.reason_", k, lang)
              for g, k in zip(counts["group"], counts["key"])]
    table = pd.DataFrame({
        text("methods.col_group", lang): [text(f"methods.group_{g}", lang) for g in counts["group"]],
        text("methods.col_item", lang): labels,
        text("methods.col_count", lang): [number(int(c), lang) for c in counts["count"]],
        text("methods.col_share", lang): [percent(s, lang) for s in counts["share"]],
    })
    show_table(table, text("methods.ledger_caption", lang, year=data.year, total=number(total, lang)),
               note=text("methods.ledger_note", lang))
    unaccounted = frame[frame["disposition"] == ledger.UNACCOUNTED]
    if not unaccounted.empty:
        say("methods.ledger_unaccounted", lang, items="; ".join(unaccounted["context"]))
    show_ledger_chart(data, counts, total, lang)


def show_ledger_chart(data: YearData, counts: pd.DataFrame, total: int, lang: str) -> None:
    """Bars: numerals that are facts, each reason for an exclusion, and any unaccounted."""
    facts = counts[(counts["group"] == "disposition") & (counts["key"] == ledger.FACT)]
    reasons = counts[counts["group"] == "reason_kind"]
    missing = counts[(counts["group"] == "disposition") & (counts["key"] == ledger.UNACCOUNTED) & (counts["count"] > 0)]
    rows = ([(text("methods.bar_fact", lang), int(c), charts.ACCENT, None, "fact") for c in facts["count"]]
            + [(text("methods.bar_excluded", lang, reason=_label("methods.reason_", k, lang)), int(c), charts.PALETTE[1], "..", "excluded")
               for k, c in zip(reasons["key"], reasons["count"])]
            + [(text("methods.disposition_unaccounted", lang), int(c), charts.PALETTE[3], "xx", "unaccounted") for c in missing["count"]])
    if not rows:
        return
    labels, values, colors, hatches, kinds = map(list, zip(*rows))
    fig = charts.hbar(labels, values, title=text("methods.ledger_title", lang, year=data.year),
                      xlabel=text("methods.ledger_axis", lang),
                      value_labels=[f"{number(v, lang)}（{percent(v / total * 100, lang)}）" if lang == "zh"
                                    else f"{number(v, lang)} ({percent(v / total * 100, lang)})" for v in values],
                      colors=colors, width=7.5)
    alt = text("methods.ledger_alt", lang, total=number(total, lang),
               items="; ".join(f"{l} {number(v, lang)}" for l, v in zip(labels, values)))
    show_figure(charts.figure_html(fig, alt=alt, caption=text("methods.ledger_chart_caption", lang),
                                   data=pd.DataFrame({"item": labels, "disposition": kinds, "numerals": values}),
                                   name=f"methods-ledger-{data.year}", lang=lang))


def show_findings(data: YearData, lang: str) -> None:
    findings = data.table("findings")
    if findings is None or findings.empty:
        return omit("section")
    say("methods.findings", lang, n=len(findings))
    table = pd.DataFrame({
        text("methods.col_kind", lang): [_label("methods.kind_", k, lang) for k in findings["kind"]],
        text("methods.col_description", lang): list(findings[f"description_{lang}"]),
        text("ui.col_quote", lang): list(findings["quote"]),
    })
    show_table(table, text("methods.findings_caption", lang, year=data.year), lang_columns={text("ui.col_quote", lang): "zh-CN"})
    check = spending_check(data)
    if check is not None:
        if check["difference"] == 0:
            return say("methods.spending_check_equal", lang, n=check["items"], total=_money(check["total"], check["unit"], lang))
        say("methods.spending_check", lang, n=check["items"], sum=_money(check["sum"], check["unit"], lang),
            total=_money(check["total"], check["unit"], lang), difference=_money(abs(check["difference"]), check["unit"], lang))


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


def show_derived(data: YearData, lang: str) -> None:
    example = implied_example(data)
    if example is None:
        say("methods.implied_plain", lang)
    else:
        say("methods.implied", lang, indicator=lower_first(indicator_name(example["indicator"], lang), lang),
            value=quantity(example["value"], example["unit"], lang), growth=percent(example["growth"], lang),
            prior=quantity(round(example["prior"], 2), example["unit"], lang), prior_year=data.year - 1,
            n=len(implied_rows(data)))
    rate = exchange_rate(data.year)
    if rate is None:
        say("methods.rate_missing", lang, year=data.year)
    else:
        say("methods.rate", lang, year=data.year, rate=number(float(rate["rate_cny"]), lang),
            source=rate[f"source_{lang}"], quote=rate["quote"])
    say("methods.units", lang)
    show_units(data, lang)


def units_used(data: YearData) -> pd.DataFrame:
    """The rows of the units table the year's facts use (with their base units), in table order:
    a unit added for a later year does not change this year's page."""
    used = set(data.facts()["unit"]) | (set(data.table("targets")["unit"]) if data.table("targets") is not None else set())
    table = units()
    used |= set(table.loc[table["unit"].isin(used), "base_unit"])
    return table[table["unit"].isin(used)]


def show_units(data: YearData, lang: str) -> None:
    table = units_used(data)
    frame = pd.DataFrame({
        text("methods.col_unit", lang): list(table["unit"]),
        text("methods.col_unit_name", lang): list(table["name_zh"] if lang == "zh" else table["name_en"]),
        text("methods.col_base", lang): list(table["base_unit"]),
        text("methods.col_factor", lang): [number(f, lang) for f in table["factor"]],
        text("methods.col_en_unit", lang): list(table["en_unit"]),
        text("methods.col_en_factor", lang): [number(f, lang) for f in table["en_factor"]],
    })
    show_table(frame, text("methods.units_caption", lang), note=text("methods.units_note", lang))


def show_tables(data: YearData, lang: str) -> None:
    frame = package_tables(data)
    frame = frame[(frame["scope"] == "shared") | frame["rows"].notna()]  # a year's missing table is a data gap
    say("methods.tables", lang, year=data.year, n=int((frame["scope"] == "year").sum()),
        rows=int(frame.loc[frame["scope"] == "year", "rows"].fillna(0).sum()))
    table = pd.DataFrame({
        text("methods.col_table", lang): [_as_label(_label("methods.shared_", n, lang) if s == "shared" else _label("table.", n, lang), lang)
                                         for s, n in zip(frame["scope"], frame["name"])],
        text("methods.col_file", lang): list(frame["file"]),
        text("methods.col_rows", lang): ["—" if pd.isna(r) else number(int(r), lang) for r in frame["rows"]],
    })
    show_table(table, text("methods.tables_caption", lang, year=data.year), note=text("methods.tables_note", lang))


def show_reviewers(data: YearData, lang: str) -> None:
    """What a reviewer needs to check the edition: the source file and its checksum, the data
    package's descriptor, and the command that validates them."""
    from .intro import citation

    source = citation(data)
    rows = [(text("intro.field_file", lang), f"data/sources/{source['file']}" if source else text("ui.not_reported", lang)),
            (text("intro.field_sha256", lang), source["sha256"] if source else text("ui.not_reported", lang)),
            (text("methods.reviewer_descriptor", lang), f"data/{data.year}/datapackage.json"),
            (text("methods.reviewer_command", lang), f"zonebook validate --year {data.year}")]
    say("methods.reviewers", lang)
    show_table(pd.DataFrame(rows, columns=[text("intro.col_field", lang), text("intro.col_detail", lang)]),
               text("methods.reviewers_caption", lang), note=text("intro.source_note_reviewers", lang),
               lang_columns={text("intro.col_detail", lang): "en"})  # paths, a checksum, a command


def download_html(data: YearData, lang: str) -> str:
    href = DOWNLOAD_HREF.format(year=data.year)
    link = text("methods.download_link", lang, year=data.year)
    # text() escapes the fields it fills in; the templates themselves are ours.
    return (f'<p class="zb-download-package">{text("methods.download", lang, year=data.year)} '
            f'<a class="zb-download" href="{html.escape(href)}" download>{link}</a></p>')


def show_download(data: YearData, lang: str) -> None:
    display(HTML(download_html(data, lang)))


# ---- data gaps -----------------------------------------------------------------------------

def data_gaps(data: YearData) -> pd.DataFrame:
    """What this year does not report: whole tables, and indicators the previous year had.

    Without a previous year only whole tables can be missing: what a year does not report is
    judged against earlier years alone, so a later year never changes this list.
    Columns: kind ("table" / "indicator"), name (table or indicator id), table.
    """
    from ..data import load

    root = data_root(data)
    gaps = [{"kind": "table", "name": t, "table": t} for t in FACT_TABLES if data.table(t) is None]
    present = set(data.facts()["indicator"])
    earlier = [y for y in available_years(root) if y < data.year]
    expected = {}
    if earlier:
        before = load(earlier[0], root).facts()
        expected = dict(zip(before["indicator"], before["table"]))
    missing_tables = {g["name"] for g in gaps}
    gaps += [{"kind": "indicator", "name": i, "table": t} for i, t in sorted(expected.items())
             if i not in present and t not in missing_tables]
    return pd.DataFrame(gaps, columns=["kind", "name", "table"])


def show_data_gaps(data: YearData, lang: str) -> None:
    gaps = data_gaps(data)
    if gaps.empty:
        first = not any(y < data.year for y in available_years(data_root(data)))
        return say("methods.gaps_none_first" if first else "methods.gaps_none", lang, year=data.year)
    say("methods.gaps", lang, year=data.year, gaps=counted("methods.count_gaps", len(gaps), lang))
    names = [text(f"table.{n}", lang) if k == "table" else indicator_name(n, lang) for k, n in zip(gaps["kind"], gaps["name"])]
    show_table(pd.DataFrame({text("methods.col_gap_kind", lang): [text(f"methods.gap_{k}", lang) for k in gaps["kind"]],
                             text("methods.col_gap_name", lang): names}),
               text("methods.gaps_caption", lang, year=data.year))
