"""The published data package of a year whose tables staff saved as GB18030, UTF-8 with BOM,
.xlsx and with thousands separators: UTF-8 CSV under the descriptor's names, the descriptor
naming its own year and source, valid for frictionless."""

from __future__ import annotations

import csv
import json
import shutil

import openpyxl
import pytest
from frictionless import Package

from zonebook.core import paths
from zonebook.data import available_years
from zonebook.publish import downloads

pytestmark = pytest.mark.new_year

# fictional test data: the 2017 tables relabelled as a year the data do not hold (whatever staff added)
YEAR = max(available_years(paths.data_root())) + 1


def staff_saved(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(paths.data_root(), root)
    folder = root / str(YEAR)
    shutil.copytree(root / "2017", folder)
    (folder / "economy.csv").write_bytes((folder / "economy.csv").read_text(encoding="utf-8").encode("gb18030"))
    (folder / "land.csv").write_bytes(b"\xef\xbb\xbf" + (folder / "land.csv").read_bytes())
    rows = list(csv.reader((folder / "spending.csv").open(encoding="utf-8")))
    value = rows[0].index("value")
    rows[1][value] = f"{float(rows[1][value]) * 1000:,.1f}"  # 1,504,700.0: a thousands separator
    (folder / "spending.csv").write_text("".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows), encoding="utf-8")
    book = openpyxl.Workbook()
    for row in csv.reader((folder / "safety.csv").open(encoding="utf-8")):
        book.active.append(row)
    (folder / "safety.csv").unlink()
    book.save(folder / "safety.xlsx")
    with (root / "sources" / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{YEAR},fictional.txt,虚构的测试报告,A fictional test report,测试,Test,{YEAR},\n")
    return root, rows[1][value]


def test_published_package_is_utf8_csv_under_its_names_and_valid(tmp_path):
    root, separated = staff_saved(tmp_path)
    published = downloads.publication(root, YEAR)["files"]
    out = tmp_path / "out"
    for path, data in published.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    descriptor = json.loads((out / "data" / str(YEAR) / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == f"zonebook-{YEAR}"
    assert "2017" not in json.dumps(descriptor.get("sources", []))
    listed = [r["path"] for r in descriptor["resources"]]
    assert "safety.csv" in listed and all(p.endswith(".csv") for p in listed)
    for name in listed:
        data = (out / "data" / str(YEAR) / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8")
    spending = list(csv.DictReader((out / "data" / str(YEAR) / "spending.csv").open(encoding="utf-8")))
    assert spending[0]["value"] == separated.replace(",", "")
    report = Package(str(out / "data" / str(YEAR) / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert "README.md" in published and "data/i18n/glossary.csv" in published
