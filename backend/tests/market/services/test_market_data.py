"""What the ledger and the portfolio endpoints call: adding an instrument, backfills, staleness."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.models import DividendEvent, InstrumentMarketStatus, Price, Split
from pms.market.context import MarketContext
from pms.market.providers.base import Bar
from pms.market.states import FetchState, StaleReason
from pms.market.store import store_prices
from pms.runtime import Runtime
from pms.services import market_lookup
from pms.services.market_data import (
    StaleInstrument,
    instrument_added,
    request_backfill,
    stale_instruments,
)
from pms.services.market_refresh import RefreshPlan, refresh
from tests.market.factories import make_account, make_buy, make_instrument, make_user
from tests.market.fake_yahoo import FakeYahoo, recorded_chart

AAPL = "chart-AAPL-2020-08-24-to-2020-11-07-composed.json"
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _bound(runtime: Runtime) -> None:
    """Bind the market context to the test database (the runtime does it)."""


def closes(session: Session, instrument_id: int) -> dict[date, Decimal]:
    rows = session.scalars(select(Price).where(Price.instrument_id == instrument_id))
    return {p.date: p.close for p in rows}


def status(session: Session, instrument_id: int) -> InstrumentMarketStatus:
    session.expire_all()
    row = session.get(InstrumentMarketStatus, instrument_id)
    assert row is not None
    return row


def test_adding_aapl_offline_gives_a_clear_non_blocking_state(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.offline = True

    # What the ledger does when a user adds AAPL: ask for the facts, create it anyway.
    enrichment = market_lookup.enrich_instrument(market, "aapl")
    instrument = make_instrument(session, "AAPL", "USD")
    instrument_added(
        session, market, instrument, state=enrichment.state, message=enrichment.message
    )
    session.commit()  # the fetch starts after commit, and fails: still no network

    assert (enrichment.symbol, enrichment.state, enrichment.info) == (
        "AAPL",
        FetchState.UNREACHABLE,
        None,
    )
    assert "could not be reached" in (enrichment.message or "")
    row = status(session, instrument.id)
    assert (row.state, row.last_success_at) == (FetchState.UNREACHABLE, None)
    stale = market_data_stale(session, [instrument.id])
    assert [(s.symbol, s.last_date, s.reason) for s in stale] == [
        ("AAPL", None, StaleReason.UNREACHABLE)
    ]
    assert "could not be reached" in stale[0].message
    assert "no close is stored" in stale[0].message


def market_data_stale(
    session: Session, ids: list[int], as_of: date = TODAY
) -> list[StaleInstrument]:
    return stale_instruments(session, ids, as_of)


def test_an_added_instrument_is_backfilled_from_its_first_transaction(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    user = make_user(session)
    instrument = make_instrument(session, "AAPL")
    make_buy(session, make_account(session, user), instrument, date(2020, 8, 26))
    instrument_added(session, market, instrument)
    session.commit()

    stored = closes(session, instrument.id)
    assert min(stored) == date(2020, 8, 26)
    assert stored[date(2020, 8, 28)] == Decimal("499.23")
    assert stored[date(2020, 8, 31)] == Decimal("129.04")
    split = session.scalar(select(Split).where(Split.instrument_id == instrument.id))
    assert split is not None
    assert (split.date, split.numerator, split.denominator, split.source) == (
        date(2020, 8, 31),
        4,
        1,
        "yahoo",
    )
    dividend = session.scalar(
        select(DividendEvent).where(DividendEvent.instrument_id == instrument.id)
    )
    assert dividend is not None
    assert (dividend.date, dividend.amount, dividend.currency) == (
        date(2020, 11, 6),
        Decimal("0.205"),
        "USD",
    )
    row = status(session, instrument.id)
    assert (row.state, row.fetched_from, row.backfill_from) == (
        FetchState.OK,
        date(2020, 8, 26),
        None,
    )


def test_an_older_transaction_backfills_what_is_missing(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    instrument = make_instrument(session, "AAPL")
    make_buy(session, make_account(session, make_user(session)), instrument, date(2020, 9, 1))
    session.commit()
    refresh(market, RefreshPlan([instrument.id]))
    assert min(closes(session, instrument.id)) == date(2020, 9, 1)

    scheduled = request_backfill(session, market, instrument.id, date(2020, 8, 24))
    session.commit()

    assert scheduled
    assert closes(session, instrument.id)[date(2020, 8, 24)] == Decimal("503.43")
    row = status(session, instrument.id)
    assert (row.fetched_from, row.backfill_from) == (date(2020, 8, 24), None)
    # Already covered: nothing to do.
    assert not request_backfill(session, market, instrument.id, date(2020, 8, 25))


def test_stale_instruments_give_their_last_close_and_why(
    session: Session, market: MarketContext
) -> None:
    friday = date(2024, 2, 16)
    owner = make_user(session)
    fresh = make_instrument(session, "FRESH")
    old = make_instrument(session, "OLD")
    never = make_instrument(session, "NEVER")
    handmade = make_instrument(session, "HOME", owner=owner)
    for instrument in (fresh, old, handmade):
        day = friday if instrument is fresh else date(2024, 2, 13)
        store_prices(session, instrument.id, [Bar(day, Decimal(10))], "yahoo")
    session.add(
        InstrumentMarketStatus(
            instrument_id=fresh.id, state="ok", last_success_at=datetime(2024, 2, 17, tzinfo=UTC)
        )
    )
    session.add(
        InstrumentMarketStatus(
            instrument_id=old.id, state="ok", last_success_at=datetime(2024, 2, 14, tzinfo=UTC)
        )
    )
    session.commit()

    # Monday: Friday's close is the last one that can exist.
    stale = market_data_stale(session, [fresh.id, old.id, never.id, handmade.id], date(2024, 2, 19))

    assert [(s.symbol, s.last_date, s.reason) for s in stale] == [
        ("HOME", date(2024, 2, 13), StaleReason.MANUAL),
        ("NEVER", None, StaleReason.NEVER_FETCHED),
        ("OLD", date(2024, 2, 13), StaleReason.NOT_REFRESHED),
    ]


def test_a_close_missing_on_a_holiday_is_not_stale(session: Session, market: MarketContext) -> None:
    instrument = make_instrument(session, "AAPL")
    thursday, good_friday = date(2024, 3, 28), date(2024, 3, 29)
    store_prices(session, instrument.id, [Bar(thursday, Decimal(171))], "yahoo")
    session.add(
        InstrumentMarketStatus(
            instrument_id=instrument.id,
            state="ok",
            last_success_at=datetime(2024, 3, 30, 2, tzinfo=UTC),
        )
    )
    session.commit()

    assert market_data_stale(session, [instrument.id], date(2024, 4, 1)) == []
    assert good_friday.weekday() == 4


def test_a_close_missing_for_long_although_asked_is_stale_with_no_data(
    session: Session, market: MarketContext
) -> None:
    instrument = make_instrument(session, "GONE")
    store_prices(session, instrument.id, [Bar(date(2024, 1, 5), Decimal(3))], "yahoo")
    session.add(
        InstrumentMarketStatus(
            instrument_id=instrument.id,
            state="ok",
            last_success_at=datetime(2024, 4, 2, tzinfo=UTC),
        )
    )
    session.commit()

    (stale,) = market_data_stale(session, [instrument.id], date(2024, 4, 2))

    assert (stale.last_date, stale.reason) == (date(2024, 1, 5), StaleReason.NO_DATA)
