"""Project paths, anchored on this package's location (never on the current directory).

`ZONEBOOK_DATA`, when set, names another data folder for the whole process and the kernels
it starts (the test suite runs its year-dependent tests on a copy of data/ with more years).
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ["ZONEBOOK_DATA"]).resolve() if os.environ.get("ZONEBOOK_DATA") else ROOT / "data"
SOURCES = DATA / "sources"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
CATALOGUE = DATA / "catalogue.csv"
UNITS = DATA / "units.csv"
REFERENCE = DATA / "reference"
I18N = DATA / "i18n"


def year_dir(year: int, data_root: Path | None = None) -> Path:
    """The folder holding one year's data package."""
    return (Path(data_root) if data_root else DATA) / str(year)
