"""Writing to files staff keep (tables, the catalogue): in the file's own encoding and line
endings, and all or nothing across several files."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
from pathlib import Path

from zonebook.data.readers import RawTable


def appended(table: RawTable, row: dict) -> bytes:
    """The file's bytes with `row` added as its last line, encoded as the file is (GB18030,
    UTF-8 with or without BOM) and ending lines as it does."""
    data = Path(table.path).read_bytes()
    newline = "\r\n" if b"\r\n" in data else "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerow([row.get(c, "") for c in table.header])
    encoding = "gb18030" if table.encoding == "gb18030" else "utf-8"
    separator = newline.encode() if data and not data.endswith(b"\n") else b""
    return data + separator + out.getvalue().encode(encoding)


def write_all(contents: dict[Path, bytes]) -> None:
    """Replace every file of `contents` or none: each is first written beside itself, then all
    are renamed into place. A file that may not be written (read-only, say) stops it before
    any is changed, with a PermissionError naming it."""
    for path in contents:
        # a file nobody may write is kept so even from a user (root) whom the system would let
        if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
            raise PermissionError(13, "Permission denied", str(path))
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in contents.items():
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporaries[path] = temporary
            temporary.write_bytes(data)
            if path.exists():
                shutil.copymode(path, temporary)
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
    finally:
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):
                temporary.unlink()
