"""The manual provider reads back what a user stored, through the provider interface."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from pms.enums import AssetClass, DataSource
from pms.market.providers.base import Bar, RatePoint, SplitEvent, UnknownSymbol
from pms.market.providers.manual import ManualProvider
from pms.market.store import store_prices, store_rates, store_splits
from tests.market.factories import make_instrument, make_user


def test_history_quote_lookup_and_rates_come_from_the_database(session: Session) -> None:
    owner, other = make_user(session, "owner"), make_user(session, "other")
    fund = make_instrument(session, "MYFUND", "EUR", owner=owner, asset_class="fund")
    make_instrument(session, "THEIRS", "EUR", owner=other)
    store_prices(
        session,
        fund.id,
        [Bar(date(2024, 1, 2), Decimal("10.5")), Bar(date(2024, 1, 3), Decimal("10.75"))],
        "manual",
    )
    store_splits(session, fund.id, [SplitEvent(date(2024, 1, 3), 2, 1)], "manual")
    store_rates(session, "EUR", "USD", [RatePoint(date(2024, 1, 2), Decimal("1.0956"))], "manual")
    provider = ManualProvider(session, owner.id)

    history = provider.history("myfund", date(2024, 1, 1))
    quote = provider.quote("MYFUND")

    assert [(b.date, b.close) for b in history.bars] == [
        (date(2024, 1, 2), Decimal("10.5")),
        (date(2024, 1, 3), Decimal("10.75")),
    ]
    assert history.splits == (SplitEvent(date(2024, 1, 3), 2, 1),)
    assert (quote.price, quote.previous_close, quote.as_of) == (
        Decimal("10.75"),
        Decimal("10.5"),
        date(2024, 1, 3),
    )
    assert [(i.symbol, i.asset_class, i.data_source) for i in provider.lookup("fund")] == [
        ("MYFUND", AssetClass.FUND, DataSource.MANUAL)
    ]
    assert provider.lookup("theirs") == []
    assert provider.fx_history("eur", "usd", date(2024, 1, 1)) == [
        RatePoint(date(2024, 1, 2), Decimal("1.0956"))
    ]
    with pytest.raises(UnknownSymbol):
        provider.history("THEIRS", date(2024, 1, 1))
