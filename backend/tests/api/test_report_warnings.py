"""No report is blank for want of a price or a rate: what could not be valued exactly is left out or
approximated, and named in the response's `warnings` (docs/analytics.md, "Report warnings").

Figures are worked from the ECB reference rates bundled with PMS (USD 1.0932, GBP 0.85168,
CHF 0.9588 per EUR on Friday 2024-03-08; USD 1.0846, GBP 0.85583, CHF 0.9604 on Monday 2024-03-04).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO

D = Decimal
MONDAY, FRIDAY, SUNDAY = "2024-03-04", "2024-03-08", "2024-03-10"
REPORTS: dict[str, dict[str, str]] = {
    "summary": {"as_of": SUNDAY},
    "holdings": {"as_of": SUNDAY},
    "lots": {"as_of": SUNDAY},
    "allocation": {"as_of": SUNDAY},
    "performance": {"to": SUNDAY},
    "income": {"to": SUNDAY},
}


def get(client: TestClient, headers: dict[str, str], report: str, **params: Any) -> Any:
    response = client.get(f"{PORTFOLIO}/{report}", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def cents(value: str) -> Decimal:
    return D(value).quantize(D("0.01"))


def holding(
    client: TestClient,
    headers: dict[str, str],
    currency: str,
    symbol: str,
    closes: list[tuple[str, str]],
    quantity: str,
    price: str,
    *,
    account_currency: str | None = None,
) -> dict[str, Any]:
    account = factories.account(
        client, headers, name=f"{symbol} account", currency=account_currency or currency
    )
    instrument = factories.instrument(
        client, headers, symbol=symbol, name=symbol, currency=currency, data_source="manual"
    )
    if closes:
        response = client.put(
            f"/api/v1/instruments/{instrument['id']}/prices",
            headers=headers,
            json=[{"date": day, "close": close} for day, close in closes],
        )
        assert response.status_code == 200, response.text
    factories.buy(client, headers, account["id"], instrument["id"], MONDAY, quantity, price)
    return {"account": account["id"], "instrument": instrument["id"]}


@pytest.fixture
def three_currencies(client: TestClient, alice: dict[str, str]) -> dict[str, dict[str, Any]]:
    """A new user (base EUR, no rate stored anywhere) holding USD, GBP and CHF instruments."""
    return {
        "USD": holding(
            client, alice, "USD", "AAPL", [(MONDAY, "175.10"), (FRIDAY, "170.73")], "3", "175.10"
        ),
        "GBP": holding(
            client, alice, "GBP", "SHEL", [(MONDAY, "24.50"), (FRIDAY, "25.00")], "40", "24.50"
        ),
        "CHF": holding(
            client, alice, "CHF", "NESN", [(MONDAY, "94.00"), (FRIDAY, "95.50")], "10", "94.00"
        ),
    }


def test_a_new_user_sees_every_report_in_eur_from_the_bundled_rates_without_warnings(
    client: TestClient, alice: dict[str, str], three_currencies: dict[str, Any]
) -> None:
    summary = get(client, alice, "summary", as_of=SUNDAY)

    value = D("512.19") / D("1.0932") + D("1000.00") / D("0.85168") + D("955.00") / D("0.9588")
    cost = D("525.30") / D("1.0846") + D("980.00") / D("0.85583") + D("940.00") / D("0.9604")
    assert cents(summary["market_value"]) == value.quantize(D("0.01"))  # 3639.56
    assert cents(summary["cost_basis"]) == cost.quantize(D("0.01"))
    assert summary["warnings"] == []
    # the day change is Friday's, from Monday's closes (the one before it)
    assert summary["day_change_date"] == FRIDAY
    for report, params in REPORTS.items():
        assert get(client, alice, report, **params)["warnings"] == [], report
    holdings = get(client, alice, "holdings", as_of=SUNDAY)
    assert {h["symbol"]: h["fx_rate"] for h in holdings["items"]} == {
        "AAPL": "0.9147457007",  # 1 / 1.0932, to the ten places sent
        "SHEL": "1.1741499155",  # 1 / 0.85168
        "NESN": "1.0429703796",  # 1 / 0.9588
    }


def test_today_the_closes_are_stale_and_nothing_else_is_said(
    client: TestClient, alice: dict[str, str], three_currencies: dict[str, Any]
) -> None:
    # Years after the last close, the bundled rates (carried past their end when today is later)
    # are newer than the closes they convert: only the closes are old.
    summary = get(client, alice, "summary")

    assert {w["code"] for w in summary["warnings"]} == {"price_stale"}
    assert sorted(w["instrument_id"] for w in summary["warnings"]) == sorted(
        h["instrument"] for h in three_currencies.values()
    )


def test_a_currency_no_rate_reaches_is_left_out_and_sized_in_its_own_currency(
    client: TestClient, alice: dict[str, str]
) -> None:
    usd = holding(client, alice, "USD", "AAPL", [(FRIDAY, "170.73")], "3", "175.10")
    twd = holding(client, alice, "TWD", "2330.TW", [(FRIDAY, "700")], "1000", "690")

    summary = get(client, alice, "summary", as_of=SUNDAY)

    # TSMC counts for nothing; Apple is valued as ever.
    assert cents(summary["market_value"]) == (D("512.19") / D("1.0932")).quantize(D("0.01"))
    (warning,) = summary["warnings"]
    assert warning["code"] == "rate_missing"
    assert (warning["pair"], warning["since"]) == ("TWD/EUR", MONDAY)
    assert (warning["amount"], warning["currency"]) == ("700000.00", "TWD")
    assert "TWD 700,000.00" in warning["message"]
    assert "have no TWD" in warning["message"]
    holdings = get(client, alice, "holdings", as_of=SUNDAY)
    assert [h["instrument_id"] for h in holdings["items"]] == [usd["instrument"]]
    assert [w["code"] for w in holdings["warnings"]] == ["rate_missing"]
    for report, params in REPORTS.items():
        body = get(client, alice, report, **params)
        assert [w["code"] for w in body["warnings"]] == ["rate_missing"], report
    # Reported in TWD itself, nothing is missing: USD → TWD has no rate instead.
    in_twd = get(client, alice, "summary", as_of=SUNDAY, currency="TWD")
    assert in_twd["market_value"] == "700000.00"
    assert [(w["code"], w["pair"]) for w in in_twd["warnings"]] == [("rate_missing", "USD/TWD")]
    assert twd["instrument"] != usd["instrument"]


def test_an_old_stored_rate_for_cash_is_named_as_carried_forward(
    client: TestClient, alice: dict[str, str]
) -> None:
    account = factories.account(client, alice, name="US cash", currency="USD", track_cash=True)
    factories.transaction(
        client,
        alice,
        account_id=account["id"],
        type="DEPOSIT",
        date=MONDAY,
        amount="1000",
        currency="USD",
    )
    # A stored rate wins from its day on, however old (ARCHITECTURE §5): here six weeks old.
    factories.rates(client, "EUR/USD", [("2024-01-19", "1.0887")])

    summary = get(client, alice, "summary", as_of=SUNDAY)

    assert cents(summary["market_value"]) == (D(1000) / D("1.0887")).quantize(D("0.01"))
    codes = [(w["code"], w["pair"], w["since"], w["days"]) for w in summary["warnings"]]
    # the cash on Sunday (36 business days after the rate), and the deposit's own conversion
    assert ("rate_carried_forward", "USD/EUR", "2024-01-19", 36) in codes
    assert any(w["message"].startswith("1 conversion on 2024-03-04") for w in summary["warnings"])


def test_a_position_without_closes_is_valued_at_its_trade_price_and_says_so(
    client: TestClient, alice: dict[str, str]
) -> None:
    ids = holding(client, alice, "EUR", "NEW", [], "10", "12.50")

    summary = get(client, alice, "summary", as_of=SUNDAY)

    assert summary["market_value"] == "125.00"
    (warning,) = summary["warnings"]
    assert (warning["code"], warning["instrument_id"], warning["since"]) == (
        "valued_at_trade_price",
        ids["instrument"],
        MONDAY,
    )
    assert "last trade price, of 2024-03-04" in warning["message"]


def test_a_benchmark_no_rate_reaches_is_refused_naming_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    holding(client, alice, "USD", "AAPL", [(FRIDAY, "170.73")], "3", "175.10")
    index = factories.instrument(
        client, alice, symbol="TWII", name="Taiex", currency="TWD", data_source="manual"
    )
    response = client.get(
        f"{PORTFOLIO}/performance", headers=alice, params={"benchmark": index["id"], "to": SUNDAY}
    )
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == ("benchmark", "missing_exchange_rate")
    assert "quoted in TWD" in error["message"]
