"""The fictional reports of tests/fixtures/prefill as the files staff would be given.

A report is kept as text; lines starting with `|` are a table (`|类别|数量|投资|`). `source_file`
writes it as .txt, .docx (python-docx, tables as Word tables) or .pdf (printed by Chromium,
tables as HTML tables), as `REPORTS` says. Keys: `<name>.key.csv` (the figures of each row),
`<name>.structure.csv` (title, headings, sections, measures, exclusions).
"""

from __future__ import annotations

import csv
import threading
from html import escape
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "prefill"
# report -> how staff receive it
REPORTS = {
    "report_a": ".txt",
    "report_b": ".docx",
    "report_c": ".pdf",
    "report_d": ".txt",
    "report_e": ".docx",
    "report_f": ".pdf",
}


def report_text(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def blocks(text: str) -> list[str | list[list[str]]]:
    """Paragraphs (str) and tables (rows of cells), in order."""
    found: list = []
    for line in text.split("\n"):
        if line.startswith("|"):
            row = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if found and isinstance(found[-1], list):
                found[-1].append(row)
            else:
                found.append([row])
        elif line.strip():
            found.append(line)
    return found


def write_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for block in blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(r) for r in block))
        for row, cells in zip(table.rows, block):
            for cell, words in zip(row.cells, cells):
                cell.text = words
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path) -> Path:
    from playwright.sync_api import sync_playwright

    from zonebook.publish.downloads import launch_browser

    parts = []
    for block in blocks(text):
        if isinstance(block, str):
            parts.append(f"<p>{escape(block)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in block)
            parts.append(f"<table>{rows}</table>")
    html = (
        '<html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC";font-size:11pt}</style>'
        f"</head><body>{''.join(parts)}</body></html>"
    )

    def render():
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            page = browser.new_page()
            page.set_content(html)
            page.pdf(path=str(path), format="A4")
            browser.close()

    # in a thread of its own: the sync API refuses to run where another test left an event loop
    worker = threading.Thread(target=render)
    worker.start()
    worker.join()
    if not path.exists():
        raise RuntimeError(f"Chromium printed no PDF to {path}")
    return path


def source_file(name: str, folder: Path, suffix: str | None = None) -> Path:
    suffix = suffix or REPORTS[name]
    if suffix == ".txt":
        return FIXTURES / f"{name}.txt"
    writer = write_docx if suffix == ".docx" else write_pdf
    return writer(report_text(name), Path(folder) / f"{name}{suffix}")


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def figure_key(name: str) -> dict[tuple[str, str], dict]:
    return {(r["table"], r["id"]): r for r in _rows(FIXTURES / f"{name}.key.csv")}


def structure_key(name: str) -> list[dict]:
    return _rows(FIXTURES / f"{name}.structure.csv")
