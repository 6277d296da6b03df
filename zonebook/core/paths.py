"""Project paths, anchored on this package's location (never on the current directory).

Everything a book reads lives under one data root: the bundled `data/` by default, another
folder when a build is given `--data DIR` (or `ZONEBOOK_DATA` is set). Chapters ask for the
root in use, so catalogue, units, exchange rates, strings and glossary all come from DIR.
Those shared tables are read once per process and path (`read_once`), so another root is
never answered from this one's tables; a process that edits them and reads again calls `forget()`.
"""

import functools
import os
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
# The bundled data's shared files; code that runs for a build asks `data_root()` instead.
SOURCES = DATA / "sources"
CATALOGUE = DATA / "catalogue.csv"
UNITS = DATA / "units.csv"
REFERENCE = DATA / "reference"
I18N = DATA / "i18n"

_in_use: Path | None = None


DATA_ENV = "ZONEBOOK_DATA"  # the data root a child process (Jupyter Book, a test run) inherits


def data_root() -> Path:
    """The data root in use: set by `use_data`, else `ZONEBOOK_DATA`, else the bundled data."""
    if _in_use is not None:
        return _in_use
    override = os.environ.get(DATA_ENV)
    return Path(override).resolve() if override else DATA


def use_data(root: Path | str | None) -> Path:
    """Make `root` (None or "": the default) the data root of this process; return it."""
    global _in_use
    _in_use = (ROOT / root).resolve() if root else None  # a relative root is the project's
    return data_root()


@contextmanager
def using(root: Path | str | None):
    """`use_data(root)` for the duration of a block (a command run from tests, say)."""
    global _in_use
    before = _in_use
    use_data(root)
    try:
        yield data_root()
    finally:
        _in_use = before


def resolve(root: Path | str | None) -> Path:
    """An explicit data root, or the one in use."""
    return Path(root) if root else data_root()


def year_dir(year: int, root: Path | str | None = None) -> Path:
    """The folder holding one year's data package."""
    return resolve(root) / str(year)


def sources_dir(root=None) -> Path:
    return resolve(root) / "sources"


def catalogue_file(root=None) -> Path:
    return resolve(root) / "catalogue.csv"


def units_file(root=None) -> Path:
    return resolve(root) / "units.csv"


def reference_dir(root=None) -> Path:
    return resolve(root) / "reference"


def i18n_dir(root=None) -> Path:
    return resolve(root) / "i18n"


def exchange_rates_file(root=None) -> Path:
    return reference_dir(root) / "exchange_rates.csv"


def glossary_file(root=None) -> Path:
    return i18n_dir(root) / "glossary.csv"


_READ_ONCE: list = []


def read_once(read):
    """`read(path)` cached for the life of the process (functools.lru_cache, keyed by the path,
    which lies under one data root). What it returns is shared: callers must not modify it."""
    cached = functools.lru_cache(maxsize=None)(read)
    _READ_ONCE.append(cached)
    return cached


def forget() -> None:
    """Read the shared tables from disk again: for a process that has edited them."""
    for cached in _READ_ONCE:
        cached.cache_clear()
