"""What the chapter tests share: a copy of the data to change, one cell changed, a section's output."""
from __future__ import annotations

import csv
import io
import re
import shutil

from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from zonebook import paths
from zonebook.chapters import OMIT_KEY


def copy_data(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(paths.DATA, root)
    return root


def set_field(root, table, row_id, field, value, year=2017):
    """Change one cell of data/<year>/<table>.csv in a copy of the data."""
    path = root / str(year) / f"{table}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert any(r["id"] == row_id for r in rows), row_id
    for r in rows:
        if r["id"] == row_id:
            r[field] = str(value)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def shown(call, *args, **kwargs) -> str:
    """Everything a show_* call displays, as one string (markdown and HTML)."""
    InteractiveShell.instance()
    with capture_output() as captured:
        call(*args, **kwargs)
    text = "\n".join(str(v) for out in captured.outputs for v in out.data.values())
    return re.sub(r'"data:[^"]*"', '""', text)  # images and CSV downloads are not reading matter


def omitted(call, *args, **kwargs) -> str | None:
    """The omit scope a show_* call marks its output with ("section", "rest"), or None."""
    InteractiveShell.instance()
    with capture_output() as captured:
        call(*args, **kwargs)
    scopes = [out.metadata.get(OMIT_KEY, {}).get("omit") for out in captured.outputs if out.metadata]
    return next((s for s in scopes if s), None)


def assert_omitted(chapter, section_names, data) -> None:
    """Each named show_* section leaves itself out of the page, in both languages."""
    for name in section_names:
        for lang in ("zh", "en"):
            assert omitted(getattr(chapter, name), data, lang) == "section", (name, lang)
