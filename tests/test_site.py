"""zonebook.publish.site and zonebook.publish.sphinx_ext: generated TOC and pages, and a real two-language build."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from sphinx_external_toc.parsing import parse_toc_yaml

from support.tiny import FIXTURE_TEMPLATES, make_data, make_project
from zonebook.build import build, work_dir_for
from zonebook.core.errors import DataError
from zonebook.publish import site
from zonebook.publish.sphinx_ext import counterpart, switch_html
from zonebook.publish.strings import check_strings


def test_toc_has_one_part_per_year_latest_first(tmp_path):
    text = site.toc_yaml([2016, 2018, 2017], FIXTURE_TEMPLATES)
    assert text.startswith("# GENERATED")
    (tmp_path / "_toc.yml").write_text(text, encoding="utf-8")
    toc = parse_toc_yaml(tmp_path / "_toc.yml")  # the parser Jupyter Book uses accepts it
    assert toc.root.docname == "index"
    parts = yaml.safe_load(text)["parts"]
    assert [p["caption"] for p in parts] == ["2018", "2017", "2016"]
    assert [c["file"] for c in parts[0]["chapters"]] == ["2018/01_economy", "2018/02_integration"]


def test_generated_pages_follow_the_years_in_the_data_folder(tmp_path):
    data = make_data(tmp_path / "data", years=(2016, 2017))
    site.generate(tmp_path / "book", tmp_path / "work", tmp_path / "_toc.yml", [2017, 2016], FIXTURE_TEMPLATES, data)

    index = (tmp_path / "book" / "en" / "index.md").read_text(encoding="utf-8")
    assert index.index("[2017 report](<2017/01_economy.ipynb>)") < index.index("[2016 report](<2016/01_economy.ipynb>)")
    assert "# 咸安经济开发区年度工作报告" in (tmp_path / "book" / "zh" / "index.md").read_text(encoding="utf-8")
    assert 'caption: "2016"' in (tmp_path / "_toc.yml").read_text(encoding="utf-8")
    config = yaml.safe_load((tmp_path / "work" / "config" / "en" / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["language"] == "en" and config["author"] == "Xian'an Economic Development Zone"
    assert config["execute"]["execute_notebooks"] == "off"


def test_a_missing_string_is_a_clear_data_error(tmp_path):
    data = make_data(tmp_path / "data")
    strings = data / "i18n" / "strings" / "site.csv"
    strings.write_text(
        strings.read_text(encoding="utf-8").replace("site.editions,", "site.edition_list,"), encoding="utf-8"
    )
    with pytest.raises(DataError) as error:
        site.generate(tmp_path / "book", tmp_path / "work", tmp_path / "_toc.yml", [2017], FIXTURE_TEMPLATES, data)
    assert "i18n/strings" in str(error.value) and "'site.editions'" in str(error.value)
    with pytest.raises(DataError) as error:  # what the build checks before executing anything
        check_strings(data)
    assert [p.message.split(" (")[0] for p in error.value.problems] == [
        "no zh text for key 'site.editions'",
        "no en text for key 'site.editions'",
    ]


def test_language_switch_leads_to_the_same_page_in_the_other_language():
    assert counterpart("index", "en") == "../en/index.html"
    assert counterpart("2017/01_economy", "zh") == "../../zh/2017/01_economy.html"
    assert 'href="../../en/2017/01_economy.html"' in switch_html("2017/01_economy", "zh")
    assert ">中文</a>" in switch_html("index", "en")


def test_build_publishes_both_languages_and_a_failed_build_keeps_the_old_site(tmp_path):
    project = make_project(tmp_path)
    out = tmp_path / "_build" / "html"
    summary = build(project, out, check_data=False, workers=2, pdf=False)
    assert summary.site_dir == out
    assert (out / "zh" / "downloads" / "2017" / "zonebook-2017-data.zip").is_file()

    landing = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="zh/index.html"' in landing and "&lt;Xian&#x27;an&gt;" in landing  # escaped
    page = (out / "zh" / "2017" / "01_economy.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in page
    assert 'class="zb-lang-switch"><a href="../../en/2017/01_economy.html"' in page
    assert '<link rel="alternate" hreflang="en" href="../../en/2017/01_economy.html" />' in page
    assert 'class="zb-figure"' in page
    assert "# Parameters" not in page and 'data_root</span> <span class="o">=' not in page  # remove-cell honoured
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)  # nothing from the network
    assert not (out / "zh" / "_sources").exists()
    assert '<html lang="en"' in (out / "en" / "index.html").read_text(encoding="utf-8")

    # a broken book (a TOC entry with no notebook) fails and leaves the published site alone
    (out / "marker").write_text("old site", encoding="utf-8")
    broken = tmp_path / "broken_toc.yml"
    broken.write_text(site.toc_yaml([2017, 2015], FIXTURE_TEMPLATES), encoding="utf-8")
    with pytest.raises(site.SiteError, match="jupyter-book failed for the zh edition"):
        site.build_site(
            project.book_dir, out, work_dir_for(out), broken, project.data_root, [2017], FIXTURE_TEMPLATES, pdf=False
        )
    assert (out / "marker").read_text(encoding="utf-8") == "old site"
    # nothing of the build's own lies beside the site but its hidden work folder (no staging left)
    assert sorted(p.name for p in out.parent.iterdir()) == [work_dir_for(out).name, "html"]
    assert {"_toc.yml", "config"} <= {p.name for p in work_dir_for(out).iterdir()}

    # after a failed build the next one rebuilds; after that, with nothing changed, it does not
    assert build(project, out, check_data=False, workers=2, pdf=False).site_seconds > 0
    (out / "marker").write_text("untouched", encoding="utf-8")
    again = build(project, out, check_data=False, workers=2, pdf=False)
    assert again.executed == [] and again.site_seconds == 0.0
    assert (out / "marker").read_text(encoding="utf-8") == "untouched"
    shutil.rmtree(out)


def test_the_site_fingerprint_reads_every_file_of_the_site_code():
    """A file named in SITE_CODE that is not there would hash as "absent" for ever, and a change
    of the site's code would leave the site "current"."""
    files = site.site_code_files()
    assert len(files) == len(site.SITE_CODE) and [f for f in files if not f.is_file()] == []
