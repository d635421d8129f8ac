"""The portfolio endpoints on worked scenarios: what each report answers, narrowing to accounts,
reporting in another currency, merging holdings, the realized-gains CSV, a benchmark's beta, the
stale list, and the parameters refused."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO, Built, build, get

REPORTS = ("summary", "holdings", "lots", "performance", "allocation", "income", "realized")
EUR_PER_USD_0105 = Decimal(1) / Decimal("1.0921")

#: EUR base. "Broker" (EUR, cash tracked) holds an ETF; "US" (USD) and "Second" (EUR), both
#: without cash, hold AAPL. Valued on Friday 2024-01-05.
TWO_CURRENCIES: dict[str, Any] = {
    "base_currency": "EUR",
    "accounts": [
        {"key": "Broker", "currency": "EUR", "track_cash": True},
        {"key": "US", "currency": "USD", "track_cash": False},
        {"key": "Second", "currency": "EUR", "track_cash": False},
    ],
    "instruments": [
        {
            "key": "ETF",
            "symbol": "VWCE",
            "currency": "EUR",
            "asset_class": "etf",
            "country": "IE",
            "prices": [
                ["2024-01-02", "100"],
                ["2024-01-03", "102"],
                ["2024-01-04", "101"],
                ["2024-01-05", "103"],
            ],
        },
        {
            "key": "AAPL",
            "symbol": "AAPL",
            "currency": "USD",
            "sector": "Technology",
            "country": "US",
            "prices": [["2024-01-02", "185.00"], ["2024-01-05", "181.00"]],
        },
    ],
    "fx": {"EUR/USD": [["2024-01-02", "1.0956"], ["2024-01-05", "1.0921"]]},
    "transactions": [
        {"account": "Broker", "type": "DEPOSIT", "date": "2024-01-02", "amount": "5000"},
        {
            "account": "Broker",
            "instrument": "ETF",
            "type": "BUY",
            "date": "2024-01-02",
            "quantity": "20",
            "price": "100",
            "fee": "2",
        },
        {
            "account": "US",
            "instrument": "AAPL",
            "type": "BUY",
            "date": "2024-01-02",
            "quantity": "10",
            "price": "185",
            "fee": "1",
        },
        {
            "account": "Second",
            "instrument": "AAPL",
            "type": "BUY",
            "date": "2024-01-03",
            "quantity": "5",
            "price": "186",
        },
        {
            "account": "Broker",
            "instrument": "ETF",
            "type": "DIVIDEND",
            "date": "2024-01-04",
            "amount": "10",
            "tax": "1.5",
        },
        {
            "account": "US",
            "instrument": "AAPL",
            "type": "DIVIDEND",
            "date": "2024-02-15",
            "amount": "2.40",
            "tax": "0.36",
        },
    ],
}
FRIDAY = "2024-01-05"
#: 20 × 103 + 10 × 181 / 1.0921 + 5 × 181 / 1.0921 + cash (5000 − 2002 + 10 − 1.5).
VALUE_FRIDAY = Decimal("7552.5360772823")


@pytest.fixture
def book(client: TestClient, alice: dict[str, str]) -> Built:
    return build(client, alice, TWO_CURRENCIES)


def money(value: str) -> Decimal:
    assert isinstance(value, str), "money travels as a decimal string"
    return Decimal(value)


def cents(value: str) -> Decimal:
    return money(value).quantize(Decimal("0.01"))


# -- summary and holdings ---------------------------------------------------------------------------


def test_summary_values_positions_and_cash_in_the_base_currency(
    client: TestClient, book: Built
) -> None:
    body = get(client, book.headers, "summary", as_of=FRIDAY)

    assert (body["as_of"], body["currency"]) == (FRIDAY, "EUR")
    assert abs(money(body["market_value"]) - VALUE_FRIDAY) < Decimal("1E-9")
    assert money(body["cash"]) == Decimal("3006.5")
    # 2002 + 1851 / 1.0956 + 930 / 1.0956 (each at its purchase day's rate)
    assert cents(body["cost_basis"]) == Decimal("4540.34")
    assert money(body["income"]) == Decimal("8.5")
    # 2 EUR and 1 USD at 1.0956; the dividend's withholding
    assert (cents(body["fees"]), money(body["taxes"])) == (Decimal("2.91"), Decimal("1.5"))
    assert body["stale"] == []
    assert isinstance(body["twr"], float)


def test_value_is_the_sum_of_holdings_and_cash(client: TestClient, book: Built) -> None:
    for params in (
        {"as_of": FRIDAY},
        {"as_of": "2024-01-03"},
        {"as_of": FRIDAY, "currency": "USD"},
        {"as_of": FRIDAY, "account_id": [book.accounts["Broker"], book.accounts["US"]]},
        {"as_of": "2024-03-01", "currency": "GBP"} | {"account_id": [book.accounts["US"]]},
    ):
        if params.get("currency") == "GBP":
            factories.rates(client, "EUR/GBP", [("2024-01-02", "0.8651")])
        summary = get(client, book.headers, "summary", **params)
        holdings = get(client, book.headers, "holdings", **params)["items"]
        positions = sum((money(h["market_value"]) for h in holdings), Decimal(0))
        assert abs(money(summary["market_value"]) - positions - money(summary["cash"])) < Decimal(
            "1E-9"
        ), params
        weights = sum(h["weight"] for h in holdings) + float(
            money(summary["cash"]) / money(summary["market_value"])
        )
        assert weights == pytest.approx(1.0, abs=1e-12)


def test_holdings_are_one_row_per_position_with_prices_in_the_instruments_currency(
    client: TestClient, book: Built
) -> None:
    body = get(client, book.headers, "holdings", as_of=FRIDAY)

    rows = {(h["account_id"], h["symbol"]): h for h in body["items"]}
    assert body["total"] == 3
    us = rows[(book.accounts["US"], "AAPL")]
    assert us["quantity"] == "10"
    assert (us["price"], us["price_date"], us["currency"]) == ("181.00", FRIDAY, "USD")
    assert us["average_cost"] == "185.10"
    assert money(us["fx_rate"]) == EUR_PER_USD_0105.quantize(Decimal("1E-10"))
    assert cents(us["market_value"]) == Decimal("1657.36")
    assert cents(us["cost_basis"]) == Decimal("1689.49")
    assert cents(us["unrealized_gain"]) == Decimal("-32.13")
    assert us["unrealized_gain_pct"] == pytest.approx(-32.127828727 / 1689.485213582, abs=1e-9)
    etf = rows[(book.accounts["Broker"], "VWCE")]
    # 20 × (103 − 101): the latest close against the one before it
    assert (money(etf["day_change"]), money(etf["fx_rate"])) == (Decimal(40), Decimal(1))
    assert etf["weight"] == pytest.approx(2060 / float(VALUE_FRIDAY), abs=1e-12)


def test_group_instrument_merges_the_accounts_positions(client: TestClient, book: Built) -> None:
    body = get(client, book.headers, "holdings", as_of=FRIDAY, group="instrument")

    rows = {h["symbol"]: h for h in body["items"]}
    assert body["total"] == 2
    aapl = rows["AAPL"]
    assert aapl["account_id"] is None
    assert aapl["quantity"] == "15"
    # (1851 + 930) / 15 USD per unit; 15 × 181 / 1.0921 EUR
    assert aapl["average_cost"] == "185.40"
    assert cents(aapl["market_value"]) == Decimal("2486.04")
    assert cents(aapl["cost_basis"]) == Decimal("2538.34")


def test_account_id_narrows_every_report_to_those_accounts(client: TestClient, book: Built) -> None:
    us = book.accounts["US"]
    summary = get(client, book.headers, "summary", as_of=FRIDAY, account_id=us)
    holdings = get(client, book.headers, "holdings", as_of=FRIDAY, account_id=us)
    income = get(client, book.headers, "income", account_id=us, group="year")

    assert cents(summary["market_value"]) == Decimal("1657.36")
    assert money(summary["cash"]) == 0
    assert [(h["account_id"], h["symbol"]) for h in holdings["items"]] == [(us, "AAPL")]
    # 2.40 − 0.36 USD at the last rate on 2024-02-15 (1.0921)
    assert [(r["period"], cents(r["net"])) for r in income["items"]] == [("2024", Decimal("1.87"))]

    both = get(
        client,
        book.headers,
        "summary",
        as_of=FRIDAY,
        account_id=[book.accounts["Second"], book.accounts["Broker"], book.accounts["Second"]],
    )
    assert cents(both["market_value"]) == Decimal("5895.18")  # 2060 + 828.68 + 3006.50


def test_another_users_account_is_not_found_in_every_report(
    client: TestClient, book: Built, bob: dict[str, str]
) -> None:
    bobs = factories.account(client, bob, name="Bob's")["id"]
    for report in REPORTS:
        response = client.get(
            f"{PORTFOLIO}/{report}",
            headers=book.headers,
            params={"account_id": [book.accounts["US"], bobs]},
        )
        assert response.status_code == 404, report
        assert response.headers["content-type"] == "application/problem+json"
        assert f"account {bobs}" in response.json()["detail"]


def test_reporting_in_usd_converts_at_each_days_rate(client: TestClient, book: Built) -> None:
    body = get(client, book.headers, "summary", as_of=FRIDAY, currency="usd")

    assert body["currency"] == "USD"
    # 20 × 103 × 1.0921 + 10 × 181 + 5 × 181 + 3006.5 × 1.0921
    assert money(body["market_value"]) == Decimal("8248.12465")
    # 2002 EUR at the purchase day's 1.0956, 1851 and 930 USD as paid
    assert money(body["cost_basis"]) == Decimal("4974.3912")
    holdings = get(client, book.headers, "holdings", as_of=FRIDAY, currency="USD")
    rates = {h["symbol"]: h["fx_rate"] for h in holdings["items"]}
    assert rates == {"VWCE": "1.0921", "AAPL": "1"}


def test_a_currency_no_rate_reaches_leaves_everything_out_and_says_how_much(
    client: TestClient, book: Built
) -> None:
    # No stored rate leads to the Argentine peso, and the ECB does not publish it: the reports
    # answer, with nothing counted and one warning per currency left out, sized in that currency.
    body = get(client, book.headers, "summary", as_of=FRIDAY, currency="ARS")

    assert (body["market_value"], body["cost_basis"], body["net_invested"]) == (
        "0.00",
        "0.00",
        "0.00",
    )
    warnings = {w["pair"]: w for w in body["warnings"] if w["code"] == "rate_missing"}
    assert set(warnings) == {"EUR/ARS", "USD/ARS"}
    # 20 × 103 + cash 3006.5 in EUR; 15 × 181 in USD
    assert (warnings["EUR/ARS"]["amount"], warnings["EUR/ARS"]["currency"]) == ("5066.50", "EUR")
    assert (warnings["USD/ARS"]["amount"], warnings["USD/ARS"]["currency"]) == ("2715.00", "USD")
    assert warnings["USD/ARS"]["since"] == "2024-01-02"
    assert "left out" in warnings["USD/ARS"]["message"]
    assert "USD 2,715.00" in warnings["USD/ARS"]["message"]
    for report in ("holdings", "lots", "allocation", "income", "realized", "performance"):
        answer = client.get(
            f"{PORTFOLIO}/{report}", headers=book.headers, params={"currency": "ARS"}
        )
        assert answer.status_code == 200, report
        assert {w["code"] for w in answer.json()["warnings"]} >= {"rate_missing"}, report


def test_a_clean_book_has_no_warnings(client: TestClient, book: Built) -> None:
    asks: dict[str, dict[str, str]] = {
        "summary": {"as_of": FRIDAY},
        "holdings": {"as_of": FRIDAY},
        "lots": {"as_of": FRIDAY},
        "allocation": {"as_of": FRIDAY},
        "income": {"to": FRIDAY},
        "performance": {"to": FRIDAY},
    }
    for report, params in asks.items():
        body = get(client, book.headers, report, **params)
        assert body["warnings"] == [], (report, body)

    # Realized gains run to today: the dividend of 2024-02-15 was converted at the stored USD/EUR
    # rate of 2024-01-05 (stored rates are forward filled however old), and the report says so.
    (warning,) = get(client, book.headers, "realized")["warnings"]
    assert (warning["code"], warning["pair"], warning["since"]) == (
        "rate_carried_forward",
        "USD/EUR",
        "2024-02-15",
    )
    assert "up to 29 business days" in warning["message"]


def test_the_stale_list_names_old_prices_and_why(client: TestClient, book: Built) -> None:
    body = get(client, book.headers, "summary", as_of="2024-01-09")

    assert [(s["symbol"], s["last_date"], s["reason"]) for s in body["stale"]] == [
        ("AAPL", FRIDAY, "manual"),
        ("VWCE", FRIDAY, "manual"),
    ]
    assert all("entered by hand" in s["message"] for s in body["stale"])


def test_an_empty_portfolio_reports_zeros(client: TestClient, alice: dict[str, str]) -> None:
    summary = get(client, alice, "summary")
    assert (summary["market_value"], summary["cost_basis"], summary["twr"]) == ("0.00", "0.00", 0)
    assert summary["mwr"] is None
    assert get(client, alice, "holdings")["items"] == []
    performance = get(client, alice, "performance")
    assert (performance["twr"], performance["mwr"], performance["volatility"]) == (0, None, None)


# -- allocation, income, realized -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("asset_class", [("cash", None, "3006.50"), ("equity", None, "2486.04"), ("etf", None, "2060.00")]),
        ("currency", [("EUR", None, "5066.50"), ("USD", None, "2486.04")]),
        ("country", [(None, None, "3006.50"), ("US", None, "2486.04"), ("IE", None, "2060.00")]),
        ("sector", [(None, None, "5066.50"), ("Technology", None, "2486.04")]),
        ("account", [("Broker", "Broker", "5066.50"), ("US", "US", "1657.36"), ("Second", "Second", "828.68")]),
        ("instrument", [(None, None, "3006.50"), ("AAPL", "AAPL", "2486.04"), ("ETF", "VWCE", "2060.00")]),
    ],
)  # fmt: skip
def test_allocation_groups_the_value(
    client: TestClient, book: Built, by: str, expected: list[tuple[Any, Any, str]]
) -> None:
    body = get(client, book.headers, "allocation", as_of=FRIDAY, by=by)

    ids = book.accounts if by == "account" else book.instruments
    want = [(ids.get(key, key) if key else key, label, Decimal(v)) for key, label, v in expected]
    assert [(s["key"], s["label"], cents(s["market_value"])) for s in body["items"]] == want
    assert sum(s["weight"] for s in body["items"]) == pytest.approx(1.0, abs=1e-12)
    assert (body["by"], body["total"]) == (by, len(expected))


def test_income_by_month_and_year_with_withholding(client: TestClient, book: Built) -> None:
    months = get(client, book.headers, "income", group="month")
    january = months["items"][0]
    assert (january["period"], january["gross"], january["withholding"], january["net"]) == (
        "2024-01",
        "10.00",
        "1.50",
        "8.50",
    )
    february = months["items"][1]
    # 2.40 and 0.36 USD at 1 / 1.0921
    assert (february["period"], cents(february["gross"]), cents(february["net"])) == (
        "2024-02",
        Decimal("2.20"),
        Decimal("1.87"),
    )
    years = get(client, book.headers, "income", group="year")
    assert [(r["period"], cents(r["net"])) for r in years["items"]] == [("2024", Decimal("10.37"))]
    narrowed = get(client, book.headers, "income", **{"from": "2024-01-01", "to": "2024-01-31"})
    assert [r["period"] for r in narrowed["items"]] == ["2024-01"]


#: Two FIFO lots closed by one sale: 10 × 10 and 2 of 5 × 12, sold 12 × 11 − 1.20.
SOLD: dict[str, Any] = {
    "base_currency": "EUR",
    "accounts": [{"key": "A", "currency": "EUR", "track_cash": False}],
    "instruments": [
        {"key": "X", "symbol": "=HYPERLINK(1)", "currency": "EUR", "prices": [["2024-02-01", "11"]]}
    ],
    "transactions": [
        {
            "account": "A",
            "instrument": "X",
            "type": "BUY",
            "date": "2023-03-01",
            "quantity": "10",
            "price": "10",
        },
        {
            "account": "A",
            "instrument": "X",
            "type": "BUY",
            "date": "2023-06-01",
            "quantity": "5",
            "price": "12",
        },
        {
            "account": "A",
            "instrument": "X",
            "type": "SELL",
            "date": "2024-02-01",
            "quantity": "12",
            "price": "11",
            "fee": "1.20",
        },
    ],
}


def test_realized_gains_are_one_row_per_lot_closed(
    client: TestClient, alice: dict[str, str]
) -> None:
    built = build(client, alice, SOLD)
    body = get(client, alice, "realized", year=2024)

    account, instrument = built.accounts["A"], built.instruments["X"]
    # Each lot is its buy's transaction; both parts belong to the one sale.
    first, second = (row["lot_id"] for row in body["items"])
    sale = body["items"][0]["transaction_id"]
    assert first < second < sale
    assert body["items"] == [
        {
            "account_id": account,
            "instrument_id": instrument,
            "symbol": "=HYPERLINK(1)",
            "acquired": "2023-03-01",
            "sold": "2024-02-01",
            "quantity": "10",
            "proceeds": "109.00",
            "cost": "100.00",
            "gain": "9.00",
            "holding_days": 337,
            "term": "short",
            "lot_id": first,
            "transaction_id": sale,
        },
        {
            "account_id": account,
            "instrument_id": instrument,
            "symbol": "=HYPERLINK(1)",
            "acquired": "2023-06-01",
            "sold": "2024-02-01",
            "quantity": "2",
            "proceeds": "21.80",
            "cost": "24.00",
            "gain": "-2.20",
            "holding_days": 245,
            "term": "short",
            "lot_id": second,
            "transaction_id": sale,
        },
    ]
    assert (body["year"], body["currency"], body["total"]) == (2024, "EUR", 2)
    assert get(client, alice, "realized", year=2023)["items"] == []
    assert get(client, alice, "realized")["total"] == 2


@pytest.mark.parametrize(
    ("params", "headers"),
    [({"year": 2024, "format": "csv"}, {}), ({"year": 2024}, {"Accept": "text/csv"})],
)
def test_realized_gains_export_as_csv_without_formulas(
    client: TestClient,
    alice: dict[str, str],
    params: dict[str, Any],
    headers: dict[str, str],
) -> None:
    built = build(client, alice, SOLD)
    response = client.get(f"{PORTFOLIO}/realized", headers=alice | headers, params=params)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="realized-2024.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    ids = (str(built.accounts["A"]), str(built.instruments["X"]))
    lots = [str(row["lot_id"]) for row in get(client, alice, "realized", year=2024)["items"]]
    assert rows == [
        ["account_id", "instrument_id", "symbol", "acquired", "sold", "quantity", "proceeds", "cost", "gain", "currency", "holding_days", "term", "lot_id"],
        [*ids, "'=HYPERLINK(1)", "2023-03-01", "2024-02-01", "10", "109.00", "100.00", "9.00", "EUR", "337", "short", lots[0]],
        [*ids, "'=HYPERLINK(1)", "2023-06-01", "2024-02-01", "2", "21.80", "24.00", "-2.20", "EUR", "245", "short", lots[1]],
    ]  # fmt: skip


# -- performance ----------------------------------------------------------------------------------

#: Y moves exactly twice as much as X every day from Friday 2024-01-05 to Friday 2024-01-12.
TWICE: dict[str, Any] = {
    "base_currency": "EUR",
    "accounts": [{"key": "A", "currency": "EUR", "track_cash": False}],
    "instruments": [
        {
            "key": "X",
            "symbol": "X",
            "currency": "EUR",
            "prices": [
                ["2024-01-05", "100"],
                ["2024-01-08", "101"],
                ["2024-01-09", "99.99"],
                ["2024-01-10", "102.9897"],
                ["2024-01-11", "102.9897"],
                ["2024-01-12", "100.4149575"],
            ],
        },
        {
            "key": "Y",
            "symbol": "Y",
            "currency": "EUR",
            "prices": [
                ["2024-01-05", "50"],
                ["2024-01-08", "51"],
                ["2024-01-09", "49.98"],
                ["2024-01-10", "52.9788"],
                ["2024-01-11", "52.9788"],
                ["2024-01-12", "50.32986"],
            ],
        },
    ],
    "transactions": [
        {
            "account": "A",
            "instrument": "Y",
            "type": "BUY",
            "date": "2024-01-05",
            "quantity": "10",
            "price": "50",
        }
    ],
}


def test_a_benchmark_adds_its_rebased_series_and_beta(
    client: TestClient, alice: dict[str, str]
) -> None:
    built = build(client, alice, TWICE)
    benchmark = built.instruments["X"]
    period = {"from": "2024-01-05", "to": "2024-01-12"}
    body = get(client, alice, "performance", benchmark=benchmark, **period)

    assert body["beta"] == pytest.approx(2.0, abs=1e-9)
    assert body["twr"] == pytest.approx(50.32986 / 50 - 1, abs=1e-12)
    assert body["benchmark"]["instrument_id"] == benchmark
    assert body["benchmark"]["symbol"] == "X"
    series = [(p["date"], p["value"]) for p in body["benchmark"]["series"]]
    assert series[0] == ("2024-01-05", 1.0)
    assert series[1] == ("2024-01-06", 1.0)  # Saturday: Friday's close
    assert series[-1] == ("2024-01-12", pytest.approx(1.004149575, abs=1e-12))
    assert [p["date"] for p in body["series"]] == [d for d, _ in series]
    plain = get(client, alice, "performance", **period)
    assert (plain["beta"], plain["benchmark"]) == (None, None)
    assert plain["twr"] == body["twr"]


def test_a_benchmark_must_be_visible_to_the_user(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    build(client, alice, TWICE)
    bobs = factories.instrument(client, bob, symbol="BOB", name="Bob's fund")["id"]
    response = client.get(f"{PORTFOLIO}/performance", headers=alice, params={"benchmark": bobs})
    assert response.status_code == 404
    assert f"instrument {bobs}" in response.json()["detail"]


def test_performance_series_and_named_ranges(client: TestClient, alice: dict[str, str]) -> None:
    build(client, alice, TWICE)
    week = get(client, alice, "performance", range="1W", to="2024-01-12")

    assert (week["start"], week["end"]) == ("2024-01-05", "2024-01-12")
    assert week["twr_annualized"] is None
    first, last = week["series"][0], week["series"][-1]
    assert first == {
        "date": "2024-01-05",
        "value": 500.0,
        "net_invested": 500.0,
        "twr_index": 1.0,
        "drawdown": 0.0,
    }
    assert last["value"] == pytest.approx(503.2986, abs=1e-9)
    assert last["twr_index"] == pytest.approx(1.0065972, abs=1e-12)
    # the peak is Wednesday's 52.9788, the trough Friday's 50.32986 (−5 %; Tuesday fell 2 %)
    assert (week["max_drawdown_peak"], week["max_drawdown_trough"]) == ("2024-01-10", "2024-01-12")
    assert week["max_drawdown"] == pytest.approx(-0.05, abs=1e-12)
    since = get(client, alice, "performance", to="2024-01-12")
    assert since["start"] == "2024-01-04"  # MAX: the day before the first transaction
    explicit = get(client, alice, "performance", **{"from": "2024-01-05", "to": "2024-01-12"})
    assert explicit["twr"] == week["twr"]


# -- parameters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "params", "field"),
    [
        ("performance", {"range": "2W"}, "range"),
        ("performance", {"from": "2024-02-01", "to": "2024-01-01"}, "to"),
        ("performance", {"range": "1Y", "from": "2024-01-01"}, "from"),
        ("performance", {"from": "1899-12-31"}, "from"),
        ("performance", {"to": "2999-01-01"}, "to"),
        ("performance", {"benchmark": 0}, "benchmark"),
        ("summary", {"currency": "EURO"}, "currency"),
        ("summary", {"currency": "XYZ"}, "currency"),
        ("summary", {"as_of": "1899-12-31"}, "as_of"),
        ("summary", {"as_of": "2999-01-01"}, "as_of"),
        ("summary", {"as_of": "yesterday"}, "as_of"),
        ("summary", {"account_id": 0}, "account_id.0"),
        ("holdings", {"group": "sector"}, "group"),
        ("holdings", {"as_of": "1800-01-01"}, "as_of"),
        ("allocation", {"by": "colour"}, "by"),
        ("allocation", {"currency": "12"}, "currency"),
        ("income", {"group": "week"}, "group"),
        ("income", {"from": "2024-02-01", "to": "2024-01-01"}, "to"),
        ("realized", {"year": 1800}, "year"),
        ("realized", {"year": 2999}, "year"),
        ("realized", {"format": "xlsx"}, "format"),
        ("lots", {"instrument_id": 0}, "instrument_id"),
        ("lots", {"as_of": "2024-02-30"}, "as_of"),
    ],
)
def test_bad_parameters_are_refused_naming_them(
    client: TestClient, alice: dict[str, str], report: str, params: dict[str, Any], field: str
) -> None:
    response = client.get(f"{PORTFOLIO}/{report}", headers=alice, params=params)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == field


def test_reports_need_sign_in(client: TestClient) -> None:
    for report in REPORTS:
        assert client.get(f"{PORTFOLIO}/{report}").status_code == 401


def test_operation_ids_name_the_reports(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    ids = {paths[f"/api/v1/portfolio/{r}"]["get"]["operationId"] for r in REPORTS}
    assert ids == {f"portfolio-{r}" for r in REPORTS}
    realized = paths["/api/v1/portfolio/realized"]["get"]["responses"]
    assert "text/csv" in realized["200"]["content"]
    assert {"401", "404", "409", "422"} <= set(realized)


def test_holdings_name_their_instruments(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice)["id"]
    inst = factories.instrument(client, alice, symbol="VWCE", name="Vanguard FTSE All-World")["id"]
    factories.buy(client, alice, acc, inst, "2024-01-02", "3", "100")
    items = client.get(
        f"{PORTFOLIO}/holdings", headers=alice, params={"as_of": "2024-01-03"}
    ).json()["items"]
    assert [(h["symbol"], h["name"], h["quantity"]) for h in items] == [
        ("VWCE", "Vanguard FTSE All-World", "3")
    ]
