"""The new report as text: a .txt (UTF-8 or GB18030), a Word .docx, or a PDF with a text layer."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from zonebook.core.errors import DataError, Problem, rel
from zonebook.data.readers import decode

SUFFIXES = (".txt", ".docx", ".pdf")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_report(path: Path) -> str:
    """The report's text, paragraphs separated by blank lines as in data/sources/<year>.txt."""
    path = Path(path)
    if not path.is_file():
        raise DataError(
            Problem(
                rel(path),
                "the report file does not exist",
                "Give the path of the report (.txt, .docx or .pdf)",
                field="--source",
            )
        )
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(
            Problem(
                rel(path),
                f"'{suffix or path.name}' files cannot be read",
                "Save the report as .docx (Word), as a PDF with text, or as plain text (.txt)",
                field="--source",
            )
        )
    if suffix == ".txt":
        text = _txt_text(path)
    elif suffix == ".docx":
        text = _docx_text(path)
    else:
        text = _pdf_text(path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(unicodedata.category(ch).startswith("L") for ch in text):
        raise DataError(
            Problem(
                rel(path),
                "no text could be read from the report (a scanned PDF has only images)",
                "Give the report as .docx or as a PDF exported from the word processor, which keeps its text",
                field="--source",
            )
        )
    return text


# a work report's text is some tens of kB (2017's: 19 kB); a file this big is something else
MAX_REPORT_TEXT_BYTES = 5_000_000
SAVE_REPORT = (
    "Save the report from Word or WPS as .docx, or as plain text in UTF-8 (File > Save As > Plain Text, UTF-8)"
)


def _txt_text(path: Path) -> str:
    """A report as plain text, with messages written for a report (not for a table)."""
    size = path.stat().st_size
    if size > MAX_REPORT_TEXT_BYTES:
        raise DataError(
            Problem(
                rel(path),
                f"the file is {size / 1e6:.1f} MB; a work report's text is some tens of kB",
                "Check that this is the report you meant (not another document or an export of several)",
                field="--source",
            )
        )
    data = path.read_bytes()
    if not data.strip():
        raise DataError(Problem(rel(path), "the report file is empty", SAVE_REPORT, field="--source"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise DataError(
            Problem(
                rel(path), "the report is saved as UTF-16 ('Unicode'), which is not read", SAVE_REPORT, field="--source"
            )
        )
    return decode(path)[0]


def _docx_text(path: Path) -> str:
    import docx  # python-docx; only when a .docx is given

    try:
        document = docx.Document(str(path))
        lines = _docx_blocks(document)
    except Exception as error:  # a damaged file: not a zip (BadZipFile), bad XML (XMLSyntaxError), parts missing
        raise DataError(
            Problem(
                rel(path),
                f"the Word file cannot be opened ({type(error).__name__})",
                "Open it in Word or WPS and save it again as .docx",
                field="--source",
            )
        ) from None
    return "\n\n".join(line for line in lines if line.strip()) + "\n"


def _docx_blocks(document) -> list[str]:
    """The body in reading order: a paragraph as a line, a table as one line per row with its
    cells separated by a space (签约项目 32个 到位资金29.5亿元: the label stays beside its figure)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:  # a merged cell repeats: keep it once
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                lines.append(" ".join(cells))
    return lines


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):  # a PDF only restricted (from printing, say) opens
            raise DataError(
                Problem(
                    rel(path),
                    "the PDF is protected by a password",
                    "Open it with its password and export it again as PDF without one, or give the .docx",
                    field="--source",
                )
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except DataError:
        raise
    except Exception as error:  # a damaged file raises many kinds (PdfReadError, ValueError, KeyError…)
        raise DataError(
            Problem(
                rel(path),
                f"the PDF cannot be read ({type(error).__name__})",
                "Export the report again as PDF from the word processor, or give the .docx",
                field="--source",
            )
        ) from None
    paragraphs = []
    for page in pages:  # a PDF line break is layout, not a paragraph: join lines, keep blank-line breaks
        for block in page.replace("\r", "").split("\n\n"):
            lines = [line.strip() for line in block.split("\n") if line.strip()]
            paragraphs.extend(_join_lines(lines))
    return _plain_forms("\n\n".join(paragraphs) + "\n")


# PDF text layers write some characters in the forms the font draws them with: Kangxi radicals
# (⽽ for 而) and ligatures (ﬁ) have Unicode compatibility mappings; the simplified radicals
# (⻋ for 车) and the two-em dash (⸺ for ——) do not, so they are listed here.
COMPATIBILITY = ((0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0xFB00, 0xFB4F))
SIMPLIFIED_RADICALS = dict(
    zip("⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻬⻮⻯⻳⻅⻄⺟", "贝车长门青韦页风飞食马骨鬼鱼鸟卤麦黄齐齿龙龟见西母")
)
DASHES = {"⸺": "——", "⸻": "———"}


def _plain_forms(text: str) -> str:
    def plain(ch: str) -> str:
        if ch in SIMPLIFIED_RADICALS:
            return SIMPLIFIED_RADICALS[ch]
        if ch in DASHES:
            return DASHES[ch]
        return unicodedata.normalize("NFKC", ch) if any(a <= ord(ch) <= b for a, b in COMPATIBILITY) else ch

    return "".join(plain(ch) for ch in text)


def _join_lines(lines: list[str]) -> list[str]:
    """Lines of a PDF page as paragraphs: a wrapped line runs (nearly) the full width, so a line
    that ends a sentence or stops short ends its paragraph."""
    width = max((len(line) for line in lines), default=0)
    paragraphs, current = [], ""
    for line in lines:
        current += line
        if line.endswith(("。", "！", "？", "：")) or len(line) < 0.85 * width:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs
