"""Faults a user can cause get words, not tracebacks; unclear cases get one clear piece of advice."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from support.attacks import ENTITY, edit_row, line_with, run_cli
from zonebook.build import build
from zonebook.core import paths
from zonebook.core.errors import DataError
from zonebook.data import i18n
from zonebook.data.readers import MAX_TABLE_BYTES
from zonebook.data.validate import validate_year
from zonebook.engine import manifest
from zonebook.engine.run import portable_data_root
from zonebook.publish import linkcheck

# ---------------------------------------------------------------- the manifest and folders


@pytest.mark.parametrize("content", ['{"notebooks": []}', "{not json", "[]", '{"notebooks": {"a": 1}}'])
def test_a_damaged_manifest_is_reported_by_check(published, tmp_path, capsys, content):
    project, _ = published
    book = Path(shutil.copytree(project.book_dir, tmp_path / "book"))
    (book / "manifest.json").write_text(content, encoding="utf-8")
    code, output = run_cli(capsys, "check", "--book", str(book), "--data", str(project.data_root))
    assert code == 1
    line_with(output, "DAMAGED", "manifest.json", "every notebook counts as stale", "zonebook build")


def test_a_damaged_manifest_is_rebuilt_by_build(published, tmp_path):
    project, _ = published
    book = Path(shutil.copytree(project.book_dir, tmp_path / "book"))
    (book / "manifest.json").write_text('{"notebooks": []}', encoding="utf-8")
    copy = replace(project, book_dir=book)
    summary = build(copy, tmp_path / "_build" / "html", workers=2, make_site=False)
    assert len(summary.executed) == 2 and manifest.damage(book) is None and manifest.stale(project=copy) == []


def test_an_unwritable_site_folder_is_named_with_what_to_do_before_anything_runs(real, tmp_path, capsys):
    code, output = run_cli(
        capsys,
        "build",
        "--data",
        str(real),
        "--book",
        str(tmp_path / "book"),
        "--out",
        "/sys/zonebook-attack/html",
        "--no-pdf",
    )
    assert code == 1
    line_with(output, "/sys/zonebook-attack", "the build cannot write here", "chmod -R u+w", "--out")
    assert not (tmp_path / "book").exists() or not any((tmp_path / "book").rglob("*.ipynb"))


def test_no_absolute_path_is_written_into_a_notebook_or_the_manifest(published):
    project, _ = published
    assert Path(project.data_root).is_absolute() and not str(project.data_root).startswith(str(paths.ROOT))
    assert not Path(portable_data_root(project.data_root)).is_absolute()
    absolute = str(Path(project.data_root).parent)
    written = [
        p.read_text(encoding="utf-8") for p in Path(project.book_dir).rglob("*") if p.suffix in (".ipynb", ".json")
    ]
    assert len(written) == 3 and all(f'"{absolute}' not in text and f"'{absolute}" not in text for text in written)
    assert all("../" in text for text in written)  # the data folder, relative to the project


# ---------------------------------------------------------------- the year on the command line


@pytest.mark.parametrize("command", [["validate"], ["build", "--no-pdf"]])
@pytest.mark.parametrize("year", ["2O18", "", "18", "２０１８"])
def test_a_year_that_is_not_four_digits_is_named(real, capsys, command, year):
    code, output = run_cli(capsys, *command, "--data", str(real), "--year", year)
    assert code == 1
    line_with(
        output, "command line", "field 'year'", f"{year!r} is not a year: a year is four digits", "e.g. --year 2018"
    )


def test_new_year_names_a_bad_year_too(real, capsys):
    code, output = run_cli(capsys, "new-year", "2O18", "--data", str(real))
    assert code == 1
    line_with(output, "'2O18' is not a year")


# ---------------------------------------------------------------- a half-made year


def test_a_half_made_year_gets_one_advice_from_validate_build_and_new_year(real, tmp_path, capsys):
    (real / "2018").mkdir()
    economy = real / "2018" / "economy.csv"
    shutil.copy(real / "2017" / "economy.csv", economy)
    advice = "Run `zonebook new-year 2018`: it adds the missing datapackage.json"
    for command in (
        ["validate"],
        ["build", "--book", str(tmp_path / "book"), "--out", str(tmp_path / "html"), "--no-pdf"],
    ):
        code, output = run_cli(capsys, *command, "--data", str(real))
        assert code == 1
        line_with(output, "2018: the year folder has no datapackage.json", advice)
    kept = economy.read_bytes()
    code, output = run_cli(capsys, "new-year", "2018", "--data", str(real))
    assert code == 0, output
    assert economy.read_bytes() == kept and (real / "2018" / "datapackage.json").is_file()
    assert (real / "2018" / "land.csv").is_file() and (real / "2018" / "CHECKLIST.md").is_file()
    code, output = run_cli(capsys, "new-year", "2018", "--data", str(real))  # now complete: refused as before
    assert code == 1 and "year 2018 already exists" in output


# ---------------------------------------------------------------- files as staff save them


def saved_as(real: Path, encoding: str) -> Path:
    path = real / "2017" / "economy.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    return path


@pytest.mark.parametrize("encoding, named", [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("big5", "Big5")])
def test_an_encoding_we_do_not_read_is_named_with_how_to_save(real, capsys, encoding, named):
    path = real / "2017" / "economy.csv"
    text = path.read_text(encoding="utf-8")
    if encoding == "big5":  # a table typed in traditional characters (Big5 has no simplified ones)
        text = (
            "# fictional test data\nid,indicator,entity,value,value_max,unit,qualifier,quote,note\n"
            "enterprises_total,enterprises_total,,147,,家,exact,開發區實有企業147家,\n"
            "gross_industrial_output,gross_industrial_output,,134,,億元,exact,規模以上企業完成工業總產值134億元,\n"
        )
    path.write_bytes(text.encode(encoding))
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(output, "economy.csv", named, "CSV UTF-8")


def test_gb18030_is_still_read(real):
    saved_as(real, "gb18030")
    assert validate_year(2017, real) == []


def test_an_excel_lock_file_is_ignored(real):
    (real / "2017" / "~$economy.xlsx").write_bytes(b"\x00lock")
    assert validate_year(2017, real) == []


def test_a_table_over_the_size_limit_is_refused_before_it_is_read(real, capsys):
    path = real / "2017" / "economy.csv"
    with path.open("a", encoding="utf-8") as handle:
        line = "x,enterprises_total,,1,,家,exact,开发区实有企业147家,,\n"
        handle.write(line * (MAX_TABLE_BYTES // len(line.encode()) + 10))
    code, output = run_cli(capsys, "validate", "--data", str(real), "--year", "2017")
    assert code == 1
    line_with(output, "economy.csv", "over the limit of 5 MB for one table", "a few hundred rows", "keep only the rows")


# ---------------------------------------------------------------- strings with fields


def test_a_misspelt_field_in_a_string_is_caught_by_validate(real, capsys):
    path = real / "i18n" / "strings" / "ui.csv"
    row = edit_row(path, "ui.sources_show", key="key", en="Show every figure on {tabel}")
    code, output = run_cli(capsys, "validate", "--data", str(real))
    assert code == 1
    line_with(output, "i18n/strings/ui.csv", f"row {row}", "field 'en'", "uses {tabel}", "it gives {table}")


def test_a_misspelt_field_met_while_building_names_the_strings_file(monkeypatch):
    entry = {"zh": "{tabel}", "en": "{tabel}", "where": ("data/i18n/strings/ui.csv", 7)}
    monkeypatch.setattr(i18n, "strings", lambda data_root=None: {"ui.sources_show": entry})
    with pytest.raises(DataError) as error:
        i18n.text("ui.sources_show", "en", table="land")
    assert str(error.value).startswith("data/i18n/strings/ui.csv, row 7, field 'en': the en text of 'ui.sources_show'")


def test_an_unbalanced_brace_in_a_string_is_caught_by_validate(real, capsys):
    row = edit_row(real / "i18n" / "strings" / "ui.csv", "ui.not_reported", key="key", zh="未报告{")
    code, output = run_cli(capsys, "validate", "--data", str(real))
    assert code == 1
    line_with(output, "ui.csv", f"row {row}", "field 'zh'", "is not a valid template")


def test_entity_names_with_markup_still_validate(real):
    edit_row(real / "2017" / "entities.csv", ENTITY, name_en="**bold** ![x](https://example.invalid/x.png)")
    assert validate_year(2017, real) == []


# ---------------------------------------------------------------- offline: whatever loads


def test_every_kind_of_external_load_is_listed_by_the_link_check(tmp_path):
    site = tmp_path / "html"
    site.mkdir()
    loads = [
        '<img src="https://x.invalid/a.png" alt="a">',
        '<iframe src="https://x.invalid/f"></iframe>',
        '<object data="https://x.invalid/o.svg"></object>',
        '<video poster="https://x.invalid/p.png"></video>',
        '<link rel="icon" href="https://x.invalid/favicon.ico">',
        '<link rel="preload" href="https://x.invalid/f.woff2" as="font">',
        '<img srcset="a.png 1x, https://x.invalid/b.png 2x" src="a.png" alt="b">',
        '<source srcset="https://x.invalid/c.webp">',
        '<div style="background:url(https://x.invalid/bg.png)"></div>',
        "<style>@import 'https://x.invalid/i.css';</style>",
    ]
    (site / "index.html").write_text("<html><body>" + "".join(loads) + "</body></html>", encoding="utf-8")
    (site / "a.png").write_bytes(b"\x89PNG")
    (site / "_static").mkdir()
    (site / "_static" / "theme.css").write_text("@font-face{src:url('https://x.invalid/font.woff2')}", encoding="utf-8")
    external = {link.url.rsplit("/", 1)[-1] for link in linkcheck.check(site).external}
    assert external == {
        "a.png",
        "f",
        "o.svg",
        "p.png",
        "favicon.ico",
        "f.woff2",
        "b.png",
        "c.webp",
        "bg.png",
        "i.css",
        "font.woff2",
    }
    assert not linkcheck.check(site).ok


@pytest.mark.parametrize(
    "command", [["validate"], ["build", "--no-pdf"], ["build", "--year", "2017"], ["check"], ["new-year", "2018"]]
)
def test_a_data_folder_that_does_not_exist_is_named(tmp_path, capsys, command):
    code, output = run_cli(capsys, *command, "--data", str(tmp_path / "no-such-data"))
    assert code == 1
    line_with(
        output,
        "no-such-data",
        "the data folder does not exist" if command[0] != "validate" else "there is no year folder",
        "2017",
    )


# ---------------------------------------------------------------- zonebook diff


def test_diff_says_when_the_book_is_stale_against_its_data(tmp_path, capsys):
    from support.chapter import set_field
    from support.repo import published_repo

    repo = published_repo(tmp_path / "repo")
    set_field(repo / "data", "economy", "tax_revenue", "value", "3.99")  # changed, not re-executed
    code, output = run_cli(capsys, "diff", "--repo", str(repo), "--out", str(tmp_path / "diff"))
    assert code == 0
    line_with(output, "note: the book is stale against its inputs", "economy.csv", "Run `zonebook build")


def test_a_build_without_pdfs_keeps_the_pdf_links_of_the_committed_book(tmp_path, monkeypatch):
    """A copy of the committed book stands in for it (zonebook.core.paths.BOOK), so nothing of the project's own is written."""
    from zonebook.core.chapters import TEMPLATES
    from zonebook.data import available_years
    from zonebook.publish import site

    book = Path(shutil.copytree(paths.BOOK, tmp_path / "book"))
    monkeypatch.setattr(paths, "BOOK", book.resolve())
    before = {lang: (book / lang / "index.md").read_bytes() for lang in ("zh", "en")}
    assert all(b".pdf" in index for index in before.values())
    years = available_years(paths.DATA)
    site.generate(book, tmp_path / "work", tmp_path / "_toc.yml", years, TEMPLATES, paths.DATA, pdf=False)
    assert {lang: (book / lang / "index.md").read_bytes() for lang in ("zh", "en")} == before
    other = Path(shutil.copytree(paths.BOOK, tmp_path / "other"))  # a book of one's own: no PDFs, no links
    site.generate(other, tmp_path / "work", tmp_path / "_toc.yml", years, TEMPLATES, paths.DATA, pdf=False)
    assert b".pdf" not in (other / "zh" / "index.md").read_bytes()


def test_diff_with_a_repository_that_does_not_exist_is_named(tmp_path, capsys):
    code, output = run_cli(capsys, "diff", "--repo", str(tmp_path / "gone"), "--out", str(tmp_path / "diff"))
    assert code == 1
    line_with(output, "field '--repo'", "gone does not exist", "git clone of the project")
    assert not (tmp_path / "diff").exists()


@pytest.mark.parametrize("year", ["3000", "2019"])
def test_a_new_year_that_skips_years_is_refused(real, capsys, year):
    code, output = run_cli(capsys, "new-year", year, "--data", str(real))
    assert code == 1
    line_with(output, "field 'year'", f"{year} is not the next year", "the latest year", "zonebook new-year 2018")
    assert not (real / year).exists()


def test_a_manifest_edited_to_match_changed_data_is_caught_by_check(published, tmp_path):
    """Data changed and the manifest's hashes edited to match it: each notebook still carries the
    digest of what it was made from, so the freshness check does not certify it."""
    project, _ = published
    copy = replace(project, book_dir=Path(shutil.copytree(project.book_dir, tmp_path / "book")))
    table = Path(project.data_root) / "2017" / "safety.csv"
    original = table.read_bytes()
    assert manifest.stale(project=copy) == []
    try:
        table.write_bytes(original.replace(b",88,", b",89,", 1))
        assert table.read_bytes() != original
        records = manifest.read(copy.book_dir)
        forged = 0
        for record in records.values():
            for key in record["inputs"]:
                if key.endswith("2017/safety.csv"):
                    record["inputs"][key] = manifest.sha256_bytes(table.read_bytes())
                    forged += 1
        assert forged == 2  # the chapter in both languages read the table
        manifest.write(copy.book_dir, records)
        stale = manifest.stale(project=copy)
    finally:
        table.write_bytes(original)
    assert len(stale) == 2
    assert all(any("manifest record is not the one it was executed with" in r for r in s.reasons) for s in stale)
