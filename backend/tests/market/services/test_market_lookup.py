"""Interactive questions to the provider: cached, short-circuited while it is down, and never a 500."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pms.cache import MemoryCache
from pms.enums import AssetClass
from pms.errors import ProviderUnavailable
from pms.market.context import MarketContext
from pms.market.providers.offline import OfflineProvider
from pms.market.runner import JobRunner
from pms.market.states import FetchState
from pms.services import market_lookup
from tests.market.fake_yahoo import FakeYahoo, recorded_chart

SHELL_SUMMARY = {
    "quoteSummary": {
        "result": [
            {
                "quoteType": {"quoteType": "EQUITY", "longName": "Shell plc", "exchange": "LSE"},
                "summaryDetail": {"currency": "GBp"},
                "assetProfile": {"sector": "Energy", "country": "United Kingdom"},
            }
        ],
        "error": None,
    }
}


def test_enrichment_fills_in_the_facts_of_a_symbol_and_caches_them(
    market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.summaries["SHEL.L"] = SHELL_SUMMARY

    first = market_lookup.enrich_instrument(market, "shel.l")
    fake_yahoo.offline = True
    second = market_lookup.enrich_instrument(market, "SHEL.L")

    assert first.ok
    assert first.info is not None
    assert (first.info.name, first.info.currency, first.info.sector, first.info.country) == (
        "Shell plc",
        "GBP",
        "Energy",
        "United Kingdom",
    )
    assert second == first


def test_an_unknown_symbol_is_said_so_and_remembered(
    market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    first = market_lookup.enrich_instrument(market, "NOSUCH")
    asked = len(fake_yahoo.data_calls())
    second = market_lookup.enrich_instrument(market, "NOSUCH")

    assert (first.state, first.info) == (FetchState.UNKNOWN_SYMBOL, None)
    assert second.state == FetchState.UNKNOWN_SYMBOL
    assert len(fake_yahoo.data_calls()) == asked


def test_enrichment_while_rate_limited_says_so(
    market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.fail("rate_limit")

    result = market_lookup.enrich_instrument(market, "AAPL")

    assert (result.state, result.info) == (FetchState.RATE_LIMITED, None)


def test_with_the_provider_switched_off_enrichment_says_offline() -> None:
    market = MarketContext(
        provider=OfflineProvider(), cache=MemoryCache(), runner=JobRunner(inline=True)
    )

    result = market_lookup.enrich_instrument(market, "AAPL")

    assert result.state == FetchState.OFFLINE
    assert "PMS_MARKET_OFFLINE" in (result.message or "")
    with pytest.raises(ProviderUnavailable):
        market_lookup.lookup(market, "apple")


def test_a_quote_is_cached_for_its_time_to_live(
    market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart("chart-AAPL-2020-08-31-to-2020-11-07.json"))

    first = market_lookup.quote(market, "AAPL")
    fake_yahoo.offline = True
    second = market_lookup.quote(market, "AAPL")

    assert second == first
    assert (first.price, first.previous_close, first.as_of) == (
        Decimal("118.69"),
        Decimal("119.03"),
        date(2020, 11, 6),
    )


def test_lookup_results_keep_their_asset_class_through_the_cache(
    market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.searches["aapl"] = recorded_chart("search-AAPL.json")

    market_lookup.lookup(market, "AAPL")
    cached = market_lookup.lookup(market, "AAPL")

    assert [(c.symbol, c.asset_class) for c in cached] == [
        ("AAPL", AssetClass.EQUITY),
        ("AAPU", AssetClass.ETF),
    ]
