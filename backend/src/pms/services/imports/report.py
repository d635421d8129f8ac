"""What an import answers: every row with its status, what was read from it and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pms.errors import FieldError
from pms.services.imports.records import PriceDraft, TxnDraft
from pms.services.ledger import FIELDS


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


#: The most rows a report lists from the start of the file (its counts cover every row) …
LISTED_ROWS = 1000
#: … and of the refused rows after those: a large file answers in a bounded size.
LISTED_REFUSED_ROWS = 1000


class RowsShown(StrEnum):
    """Which rows the report lists (counts always cover all; the list itself is bounded)."""

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
    #: In the report's list of rows.
    listed: bool = False
    #: To be listed, but left out for the bound on the list (counted in `rows_omitted`).
    omitted: bool = False


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
    #: Prices, splits and rates of shared market data a member's backup carries and the restore
    #: leaves out: shared rows are an administrator's to write.
    shared_skipped: int = 0


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
    #: Rows of those `rows` asks for that the report leaves out of `rows` (it lists a bounded
    #: number; `counts` cover all).
    rows_omitted: int = 0

    @property
    def valid(self) -> bool:
        return self.counts.invalid == 0 and not self.errors


class Tally:
    """Keeps a report's counts and listed rows in step as rows are read, found to be there
    already, or refused by a later check. `shown` says which rows the report lists."""

    def __init__(self, report: ImportReport, shown: RowsShown) -> None:
        self.report = report
        self.shown = shown
        self.rows_read = 0
        self.listed_first = 0
        self.listed_refused = 0

    def _list(self, row: RowReport) -> None:
        """List `row` when `shown` asks for it and the bounds leave room; count it in
        `rows_omitted` when they do not."""
        refused = row.status == RowStatus.INVALID
        if not (self.shown == RowsShown.ALL or (self.shown == RowsShown.ERRORS and refused)):
            return
        if self.shown == RowsShown.ALL and self.listed_first < LISTED_ROWS:
            self.listed_first += 1
        elif refused and self.listed_refused < LISTED_REFUSED_ROWS:
            self.listed_refused += 1
        else:
            if not row.omitted:
                row.omitted = True
                self.report.rows_omitted += 1
            return
        if row.omitted:
            row.omitted = False
            self.report.rows_omitted -= 1
        row.listed = True
        self.report.rows.append(row)

    def _read(self, row: RowReport) -> None:
        self.rows_read += 1
        self._list(row)
        if not row.listed and self.rows_read > LISTED_ROWS:
            # Only the list shows what a row reads as: past the first rows of a large file it is
            # not kept for rows outside it (a later refusal lists such a row with its errors).
            row.transactions, row.prices = [], []

    def new(self, row: RowReport) -> None:
        """A row read without errors, to be written."""
        self.report.counts.new += 1
        self._read(row)

    def invalid(self, row: RowReport) -> None:
        """A row refused as it was read."""
        row.status = RowStatus.INVALID
        self.report.counts.invalid += 1
        self._read(row)

    def move(self, row: RowReport, status: RowStatus) -> None:
        """A new row turned out to be there already (`DUPLICATE`) or to change what is (`UPDATE`)."""
        if row.status == status:
            return
        counts = self.report.counts
        if row.status == RowStatus.NEW:
            counts.new -= 1
        if status == RowStatus.DUPLICATE:
            counts.duplicates += 1
        elif status == RowStatus.UPDATE:
            counts.updates += 1
        row.status = status

    def refuse(self, row: RowReport, errors: list[FieldError]) -> None:
        """A row accepted as read, refused by a check of the whole import."""
        counts = self.report.counts
        if row.status == RowStatus.NEW:
            counts.new -= 1
        elif row.status == RowStatus.DUPLICATE:
            counts.duplicates -= 1
        elif row.status == RowStatus.UPDATE:
            counts.updates -= 1
        if row.status != RowStatus.INVALID:
            counts.invalid += 1
        row.status = RowStatus.INVALID
        row.errors.extend(errors)
        if not row.listed:
            self._list(row)


def draft_view(draft: TxnDraft) -> dict[str, Any]:
    """A drafted entry as the report shows it when its row is refused before it was checked."""
    shown = {name: draft.fields.get(name) for name in FIELDS if name not in ("account_id",)}
    shown["account_id"] = draft.account.id if draft.account else None
    shown["instrument_id"] = draft.instrument.id if draft.instrument else None
    shown["account"] = draft.account.name if draft.account else None
    shown["symbol"] = (
        (draft.instrument.symbol or draft.instrument.isin or draft.instrument.name)
        if draft.instrument
        else None
    )
    return shown


def price_view(draft: PriceDraft) -> dict[str, Any]:
    return {
        "date": draft.date,
        "close": draft.close,
        "open": draft.open,
        "high": draft.high,
        "low": draft.low,
        "volume": draft.volume,
    }
