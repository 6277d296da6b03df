"""What the chapter tests share: a copy of the data to change, one cell changed, a section's output."""
from __future__ import annotations

import csv
import io
import re

from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from fictional import copy_earlier_years


def copy_data(tmp_path):
    """A copy of the data with the years up to 2017 (the tests below change 2017 and add later years)."""
    return copy_earlier_years(tmp_path / "data")


def set_field(root, table, row_id, field, value):
    """Change one cell of data/2017/<table>.csv in a copy of the data."""
    path = root / "2017" / f"{table}.csv"
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


NOT_REPORTED = (("en", "does not cover"), ("zh", "未涉及"))  # ui.table_not_reported in each language


def assert_not_reported(chapter, section_names, data) -> None:
    """Each named show_* section says, in both languages, that its table is not reported."""
    for name in section_names:
        for lang, words in NOT_REPORTED:
            assert words in shown(getattr(chapter, name), data, lang), (name, lang)
