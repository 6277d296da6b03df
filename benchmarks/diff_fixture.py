"""The heaviest book diff two full editions can give: every page of both editions changed.

A temporary git repository holds the published book/ and data/ on `main`; its working tree then
has every digit on every page shifted (1 -> 2, ..., 9 -> 0), one pixel of every chart changed,
and every fact's value shifted the same way in data/, so that every sentence and table with a
number, every chart and every figure is a change to report.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

from PIL import Image

from zonebook.core import paths

SHIFT = str.maketrans("0123456789", "1234567890")
PNG_URI = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")
ANY_URI = re.compile(r"data:[\w/.+-]+(?:;[\w=.-]+)*;base64,[A-Za-z0-9+/=]+")


def _one_pixel(uri: str) -> str:
    match = PNG_URI.fullmatch(uri)
    if not match:
        return uri
    image = Image.open(io.BytesIO(base64.b64decode(match.group(1)))).convert("RGB")
    image.putpixel((image.width // 2, image.height // 2), (255, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _changed(text: str) -> str:
    """Digits shifted outside data: URIs, one pixel changed inside PNG ones."""
    parts, pos = [], 0
    for match in ANY_URI.finditer(text):
        parts += [text[pos : match.start()].translate(SHIFT), _one_pixel(match.group(0))]
        pos = match.end()
    return "".join(parts) + text[pos:].translate(SHIFT)


def _change_book(book: Path) -> None:
    for path in sorted(book.glob("*/*/*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                for kind in ("text/markdown", "text/html"):
                    if kind in data:
                        data[kind] = _changed("".join(data[kind]))
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _change_values(data: Path) -> None:
    for path in sorted(data.glob("[0-9]*/*.csv")):
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        if not rows or "value" not in rows[0]:
            continue
        for row in rows:
            row["value"] = row["value"].translate(SHIFT)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


def every_page_changed(where: Path) -> Path:
    """The repository, `main` as published and its working tree with everything changed."""
    repo = where / "diff-repo"
    shutil.copytree(paths.BOOK, repo / "book")
    shutil.copytree(paths.DATA, repo / "data")
    git = ["git", "-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "published"]):
        subprocess.run([*git, *args], cwd=repo, check=True)
    _change_book(repo / "book")
    _change_values(repo / "data")
    return repo
