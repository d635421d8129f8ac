"""The yahoo provider on recorded Yahoo payloads and on injected failures, through yfinance's real
request and parsing code (only the HTTP transport is fake)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from pms.enums import AssetClass
from pms.errors import ProviderError, ProviderUnavailable
from pms.market.providers.base import RateLimited, SplitEvent, UnknownSymbol
from pms.market.providers.yahoo import YahooProvider
from pms.market.resilience import Deadline, Throttle
from tests.market.fake_yahoo import FakeYahoo, chart_payload, recorded_chart

AAPL_2020 = "chart-AAPL-2020-08-31-to-2020-11-07.json"
AAPL_2020_WITH_WEEK_BEFORE = "chart-AAPL-2020-08-24-to-2020-11-07-composed.json"


def closes(history: object) -> dict[date, Decimal]:
    return {bar.date: bar.close for bar in history.bars}  # type: ignore[attr-defined]


def test_recorded_aapl_2020_gives_as_traded_closes_the_4_for_1_split_and_the_dividend(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL_2020))

    history = yahoo.history("AAPL", date(2020, 8, 31))

    assert history.currency == "USD"
    assert len(history.bars) == 49
    assert history.splits == (SplitEvent(date(2020, 8, 31), 4, 1),)
    assert [(d.date, d.amount) for d in history.dividends] == [
        (date(2020, 11, 6), Decimal("0.205"))
    ]
    # The split day and after trade post-split: nothing to multiply.
    assert closes(history)[date(2020, 8, 31)] == Decimal("129.04")
    assert closes(history)[date(2020, 9, 1)] == Decimal("134.18")
    assert closes(history)[date(2020, 11, 6)] == Decimal("118.69")
    first = history.bars[0]
    assert (first.open, first.high, first.low, first.volume) == (
        Decimal("127.58"),
        Decimal("131"),
        Decimal("126"),
        Decimal(225702700),
    )
    assert history.notes == ()


def test_closes_before_the_split_are_multiplied_back_to_about_499(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    body = recorded_chart(AAPL_2020_WITH_WEEK_BEFORE)
    fake_yahoo.add_chart("AAPL", body)

    history = yahoo.history("AAPL", date(2020, 8, 24))

    by_day = closes(history)
    # Yahoo serves 124.8075 (split-adjusted) for 2020-08-28; AAPL actually closed at 499.23.
    assert by_day[date(2020, 8, 28)] == Decimal("499.23")
    assert by_day[date(2020, 8, 27)] == Decimal("500.04")
    assert by_day[date(2020, 8, 24)] == Decimal("503.43")
    assert by_day[date(2020, 8, 31)] == Decimal("129.04")
    # The recorded payload's own previous close (of 08-28, split-adjusted) agrees.
    previous_close = body["chart"]["result"][0]["meta"]["chartPreviousClose"]
    assert abs(by_day[date(2020, 8, 28)] - Decimal(str(previous_close)) * 4) < Decimal("0.01")
    friday = history.bars[4]
    assert (friday.open, friday.high, friday.low) == (
        Decimal("504.05"),
        Decimal("505.77"),
        Decimal("498.31"),
    )


def test_history_asks_through_today_and_trims_to_the_end_asked_for(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL_2020_WITH_WEEK_BEFORE))
    before = int(datetime.now(UTC).timestamp())

    history = yahoo.history("AAPL", date(2020, 8, 24), end=date(2020, 8, 28))

    (call,) = fake_yahoo.history_calls("AAPL")
    assert int(call.params["period2"]) >= before  # up to now, so every later split is listed
    assert [b.date for b in history.bars][-1] == date(2020, 8, 28)
    assert closes(history)[date(2020, 8, 28)] == Decimal("499.23")  # still un-adjusted
    assert history.splits == ()  # the split lies after the end asked for


def test_a_split_inside_the_range_and_one_after_it_both_unadjust(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    # Recorded in 2025: NVDA's closes are adjusted for the 4:1 split of 2021-07-20 (listed) and for
    # the 10:1 split of 2024-06-10 (not listed: outside the recorded range).
    body = recorded_chart("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json")
    fake_yahoo.add_chart("NVDA", body)

    only_listed = closes(yahoo.history("NVDA", date(2021, 2, 1)))
    assert only_listed[date(2021, 7, 19)] == Decimal("75.119")  # 18.77975 × 4
    assert only_listed[date(2021, 7, 20)] == Decimal("18.612")

    # Asked through today, Yahoo lists the later split too; then the closes are as traded.
    result = body["chart"]["result"][0]
    stamp = int(datetime(2024, 6, 10, 13, 30, tzinfo=UTC).timestamp())
    result["events"]["splits"][str(stamp)] = {
        "date": stamp,
        "numerator": 10,
        "denominator": 1,
        "splitRatio": "10:1",
    }
    fake_yahoo.add_chart("NVDA", body)
    history = yahoo.history("NVDA", date(2021, 2, 1))
    assert closes(history)[date(2021, 7, 19)] == Decimal("751.19")
    assert closes(history)[date(2021, 7, 20)] == Decimal("186.12")
    assert [s.ratio for s in history.splits] == [4, 10]


def test_pence_quotes_are_returned_in_pounds(fake_yahoo: FakeYahoo, yahoo: YahooProvider) -> None:
    fake_yahoo.add_chart("OCDO.L", recorded_chart("chart-OCDO.L-2020-01-01-to-2020-01-03.json"))

    history = yahoo.history("OCDO.L", date(2020, 1, 1))

    assert history.currency == "GBP"
    assert closes(history) == {date(2020, 1, 2): Decimal("12.595")}  # 1259.5 GBp


def test_other_currencies_are_left_alone(fake_yahoo: FakeYahoo, yahoo: YahooProvider) -> None:
    fake_yahoo.add_chart(
        "ORSTED.CO", recorded_chart("chart-ORSTED.CO-2020-01-01-to-2020-01-03.json")
    )

    history = yahoo.history("ORSTED.CO", date(2020, 1, 1))

    assert (history.currency, closes(history)) == ("DKK", {date(2020, 1, 2): Decimal("681")})


def test_fx_history_reads_the_pair_symbol(fake_yahoo: FakeYahoo, yahoo: YahooProvider) -> None:
    fake_yahoo.add_chart("EURUSD=X", recorded_chart("chart-EURUSD=X-2020-01-01-to-2020-01-03.json"))

    rates = yahoo.fx_history("eur", "usd", date(2020, 1, 1))

    assert [r.date for r in rates] == [date(2020, 1, 1), date(2020, 1, 2), date(2020, 1, 3)]
    assert rates[0].rate == Decimal("1.122083")
    assert fake_yahoo.history_calls()[0].symbol == "EURUSD=X"


def test_quote_is_the_last_close_with_the_one_before(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL_2020))

    quote = yahoo.quote("AAPL")

    assert (quote.price, quote.previous_close, quote.as_of, quote.currency) == (
        Decimal("118.69"),
        Decimal("119.03"),
        date(2020, 11, 6),
        "USD",
    )


def test_days_without_a_close_are_left_out_and_said_so(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.add_chart(
        "PART",
        chart_payload(
            "PART",
            "EUR",
            [(date(2024, 1, 2), 10.5), (date(2024, 1, 3), None), (date(2024, 1, 4), 11.0)],
            dividends=[(date(2024, 1, 3), 0.25)],
        ),
    )

    history = yahoo.history("PART", date(2024, 1, 1))

    assert closes(history) == {date(2024, 1, 2): Decimal("10.5"), date(2024, 1, 4): Decimal(11)}
    assert [(d.date, d.amount) for d in history.dividends] == [(date(2024, 1, 3), Decimal("0.25"))]
    assert history.notes == ("1 day(s) without a usable close were left out",)


def test_an_unknown_symbol_is_unknown(fake_yahoo: FakeYahoo, yahoo: YahooProvider) -> None:
    with pytest.raises(UnknownSymbol):
        yahoo.history("NOSUCH", date(2024, 1, 1))


def test_a_symbol_yahoo_cannot_have_is_refused_without_asking(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    with pytest.raises(UnknownSymbol):
        yahoo.history("AAPL; DROP TABLE", date(2024, 1, 1))
    assert fake_yahoo.calls == []


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("unreachable", ProviderUnavailable),
        ("dns", ProviderUnavailable),
        ("timeout", ProviderUnavailable),
        ("rate_limit", RateLimited),
        ("server_error", ProviderError),
        ("garbage", ProviderError),
    ],
)
def test_failures_become_provider_errors_never_anything_else(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider, kind: str, error: type[Exception]
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL_2020))
    fake_yahoo.fail(kind)

    with pytest.raises(error):
        yahoo.history("AAPL", date(2020, 8, 31))


def test_a_curl_connection_failure_is_unreachable_not_an_http_answer(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.fail("dns")

    with pytest.raises(ProviderUnavailable) as caught:
        yahoo.history("AAPL", date(2024, 1, 2))

    assert caught.value.detail == "AAPL history: the provider could not be reached (DNSError)"


def test_an_unreachable_network_is_unavailable_not_unknown(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.offline = True

    with pytest.raises(ProviderUnavailable) as caught:
        yahoo.info("AAPL")

    assert not isinstance(caught.value, RateLimited)
    assert "could not be reached" in caught.value.detail


def test_a_slow_provider_is_given_up_on_at_the_deadline(
    fake_yahoo: FakeYahoo, deadline: Deadline
) -> None:
    provider = YahooProvider(
        session=fake_yahoo, timeout=0.3, throttle=Throttle(0), deadline=deadline
    )
    fake_yahoo.searches["apple"] = {"quotes": []}
    fake_yahoo.fail("slow", delay=2.0)

    started = time.monotonic()
    with pytest.raises(ProviderUnavailable) as caught:
        provider.lookup("apple")

    assert time.monotonic() - started < 1.5
    assert "within 0.3 s" in caught.value.detail


def test_lookup_maps_the_recorded_search_and_skips_options(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.searches["aapl"] = recorded_chart("search-AAPL.json")

    found = yahoo.lookup("AAPL")

    assert [c.symbol for c in found] == ["AAPL", "AAPU"]
    apple = found[0]
    assert (apple.name, apple.currency, apple.exchange, apple.asset_class, apple.sector) == (
        "Apple Inc.",
        "USD",
        "NASDAQ",
        AssetClass.EQUITY,
        "Technology",
    )
    assert found[1].asset_class == AssetClass.ETF


def test_lookup_of_a_london_listing_gives_pounds(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.searches["shell"] = {
        "quotes": [
            {"exchange": "LSE", "quoteType": "EQUITY", "symbol": "SHEL.L", "longname": "Shell plc"},
            {"exchange": "CCC", "quoteType": "CRYPTOCURRENCY", "symbol": "SHELL-USD"},
        ]
    }

    found = yahoo.lookup("Shell")

    assert [(c.symbol, c.currency, c.asset_class) for c in found] == [
        ("SHEL.L", "GBP", AssetClass.EQUITY),
        ("SHELL-USD", "USD", AssetClass.CRYPTO),
    ]


def test_info_reads_the_company_facts(fake_yahoo: FakeYahoo, yahoo: YahooProvider) -> None:
    fake_yahoo.summaries["SHEL.L"] = {
        "quoteSummary": {
            "result": [
                {
                    "quoteType": {
                        "quoteType": "EQUITY",
                        "longName": "Shell plc",
                        "exchange": "LSE",
                    },
                    "summaryDetail": {"currency": "GBp"},
                    "assetProfile": {"sector": "Energy", "country": "United Kingdom"},
                }
            ],
            "error": None,
        }
    }

    info = yahoo.info("SHEL.L")

    assert (info.name, info.currency, info.asset_class, info.sector, info.country) == (
        "Shell plc",
        "GBP",
        AssetClass.EQUITY,
        "Energy",
        "United Kingdom",
    )


def test_info_falls_back_to_the_chart_when_company_facts_are_refused(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart(AAPL_2020))
    fake_yahoo.summaries.pop("AAPL", None)  # quoteSummary answers 404 for it

    info = yahoo.info("AAPL")

    assert (info.name, info.currency, info.exchange, info.asset_class) == (
        "Apple Inc.",
        "USD",
        "NasdaqGS",
        AssetClass.EQUITY,
    )


def test_recorded_msft_year_gives_its_four_dividends(
    fake_yahoo: FakeYahoo, yahoo: YahooProvider
) -> None:
    fake_yahoo.add_chart(
        "MSFT",
        recorded_chart("historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json"),
    )

    history = yahoo.history("MSFT", date(2021, 2, 1))

    assert [(d.date, d.amount) for d in history.dividends] == [
        (date(2021, 2, 17), Decimal("0.56")),
        (date(2021, 5, 19), Decimal("0.56")),
        (date(2021, 8, 18), Decimal("0.56")),
        (date(2021, 11, 17), Decimal("0.62")),
    ]
    assert len(history.bars) == 252
    assert history.splits == ()


def test_crypto_trades_every_day(fake_yahoo: FakeYahoo, yahoo: YahooProvider) -> None:
    fake_yahoo.add_chart("BTC-USD", recorded_chart("chart-BTC-USD-2020-01-01-to-2020-01-03.json"))

    history = yahoo.history("BTC-USD", date(2020, 1, 1))

    assert [(b.date, b.close) for b in history.bars] == [
        (date(2020, 1, 1), Decimal("7200.174")),
        (date(2020, 1, 2), Decimal("6985.47")),
        (date(2020, 1, 3), Decimal("7344.884")),
    ]
