"""The import: read a file row by row, check every entry with the ledger's rules (`checking`),
write in bulk without what is there already (`booking`), check transfers and positions once per
(account, instrument) (`positions`), and keep all of it or nothing. A prices-csv file goes into one
instrument (`price_history`); a backup also restores accounts, instruments, rates and settings
(`restore`).

Everything happens inside a savepoint. A dry run, or a file with a refused row when bad rows are
not to be skipped, rolls the savepoint back: nothing is written. Entries are inserted in the
file's order, so within a day they apply in that order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.db.locks import lock_ledger
from pms.db.models import Instrument, User
from pms.errors import Conflict, FieldError, PMSError, ValidationFailed
from pms.market.context import MarketContext
from pms.services import market_data
from pms.services.accounts import get_account
from pms.services.imports import positions
from pms.services.imports.booking import Booking
from pms.services.imports.catalogue import Books, InstrumentResolver, OfflineResolver
from pms.services.imports.checking import Entry, EntryChecker
from pms.services.imports.dedup import Seen
from pms.services.imports.locale_values import DateOrder, DecimalSeparator
from pms.services.imports.price_history import PriceHistory
from pms.services.imports.records import (
    AccountRecord,
    FxRecord,
    InstrumentRecord,
    Record,
    Row,
    SettingsRecord,
)
from pms.services.imports.report import (
    ImportFormat,
    ImportReport,
    RowReport,
    RowsShown,
    Tally,
    draft_view,
    price_view,
)
from pms.services.imports.restore import Restore
from pms.services.imports.source import ProgressFn, Source, open_source
from pms.services.instruments import get_instrument
from pms.services.shared_data import ensure_may_write_instrument


@dataclass
class ImportOptions:
    format: ImportFormat
    account_id: int | None = None
    instrument_id: int | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    date_format: DateOrder | None = None
    decimal_separator: DecimalSeparator | None = None
    #: prices-csv: the closes are split-adjusted (as Yahoo's); store them as traded.
    split_adjusted: bool = False
    rows: RowsShown = RowsShown.ALL


class Reader(Protocol):
    detected: dict[str, str]

    def records(self) -> Iterator[Record]: ...


class _Run:
    """One import: each record of the file handed to what deals with it."""

    def __init__(
        self,
        session: Session,
        user: User,
        options: ImportOptions,
        books: Books,
        report: ImportReport,
        target: Instrument | None,
    ) -> None:
        self.session = session
        self.user = user
        self.books = books
        self.report = report
        self.tally = Tally(report, options.rows)
        seen = Seen(session)
        self.checker = EntryChecker(session, user, books, seen, options.account_id)
        self.booking = Booking(session, user, seen, self.tally)
        self.prices = (
            None
            if target is None
            else PriceHistory(session, target, self.tally, split_adjusted=options.split_adjusted)
        )
        self.restore = Restore(session, user, books, report)

    @property
    def market_written(self) -> bool:
        return self.restore.market_written or (self.prices is not None and self.prices.written)

    def record(self, record: Record, reader: Reader) -> None:
        if isinstance(record, Row):
            if self.prices is not None and self.prices.last_date is None:
                last = reader.detected.get("last_date")
                self.prices.last_date = date.fromisoformat(last) if last else None
            self.row(record)
        elif isinstance(record, AccountRecord):
            self.restore.account(record)
        elif isinstance(record, InstrumentRecord):
            self.restore.instrument(record)
        elif isinstance(record, FxRecord):
            self.restore.fx(record)
        elif isinstance(record, SettingsRecord):
            self.restore.settings(record)

    def row(self, row: Row) -> None:
        report = RowReport(line=row.line, errors=list(row.errors))
        self.report.counts.rows += 1
        entries: list[Entry] = []
        shown_drafts: list[dict[str, Any]] = []
        if not report.errors:
            for draft in row.drafts:
                try:
                    entries.append(self.checker.check(draft, report.line))
                except PMSError as exc:
                    report.errors.extend(exc.errors or [FieldError("row", exc.detail)])
                    shown_drafts.append(draft_view(draft))
        else:
            shown_drafts = [draft_view(d) for d in row.drafts]
        if row.prices and not report.errors:
            assert self.prices is not None, "only a prices-csv import reads prices"
            self.prices.add(report, row.prices)
        if report.errors:
            report.transactions = shown_drafts + [e.view() for e in entries]
            report.prices = [price_view(p) for p in row.prices]
            self.tally.invalid(report)
            return
        if row.prices:
            return
        report.transactions = [e.view() for e in entries]
        self.tally.new(report)
        self.booking.add(report, entries)

    def finish(self) -> None:
        """Write what is pending, then check the import as a whole."""
        if self.prices is not None:
            self.prices.flush()
        self.booking.flush()
        self.session.flush()
        positions.check_transfers(self.session, self.user, self.booking)
        positions.guard_positions(self.session, self.booking, self.report)


def _reader(source: Source, options: ImportOptions) -> Reader:
    from pms.services.imports import ghostfolio, pms_csv, pms_json, portfolio_performance, prices

    readers: dict[ImportFormat, Any] = {
        ImportFormat.PMS_JSON: pms_json.BackupReader,
        ImportFormat.PMS_CSV: pms_csv.PmsCsvReader,
        ImportFormat.PP_CSV: portfolio_performance.PortfolioPerformanceReader,
        ImportFormat.GHOSTFOLIO_JSON: ghostfolio.GhostfolioJsonReader,
        ImportFormat.GHOSTFOLIO_CSV: ghostfolio.GhostfolioCsvReader,
        ImportFormat.PRICES_CSV: prices.PricesReader,
    }
    reader: Reader = readers[options.format](source, options)
    return reader


def run_import(
    session: Session,
    cache: Cache,
    user: User,
    file: BinaryIO,
    options: ImportOptions,
    *,
    resolver: InstrumentResolver | None = None,
    progress: ProgressFn | None = None,
    market: MarketContext | None = None,
) -> ImportReport:
    """Import `file` for `user`. Raises `ValidationFailed` when the file as a whole cannot be
    read; otherwise returns a report of every row, and writes only when `report.written`.

    With a `market`, the price history of each provider instrument the import trades is fetched
    from its earliest imported transaction once the caller commits (recorded for the next
    refresh when the fetch cannot run then)."""
    report = ImportReport(options.format, options.dry_run, options.skip_invalid)
    if options.account_id is not None:
        get_account(session, user, options.account_id)
    target = None
    if options.format == ImportFormat.PRICES_CSV:
        if options.instrument_id is None:
            raise ValidationFailed.for_field(
                "instrument_id",
                "a price history is imported into an instrument: name it",
                "missing",
            )
        target = get_instrument(session, user, options.instrument_id)
        ensure_may_write_instrument(user, target)
    elif options.instrument_id is not None:
        raise ValidationFailed.for_field(
            "instrument_id", "only the prices-csv format takes an instrument", "not_allowed"
        )
    if options.format == ImportFormat.PMS_JSON and options.account_id is not None:
        raise ValidationFailed.for_field(
            "account_id",
            "a backup restores its own accounts (by name); leave account_id out",
            "not_allowed",
        )
    source = open_source(file, progress)
    reader = _reader(source, options)
    # One import of a user's at a time, and no other write to their ledger meanwhile: the
    # duplicate and position checks then see everything stored before (see pms.db.locks).
    lock_ledger(session, user.id)
    savepoint = session.begin_nested()
    try:
        books = Books(session, user, resolver or OfflineResolver())
        run = _Run(session, user, options, books, report, target)
        for record in reader.records():
            run.record(record, reader)
        run.finish()
        source.report("import")
        report.rows.sort(key=lambda r: r.line)
        report.detected = dict(reader.detected)
        _list_created(report, books)
        created_accounts = {a.id for a in books.created_accounts}
        created_instruments = {i.id for i in books.created_instruments}
        keep = not options.dry_run and (report.valid or options.skip_invalid)
        if keep:
            savepoint.commit()
        else:
            savepoint.rollback()
    except IntegrityError as exc:
        savepoint.rollback()
        raise Conflict(
            detail="the import conflicts with data stored meanwhile; nothing was written; try again"
        ) from exc
    except BaseException:
        savepoint.rollback()
        raise
    report.written = keep and (
        report.counts.transactions > 0
        or report.counts.accounts_created > 0
        or report.counts.instruments_created > 0
        or run.market_written
    )
    if not keep:
        # Ids handed out inside the rolled-back savepoint name nothing.
        _forget_ids(report, created_accounts, created_instruments)
        for item in report.accounts_created + report.instruments_created:
            item["id"] = None
    if keep and report.counts.transactions and market is not None:
        market_data.request_backfills(session, market, run.booking.earliest)
    return report


def _list_created(report: ImportReport, books: Books) -> None:
    report.counts.accounts_created = len(books.created_accounts)
    report.counts.instruments_created = len(books.created_instruments)
    report.accounts_created = [
        {"id": a.id, "name": a.name, "currency": a.currency} for a in books.created_accounts
    ]
    report.instruments_created = [
        {
            "id": i.id,
            "symbol": i.symbol,
            "name": i.name,
            "currency": i.currency,
            "data_source": i.data_source,
            "isin": i.isin,
        }
        for i in books.created_instruments
    ]


def _forget_ids(report: ImportReport, accounts: set[int], instruments: set[int]) -> None:
    for row in report.rows:
        for txn in row.transactions:
            if txn.get("account_id") in accounts:
                txn["account_id"] = None
            if txn.get("instrument_id") in instruments:
                txn["instrument_id"] = None
