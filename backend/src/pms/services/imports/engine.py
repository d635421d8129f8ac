"""The import: read a file row by row, check every entry with the ledger's rules, write in bulk,
check positions once per (account, instrument), and keep all of it or nothing.

Everything happens inside a savepoint. A dry run, or a file with a refused row when bad rows are
not to be skipped, rolls the savepoint back: nothing is written. Entries are inserted in the
file's order, so within a day they apply in that order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, BinaryIO, Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.currencies import is_currency
from pms.db.base import utcnow
from pms.db.models import Account, FxRate, Instrument, Price, Split, Transaction, User
from pms.db.upsert import upsert_rows
from pms.enums import DISPOSAL_TYPES, POSITION_TYPES, CostBasisMethod, Theme
from pms.errors import Conflict, FieldError, PMSError, ValidationFailed
from pms.services import cache_versions
from pms.services.accounts import get_account
from pms.services.imports.catalogue import Books, InstrumentResolver, OfflineResolver
from pms.services.imports.dedup import Seen
from pms.services.imports.locale_values import DateOrder, DecimalSeparator, quantize
from pms.services.imports.records import (
    AccountRecord,
    AccountRef,
    FxRecord,
    InstrumentRecord,
    PriceDraft,
    Record,
    Row,
    SettingsRecord,
    TxnDraft,
)
from pms.services.imports.report import (
    ImportFormat,
    ImportReport,
    RowReport,
    RowsShown,
    RowStatus,
)
from pms.services.imports.source import ProgressFn, Source, open_source
from pms.services.imports.writing import insert_rows, insert_transactions
from pms.services.instruments import get_instrument
from pms.services.ledger import FIELDS, check_transfer_pair, prepare_values
from pms.services.positions_guard import find_shortfall

#: Rows checked and written together.
CHUNK_ROWS = 1000
EARLIEST_DATE = date(1900, 1, 1)
FUTURE_TOLERANCE_DAYS = 1
#: NUMERIC(30, 10) holds twenty digits before the point.
_LARGEST = Decimal("1e20")
_NUMBERS = ("quantity", "price", "amount", "fee", "tax", "fx_rate")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_TEXT_LIMITS = {"note": 2000, "transfer_id": 64, "external_id": 128}


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


@dataclass
class _Entry:
    """A checked ledger entry waiting to be written."""

    values: dict[str, Any]
    report: RowReport
    account_name: str
    symbol: str | None
    external_key: tuple[int, str] | None
    duplicate: bool = False


@dataclass
class _Run:
    session: Session
    user: User
    options: ImportOptions
    books: Books
    report: ImportReport
    seen: Seen
    target: Instrument | None = None
    fallback: Account | None = None
    splits: list[tuple[date, Decimal]] = field(default_factory=list)
    last_price_date: date | None = None
    pending: list[tuple[RowReport, list[_Entry]]] = field(default_factory=list)
    pending_prices: list[tuple[RowReport, PriceDraft]] = field(default_factory=list)
    price_dates: dict[date, int] = field(default_factory=dict)
    rows_by_txn: dict[int, RowReport] = field(default_factory=dict)
    disposals: dict[tuple[int, int], list[tuple[date, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    transfers: list[int] = field(default_factory=list)
    market_written: bool = False

    # --- rows -------------------------------------------------------------------------------

    def keep(self, row: RowReport) -> None:
        shown = self.options.rows
        if shown == RowsShown.ALL or (shown == RowsShown.ERRORS and row.errors):
            self.report.rows.append(row)

    def refuse(self, row: RowReport, errors: list[FieldError]) -> None:
        counts = self.report.counts
        if row.status == RowStatus.NEW:
            counts.new -= 1
        elif row.status == RowStatus.DUPLICATE:
            counts.duplicates -= 1
        elif row.status == RowStatus.UPDATE:
            counts.updates -= 1
        was_shown = row.status == RowStatus.INVALID or self.options.rows == RowsShown.ALL
        if row.status != RowStatus.INVALID:
            counts.invalid += 1
        row.status = RowStatus.INVALID
        row.errors.extend(errors)
        if not was_shown and self.options.rows == RowsShown.ERRORS:
            self.report.rows.append(row)

    def row(self, row: Row) -> None:
        report = RowReport(line=row.line, errors=list(row.errors))
        self.report.counts.rows += 1
        entries: list[_Entry] = []
        shown_drafts: list[dict[str, Any]] = []
        if not report.errors:
            for draft in row.drafts:
                try:
                    entries.append(self.entry(draft, report))
                except PMSError as exc:
                    report.errors.extend(exc.errors or [FieldError("row", exc.detail)])
                    shown_drafts.append(_draft_view(draft))
        else:
            shown_drafts = [_draft_view(d) for d in row.drafts]
        if row.prices and not report.errors:
            self.prices(report, row.prices)
        if report.errors:
            report.status = RowStatus.INVALID
            report.transactions = shown_drafts + [self.view(e) for e in entries]
            report.prices = [_price_view(p) for p in row.prices]
            self.report.counts.invalid += 1
            self.keep(report)
            return
        if row.prices:
            return
        self.report.counts.new += 1
        report.transactions = [self.view(e) for e in entries]
        self.keep(report)
        self.pending.append((report, entries))
        if len(self.pending) >= CHUNK_ROWS:
            self.flush()

    def entry(self, draft: TxnDraft, report: RowReport) -> _Entry:
        account = self.books.account(draft.account) if draft.account else self.default_account()
        instrument = self.books.instrument(draft.instrument) if draft.instrument else None
        values = {name: draft.fields.get(name) for name in FIELDS}
        values["account_id"] = account.id
        values["instrument_id"] = instrument.id if instrument else None
        _check_fields(values)
        values = prepare_values(self.session, self.user, values).values
        _check_fields(values)
        external = values.get("external_id")
        key = None
        duplicate = False
        if external is not None:
            earlier = self.seen.first_line_of(account.id, external, report.line)
            if earlier is not None:
                raise ValidationFailed.for_field(
                    "external_id",
                    f"'{external}' appears at line {earlier} already for this account",
                    "duplicate",
                )
            key = (account.id, external)
        else:
            duplicate = self.seen.hash_is_stored(account.id, values)
        symbol = instrument.symbol if instrument else None
        return _Entry(values, report, account.name, symbol, key, duplicate)

    def default_account(self) -> Account:
        if self.options.account_id is None:
            return self.books.account(AccountRef())
        if self.fallback is None:
            self.fallback = get_account(self.session, self.user, self.options.account_id)
        return self.fallback

    def view(self, entry: _Entry) -> dict[str, Any]:
        shown = {k: v for k, v in entry.values.items() if k in FIELDS}
        return shown | {"account": entry.account_name, "symbol": entry.symbol}

    # --- writing ----------------------------------------------------------------------------

    def flush(self) -> None:
        if self.pending_prices:
            self.flush_prices()
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        keys = [e.external_key for _, entries in batch for e in entries if e.external_key]
        stored = self.seen.stored_external_ids(keys) if keys else set()
        rows: list[dict[str, Any]] = []
        owners: list[RowReport] = []
        now = utcnow()
        for report, entries in batch:
            fresh = [e for e in entries if not e.duplicate and e.external_key not in stored]
            if not fresh:
                report.status = RowStatus.DUPLICATE
                self.report.counts.new -= 1
                self.report.counts.duplicates += 1
                continue
            for entry in fresh:
                rows.append(
                    {name: entry.values.get(name) for name in FIELDS}
                    | {"user_id": self.user.id, "created_at": now, "updated_at": now}
                )
                owners.append(report)
        if not rows:
            return
        ids = insert_transactions(self.session, rows)
        self.report.counts.transactions += len(ids)
        for txn_id, values, report in zip(ids, rows, owners, strict=True):
            report.written.append(txn_id)
            self.rows_by_txn[txn_id] = report
            if values["type"] in DISPOSAL_TYPES:
                pair = (values["account_id"], values["instrument_id"])
                self.disposals[pair].append((values["date"], txn_id))
            elif values["type"] in POSITION_TYPES:
                self.disposals.setdefault((values["account_id"], values["instrument_id"]), [])
            if values.get("transfer_id") is not None:
                self.transfers.append(txn_id)

    def take_back(self, report: RowReport, errors: list[FieldError]) -> None:
        if report.written:
            self.session.execute(delete(Transaction).where(Transaction.id.in_(report.written)))
            self.report.counts.transactions -= len(report.written)
            for txn_id in report.written:
                self.rows_by_txn.pop(txn_id, None)
            for entries in self.disposals.values():
                entries[:] = [(d, i) for d, i in entries if i not in report.written]
            report.written = []
        self.refuse(report, errors)

    def check_transfers(self) -> None:
        for txn_id in self.transfers:
            report = self.rows_by_txn.get(txn_id)
            txn = self.session.get(Transaction, txn_id)
            if report is None or txn is None:
                continue
            try:
                check_transfer_pair(self.session, self.user, txn)
            except PMSError as exc:
                self.take_back(report, exc.errors or [FieldError("transfer_id", exc.detail)])

    def guard_positions(self) -> None:
        for account_id, instrument_id in sorted(self.disposals):
            refused: set[int] = set()
            while (
                shortfall := find_shortfall(self.session, instrument_id, [account_id])
            ) is not None:
                report = self.rows_by_txn.get(shortfall.transaction_id)
                held = format(shortfall.held, "f")
                wanted = format(shortfall.quantity.normalize(), "f")
                if report is not None:
                    message = (
                        f"{shortfall.type} of {wanted} on {shortfall.date.isoformat()} exceeds "
                        f"the {held} held in this account on that date"
                    )
                else:
                    # A stored disposal lacks units because of an imported one before it.
                    earlier = [
                        (d, i)
                        for d, i in self.disposals[(account_id, instrument_id)]
                        if d <= shortfall.date and i not in refused
                    ]
                    if not earlier:
                        self.report.errors.append(
                            FieldError(
                                "positions",
                                f"the stored {shortfall.type} of {wanted} on "
                                f"{shortfall.date.isoformat()} lacks units",
                                "insufficient_quantity",
                            )
                        )
                        break
                    report = self.rows_by_txn[max(earlier)[1]]
                    message = (
                        f"it would leave the stored {shortfall.type} of {wanted} on "
                        f"{shortfall.date.isoformat()} (transaction {shortfall.transaction_id}) "
                        f"with only {held} held"
                    )
                refused.update(report.written)
                self.take_back(report, [FieldError("quantity", message, "insufficient_quantity")])

    # --- prices -----------------------------------------------------------------------------

    def prices(self, report: RowReport, drafts: list[PriceDraft]) -> None:
        assert self.target is not None
        for draft in drafts:
            if draft.close < 0:
                report.errors.append(FieldError("close", "must not be negative", "negative"))
            problem = _date_problem(draft.date)
            if problem:
                report.errors.append(FieldError("date", problem, "date"))
            earlier = self.price_dates.get(draft.date)
            if earlier is not None:
                report.errors.append(
                    FieldError(
                        "date",
                        f"{draft.date.isoformat()} appears at line {earlier} already",
                        "duplicate",
                    )
                )
        if report.errors:
            return
        self.report.counts.new += 1
        for draft in drafts:
            self.price_dates[draft.date] = report.line
            self.pending_prices.append((report, self.as_traded(draft)))
        report.prices = [_price_view(self.as_traded(d)) for d in drafts]
        self.keep(report)
        if len(self.pending_prices) >= CHUNK_ROWS:
            self.flush_prices()

    def as_traded(self, draft: PriceDraft) -> PriceDraft:
        if not self.options.split_adjusted or not self.splits:
            return draft
        factor = Decimal(1)
        for split_date, ratio in self.splits:
            if draft.date < split_date and (
                self.last_price_date is None or split_date <= self.last_price_date
            ):
                factor *= ratio
        if factor == 1:
            return draft

        def scaled(value: Decimal | None) -> Decimal | None:
            return None if value is None else quantize(value * factor)

        volume = None if draft.volume is None else quantize(draft.volume / factor, Decimal(1))
        return PriceDraft(
            draft.date,
            scaled(draft.close) or Decimal(0),
            scaled(draft.open),
            scaled(draft.high),
            scaled(draft.low),
            volume,
        )

    def flush_prices(self) -> None:
        assert self.target is not None
        batch, self.pending_prices = self.pending_prices, []
        dates = [d.date for _, d in batch]
        stored = {
            p.date: p
            for p in self.session.scalars(
                select(Price).where(Price.instrument_id == self.target.id, Price.date.in_(dates))
            )
        }
        columns = ("close", "open", "high", "low", "volume")
        rows = []
        for report, draft in batch:
            old = stored.get(draft.date)
            if old is not None:
                same = all(
                    _same(getattr(old, c), getattr(draft, c))
                    for c in columns
                    if getattr(draft, c) is not None
                )
                if same:
                    self._move(report, RowStatus.DUPLICATE)
                    continue
                self._move(report, RowStatus.UPDATE)
            rows.append(
                {"instrument_id": self.target.id, "date": draft.date, "source": "manual"}
                | {
                    c: getattr(draft, c) if getattr(draft, c) is not None else getattr(old, c, None)
                    for c in columns
                }
            )
        if rows:
            upsert_rows(
                self.session,
                Price.__table__,  # type: ignore[arg-type]
                rows,
                keys=("instrument_id", "date"),
                update=(*columns, "source"),
            )
            self.report.counts.prices += len(rows)
            self.market_written = True

    def _move(self, report: RowReport, status: RowStatus) -> None:
        if report.status == status:
            return
        counts = self.report.counts
        if report.status == RowStatus.NEW:
            counts.new -= 1
        if status == RowStatus.DUPLICATE:
            counts.duplicates += 1
        elif status == RowStatus.UPDATE:
            counts.updates += 1
        report.status = status

    # --- a backup's accounts, instruments, rates and settings -------------------------------

    def account_record(self, record: AccountRecord) -> None:
        try:
            self.books.ensure_account(record.ref)
        except PMSError as exc:
            self.report.errors.extend(_located("accounts", record.line, exc))

    def instrument_record(self, record: InstrumentRecord) -> None:
        try:
            instrument = self.books.instrument(record.ref)
        except PMSError as exc:
            self.report.errors.extend(_located("instruments", record.line, exc))
            return
        own = instrument.owner_id == self.user.id
        if record.prices:
            rows = [
                {
                    "instrument_id": instrument.id,
                    "date": p.date,
                    "close": p.close,
                    "open": p.open,
                    "high": p.high,
                    "low": p.low,
                    "volume": p.volume,
                    "source": "manual",
                }
                for p in record.prices
            ]
            # A user's own prices are restored as they were; shared provider prices are only
            # filled in where the catalogue has none, never overwritten.
            self.report.counts.prices += insert_rows(
                self.session, Price, rows, ("instrument_id", "date"), overwrite=own
            )
            self.market_written = True
        for split_date, numerator, denominator in record.splits:
            taken = self.session.scalar(
                select(Split.id).where(
                    Split.instrument_id == instrument.id, Split.date == split_date
                )
            )
            if taken is None and numerator != denominator and numerator > 0 and denominator > 0:
                self.session.add(
                    Split(
                        instrument_id=instrument.id,
                        date=split_date,
                        numerator=numerator,
                        denominator=denominator,
                        source="manual",
                    )
                )
                self.report.counts.splits += 1
                self.market_written = True
        self.session.flush()

    def fx_record(self, record: FxRecord) -> None:
        if (
            not (is_currency(record.base) and is_currency(record.quote))
            or record.base == record.quote
        ):
            self.report.errors.append(
                FieldError(
                    f"fx_rates.{record.line}",
                    f"'{record.base}/{record.quote}' is not a pair of two currencies",
                    "currency",
                )
            )
            return
        rows = [
            {"base": record.base, "quote": record.quote, "date": d, "rate": r, "source": "manual"}
            for d, r in record.rates
            if r > 0
        ]
        self.report.counts.fx_rates += insert_rows(
            self.session, FxRate, rows, ("base", "quote", "date"), overwrite=False
        )
        self.market_written = True

    def settings_record(self, record: SettingsRecord) -> None:
        values = record.values
        user = self.user
        if is_currency(str(values.get("base_currency"))):
            user.base_currency = str(values["base_currency"])
        if values.get("cost_basis_method") in set(CostBasisMethod):
            user.cost_basis_method = str(values["cost_basis_method"])
        if values.get("theme") in set(Theme):
            user.theme = str(values["theme"])
        locale = values.get("locale")
        if locale is None or (
            isinstance(locale, str) and len(locale) <= 35 and _LOCALE.fullmatch(locale)
        ):
            user.locale = locale
        rate = values.get("risk_free_rate")
        if isinstance(rate, Decimal) and -1 <= rate <= 1:
            user.risk_free_rate = rate
        self.session.flush()


def _same(stored: Decimal | None, given: Decimal | None) -> bool:
    return stored is not None and given is not None and stored == given


def _located(section: str, line: int, exc: PMSError) -> list[FieldError]:
    errors = exc.errors or [FieldError("", exc.detail)]
    return [
        FieldError(f"{section}.{line}.{e.field}".rstrip("."), e.message, e.code) for e in errors
    ]


def _date_problem(value: date) -> str | None:
    if value < EARLIEST_DATE:
        return "must be on or after 1900-01-01"
    if (value - datetime.now(UTC).date()).days > FUTURE_TOLERANCE_DAYS:
        return f"{value.isoformat()} is in the future"
    return None


def _check_fields(values: dict[str, Any]) -> None:
    errors = []
    if values.get("date") is None:
        errors.append(FieldError("date", "is required", "missing"))
    else:
        problem = _date_problem(values["date"])
        if problem:
            errors.append(FieldError("date", problem, "date"))
    if values.get("type") is None:
        errors.append(FieldError("type", "is required", "missing"))
    currency = values.get("currency")
    if currency is not None and not is_currency(currency):
        errors.append(FieldError("currency", f"'{currency}' is not an ISO 4217 currency code"))
    for name, limit in _TEXT_LIMITS.items():
        text = values.get(name)
        if text is None:
            continue
        if any(ord(c) < 32 and c not in "\t\n\r" for c in text) or "\x7f" in text:
            errors.append(FieldError(name, "must not contain control characters", "control"))
        elif len(text) > limit:
            errors.append(FieldError(name, f"is longer than {limit} characters", "too_long"))
    for name in _NUMBERS:
        number = values.get(name)
        if isinstance(number, Decimal) and abs(number) >= _LARGEST:
            errors.append(FieldError(name, "is too large to be stored", "too_large"))
    transfer = values.get("transfer_id")
    if transfer is not None and not all(c.isalnum() or c in "._:-" for c in transfer):
        errors.append(FieldError("transfer_id", "may hold letters, digits and . _ : - only"))
    if errors:
        raise ValidationFailed(
            detail="; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors
        )


def _draft_view(draft: TxnDraft) -> dict[str, Any]:
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


def _price_view(draft: PriceDraft) -> dict[str, Any]:
    return {
        "date": draft.date,
        "close": draft.close,
        "open": draft.open,
        "high": draft.high,
        "low": draft.low,
        "volume": draft.volume,
    }


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
) -> ImportReport:
    """Import `file` for `user`. Raises `ValidationFailed` when the file as a whole cannot be
    read; otherwise returns a report of every row, and writes only when `report.written`."""
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
    savepoint = session.begin_nested()
    try:
        run = _Run(
            session=session,
            user=user,
            options=options,
            books=Books(session, user, resolver or OfflineResolver()),
            report=report,
            seen=Seen(session),
            target=target,
        )
        if target is not None:
            run.splits = [
                (s.date, Decimal(s.numerator) / Decimal(s.denominator))
                for s in session.scalars(select(Split).where(Split.instrument_id == target.id))
            ]
        for record in reader.records():
            if isinstance(record, Row):
                if target is not None and run.last_price_date is None:
                    last = reader.detected.get("last_date")
                    run.last_price_date = date.fromisoformat(last) if last else None
                run.row(record)
            elif isinstance(record, AccountRecord):
                run.account_record(record)
            elif isinstance(record, InstrumentRecord):
                run.instrument_record(record)
            elif isinstance(record, FxRecord):
                run.fx_record(record)
            elif isinstance(record, SettingsRecord):
                run.settings_record(record)
        run.flush()
        session.flush()
        run.check_transfers()
        run.guard_positions()
        source.report("import")
        report.rows.sort(key=lambda r: r.line)
        report.detected = dict(reader.detected)
        report.counts.accounts_created = len(run.books.created_accounts)
        report.counts.instruments_created = len(run.books.created_instruments)
        created_accounts = {a.id for a in run.books.created_accounts}
        created_instruments = {i.id for i in run.books.created_instruments}
        report.accounts_created = [
            {"id": a.id, "name": a.name, "currency": a.currency} for a in run.books.created_accounts
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
            for i in run.books.created_instruments
        ]
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
    if keep and report.counts.transactions:
        cache_versions.bump_ledger(cache, user.id)
    if keep and (run.market_written or report.counts.instruments_created):
        cache_versions.bump_market(cache)
    return report


def _forget_ids(report: ImportReport, accounts: set[int], instruments: set[int]) -> None:
    for row in report.rows:
        for txn in row.transactions:
            if txn.get("account_id") in accounts:
                txn["account_id"] = None
            if txn.get("instrument_id") in instruments:
                txn["instrument_id"] = None
