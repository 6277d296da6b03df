"""The smallest project: the fixture templates (tests/fixtures/templates), the data they read and
a stand-in package, for the runner, the freshness check and the site without the real book."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.chapter import copy_package
from zonebook.core.chapters import Template
from zonebook.engine.manifest import Project

TEMPLATES = Path(__file__).parent.parent / "fixtures" / "templates"
FIXTURE_TEMPLATES = (Template("01_economy"), Template("02_integration"))


def make_data(root: Path, years=(2017,)) -> Path:
    """The smallest data folder the fixture templates read."""
    for year in years:
        folder = root / str(year)
        folder.mkdir(parents=True)
        (folder / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
        (folder / "economy.csv").write_text("id,value\ngdp,134\n", encoding="utf-8")
        (folder / "land.csv").write_text("id,value\narea,5\n", encoding="utf-8")
    (root / "i18n" / "strings").mkdir(parents=True, exist_ok=True)
    (root / "i18n" / "strings" / "site.csv").write_text(
        "key,zh,en\n"
        "site.title,咸安经济开发区年度工作报告,<Xian'an> Economic Development Zone Annual Report\n"
        "site.author,咸安经济开发区,Xian'an Economic Development Zone\n"
        "site.editions,各年度版本,Editions\n"
        "site.edition,{year}年度报告,{year} report\n"
        "site.search,搜索本书……,Search this book…\n"
        "site.downloads,下载,Downloads\n"
        "site.download_pdf,{year}年版全文（PDF）,The {year} edition as one PDF\n"
        "site.download_data,{year}年数据包（ZIP）,The {year} data package (ZIP)\n"
        "site.download_workbook,{year}年工作簿（XLSX）,The {year} workbook (XLSX)\n"
        "site.description,收录{years}年度。,It covers {years}.\n"
        'site.years_joiner,、,", "\n'
        "site.language_edition,中文版,English edition\n"
        "download.sheet,工作表,sheet\n"
        'download.sheet_rows,{table}.csv，{rows}行,"{table}.csv, {rows} rows"\n'
        "download.readme,{year}年数据包，另附{workbook}。,The {year} data package; also {workbook}.\n"
        "pdf.contents,目录,Contents\n"
        "site.copyright,© {year} 咸安经济开发区,© {year} <Xian'an> Economic Development Zone\n",
        encoding="utf-8",
    )
    return root


def make_project(root: Path) -> Project:
    """Data, templates, a stand-in package and constraints, all under `root`."""
    data = make_data(root / "data")
    templates = root / "notebooks"
    templates.mkdir()
    for t in FIXTURE_TEMPLATES:
        shutil.copy(TEMPLATES / f"{t.slug}.ipynb", templates)
    package = copy_package(root)  # what the notebooks import is hashed here
    (root / "constraints.txt").write_text("pandas==3.1.1\n", encoding="utf-8")
    return Project(
        book_dir=root / "book",
        data_root=data,
        templates_dir=templates,
        templates=FIXTURE_TEMPLATES,
        package_dir=package,
        constraints=root / "constraints.txt",
    )
