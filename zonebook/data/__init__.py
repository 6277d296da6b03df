"""The data layer: a year's tables read once, typed by their Table Schema, and checked.

Its face is the typed tables (`zonebook.data.tables`): `load(year)` and the shared tables.
Reading (`readers`), schemas (`schema_check`), numbers (`numerals`), units (`quantities`), the
numeral ledger (`ledger`), labels (`i18n`, `translations`) and validation (`validate`) sit beside it.
Imports only `zonebook.core`.
"""

from zonebook.data.tables import (
    FACT_COLUMNS,
    FACT_TABLES,
    NUMBER_TYPES,
    OPTIONAL_COLUMNS,
    OTHER_TABLES,
    OUTLINE_TABLES,
    Tables,
    YearData,
    available_years,
    catalogue,
    check_data_root,
    check_year,
    exchange_rates,
    half_made_year,
    half_made_years,
    load,
    parse_year,
    read_descriptor,
    source_text,
    units,
    year_folders,
)

__all__ = [
    "FACT_COLUMNS",
    "FACT_TABLES",
    "NUMBER_TYPES",
    "OPTIONAL_COLUMNS",
    "OTHER_TABLES",
    "OUTLINE_TABLES",
    "Tables",
    "YearData",
    "available_years",
    "catalogue",
    "check_data_root",
    "check_year",
    "exchange_rates",
    "half_made_year",
    "half_made_years",
    "load",
    "parse_year",
    "read_descriptor",
    "source_text",
    "units",
    "year_folders",
]
