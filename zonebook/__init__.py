"""zonebook: the Xian'an Economic Development Zone's annual report as a reproducible book."""
from .data import available_years, load
from .errors import DataError, Problem

__all__ = ["DataError", "Problem", "available_years", "load"]
