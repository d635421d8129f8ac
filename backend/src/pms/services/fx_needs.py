"""The exchange rates a user's portfolio needs, and where each comes from (Settings → Exchange
rates): per currency the portfolio holds or trades, other than the reporting one, the shared stored
series, the user's own rates, the bundled ECB rates, and which of them gives today's rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.analytics import MissingExchangeRate
from pms.analytics.fx import ExchangeRates
from pms.db.models import Account, FxRate, Instrument, Transaction, User, UserFxRate
from pms.market import ecb
from pms.services.portfolio import loading


@dataclass(frozen=True)
class Coverage:
    first: date
    last: date
    count: int


@dataclass(frozen=True)
class FxNeed:
    currency: str
    pair: str
    rate: Decimal | None
    rate_date: date | None
    source: str  # own | stored | ecb | transactions | cross | none
    stored: Coverage | None
    stored_source: str | None
    own: Coverage | None
    ecb: Coverage | None


def _currencies(session: Session, user_id: int) -> set[str]:
    accounts = session.scalars(select(Account.currency).where(Account.user_id == user_id))
    found = set(accounts)
    rows = session.execute(
        select(Transaction.currency, Instrument.currency)
        .join(Account, Account.id == Transaction.account_id)
        .outerjoin(Instrument, Instrument.id == Transaction.instrument_id)
        .where(Account.user_id == user_id)
        .distinct()
    )
    for tx_currency, instrument_currency in rows:
        found.add(tx_currency)
        if instrument_currency:
            found.add(instrument_currency)
    return found


def _coverage(
    session: Session, model: type[FxRate] | type[UserFxRate], code: str, target: str, user_id: int
) -> tuple[Coverage | None, str | None]:
    pair = ((model.base == code) & (model.quote == target)) | (
        (model.base == target) & (model.quote == code)
    )
    query = select(func.min(model.date), func.max(model.date), func.count()).where(pair)
    if model is UserFxRate:
        query = query.where(UserFxRate.user_id == user_id)
    first, last, count = session.execute(query).one()
    if not count:
        return None, None
    source = None
    if model is FxRate:
        source = session.scalar(
            select(FxRate.source).where(pair).order_by(FxRate.date.desc()).limit(1)
        )
    return Coverage(first, last, int(count)), source


def needs(session: Session, user: User, currency: str, today: date) -> list[FxNeed]:
    """One entry per currency the user's portfolio uses other than `currency`."""
    codes = sorted(_currencies(session, user.id) - {currency})
    if not codes:
        return []
    loaded = loading.load_portfolio(session, user.id, end=today, currency=currency)
    rates = ExchangeRates(loaded.data.fx, loaded.data.reference_fx)
    traded_with_rate = {tx.currency for tx in loaded.data.transactions if tx.fx_rate is not None}
    bundle = ecb.ecb_rates()
    published = set(ecb.currencies())
    result = []
    for code in codes:
        stored, stored_source = _coverage(session, FxRate, code, currency, user.id)
        own, _ = _coverage(session, UserFxRate, code, currency, user.id)
        ecb_coverage = None
        if code in published and currency in published:
            first = max(_ecb_first(bundle, code), _ecb_first(bundle, currency))
            ecb_coverage = Coverage(first, bundle.end, 0)
        try:
            value, dated = rates.rate_dated(code, currency, today)
            rate: Decimal | None = value
            rate_date: date | None = date.fromordinal(dated)
        except MissingExchangeRate:
            rate, rate_date = None, None
        own_day = own.last if own and own.first <= today else None
        stored_day = stored.last if stored and stored.first <= today else None
        if rate is None:
            source = "none"
        elif own_day is not None and (stored_day is None or own_day >= stored_day):
            source = "own"
        elif stored_day is not None:
            source = "stored"
        elif ecb_coverage is not None:
            source = "ecb"
        elif code in traded_with_rate:
            source = "transactions"
        else:
            source = "cross"
        result.append(
            FxNeed(
                code,
                f"{code}/{currency}",
                rate,
                rate_date,
                source,
                stored,
                stored_source,
                own,
                ecb_coverage,
            )
        )
    return result


def _ecb_first(bundle: ecb.EcbRates, code: str) -> date:
    """The first day the ECB published `code` (its first publication day for the euro)."""
    days = bundle.dates if code == ecb.ANCHOR else bundle.series(code)[0]
    first: date = days[0].astype(date)
    return first
