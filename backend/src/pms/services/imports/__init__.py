"""Imports: files of other tools and our own backups into a user's ledger.

One module per format turns a file into records (`records.py`) without touching the database;
`engine.run_import` checks them with the ledger's rules and writes them all or nothing.
"""

from pms.services.imports.catalogue import InstrumentInfo, InstrumentResolver, OfflineResolver
from pms.services.imports.engine import ImportOptions, run_import
from pms.services.imports.locale_values import DateOrder, DecimalSeparator
from pms.services.imports.report import (
    Counts,
    ImportFormat,
    ImportReport,
    RowReport,
    RowsShown,
    RowStatus,
)

__all__ = [
    "Counts",
    "DateOrder",
    "DecimalSeparator",
    "ImportFormat",
    "ImportOptions",
    "ImportReport",
    "InstrumentInfo",
    "InstrumentResolver",
    "OfflineResolver",
    "RowReport",
    "RowStatus",
    "RowsShown",
    "run_import",
]
