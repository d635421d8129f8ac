"""Loading one user's portfolio for the analytics layer, in one query per table.

Every account and transaction of the user is loaded, also when a request narrows to some accounts
(transfers carry cost between accounts; the analytics layer narrows). Instruments, splits and
closes are those of the instruments the user trades (and a benchmark); rates those among the
currencies involved, plus USD and EUR through which pairs are crossed. Rows become analytics
records here and nowhere else. Beside the stored rates, every portfolio gets the ECB's reference
rates bundled with PMS (`pms.market.ecb`), used on days no stored rate is current.

Closes are the bulk of it (250 instruments over 20 years are 1.2 million rows), so they never
become Python objects one by one: PostgreSQL packs each instrument's days and closes into two
binary strings that numpy reads as arrays; other databases send text columns that numpy parses.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import (
    Date,
    Float,
    Integer,
    LargeBinary,
    String,
    and_,
    cast,
    func,
    literal,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from pms.analytics import (
    AccountRecord,
    DailySeries,
    InstrumentRecord,
    PortfolioData,
    SplitRecord,
    TransactionRecord,
)
from pms.analytics.records import ReferenceRates, as_decimal
from pms.db.models import (
    Account,
    FxRate,
    Instrument,
    Price,
    Split,
    Transaction,
    UserFxRate,
    UserPrice,
)
from pms.enums import TransactionType
from pms.errors import not_found
from pms.market import ecb

#: Currencies through which a pair without a series of its own is crossed (ARCHITECTURE §5).
CROSS_CURRENCIES = ("USD", "EUR")
EPOCH = date(1970, 1, 1)


@dataclass(frozen=True, eq=False)
class LoadedPortfolio:
    """A user's portfolio data, with the names the responses show beside ids."""

    data: PortfolioData
    account_names: dict[int, str]


def load_portfolio(
    session: Session,
    user_id: int,
    *,
    end: date,
    currency: str,
    benchmark: int | None = None,
    instrument: int | None = None,
) -> LoadedPortfolio:
    """Everything the analytics layer needs for reports up to the close of `end` in `currency`.

    A `benchmark` instrument, and an `instrument` a report is about, must be visible to the user
    (a provider instrument or their own manual one): `NotFound` otherwise."""
    account_rows = session.execute(
        select(
            Account.id,
            Account.name,
            Account.currency,
            Account.track_cash,
            Account.cost_basis_method,
        )
        .where(Account.user_id == user_id)
        .order_by(Account.id)
    ).all()
    transactions = _transactions(session, user_id, end)
    instrument_ids = {t.instrument_id for t in transactions if t.instrument_id is not None}
    wanted = [i for i in (benchmark, instrument) if i is not None]
    instrument_ids.update(wanted)
    instruments = _instruments(session, user_id, sorted(instrument_ids), wanted)
    ids = [i.id for i in instruments]
    splits = (
        [
            SplitRecord(row.instrument_id, row.date, row.numerator, row.denominator)
            for row in session.execute(
                select(Split.instrument_id, Split.date, Split.numerator, Split.denominator)
                .where(Split.instrument_id.in_(ids))
                .order_by(Split.instrument_id, Split.date)
            )
        ]
        if ids
        else []
    )
    currencies = {currency, *CROSS_CURRENCIES}
    currencies.update(row.currency for row in account_rows)
    currencies.update(i.currency for i in instruments)
    currencies.update(t.currency for t in transactions)
    data = PortfolioData(
        accounts=tuple(
            AccountRecord(row.id, row.currency, bool(row.track_cash), row.cost_basis_method)
            for row in account_rows
        ),
        instruments=tuple(instruments),
        transactions=tuple(transactions),
        splits=tuple(splits),
        prices=_own_over(_closes(session, ids, end), _own_closes(session, user_id, ids, end))
        if ids
        else {},
        fx=_with_overrides(
            _rates(session, sorted(currencies), end),
            _overrides(session, user_id, sorted(currencies), end),
        ),
        reference_fx=reference_rates(),
    )
    derived = transaction_rates(data)
    if derived:
        data = replace(data, fx={**data.fx, **derived})
    return LoadedPortfolio(data, {row.id: row.name for row in account_rows})


def transaction_rates(data: PortfolioData) -> dict[tuple[str, str], DailySeries]:
    """Rates the transactions themselves give, for pairs nothing else covers: a transaction in a
    currency other than its account's, with an `fx_rate`, says what one unit of its currency was
    worth in the account's on its day. Used (as stored rates are: forward filled, and the first
    standing in before it) only where no stored or own rate of the pair (either way round) exists
    and the bundled ECB rates do not publish both currencies."""
    reference = data.reference_fx
    accounts = {account.id: account.currency for account in data.accounts}
    found: dict[tuple[str, str], dict[date, Decimal]] = {}
    for tx in data.transactions:
        account_currency = accounts[tx.account_id]
        if tx.fx_rate is None or tx.fx_rate <= 0 or tx.currency == account_currency:
            continue
        key = (tx.currency, account_currency)
        if key in data.fx or (key[1], key[0]) in data.fx:
            continue
        if reference is not None and reference.publishes(key[0]) and reference.publishes(key[1]):
            continue
        found.setdefault(key, {})[tx.date] = tx.fx_rate
    return {key: DailySeries.from_pairs(sorted(days.items())) for key, days in found.items()}


@cache
def reference_rates() -> ReferenceRates:
    """The bundled ECB rates as the analytics layer reads them (one object per process; each
    currency's series is parsed when a portfolio first needs it)."""
    rates = ecb.ecb_rates()
    return ReferenceRates(ecb.ANCHOR, _EcbSeries(rates), rates.end, ecb.SOURCE, rates.current)


class _EcbSeries(Mapping[str, DailySeries]):
    """The bundle's currencies as `DailySeries`, each built on first access."""

    def __init__(self, rates: ecb.EcbRates) -> None:
        self._rates = rates
        self._built: dict[str, DailySeries] = {}

    def __getitem__(self, code: str) -> DailySeries:
        found = self._built.get(code)
        if found is None:
            found = self._built[code] = DailySeries(*self._rates.series(code))
        return found

    def __contains__(self, code: object) -> bool:
        return code in self._rates.codes

    def __iter__(self) -> Iterator[str]:
        return iter(self._rates.codes)

    def __len__(self) -> int:
        return len(self._rates.codes)


def _transactions(session: Session, user_id: int, end: date) -> list[TransactionRecord]:
    statement = (
        select(
            Transaction.id,
            Transaction.account_id,
            Transaction.type,
            Transaction.date,
            Transaction.currency,
            Transaction.instrument_id,
            Transaction.quantity,
            Transaction.price,
            Transaction.amount,
            Transaction.fee,
            Transaction.tax,
            Transaction.fx_rate,
            Transaction.transfer_id,
        )
        .where(Transaction.user_id == user_id, Transaction.date <= end)
        .order_by(Transaction.date, Transaction.id)
    )
    types = {t.value: t for t in TransactionType}
    # Core rows unpacked as tuples: 25,000 transactions must not cost more than the maths.
    rows = session.connection().execute(statement).all()
    return [
        TransactionRecord(id_, account, types[kind], *rest) for id_, account, kind, *rest in rows
    ]


def _instruments(
    session: Session, user_id: int, ids: Sequence[int], wanted: Sequence[int]
) -> list[InstrumentRecord]:
    if not ids:
        return []
    rows = session.execute(
        select(
            Instrument.id,
            Instrument.currency,
            Instrument.asset_class,
            Instrument.sector,
            Instrument.country,
            Instrument.symbol,
            Instrument.name,
            Instrument.owner_id,
        )
        .where(Instrument.id.in_(ids))
        .order_by(Instrument.id)
    ).all()
    for instrument_id in wanted:
        found = next((row for row in rows if row.id == instrument_id), None)
        if found is None or found.owner_id not in (None, user_id):
            raise not_found("instrument", instrument_id)
    return [
        InstrumentRecord(
            row.id, row.currency, row.asset_class, row.sector, row.country, row.symbol, row.name
        )
        for row in rows
    ]


def _closes(session: Session, ids: Collection[int], end: date) -> dict[int, DailySeries]:
    where = and_(Price.instrument_id.in_(ids), Price.date <= end)
    series = _daily_series(session, [Price.instrument_id], Price.date, Price.close, where)
    return {int(key[0]): value for key, value in series.items()}


def _own_closes(
    session: Session, user_id: int, ids: Collection[int], end: date
) -> dict[int, list[tuple[date, Decimal]]]:
    """The user's own closes of the instruments `ids`, per instrument."""
    rows = session.execute(
        select(UserPrice.instrument_id, UserPrice.date, UserPrice.close)
        .where(
            UserPrice.user_id == user_id,
            UserPrice.instrument_id.in_(ids),
            UserPrice.date <= end,
        )
        .order_by(UserPrice.instrument_id, UserPrice.date)
    )
    found: dict[int, list[tuple[date, Decimal]]] = {}
    for instrument_id, day, close in rows:
        found.setdefault(int(instrument_id), []).append((day, Decimal(close)))
    return found


def _own_over(
    shared: dict[int, DailySeries], own: dict[int, list[tuple[date, Decimal]]]
) -> dict[int, DailySeries]:
    """The stored closes with the user's own closes over them, day by day."""
    if not own:
        return shared
    merged = dict(shared)
    for instrument_id, rows in own.items():
        merged[instrument_id] = _merged(merged.get(instrument_id), rows)
    return merged


def _merged(series: DailySeries | None, rows: list[tuple[date, Decimal]]) -> DailySeries:
    """`series` with the values of `rows` over it on their days."""
    days: dict[date, Decimal] = {}
    if series is not None:
        for at in range(len(series)):
            days[series.day_at(at)] = as_decimal(series.values[at])
    days.update(rows)
    return DailySeries.from_pairs(sorted(days.items()))


def _rates(
    session: Session, currencies: Sequence[str], end: date
) -> dict[tuple[str, str], DailySeries]:
    where = and_(FxRate.base.in_(currencies), FxRate.quote.in_(currencies), FxRate.date <= end)
    series = _daily_series(session, [FxRate.base, FxRate.quote], FxRate.date, FxRate.rate, where)
    return {(str(key[0]), str(key[1])): value for key, value in series.items()}


def _overrides(
    session: Session, user_id: int, currencies: Sequence[str], end: date
) -> dict[tuple[str, str], list[tuple[date, Decimal]]]:
    """The user's own rates among `currencies`, per pair."""
    rows = session.execute(
        select(UserFxRate.base, UserFxRate.quote, UserFxRate.date, UserFxRate.rate)
        .where(
            UserFxRate.user_id == user_id,
            UserFxRate.base.in_(currencies),
            UserFxRate.quote.in_(currencies),
            UserFxRate.date <= end,
        )
        .order_by(UserFxRate.base, UserFxRate.quote, UserFxRate.date)
    )
    found: dict[tuple[str, str], list[tuple[date, Decimal]]] = {}
    for base, quote, day, rate in rows:
        found.setdefault((str(base), str(quote)), []).append((day, Decimal(rate)))
    return found


def _with_overrides(
    shared: dict[tuple[str, str], DailySeries],
    own: dict[tuple[str, str], list[tuple[date, Decimal]]],
) -> dict[tuple[str, str], DailySeries]:
    """The shared series with the user's own rates over them, day by day. An own rate of a pair
    stored the other way round goes into that series inverted, so both directions agree."""
    if not own:
        return shared
    merged = dict(shared)
    for (base, quote), rows in own.items():
        targets: list[tuple[tuple[str, str], bool]] = []
        if (base, quote) in shared or (quote, base) not in shared:
            targets.append(((base, quote), False))
        if (quote, base) in shared:
            targets.append(((quote, base), True))
        for key, inverted in targets:
            merged[key] = _merged(
                merged.get(key),
                [(day, Decimal(1) / rate if inverted else rate) for day, rate in rows],
            )
    return merged


def _daily_series(
    session: Session,
    keys: list[InstrumentedAttribute[Any]],
    day: InstrumentedAttribute[date],
    value: InstrumentedAttribute[Any],
    where: ColumnElement[bool],
) -> dict[tuple[Any, ...], DailySeries]:
    """One `DailySeries` per distinct `keys`, from the rows matching `where`."""
    if session.get_bind().dialect.name == "postgresql":
        return _daily_series_packed(session, keys, day, value, where)
    return _daily_series_text(session, keys, day, value, where)


def _daily_series_packed(
    session: Session,
    keys: list[InstrumentedAttribute[Any]],
    day: InstrumentedAttribute[date],
    value: InstrumentedAttribute[Any],
    where: ColumnElement[bool],
) -> dict[tuple[Any, ...], DailySeries]:
    """PostgreSQL: per key, the day numbers as big-endian int4 and the values as float8, each
    packed into one bytea (`int4send`, `float8send`). NUMERIC → float8 is correctly rounded, so
    each value is the float nearest to the stored decimal."""
    ordered = select(*keys, day.label("day"), value.label("value")).where(where)
    ordered = ordered.order_by(*keys, day)
    rows = ordered.subquery()
    key_columns = [rows.c[k.key] for k in keys]
    empty = literal_column("''::bytea", LargeBinary)
    day_number = type_coerce(rows.c.day - literal(EPOCH, Date), Integer)
    statement = select(
        *key_columns,
        func.string_agg(func.int4send(day_number), empty, type_=LargeBinary),
        func.string_agg(func.float8send(cast(rows.c.value, Float)), empty, type_=LargeBinary),
    ).group_by(*key_columns)
    result: dict[tuple[Any, ...], DailySeries] = {}
    width = len(key_columns)
    for row in session.execute(statement):
        days = np.frombuffer(row[width], dtype=">i4").astype("datetime64[D]")
        values = np.frombuffer(row[width + 1], dtype=">f8").astype(np.float64)
        result[tuple(row[:width])] = _ascending(days, values)
    return result


def _daily_series_text(
    session: Session,
    keys: list[InstrumentedAttribute[Any]],
    day: InstrumentedAttribute[date],
    value: InstrumentedAttribute[Any],
    where: ColumnElement[bool],
) -> dict[tuple[Any, ...], DailySeries]:
    """SQLite: dates (ISO text) and exact decimals (canonical text) as they are stored, parsed
    by numpy (the float nearest to each decimal)."""
    statement = (
        select(*keys, type_coerce(day, String), type_coerce(value, String))
        .where(where)
        .order_by(*keys, day)
    )
    grouped: dict[tuple[Any, ...], tuple[list[str], list[str]]] = {}
    width = len(keys)
    for row in session.execute(statement):
        days, values = grouped.setdefault(tuple(row[:width]), ([], []))
        days.append(row[width])
        values.append(row[width + 1])
    return {
        key: DailySeries(np.array(days, dtype="datetime64[D]"), np.array(values, dtype=np.float64))
        for key, (days, values) in grouped.items()
    }


def _ascending(days: np.ndarray[Any, Any], values: np.ndarray[Any, Any]) -> DailySeries:
    """The aggregate keeps the subquery's order in practice; sort if it ever did not."""
    if days.size > 1 and not bool(np.all(days[1:] > days[:-1])):
        order = np.argsort(days, kind="stable")
        days, values = days[order], values[order]
    return DailySeries(days, values)
