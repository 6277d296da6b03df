"""What the chapter and build tests share: a copy of the data or the package to change, one cell
changed, a section's output, a built project restored after each test."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from support.fictional import copy_earlier_years
from support.tables import read_rows, write_rows
from zonebook.core import paths
from zonebook.core.chapters import OMIT_KEY
from zonebook.data import load
from zonebook.data.i18n import LANGS


def copy_data(tmp_path):
    """A copy of the data with the years up to 2017 (the tests below change 2017 and add later years)."""
    return copy_earlier_years(tmp_path / "data")


def copy_package(root: Path) -> Path:
    """A copy of the zonebook package under `root`: a project whose manifest hashes modules
    there can have one changed without touching the real package."""
    return Path(
        shutil.copytree(paths.ROOT / "zonebook", Path(root) / "zonebook", ignore=shutil.ignore_patterns("__pycache__"))
    )


def snapshot(root: Path, tmp_path_factory) -> Path:
    """A copy of a built project, to restore after each test that changes it."""
    copy = tmp_path_factory.mktemp("snapshot") / "copy"
    shutil.copytree(root, copy)
    return copy


def restored(project, root: Path, copy: Path):
    """Yield the project; afterwards put `root` back as `copy` holds it (use in a fixture)."""
    yield project
    shutil.rmtree(root)
    shutil.copytree(copy, root)


def _rewrite(root, table, change, year=2017) -> None:
    """Rewrite data/<year>/<table>.csv in a copy of the data: change(rows) -> the rows to keep."""
    path = root / str(year) / f"{table}.csv"
    header, rows = read_rows(path)
    write_rows(path, header, change(rows))


def set_field(root, table, row_id, field, value, year=2017):
    """Change one cell of data/<year>/<table>.csv in a copy of the data."""

    def change(rows):
        assert any(r["id"] == row_id for r in rows), row_id
        for r in rows:
            if r["id"] == row_id:
                r[field] = str(value)
        return rows

    _rewrite(root, table, change, year)


def drop_rows(root, table, column, values) -> None:
    """Remove the rows of data/2017/<table>.csv whose column holds one of the values, in a copy of the data."""
    _rewrite(root, table, lambda rows: [r for r in rows if r[column] not in set(values)])


def _outputs(call, *args, **kwargs) -> list:
    InteractiveShell.instance()
    with capture_output() as captured:
        call(*args, **kwargs)
    return captured.outputs


def shown(call, *args, **kwargs) -> str:
    """Everything a call (a template cell, a show function) displays, as one string (markdown and HTML)."""
    text = "\n".join(str(v) for out in _outputs(call, *args, **kwargs) for v in out.data.values())
    return re.sub(r'"data:[^"]*"', '""', text)  # images and CSV downloads are not reading matter


def _template_code(slug: str) -> tuple[str, list[str]]:
    """A template's imports (from its setup cell) and its other code cells."""
    import nbformat

    cells = [
        c.source
        for c in nbformat.read(paths.NOTEBOOKS / f"{slug}.ipynb", as_version=4).cells
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    ]
    setup = ast.parse(cells[0]).body
    imports = "\n".join(ast.unparse(node) for node in setup if isinstance(node, (ast.Import, ast.ImportFrom)))
    return imports, cells[1:]


def _runner(imports: str, source: str):
    def run(data, lang: str) -> None:
        scope = {"data": data, "lang": lang}
        exec(imports, scope)
        exec(source, scope)

    return run


def template_cell(slug: str, needle: str):
    """The code cell of notebooks/<slug>.ipynb that holds `needle`, as a call (data, lang) that runs
    it after the template's imports: a section as its page shows it."""
    imports, cells = _template_code(slug)
    hits = [source for source in cells if needle in source]
    assert len(hits) == 1, f"{len(hits)} cells of {slug} hold {needle!r}"
    return _runner(imports, hits[0])


def every_section(slug: str, data, lang: str) -> str:
    """What all of a template's cells display, one after the other."""
    imports, cells = _template_code(slug)
    return "".join(shown(_runner(imports, source), data, lang) for source in cells)


def omissions(call, *args, **kwargs) -> list[str]:
    """The omit markers a call displays (zonebook.report.present.omit): "section" or "rest"."""
    return [
        out.metadata[OMIT_KEY]["omit"] for out in _outputs(call, *args, **kwargs) if OMIT_KEY in (out.metadata or {})
    ]


def omitted(call, *args, **kwargs) -> str | None:
    """The first omit marker a call displays, or None."""
    return next(iter(omissions(call, *args, **kwargs)), None)


def assert_not_reported(chapter, section_names, data) -> None:
    """Each section (a needle in one of the template's cells), in both languages, says nothing and leaves itself (and its
    heading) out of the page."""
    for name in section_names:
        for lang in LANGS:
            assert omissions(template_cell(chapter, name), data, lang) == ["section"], (name, lang)
            assert re.sub(r"<[^>]*>", "", shown(template_cell(chapter, name), data, lang)).strip() == "", (name, lang)


# What a reader must never see: a placeholder for a missing figure, or an id meant for the data.
UNREADABLE = re.compile(
    r"\bnan\b|\bNone\b|not reported|未报告|\b[a-z]+(?:_[a-z0-9]+)+\b(?!\.csv)"
)  # a file name is fine


def assert_reads_cleanly(markup: str) -> None:
    words = re.sub(r"<[^>]*>", " ", markup)
    assert words.strip() and not UNREADABLE.search(words), UNREADABLE.search(words)


def pages(template: str, year: int, data_root, out_dir, langs=LANGS) -> dict[str, list[str]]:
    """The published page of a chapter template in each language (of `langs`), for a year and data
    root: its blocks (headings, paragraphs, tables' words; no images), in order. One language is
    enough where the language changes no code path the test checks: each is a notebook executed."""
    import nbformat

    from zonebook.engine.run import Job, execute

    jobs = [
        Job(paths.NOTEBOOKS / f"{template}.ipynb", year, lang, str(data_root), out_dir / f"{template}-{lang}.ipynb")
        for lang in langs
    ]
    execute(jobs, workers=len(jobs))
    out = {}
    for job in jobs:
        blocks = []
        for cell in nbformat.read(job.output, as_version=4).cells:
            if cell.cell_type == "markdown":
                blocks.append(cell.source)
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                markup = data.get("text/html") or data.get("text/markdown") or ""
                blocks.append(re.sub(r"<[^>]*>", " ", re.sub(r'"data:[^"]*"', '""', markup)))
        out[job.lang] = [b.strip() for b in blocks if b.strip()]
    return out


def assert_no_empty_heading(blocks: list[str]) -> None:
    """Every section heading has something under it before the next heading."""
    for block, after in zip(blocks, blocks[1:] + ["#"]):
        if block.startswith("## "):
            assert not after.startswith("#"), block


def assert_uncovered_page(template: str, chapter: str, tables, tmp_path, expected: dict[str, list[str]]) -> None:
    """Without the chapter's tables and outline rows, the page is exactly `expected` in each language."""
    root = copy_data(tmp_path)
    for table in tables:
        (root / "2017" / f"{table}.csv").unlink()
    for table in ("headlines", "sections", "measures"):
        drop_rows(root, table, "chapter", [chapter])
    assert pages(template, 2017, root, tmp_path) == expected


def clean_page(template: str, root, tmp_path) -> str:
    """The English page, checked: no empty heading, nothing unreadable (which sections a page
    leaves out does not depend on its language)."""
    blocks = pages(template, 2017, root, tmp_path, langs=("en",))["en"]
    assert_no_empty_heading(blocks)
    assert_reads_cleanly("\n".join(blocks))
    return "\n".join(blocks)


def assert_renamed(chapter, tmp_path, changes, old_names, sections) -> None:
    """With names changed in a copy of the data (table, row id, field, new text), the sections show
    every new text (English edition) and none of the old names."""
    root = copy_data(tmp_path)
    for table, row_id, field, value in changes:
        set_field(root, table, row_id, field, value)
    renamed = load(2017, root)
    text = "".join(shown(template_cell(chapter, name), renamed, "en") for name in sections)
    assert [c[3] for c in changes if c[3] not in text] == []
    assert [old for old in old_names if old in text] == []


def drop_columns(root, table, columns) -> None:
    """Remove columns from data/2017/<table>.csv in a copy of the data (optional columns left out)."""
    path = root / "2017" / f"{table}.csv"
    header, rows = read_rows(path)
    write_rows(
        path, [c for c in header if c not in columns], [{c: r[c] for c in header if c not in columns} for r in rows]
    )
