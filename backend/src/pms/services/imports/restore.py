"""What only a backup (pms-json) carries besides its transactions: accounts, instruments with their
prices and splits, exchange rates, and the user's settings. A record that cannot be restored is an
error of the file, named by its section and position."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.currencies import is_currency
from pms.db.locks import lock_instruments
from pms.db.models import FxRate, Price, Split, User, UserFxRate, UserPrice
from pms.enums import CostBasisMethod, Theme
from pms.errors import FieldError, PMSError
from pms.ledger_limits import RISK_FREE_RATE_MAX, RISK_FREE_RATE_MIN, is_locale, is_month_day
from pms.services.cache_versions import touch_ledger
from pms.services.imports.catalogue import Books
from pms.services.imports.records import (
    AccountRecord,
    FxRecord,
    InstrumentRecord,
    SettingsRecord,
)
from pms.services.imports.report import ImportReport
from pms.services.imports.writing import insert_rows
from pms.services.shared_data import may_write_instrument, may_write_shared


class Restore:
    def __init__(self, session: Session, user: User, books: Books, report: ImportReport) -> None:
        self.session = session
        self.user = user
        self.books = books
        self.report = report
        #: Prices, splits or rates were written.
        self.market_written = False

    def account(self, record: AccountRecord) -> None:
        try:
            self.books.ensure_account(record.ref)
        except PMSError as exc:
            self.report.errors.extend(_located("accounts", record.line, exc))

    def instrument(self, record: InstrumentRecord) -> None:
        try:
            instrument = self.books.instrument(record.ref)
        except PMSError as exc:
            self.report.errors.extend(_located("instruments", record.line, exc))
            return
        own = instrument.owner_id == self.user.id
        if record.own_prices:
            # The user's own closes come back as theirs; what the user set since stays.
            rows = [
                {"user_id": self.user.id, "instrument_id": instrument.id, "date": d, "close": c}
                for d, c in record.own_prices
            ]
            self.report.counts.prices += insert_rows(
                self.session, UserPrice, rows, ("user_id", "instrument_id", "date"), overwrite=False
            )
            touch_ledger(self.session, self.user.id)
        if not may_write_instrument(self.user, instrument):
            # Shared market data is an administrator's to write: a member's backup restores
            # their own instruments' prices and splits only.
            self.report.counts.shared_skipped += len(record.prices) + len(record.splits)
            return
        if record.splits:
            lock_instruments(self.session, [instrument.id], exclusive=True)
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

    def fx(self, record: FxRecord) -> None:
        if not record.own and not may_write_shared(self.user):
            self.report.counts.shared_skipped += len(record.rates)
            return
        if (
            not (is_currency(record.base) and is_currency(record.quote))
            or record.base == record.quote
        ):
            section = "own_fx_rates" if record.own else "fx_rates"
            self.report.errors.append(
                FieldError(
                    f"{section}.{record.line}",
                    f"'{record.base}/{record.quote}' is not a pair of two currencies",
                    "currency",
                )
            )
            return
        if record.own:
            # The user's own rates come back as theirs; what the user set since stays.
            own = [
                {"user_id": self.user.id, "base": record.base, "quote": record.quote}
                | {"date": d, "rate": r}
                for d, r in record.rates
                if r > 0
            ]
            self.report.counts.fx_rates += insert_rows(
                self.session, UserFxRate, own, ("user_id", "base", "quote", "date"), overwrite=False
            )
            touch_ledger(self.session, self.user.id)
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

    def settings(self, record: SettingsRecord) -> None:
        """The settings the backup holds valid values for; the others stay as they are."""
        values = record.values
        user = self.user
        if is_currency(str(values.get("base_currency"))):
            user.base_currency = str(values["base_currency"])
        if values.get("cost_basis_method") in set(CostBasisMethod):
            user.cost_basis_method = str(values["cost_basis_method"])
        if values.get("theme") in set(Theme):
            user.theme = str(values["theme"])
        locale = values.get("locale")
        if locale is None or (isinstance(locale, str) and is_locale(locale)):
            user.locale = locale
        days = values.get("long_term_days")
        if isinstance(days, int) and not isinstance(days, bool) and 0 <= days <= 36500:
            user.long_term_days = days
        start = values.get("tax_year_start")
        if isinstance(start, str) and is_month_day(start):
            user.tax_year_start = start
        rate = values.get("risk_free_rate")
        if isinstance(rate, Decimal) and RISK_FREE_RATE_MIN <= rate <= RISK_FREE_RATE_MAX:
            user.risk_free_rate = rate
        self.session.flush()


def _located(section: str, line: int, exc: PMSError) -> list[FieldError]:
    errors = exc.errors or [FieldError("", exc.detail)]
    return [
        FieldError(f"{section}.{line}.{e.field}".rstrip("."), e.message, e.code) for e in errors
    ]
