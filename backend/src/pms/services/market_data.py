"""What the ledger and the portfolio endpoints call about market data.

The ledger calls `instrument_added` when a provider instrument is created and `request_backfill`
when a transaction older than the stored history arrives; both record the need in the database
and fetch after the caller's transaction commits, so nothing a user does waits for the provider.
The portfolio endpoints call `stale_instruments`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.db.models import Instrument, InstrumentMarketStatus, Transaction, UserPrice
from pms.enums import DataSource
from pms.market.calendar import last_business_day_before
from pms.market.context import MarketContext
from pms.market.states import FetchState, StaleReason
from pms.market.store import last_price_dates
from pms.services.market_refresh import RefreshPlan, instrument_status, refresh

#: A close missing for at most this many days, when the provider was asked after them, is a
#: market holiday (Easter, Christmas), not stale data.
HOLIDAY_GAP_DAYS = 5


@dataclass(frozen=True)
class StaleInstrument:
    """An instrument whose last close is older than the last business day before `as_of`."""

    instrument_id: int
    symbol: str
    last_date: date | None
    reason: StaleReason
    message: str


# -- what the ledger calls ------------------------------------------------------------------------


def instrument_added(
    session: Session,
    market: MarketContext,
    instrument: Instrument,
    *,
    state: FetchState = FetchState.NEVER_FETCHED,
    message: str | None = None,
    backfill_from: date | None = None,
) -> None:
    """A provider instrument was just created: remember that it has not been fetched (and why,
    when enrichment already failed) and fetch its history once the caller's transaction commits."""
    if instrument.data_source != DataSource.YAHOO:
        return
    status = instrument_status(session, instrument.id)
    status.state = state
    status.message = message
    if backfill_from is not None:
        status.backfill_from = backfill_from
    session.flush()
    _fetch_after_commit(session, market, [instrument.id])


def request_backfill(
    session: Session, market: MarketContext, instrument_id: int, from_date: date
) -> bool:
    """A transaction dated `from_date` arrived: fetch history from there if it is older than what
    was fetched. Returns whether a backfill was scheduled."""
    return bool(request_backfills(session, market, {instrument_id: from_date}))


def request_backfills(
    session: Session, market: MarketContext, from_dates: Mapping[int, date]
) -> list[int]:
    """Transactions arrived, the earliest of each instrument on `from_dates[instrument]`: fetch
    the provider instruments' history from there where it is older than what was fetched (or
    than a backfill already asked for), in one refresh after the commit. Returns the instruments
    scheduled."""
    ids = sorted(from_dates)
    if not ids:
        return []
    providers = session.scalars(
        select(Instrument.id).where(
            Instrument.id.in_(ids), Instrument.data_source == DataSource.YAHOO
        )
    ).all()
    known = {
        status.instrument_id: status
        for status in session.scalars(
            select(InstrumentMarketStatus).where(
                InstrumentMarketStatus.instrument_id.in_(providers)
            )
        )
    }
    scheduled: list[int] = []
    for instrument_id in providers:
        from_date = from_dates[instrument_id]
        status = known.get(instrument_id) or instrument_status(session, instrument_id)
        covered = status.fetched_from is not None and status.fetched_from <= from_date
        pending = status.backfill_from is not None and status.backfill_from <= from_date
        if covered or pending:
            continue
        status.backfill_from = from_date
        scheduled.append(instrument_id)
    if scheduled:
        session.flush()
        _fetch_after_commit(session, market, scheduled)
    return scheduled


def _fetch_after_commit(session: Session, market: MarketContext, instrument_ids: list[int]) -> None:
    def work() -> None:
        refresh(market, RefreshPlan(instrument_ids=instrument_ids), force=True)

    market.runner.submit_after_commit(session, work)


def last_own_price_dates(
    session: Session, user_id: int, instrument_ids: Sequence[int], on_or_before: date
) -> dict[int, date]:
    """The date of the user's last own close of each instrument, on or before `on_or_before`."""
    rows = session.execute(
        select(UserPrice.instrument_id, func.max(UserPrice.date))
        .where(
            UserPrice.user_id == user_id,
            UserPrice.instrument_id.in_(instrument_ids),
            UserPrice.date <= on_or_before,
        )
        .group_by(UserPrice.instrument_id)
    )
    return {int(instrument_id): day for instrument_id, day in rows}


# -- staleness ------------------------------------------------------------------------------------


def stale_instruments(
    session: Session, instrument_ids: Sequence[int], as_of: date, *, user_id: int | None = None
) -> list[StaleInstrument]:
    """The instruments among `instrument_ids` whose last close on or before `as_of` is older than
    the last business day before `as_of`, with that close's date and why it is missing. With
    `user_id`, that user's own closes count as closes too.

    A close missing on an exchange holiday is not stale: when the provider was asked after that
    day and had nothing for it, there is nothing to have."""
    ids = sorted(set(instrument_ids))
    if not ids:
        return []
    expected = last_business_day_before(as_of)
    last = last_price_dates(session, ids, on_or_before=as_of)
    if user_id is not None:
        for instrument_id, day in last_own_price_dates(session, user_id, ids, as_of).items():
            if instrument_id not in last or day > last[instrument_id]:
                last[instrument_id] = day
    instruments = session.scalars(select(Instrument).where(Instrument.id.in_(ids))).all()
    statuses = {
        s.instrument_id: s
        for s in session.scalars(
            select(InstrumentMarketStatus).where(InstrumentMarketStatus.instrument_id.in_(ids))
        )
    }
    stale = []
    for instrument in sorted(instruments, key=lambda i: (i.symbol, i.id)):
        last_date = last.get(instrument.id)
        if last_date is not None and last_date >= expected:
            continue
        status = statuses.get(instrument.id)
        reason, message = _why_stale(instrument, status, last_date, expected)
        if reason is None:
            continue
        stale.append(StaleInstrument(instrument.id, instrument.symbol, last_date, reason, message))
    return stale


def _why_stale(
    instrument: Instrument,
    status: InstrumentMarketStatus | None,
    last_date: date | None,
    expected: date,
) -> tuple[StaleReason | None, str]:
    since = f"the last close is from {last_date.isoformat()}" if last_date else "no close is stored"
    if instrument.data_source == DataSource.MANUAL:
        return StaleReason.MANUAL, f"prices are entered by hand; {since}"
    if status is None or status.state == FetchState.NEVER_FETCHED:
        detail = f" ({status.message})" if status is not None and status.message else ""
        return StaleReason.NEVER_FETCHED, f"not fetched from the provider yet{detail}; {since}"
    if status.state in (FetchState.OK, FetchState.NO_DATA):
        succeeded = status.last_success_at
        asked_since = succeeded is not None and succeeded.date() > expected
        if asked_since and last_date is not None:
            if (expected - last_date).days <= HOLIDAY_GAP_DAYS:
                return None, ""  # asked after that close and there was none: a market holiday
            return StaleReason.NO_DATA, f"the provider has no close after it; {since}"
        if status.state == FetchState.NO_DATA:
            return StaleReason.NO_DATA, f"{status.message or 'the provider has no prices'}; {since}"
        return StaleReason.NOT_REFRESHED, f"not refreshed since; {since}"
    return StaleReason(status.state), f"{status.message or status.state}; {since}"


def user_instrument_ids(session: Session, user_id: int) -> list[int]:
    """The instruments a user has transactions in, and their own manual instruments."""
    traded = session.scalars(
        select(Transaction.instrument_id)
        .where(Transaction.user_id == user_id, Transaction.instrument_id.is_not(None))
        .distinct()
    ).all()
    owned = session.scalars(select(Instrument.id).where(Instrument.owner_id == user_id)).all()
    return sorted({i for i in traded if i is not None} | set(owned))
