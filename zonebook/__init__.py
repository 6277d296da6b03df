"""zonebook: the Xian'an Economic Development Zone's annual report as a reproducible book."""

from zonebook.engine.inputs import install as _record_inputs

_record_inputs()  # only in a kernel `zonebook build` started (ZONEBOOK_INPUTS_LOG set): see zonebook.engine.inputs

from zonebook.core.errors import DataError, Problem  # noqa: E402
from zonebook.data import available_years, load  # noqa: E402  (after the recorder: their reads are recorded)

__all__ = ["DataError", "Problem", "available_years", "load"]
