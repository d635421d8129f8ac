"""A fresh offline install reports across currencies from the first minute: with no stored rate at
all, the portfolio endpoints convert at the ECB reference rates bundled with PMS; a stored rate
wins over them; a currency or day the ECB does not cover is still a 409 naming the pair.

The worked numbers use the ECB's published EUR/USD rates: 1.0846 on Monday 2024-03-04 and 1.0932
on Friday 2024-03-08 (GBP 0.85168 and JPY 160.99 that Friday)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO

D = Decimal
SUNDAY = "2024-03-10"
#: 3 AAPL at Friday's close of 170.73 USD, at 1.0932 USD per EUR.
VALUE = D("512.19") / D("1.0932")  # 468.5236004…
#: 3 AAPL bought on Monday at 175.10 USD, at 1.0846 USD per EUR.
COST = D("525.30") / D("1.0846")  # 484.3260188…


def get(client: TestClient, headers: dict[str, str], report: str, **params: Any) -> Any:
    response = client.get(f"{PORTFOLIO}/{report}", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def money(value: str) -> Decimal:
    assert isinstance(value, str)
    return Decimal(value)


@pytest.fixture
def aapl(client: TestClient, alice: dict[str, str]) -> dict[str, int]:
    """Alice (base EUR) buys 3 AAPL in a USD account; no exchange rate is stored anywhere."""
    me = client.patch("/api/v1/auth/me", headers=alice, json={"base_currency": "EUR"})
    assert me.status_code == 200, me.text
    account = factories.account(client, alice, name="US", currency="USD")
    instrument = factories.instrument(
        client, alice, symbol="AAPL", name="Apple", currency="USD", data_source="manual"
    )
    prices = client.put(
        f"/api/v1/instruments/{instrument['id']}/prices",
        headers=alice,
        json=[{"date": "2024-03-04", "close": "175.10"}, {"date": "2024-03-08", "close": "170.73"}],
    )
    assert prices.status_code == 200, prices.text
    factories.buy(client, alice, account["id"], instrument["id"], "2024-03-04", "3", "175.10")
    return {"account": account["id"], "instrument": instrument["id"]}


def test_no_rate_is_stored(client: TestClient, alice: dict[str, str], aapl: dict[str, int]) -> None:
    listed = client.get("/api/v1/fx-rates/EUR/USD", headers=alice)
    assert listed.status_code == 200
    # The bundled rates are not stored rows: the listing shows what was stored (nothing).
    assert (listed.json()["items"], listed.json()["total"]) == ([], 0)


def test_the_summary_converts_at_the_ecb_rates(
    client: TestClient, alice: dict[str, str], aapl: dict[str, int]
) -> None:
    body = get(client, alice, "summary", as_of=SUNDAY)

    assert body["currency"] == "EUR"
    assert money(body["market_value"]).quantize(D("0.01")) == D("468.52")
    assert money(body["cost_basis"]).quantize(D("0.01")) == D("484.33")
    assert money(body["unrealized_gain"]).quantize(D("0.01")) == D("-15.80")
    assert abs(money(body["market_value"]) - VALUE) < D("1E-9")
    assert abs(money(body["cost_basis"]) - COST) < D("1E-9")
    # one inflow of 525.30 USD on Monday; V(T) on Sunday
    assert body["twr"] == pytest.approx(float(VALUE / COST - 1), abs=1e-9)
    assert money(body["net_invested"]).quantize(D("0.01")) == D("484.33")


def test_holdings_show_the_ecb_rate_of_the_day(
    client: TestClient, alice: dict[str, str], aapl: dict[str, int]
) -> None:
    body = get(client, alice, "holdings", as_of=SUNDAY)

    [holding] = body["items"]
    assert (holding["symbol"], holding["price"], holding["price_date"]) == (
        "AAPL",
        "170.73",
        "2024-03-08",
    )
    # Friday's rate on Sunday, inverted: 1 / 1.0932 EUR per USD
    assert money(holding["fx_rate"]) == (D(1) / D("1.0932")).quantize(D("1E-10"))
    assert money(holding["market_value"]).quantize(D("0.01")) == D("468.52")
    assert money(holding["cost_basis"]).quantize(D("0.01")) == D("484.33")
    assert money(holding["unrealized_gain"]).quantize(D("0.01")) == D("-15.80")


def test_performance_and_allocation_answer_from_the_ecb_rates(
    client: TestClient, alice: dict[str, str], aapl: dict[str, int]
) -> None:
    performance = get(client, alice, "performance", to=SUNDAY)
    assert performance["absolute_gain"] == pytest.approx(float(VALUE - COST), abs=1e-6)
    assert round(performance["absolute_gain"], 2) == -15.80
    assert performance["twr"] == pytest.approx(float(VALUE / COST - 1), abs=1e-9)
    by_day = {point["date"]: point for point in performance["series"]}
    # Wednesday: Monday's close valued at Wednesday's rate (1.0874)
    assert by_day["2024-03-06"]["value"] == pytest.approx(float(D("525.30") / D("1.0874")), 1e-12)
    assert by_day[SUNDAY]["value"] == pytest.approx(float(VALUE), rel=1e-12)

    allocation = get(client, alice, "allocation", by="currency", as_of=SUNDAY)
    [usd] = allocation["items"]
    assert (usd["key"], usd["weight"]) == ("USD", 1.0)
    assert money(usd["market_value"]).quantize(D("0.01")) == D("468.52")


def test_other_reporting_currencies_cross_through_the_euro(
    client: TestClient, alice: dict[str, str], aapl: dict[str, int]
) -> None:
    usd = get(client, alice, "summary", as_of=SUNDAY, currency="USD")
    assert money(usd["market_value"]) == D("512.19")
    gbp = get(client, alice, "summary", as_of=SUNDAY, currency="GBP")
    # 512.19 USD × 0.85168 / 1.0932 GBP per USD
    assert money(gbp["market_value"]).quantize(D("0.01")) == D("399.03")
    jpy = get(client, alice, "summary", as_of=SUNDAY, currency="JPY")
    assert money(jpy["market_value"]).quantize(D("0.01")) == D("75427.61")


def test_a_stored_rate_wins_over_the_ecb(
    client: TestClient, alice: dict[str, str], aapl: dict[str, int]
) -> None:
    factories.rates(client, "EUR/USD", [("2024-03-08", "1.10")])

    body = get(client, alice, "summary", as_of=SUNDAY)

    # 512.19 / 1.10 (stored, two days old) rather than / 1.0932; the cost keeps the ECB's 1.0846
    assert money(body["market_value"]).quantize(D("0.01")) == D("465.63")
    assert money(body["cost_basis"]).quantize(D("0.01")) == D("484.33")


def test_a_currency_the_ecb_does_not_publish_is_left_out_and_named(
    client: TestClient, alice: dict[str, str], aapl: dict[str, int]
) -> None:
    body = get(client, alice, "summary", as_of=SUNDAY, currency="ARS")

    assert body["market_value"] == "0.00"
    (warning,) = [w for w in body["warnings"] if w["code"] == "rate_missing"]
    assert warning["pair"] == "USD/ARS"
    assert "the ECB reference rates bundled with PMS have no ARS" in warning["message"]


def test_before_1999_the_first_ecb_rate_stands_in_and_the_reports_say_so(
    client: TestClient, alice: dict[str, str]
) -> None:
    account = factories.account(client, alice, name="US", currency="USD")
    instrument = factories.instrument(
        client, alice, symbol="OLD", currency="USD", data_source="manual"
    )
    factories.buy(client, alice, account["id"], instrument["id"], "1998-06-01", "1", "10")

    body = get(client, alice, "summary", as_of="1998-12-31")

    # 10 USD at the ECB's first USD rate, 1.1789 on 1999-01-04, both for the cost and the value
    assert Decimal(body["market_value"]).quantize(Decimal("0.01")) == Decimal("8.48")
    assert Decimal(body["cost_basis"]).quantize(Decimal("0.01")) == Decimal("8.48")
    codes = {(w["code"], w["pair"]) for w in body["warnings"]}
    assert codes == {
        ("valued_at_trade_price", None),
        ("rate_carried_back", "USD/EUR"),
    }
    messages = " ".join(w["message"] for w in body["warnings"])
    assert "first rate, of 1999-01-04" in messages
    assert "1 conversion on 1998-06-01 used the nearest USD/EUR rate" in messages
