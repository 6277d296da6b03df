"""What a user can cause gets one clear message, never a traceback: damaged or encrypted
reports, a command already at work on the same folder, a full disk, a missing temporary
folder, Ctrl-C; and a report file gets messages written for a report."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from support.attacks import digest, line_with, run_cli
from zonebook.core import locks
from zonebook.core.errors import DataError
from zonebook.data import validate
from zonebook.staff import newyear
from zonebook.staff.prefill.document import read_report

TEXT = "Fictional test data: a report written for a test, its numbers invented."


def new_year(capsys, real: Path, source: Path) -> tuple[int, str]:
    return run_cli(capsys, "new-year", "2018", "--source", str(source), "--data", str(real))


def text_pdf(path: Path, user_password: str | None = None) -> Path:
    """A one-page PDF with a text layer; encrypted with AES when a user password is given
    ("" opens without one: a PDF only restricted from printing)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from pypdf import PdfReader, PdfWriter

    buffer = io.BytesIO()
    figure = plt.figure(figsize=(4, 2))
    figure.text(0.05, 0.5, TEXT, fontsize=6)
    figure.savefig(buffer, format="pdf")
    plt.close(figure)
    writer = PdfWriter(clone_from=PdfReader(buffer))
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256", permissions_flag=0)
    writer.write(path)
    return path


def docx_with_broken_xml(path: Path) -> Path:
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph(TEXT)
    good = path.with_name("good.docx")
    document.save(str(good))
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    return path


@pytest.mark.parametrize("damage", ["not a zip", "broken XML"])
def test_a_damaged_word_report_is_named_with_what_to_do(real, tmp_path, capsys, damage):
    source = tmp_path / "report.docx"
    if damage == "not a zip":
        source.write_bytes(b"PK\x03\x04 a Word file cut short")
    else:
        docx_with_broken_xml(source)
    before = digest(real)
    code, output = new_year(capsys, real, source)
    assert code == 1
    line_with(output, "report.docx", "the Word file cannot be opened", "save it again as .docx")
    assert digest(real) == before


def test_an_encrypted_pdf_that_needs_no_password_is_read(tmp_path):
    assert TEXT.split(":")[0] in read_report(text_pdf(tmp_path / "report.pdf", user_password=""))


def test_a_pdf_protected_by_a_password_is_refused(real, tmp_path, capsys):
    before = digest(real)
    code, output = new_year(capsys, real, text_pdf(tmp_path / "report.pdf", user_password="secret"))
    assert code == 1
    line_with(output, "report.pdf", "protected by a password", "export it again as PDF without one")
    assert digest(real) == before


@pytest.mark.parametrize(
    "content, says",
    [
        (b"  \n", "the report file is empty"),
        ("\ufeff" + TEXT, "saved as UTF-16"),
        (TEXT.encode() * 80_000, "a work report's text is some tens of kB"),
    ],
)
def test_a_report_file_gets_messages_written_for_a_report(real, tmp_path, capsys, content, says):
    source = tmp_path / "report.txt"
    source.write_bytes(content.encode("utf-16") if isinstance(content, str) else content)
    code, output = new_year(capsys, real, source)
    assert code == 1
    line = line_with(output, "report.txt", says)
    assert "header row" not in line and "for one table" not in line and "CSV" not in line


@pytest.mark.parametrize("command", ["new-year", "build"])
def test_a_second_command_on_the_same_folder_is_refused_naming_the_first(real, tmp_path, capsys, command):
    book = tmp_path / "book"
    argv = (
        ["new-year", "2018", "--data", str(real)]
        if command == "new-year"
        else ["build", "--data", str(real), "--book", str(book), "--out", str(tmp_path / "html"), "--no-pdf"]
    )
    locks.COMMAND[:] = ["zonebook", command, "(the first)"]
    before = digest(real)
    with locks.held(command, [real if command == "new-year" else book]):
        code, output = run_cli(capsys, *argv)
    assert code == 1
    line_with(
        output,
        f"`zonebook {command} (the first)` (process {os.getpid()}) is working on this folder now",
        "Wait for it to end",
    )
    assert digest(real) == before and not book.exists()


def test_a_full_disk_is_one_line_naming_a_folder_that_exists(real, capsys, monkeypatch):
    temporary = real / ".2018-123-abc" / "economy.csv"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(temporary))

    monkeypatch.setattr(newyear, "scaffold", full)
    code, output = run_cli(capsys, "new-year", "2018", "--data", str(real))
    assert code == 1
    line = line_with(output, "no space left on the disk holding", "Free some space")
    assert str(real) in line and ".2018-123-abc" not in line and len(output.strip().splitlines()) == 1


def test_a_missing_temporary_folder_is_named(real, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "gone"))
    code, output = run_cli(capsys, "validate", "--data", str(real))
    assert code == 1
    line_with(output, f"TMPDIR={tmp_path / 'gone'} does not exist", "mkdir -p")


def test_ctrl_c_is_one_line_and_exit_130(real, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(validate, "check", interrupted)
    code, output = run_cli(capsys, "validate", "--data", str(real))
    assert code == 130 and output.strip().splitlines() == [
        "zonebook validate: interrupted; what was already published is unchanged"
    ]


def test_reading_a_report_raises_only_data_errors(tmp_path):
    for suffix, data in ((".pdf", b"%PDF-1.7\n%%EOF"), (".docx", b"")):
        path = tmp_path / f"r{suffix}"
        path.write_bytes(data)
        with pytest.raises(DataError):
            read_report(path)


def test_a_message_names_the_lasting_folder_not_a_temporary_one(tmp_path):
    from zonebook.core.errors import lasting

    (tmp_path / "book").mkdir()
    assert lasting(tmp_path / "book" / "tmpk3j2x9") == tmp_path / "book"  # tempfile's name, gone by then
    assert lasting(tmp_path / "book" / ".01_economy.ipynb.123.tmp") == tmp_path / "book"
    assert lasting(tmp_path / ".staging-html-123" / "site" / "zh") == tmp_path
    assert lasting(tmp_path / "book") == tmp_path / "book"
