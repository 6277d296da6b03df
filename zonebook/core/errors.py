"""The one error type for bad input, and the record of one problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem with the input: where it is, what was expected, what to do."""

    file: str
    message: str
    fix: str
    row: int | None = None  # 1-based line in the file as a spreadsheet shows it (header = row 1)
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}. {self.fix}"


class DataError(Exception):
    """Bad input. Carries every problem found, each naming file, row and field."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def rel(path: Path | str) -> str:
    """A path as a person would type it: relative to the project when inside it."""
    from zonebook.core.paths import ROOT

    p = Path(path).resolve()
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        return str(p)


def lasting(path: Path | str) -> Path:
    """The path a person can act on: a temporary file or folder a run made (`.staging-…`,
    `.….tmp`, `tmp…`) is gone when the message is read, so its nearest lasting folder is named."""
    p = Path(path).resolve()
    for candidate in (p, *p.parents):
        made = candidate.name.startswith(".") or (candidate.name.startswith("tmp") and candidate.name != "tmp")
        if candidate.exists() and not made:
            return candidate
    return p
