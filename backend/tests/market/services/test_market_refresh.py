"""Refreshing market data: incremental fetches, failures recorded per item, back-off, currency pairs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.models import FxRate, InstrumentMarketStatus, Price
from pms.market.context import MarketContext
from pms.market.providers.base import Bar, RatePoint
from pms.market.states import FetchState
from pms.market.store import store_prices, store_rates
from pms.runtime import Runtime
from pms.services.cache_versions import versions
from pms.services.market_refresh import FxNeed, RefreshPlan, plan_refresh, refresh
from tests.market.factories import make_account, make_buy, make_instrument, make_user
from tests.market.fake_yahoo import FakeYahoo, chart_payload, recorded_chart

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


def test_a_refresh_asks_only_from_a_week_before_the_last_stored_close(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    user = make_user(session)
    instrument = make_instrument(session, "AAPL")
    make_buy(session, make_account(session, user), instrument, date(2020, 8, 26))
    session.commit()
    refresh(market, RefreshPlan([instrument.id]))
    fake_yahoo.calls.clear()

    refresh(market, RefreshPlan([instrument.id]), force=True)

    (call,) = fake_yahoo.history_calls("AAPL")
    asked_from = datetime.fromtimestamp(int(call.params["period1"]), UTC).date()
    assert asked_from == date(2020, 10, 30)  # last close 2020-11-06 minus 7 days


def test_a_refresh_soon_after_a_success_does_not_ask_again(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    instrument = make_instrument(session, "AAPL")
    session.commit()
    refresh(market, RefreshPlan([instrument.id]))
    fake_yahoo.calls.clear()

    report = refresh(market, RefreshPlan([instrument.id]))

    assert fake_yahoo.data_calls() == []
    assert report.results[0].skipped


def test_a_price_entered_by_hand_is_not_overwritten(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    instrument = make_instrument(session, "AAPL")
    store_prices(session, instrument.id, [Bar(date(2020, 9, 1), Decimal("1.5"))], "manual")
    session.commit()

    refresh(market, RefreshPlan([instrument.id]))

    assert closes(session, instrument.id)[date(2020, 9, 1)] == Decimal("1.5")


def test_a_provider_in_another_currency_is_refused(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    instrument = make_instrument(session, "AAPL", "EUR")
    session.commit()

    report = refresh(market, RefreshPlan([instrument.id]))

    assert report.results[0].state == FetchState.CURRENCY_MISMATCH
    assert closes(session, instrument.id) == {}
    assert "quotes AAPL in USD" in (status(session, instrument.id).message or "")


def test_a_holding_quoted_in_pence_is_valued_in_pounds(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("OCDO.L", recorded_chart("chart-OCDO.L-2020-01-01-to-2020-01-03.json"))
    user = make_user(session, base_currency="GBP")
    instrument = make_instrument(session, "OCDO.L", "GBP")
    make_buy(
        session, make_account(session, user, "GBP"), instrument, date(2020, 1, 2), "100", "12.60"
    )
    session.commit()

    refresh(market, RefreshPlan([instrument.id]))

    close = closes(session, instrument.id)[date(2020, 1, 2)]
    assert close == Decimal("12.595")  # Yahoo: 1259.5 GBp
    assert Decimal(100) * close == Decimal("1259.5")  # £1,259.50, not £125,950


def test_partial_data_keeps_the_good_days_and_says_what_was_left_out(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart(
        "PART",
        chart_payload(
            "PART",
            "USD",
            [(date(2024, 1, 2), 10.0), (date(2024, 1, 3), None), (date(2024, 1, 4), 11.0)],
            dividends=[(date(2024, 1, 3), 0.1)],  # keeps the day without a close in the answer
        ),
    )
    instrument = make_instrument(session, "PART")
    make_buy(session, make_account(session, make_user(session)), instrument, date(2024, 1, 2))
    session.commit()

    report = refresh(market, RefreshPlan([instrument.id]))

    assert report.errors == []
    assert closes(session, instrument.id) == {
        date(2024, 1, 2): Decimal(10),
        date(2024, 1, 4): Decimal(11),
    }
    assert status(session, instrument.id).message == "1 day(s) without a usable close were left out"


def test_an_unknown_symbol_is_recorded_and_the_others_still_refresh(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    unknown = make_instrument(session, "NOSUCH")
    apple = make_instrument(session, "AAPL")
    make_buy(session, make_account(session, make_user(session)), apple, date(2020, 9, 1))
    session.commit()

    report = refresh(market, RefreshPlan([unknown.id, apple.id]))

    assert [(r.label, r.state) for r in report.results] == [
        ("NOSUCH", FetchState.UNKNOWN_SYMBOL),
        ("AAPL", FetchState.OK),
    ]
    assert status(session, unknown.id).state == FetchState.UNKNOWN_SYMBOL
    assert [e.as_error()["reason"] for e in report.errors] == ["unknown_symbol"]


def test_after_two_unreachable_items_the_rest_are_not_tried(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.offline = True
    ids = [make_instrument(session, s).id for s in ("AAA", "BBB", "CCC")]
    session.commit()

    report = refresh(market, RefreshPlan(ids))

    tried = {c.symbol for c in fake_yahoo.calls if c.symbol}
    assert tried == {"AAA", "BBB"}
    assert [r.state for r in report.results] == [FetchState.UNREACHABLE] * 3
    assert report.results[2].message == "not tried: the provider could not be reached"
    assert status(session, ids[2]).state == FetchState.UNREACHABLE


def test_a_rate_limit_is_waited_out_with_jittered_back_off(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo, sleeps: list[float]
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    instrument = make_instrument(session, "AAPL")
    make_buy(session, make_account(session, make_user(session)), instrument, date(2020, 9, 1))
    session.commit()
    # yfinance asks twice per attempt (once more with its other cookie strategy); two 429s
    # make one failed attempt.
    fake_yahoo.fail("rate_limit", "AAPL", times=2)

    report = refresh(market, RefreshPlan([instrument.id]))

    assert report.results[0].state == FetchState.OK
    assert len(sleeps) == 1
    assert 1.0 <= sleeps[0] <= 3.0  # 2 s ± 50 %
    assert closes(session, instrument.id)


def test_a_rate_limit_that_outlasts_the_back_off_stops_asking(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo, sleeps: list[float]
) -> None:
    fake_yahoo.fail("rate_limit")
    first, second = make_instrument(session, "AAA"), make_instrument(session, "BBB")
    session.commit()

    report = refresh(market, RefreshPlan([first.id, second.id], [FxNeed("USD", "EUR", TODAY)]))

    assert [r.state for r in report.results] == [FetchState.RATE_LIMITED] * 3
    assert len(sleeps) == 3  # three retries, growing
    assert 1.0 <= sleeps[0] <= 3.0
    assert 2.0 <= sleeps[1] <= 6.0
    assert 4.0 <= sleeps[2] <= 12.0
    assert {c.symbol for c in fake_yahoo.data_calls()} == {"AAA"}
    assert report.results[1].message == "not tried: the provider is rate-limiting requests"
    with pytest.raises(Exception, match="rate-limiting"):
        market.breaker.check()


def test_a_lock_held_by_another_replica_skips_the_instrument(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    instrument = make_instrument(session, "AAPL")
    session.commit()

    with market.cache.lock(f"market:refresh:instrument:{instrument.id}", 60) as held:
        assert held
        report = refresh(market, RefreshPlan([instrument.id]))

    assert report.results[0].skipped
    assert fake_yahoo.data_calls() == []


def test_currency_pairs_follow_the_users_currencies(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    user = make_user(session, base_currency="EUR")
    make_buy(
        session,
        make_account(session, user, "USD"),
        make_instrument(session, "AAPL"),
        date(2021, 3, 1),
    )
    make_account(session, user, "GBP", name="pounds")
    session.commit()

    plan = plan_refresh(session, TODAY, user_id=user.id)

    assert plan.fx == [
        FxNeed("GBP", "EUR", date(2021, 3, 1)),
        FxNeed("USD", "EUR", date(2021, 3, 1)),
    ]


def test_a_pair_stored_the_other_way_round_keeps_its_direction(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    user = make_user(session, base_currency="EUR")
    make_buy(
        session,
        make_account(session, user, "USD"),
        make_instrument(session, "AAPL"),
        date(2020, 1, 2),
    )
    store_rates(session, "EUR", "USD", [RatePoint(date(2019, 12, 31), Decimal("1.1234"))], "ecb")
    fake_yahoo.add_chart("EURUSD=X", recorded_chart("chart-EURUSD=X-2020-01-01-to-2020-01-03.json"))
    session.commit()

    plan = plan_refresh(session, TODAY, user_id=user.id)
    refresh(market, plan)

    assert plan.fx == [FxNeed("EUR", "USD", date(2020, 1, 2))]
    rates = {r.date: r.rate for r in session.scalars(select(FxRate).where(FxRate.base == "EUR"))}
    assert rates[date(2020, 1, 2)] == Decimal("1.122083")
    assert rates[date(2019, 12, 31)] == Decimal("1.1234")


def test_a_refresh_that_stores_closes_invalidates_cached_portfolio_results(
    session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL))
    instrument = make_instrument(session, "AAPL")
    user = make_user(session)
    make_buy(session, make_account(session, user), instrument, date(2020, 8, 26))
    session.commit()
    _, before = versions(session, user.id)

    refresh(market, RefreshPlan([instrument.id]))

    session.expire_all()
    _, after = versions(session, user.id)
    assert after != before
    assert closes(session, instrument.id)
    skipped = refresh(market, RefreshPlan([instrument.id]))  # fetched a moment ago
    assert skipped.results[0].skipped
    session.expire_all()
    assert versions(session, user.id)[1] == after
