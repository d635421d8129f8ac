"""The tax report of a period (a tax year by default): every realized lot part with its holding
period and term, totals per term and per account, the income of the period per instrument and per
country, and the fees and taxes paid — in the reporting currency at each day's rate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.analytics import RealizedGain, realized_gains
from pms.analytics.caveats import Caveat
from pms.analytics.results import money
from pms.db.models import Instrument
from pms.errors import ValidationFailed
from pms.ledger_limits import EARLIEST_DATE, latest_date
from pms.services.portfolio import loading
from pms.services.portfolio.reports import Scope, _analytics_errors, _build, _valuation

ZERO = Decimal(0)
TERMS = ("short", "long", None)


@dataclass(frozen=True)
class GainTotals:
    proceeds: Decimal = ZERO
    cost: Decimal = ZERO
    gain: Decimal = ZERO

    def plus(self, row: RealizedGain) -> GainTotals:
        return GainTotals(self.proceeds + row.proceeds, self.cost + row.cost, self.gain + row.gain)


@dataclass(frozen=True)
class IncomeTotals:
    gross: Decimal = ZERO
    withholding: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.gross - self.withholding

    def plus(self, gross: Decimal, withholding: Decimal) -> IncomeTotals:
        return IncomeTotals(self.gross + gross, self.withholding + withholding)


@dataclass(frozen=True)
class RealizedLine:
    row: RealizedGain
    isin: str | None
    name: str
    account: str


@dataclass(frozen=True)
class IncomeLine:
    """The income of one instrument (`None`: interest and payments without one)."""

    instrument_id: int | None
    symbol: str | None
    name: str | None
    country: str | None
    totals: IncomeTotals


@dataclass(frozen=True)
class TaxReport:
    start: date
    end: date
    currency: str
    year: int | None
    long_term_days: int
    realized: list[RealizedLine]
    by_term: dict[str | None, GainTotals]
    by_account: dict[int, tuple[str, GainTotals, dict[str | None, GainTotals]]]
    total: GainTotals
    income: list[IncomeLine]
    income_by_country: dict[str | None, IncomeTotals]
    income_total: IncomeTotals
    fees: Decimal
    taxes: Decimal
    caveats: list[Caveat] = field(default_factory=list)


def tax_year(year: int, start: str) -> tuple[date, date]:
    """The tax year that begins on `start` (MM-DD) of `year`: from that day to the day before it
    a year later."""
    month, day = int(start[:2]), int(start[3:])
    first = date(year, month, day)
    return first, date(year + 1, month, day) - timedelta(days=1)


def period(
    year: int | None, start: date | None, end: date | None, tax_year_start: str, today: date
) -> tuple[date, date, int | None]:
    """The report's days: a tax year, or `from`/`to` (the current tax year when neither), the end
    never after today."""
    if year is not None and (start is not None or end is not None):
        raise ValidationFailed.for_field("year", "give either 'year' or 'from'/'to'", "range")
    if year is None and start is None and end is None:
        year = today.year if today >= tax_year(today.year, tax_year_start)[0] else today.year - 1
    if year is not None:
        if not EARLIEST_DATE.year <= year <= today.year:
            raise ValidationFailed.for_field(
                "year", f"must be between {EARLIEST_DATE.year} and {today.year}", "range"
            )
        first, last = tax_year(year, tax_year_start)
    else:
        first = start or EARLIEST_DATE
        last = end or today
    if first > last:
        raise ValidationFailed.for_field("to", "must not be before 'from'", "range")
    return first, min(last, latest_date(today)), year


def tax_report(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    year: int | None,
) -> TaxReport:
    """The report of the days `start` … `end` (`year`: the tax year they are, if one)."""
    with _analytics_errors():
        loaded = loading.load_portfolio(session, scope.user_id, end=end, currency=scope.currency)
        portfolio = _build(loaded, scope, end)
        rows = realized_gains(portfolio, start=start, end=end, long_term_days=scope.long_term_days)
        caveats = _valuation(session, scope, portfolio, conversions=True)
        ledger = portfolio.ledger
        payments = [p for p in ledger.income if start <= p.date <= end]
        charges = [c for c in ledger.charges if start <= c.date <= end]
    ids = {r.instrument_id for r in rows} | {
        p.instrument_id for p in payments if p.instrument_id is not None
    }
    isins = (
        dict(
            session.execute(
                select(Instrument.id, Instrument.isin).where(Instrument.id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    names = loaded.account_names
    realized: list[RealizedLine] = []
    by_term: dict[str | None, GainTotals] = {}
    by_account: dict[int, tuple[str, GainTotals, dict[str | None, GainTotals]]] = {}
    total = GainTotals()
    for row in rows:
        record = portfolio.data.instrument(row.instrument_id)
        account = names.get(row.account_id, f"#{row.account_id}")
        realized.append(RealizedLine(row, isins.get(row.instrument_id), record.name, account))
        by_term[row.term] = by_term.get(row.term, GainTotals()).plus(row)
        label, sums, terms = by_account.get(row.account_id, (account, GainTotals(), {}))
        terms[row.term] = terms.get(row.term, GainTotals()).plus(row)
        by_account[row.account_id] = (label, sums.plus(row), terms)
        total = total.plus(row)
    per_instrument: dict[int | None, IncomeTotals] = defaultdict(IncomeTotals)
    for payment in payments:
        per_instrument[payment.instrument_id] = per_instrument[payment.instrument_id].plus(
            payment.gross, payment.withholding
        )
    income: list[IncomeLine] = []
    by_country: dict[str | None, IncomeTotals] = defaultdict(IncomeTotals)
    income_total = IncomeTotals()
    for instrument_id, raw in per_instrument.items():
        paid = IncomeTotals(money(raw.gross), money(raw.withholding))
        country: str | None = None
        if instrument_id is None:
            income.append(IncomeLine(None, None, None, None, paid))
        else:
            record = portfolio.data.instrument(instrument_id)
            country = record.country
            income.append(IncomeLine(instrument_id, record.symbol, record.name, country, paid))
        by_country[country] = by_country[country].plus(paid.gross, paid.withholding)
        income_total = income_total.plus(paid.gross, paid.withholding)
    income.sort(key=lambda line: (line.symbol is None, line.symbol or ""))
    return TaxReport(
        start=start,
        end=end,
        currency=scope.currency,
        year=year,
        long_term_days=scope.long_term_days,
        realized=realized,
        by_term={term: by_term[term] for term in TERMS if term in by_term},
        by_account=dict(sorted(by_account.items(), key=lambda item: item[1][0])),
        total=total,
        income=income,
        income_by_country=dict(
            sorted(by_country.items(), key=lambda item: (item[0] is None, item[0] or ""))
        ),
        income_total=income_total,
        fees=money(sum((c.fee for c in charges), ZERO)),
        taxes=money(sum((c.tax for c in charges), ZERO)),
        caveats=caveats,
    )
