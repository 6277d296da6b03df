"""What data a build last found valid, so that a build whose data and checking code are the
same does not check them again.

The record (`_build/validated.json`) maps a data root to one digest of every file below it and
every module of the package. Any byte changed, added or removed gives another digest, and the
build validates in full. `zonebook validate` never reads the record: it always checks.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from zonebook.core import paths

RECORD = paths.BUILD / "validated.json"
PACKAGE = paths.ROOT / "zonebook"


def _files(folder: Path, pattern: str) -> list[Path]:
    # what validate ignores (hidden files, Excel's ~$ lock files) never makes data invalid
    return sorted(
        p
        for p in folder.rglob(pattern)
        if p.is_file() and not any(part.startswith((".", "~$")) for part in p.relative_to(folder).parts)
    )


def digest(data_root: Path, years: list[int]) -> str:
    h = hashlib.sha256(repr(sorted(years)).encode())
    for base, pattern in ((Path(data_root), "*"), (PACKAGE, "*.py")):
        for path in _files(base, pattern):
            h.update(str(path.relative_to(base)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _read() -> dict[str, str]:
    try:
        record = json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: validate again
        return {}
    return record if isinstance(record, dict) else {}


def is_current(data_root: Path, value: str) -> bool:
    return _read().get(str(Path(data_root).resolve())) == value


def remember(data_root: Path, value: str) -> None:
    """Record a digest found valid; a failure to write costs only a validation next time."""
    record = _read() | {str(Path(data_root).resolve()): value}
    try:
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        temporary = RECORD.with_name(f".{RECORD.name}.{os.getpid()}")
        temporary.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(RECORD)
    except OSError:
        pass
