"""What an import answers: every row with its status, what was read from it and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pms.errors import FieldError


class ImportFormat(StrEnum):
    PMS_JSON = "pms-json"
    PMS_CSV = "pms-csv"
    PP_CSV = "pp-csv"
    GHOSTFOLIO_JSON = "ghostfolio-json"
    GHOSTFOLIO_CSV = "ghostfolio-csv"
    PRICES_CSV = "prices-csv"


class RowStatus(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    UPDATE = "update"
    INVALID = "invalid"


class RowsShown(StrEnum):
    """Which rows the report lists (counts always cover all)."""

    ALL = "all"
    ERRORS = "errors"
    NONE = "none"


@dataclass
class RowReport:
    line: int
    status: RowStatus = RowStatus.NEW
    transactions: list[dict[str, Any]] = field(default_factory=list)
    prices: list[dict[str, Any]] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    #: ids of the entries written for this row (to take them back when a later check refuses it)
    written: list[int] = field(default_factory=list)


@dataclass
class Counts:
    rows: int = 0
    new: int = 0
    duplicates: int = 0
    updates: int = 0
    invalid: int = 0
    transactions: int = 0
    prices: int = 0
    splits: int = 0
    fx_rates: int = 0
    accounts_created: int = 0
    instruments_created: int = 0


@dataclass
class ImportReport:
    format: ImportFormat
    dry_run: bool
    skip_invalid: bool
    detected: dict[str, str] = field(default_factory=dict)
    counts: Counts = field(default_factory=Counts)
    #: Problems of the file as a whole or of a backup's accounts, instruments and rates.
    errors: list[FieldError] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    accounts_created: list[dict[str, Any]] = field(default_factory=list)
    instruments_created: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False

    @property
    def valid(self) -> bool:
        return self.counts.invalid == 0 and not self.errors
