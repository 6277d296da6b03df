"""What a run killed outright (SIGKILL, a power cut) leaves behind, and removing it.

Every temporary folder or file a run makes carries its process id in its name; a later run
removes those whose process is gone, and never one of a run still going:

- `<out parent>/.staging-<site>-<pid>/`, `.old-<site>-<pid>/`: a site build (zonebook.publish.site);
- `book/**/.<notebook>.<pid>.tmp`, `book/.manifest.json.<pid>.tmp`: a notebook or the manifest
  being written (zonebook.engine.run, zonebook.engine.manifest);
- `data/.<year>-<pid>-*/`: `zonebook new-year` (zonebook.staff.newyear);
- `<tmp>/zb-k-<pid>-*/`: the kernels' and the fork server's socket files (zonebook.engine.kernels).
- `<tmp>/zb-inputs-<pid>-*/`: what each kernel read (zonebook.build, zonebook.engine.inputs).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        pass
    return True


def _dead(pid: str) -> bool:
    return pid.isdigit() and not alive(int(pid))


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def site_folders(out_dir: Path) -> list[Path]:
    """Staging and old-site folders beside the site `out_dir`, of builds that are gone."""
    out_dir = Path(out_dir)
    found = [
        p
        for kind in (".staging", ".old")
        for p in out_dir.parent.glob(f"{kind}-{out_dir.name}-*")
        if _dead(p.name.rsplit("-", 1)[1])
    ]
    return _removed(found)


def book_temporaries(book_dir: Path) -> list[Path]:
    return _removed([p for p in Path(book_dir).rglob(".*.tmp") if _dead(p.name.rsplit(".", 2)[-2])])


def new_year_staging(data_root: Path) -> list[Path]:
    found = [
        p
        for p in Path(data_root).glob(".*-*-*")
        if p.is_dir() and p.name[1:].split("-")[0].isdigit() and _dead(p.name[1:].split("-")[1])
    ]
    return _removed(found)


def kernel_sockets() -> list[Path]:
    return _removed([p for p in Path(tempfile.gettempdir()).glob("zb-k-*-*") if _dead(p.name.split("-")[2])])


INPUT_RECORDS = "zb-inputs-"


def input_records() -> list[Path]:
    return _removed([p for p in Path(tempfile.gettempdir()).glob(f"{INPUT_RECORDS}*-*") if _dead(p.name.split("-")[2])])


def _removed(paths: list[Path]) -> list[Path]:
    for path in paths:
        _remove(path)
    return sorted(paths)
