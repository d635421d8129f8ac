"""Loading the demo portfolio into a user's empty account: a full dashboard with no network.

The demo instruments join the shared catalogue as provider (yahoo) instruments, so a later refresh
brings them up to date when the network is there. Stored prices and rates are never overwritten:
the demo only fills in days that are missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.db.locks import lock_ledger
from pms.db.models import Account, Instrument, Transaction, User
from pms.enums import DataSource
from pms.errors import Conflict
from pms.market.demo import SOURCE, DemoData, read_demo
from pms.market.states import FetchState
from pms.market.store import store_dividends, store_prices, store_rates, store_splits
from pms.services import ledger
from pms.services.market_refresh import record_fetch_state


@dataclass(frozen=True)
class DemoSummary:
    accounts: int
    instruments: int
    transactions: int
    prices: int
    fx_rates: int
    first_date: date
    last_date: date


def user_has_data(session: Session, user: User) -> bool:
    accounts = session.scalar(select(func.count()).where(Account.user_id == user.id)) or 0
    manual = session.scalar(select(func.count()).where(Instrument.owner_id == user.id)) or 0
    return bool(accounts or manual)


def _catalogue_instrument(session: Session, symbol: str) -> Instrument | None:
    return session.scalar(
        select(Instrument).where(
            Instrument.data_source == DataSource.YAHOO,
            Instrument.owner_id.is_(None),
            Instrument.symbol == symbol,
        )
    )


def load_demo(session: Session, user: User, data: DemoData | None = None) -> DemoSummary:
    """Create the demo accounts and transactions for `user`, who must have no data yet (409).

    The market data it stores (shipped with the app, never a user's) only fills gaps in the shared
    tables, whoever loads it."""
    lock_ledger(session, user.id)
    if user_has_data(session, user):
        raise Conflict(
            detail="the demo portfolio is loaded only into an empty account; this one has data"
        )
    demo = data or read_demo()
    instruments: dict[str, Instrument] = {}
    prices = 0
    for spec in demo.instruments:
        instrument = _catalogue_instrument(session, spec.symbol)
        if instrument is None:
            instrument = Instrument(
                symbol=spec.symbol,
                name=spec.name,
                currency=spec.currency,
                asset_class=spec.asset_class,
                data_source=DataSource.YAHOO,
                sector=spec.sector,
                country=spec.country,
                exchange=spec.exchange,
                isin=spec.isin,
            )
            session.add(instrument)
            session.flush()
            record_fetch_state(
                session,
                instrument.id,
                FetchState.NEVER_FETCHED,
                f"prices from the bundled demo data, which ends {demo.last_date.isoformat()}",
            )
        instruments[spec.symbol] = instrument
        prices += store_prices(session, instrument.id, spec.bars, SOURCE, replace=False)
        store_splits(session, instrument.id, spec.splits, SOURCE, replace=False)
        store_dividends(session, instrument.id, spec.dividends, instrument.currency, replace=False)
    rates = sum(
        store_rates(session, base, quote, points, demo.rates_source, replace=False)
        for (base, quote), points in demo.rates.items()
    )
    accounts = {}
    for spec_account in demo.accounts:
        account = Account(
            user_id=user.id,
            name=spec_account.name,
            kind=spec_account.kind,
            currency=spec_account.currency,
            track_cash=spec_account.track_cash,
        )
        session.add(account)
        accounts[spec_account.key] = account
    session.flush()
    # Through the ledger's rules, like any entry: defaults (a trade's amount, the currency) filled
    # in, and no position sold short.
    positions: set[tuple[int, int | None]] = set()
    for number, spec_tx in enumerate(demo.transactions, start=1):
        account = accounts[spec_tx.account]
        instrument = instruments[spec_tx.instrument] if spec_tx.instrument else None
        resolved = ledger.prepare_values(
            session,
            user,
            {
                "account_id": account.id,
                "instrument_id": instrument.id if instrument else None,
                "type": spec_tx.type,
                "date": spec_tx.date,
                "quantity": spec_tx.quantity,
                "price": spec_tx.price,
                "amount": spec_tx.amount,
                "fee": spec_tx.fee,
                "tax": spec_tx.tax,
                "note": "demo",
                "external_id": f"demo-{number}",
            },
        )
        session.add(
            Transaction(
                user_id=user.id, **{name: resolved.values.get(name) for name in ledger.FIELDS}
            )
        )
        positions.add((account.id, instrument.id if instrument else None))
    session.flush()
    ledger.guard_positions(session, positions, None)
    return DemoSummary(
        accounts=len(accounts),
        instruments=len(instruments),
        transactions=len(demo.transactions),
        prices=prices,
        fx_rates=rates,
        first_date=demo.first_date,
        last_date=demo.last_date,
    )
