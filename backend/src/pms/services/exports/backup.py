"""The lossless JSON backup of one user: settings, accounts, the instruments they use (manual ones
whole, provider ones as references), the prices, splits and FX rates valuing them needs, and every
transaction with its external id. `format=pms-json` imports restore it.

The document is written element by element, so a large ledger is never one string in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TextIO

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from pms.db.models import (
    Account,
    FxRate,
    Instrument,
    Price,
    Split,
    Transaction,
    User,
    UserFxRate,
    UserPrice,
)
from pms.services.imports.pms_json import BACKUP_FORMAT, BACKUP_VERSION
from pms.services.ledger import FIELDS as LEDGER_FIELDS

#: Market data from this long before the first transaction is kept (a valuation looks back).
LOOKBACK = timedelta(days=10)
#: FX crosses go through these when a pair has no series of its own (ARCHITECTURE §5).
CROSS_CURRENCIES = ("USD", "EUR")
#: A transaction's own fields (its account and instrument are written as references).
TRANSACTION_FIELDS = tuple(f for f in LEDGER_FIELDS if f not in ("account_id", "instrument_id"))


def plain(value: Any) -> Any:
    """JSON-ready: exact decimals as canonical strings, dates ISO."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=plain)


def _write_list(out: TextIO, name: str, items: Iterable[Any], first: bool = False) -> None:
    out.write(("" if first else ",\n") + f'"{name}":[')
    for index, item in enumerate(items):
        out.write(("\n" if index == 0 else ",\n") + _dump(item))
    out.write("]")


def _accounts(session: Session, user: User) -> list[Account]:
    return list(
        session.scalars(select(Account).where(Account.user_id == user.id).order_by(Account.id))
    )


def _instruments(session: Session, user: User) -> list[Instrument]:
    used = select(Transaction.instrument_id).where(Transaction.user_id == user.id)
    priced = select(UserPrice.instrument_id).where(UserPrice.user_id == user.id)
    return list(
        session.scalars(
            select(Instrument)
            .where(
                or_(
                    Instrument.owner_id == user.id,
                    Instrument.id.in_(used),
                    Instrument.id.in_(priced),
                )
            )
            .order_by(Instrument.id)
        )
    )


def _first_dates(session: Session, user: User) -> dict[int | None, date]:
    rows = session.execute(
        select(Transaction.instrument_id, func.min(Transaction.date))
        .where(Transaction.user_id == user.id)
        .group_by(Transaction.instrument_id)
    )
    return dict(rows.all())


def _instrument_items(
    session: Session, user: User, instruments: list[Instrument], first: dict[int | None, date]
) -> Iterator[dict[str, Any]]:
    for instrument in instruments:
        own = instrument.owner_id == user.id
        prices = select(Price).where(Price.instrument_id == instrument.id).order_by(Price.date)
        if not own:
            since = first.get(instrument.id)
            prices = (
                prices.where(Price.date >= since - LOOKBACK) if since else prices.where(false())
            )
        yield {
            "ref": f"i{instrument.id}",
            "symbol": instrument.symbol,
            "name": instrument.name,
            "currency": instrument.currency,
            "asset_class": instrument.asset_class,
            "data_source": instrument.data_source,
            "sector": instrument.sector,
            "country": instrument.country,
            "exchange": instrument.exchange,
            "isin": instrument.isin,
            "prices": [
                {
                    "date": p.date,
                    "close": p.close,
                    **{
                        name: getattr(p, name)
                        for name in ("open", "high", "low", "volume")
                        if getattr(p, name) is not None
                    },
                }
                for p in session.scalars(prices)
            ],
            "splits": [
                {"date": s.date, "numerator": s.numerator, "denominator": s.denominator}
                for s in session.scalars(
                    select(Split).where(Split.instrument_id == instrument.id).order_by(Split.date)
                )
            ],
            # The user's own closes, every one (the user's data, like the transactions).
            "own_prices": [
                {"date": day, "close": close}
                for day, close in session.execute(
                    select(UserPrice.date, UserPrice.close)
                    .where(UserPrice.user_id == user.id, UserPrice.instrument_id == instrument.id)
                    .order_by(UserPrice.date)
                )
            ],
        }


def _own_fx_items(session: Session, user: User) -> Iterator[dict[str, Any]]:
    """The user's own rates, every one (they are the user's data, like the transactions)."""
    rows = session.execute(
        select(UserFxRate.base, UserFxRate.quote, UserFxRate.date, UserFxRate.rate)
        .where(UserFxRate.user_id == user.id)
        .order_by(UserFxRate.base, UserFxRate.quote, UserFxRate.date)
    ).all()
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for base, quote, day, rate in rows:
        pairs.setdefault((base, quote), []).append({"date": day, "rate": rate})
    for (base, quote), rates in pairs.items():
        yield {"base": base, "quote": quote, "rates": rates}


def _fx_items(
    session: Session, currencies: set[str], since: date | None
) -> Iterator[dict[str, Any]]:
    wanted = currencies | set(CROSS_CURRENCIES)
    if since is None:
        return
    pairs = session.execute(
        select(FxRate.base, FxRate.quote)
        .where(FxRate.base.in_(wanted), FxRate.quote.in_(wanted), FxRate.date >= since)
        .group_by(FxRate.base, FxRate.quote)
        .order_by(FxRate.base, FxRate.quote)
    ).all()
    for base, quote in pairs:
        rates = session.execute(
            select(FxRate.date, FxRate.rate)
            .where(FxRate.base == base, FxRate.quote == quote, FxRate.date >= since)
            .order_by(FxRate.date)
        )
        yield {"base": base, "quote": quote, "rates": [{"date": d, "rate": r} for d, r in rates]}


def _transaction_items(session: Session, user: User) -> Iterator[dict[str, Any]]:
    query = (
        select(Transaction)
        .where(Transaction.user_id == user.id)
        .order_by(Transaction.date, Transaction.id)
        .execution_options(yield_per=1000)
    )
    for txn in session.scalars(query):
        item: dict[str, Any] = {
            "account": f"a{txn.account_id}",
            "instrument": f"i{txn.instrument_id}" if txn.instrument_id is not None else None,
        }
        item.update({name: getattr(txn, name) for name in TRANSACTION_FIELDS})
        yield item


def write_backup(session: Session, user: User, out: TextIO) -> None:
    accounts = _accounts(session, user)
    instruments = _instruments(session, user)
    first = _first_dates(session, user)
    currencies = {user.base_currency}
    currencies.update(a.currency for a in accounts)
    currencies.update(i.currency for i in instruments)
    currencies.update(
        session.scalars(
            select(Transaction.currency).where(Transaction.user_id == user.id).distinct()
        )
    )
    since = min(first.values()) - LOOKBACK if first else None
    out.write("{")
    out.write(
        f'"format":{_dump(BACKUP_FORMAT)},"version":{BACKUP_VERSION},'
        f'"exported_at":{_dump(datetime.now(UTC).isoformat(timespec="seconds"))},\n'
    )
    settings = {
        "username": user.username,
        "base_currency": user.base_currency,
        "cost_basis_method": user.cost_basis_method,
        "theme": user.theme,
        "locale": user.locale,
        "risk_free_rate": user.risk_free_rate,
        "long_term_days": user.long_term_days,
        "tax_year_start": user.tax_year_start,
    }
    out.write(f'"user":{_dump(settings)}')
    _write_list(
        out,
        "accounts",
        (
            {
                "ref": f"a{a.id}",
                "name": a.name,
                "kind": a.kind,
                "currency": a.currency,
                "track_cash": a.track_cash,
                "cost_basis_method": a.cost_basis_method,
            }
            for a in accounts
        ),
    )
    _write_list(out, "instruments", _instrument_items(session, user, instruments, first))
    _write_list(out, "fx_rates", _fx_items(session, currencies, since))
    _write_list(out, "own_fx_rates", _own_fx_items(session, user))
    _write_list(out, "transactions", _transaction_items(session, user))
    out.write("}\n")
