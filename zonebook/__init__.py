"""zonebook: the Xian'an Economic Development Zone's annual report as a reproducible book."""

from .inputs import install as _record_inputs

_record_inputs()  # only in a kernel `zonebook build` started (ZONEBOOK_INPUTS_LOG set): see zonebook.inputs

from .data import available_years, load  # noqa: E402  (after the recorder: their reads are recorded)
from .errors import DataError, Problem  # noqa: E402

__all__ = ["DataError", "Problem", "available_years", "load"]
