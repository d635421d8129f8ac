"""`GET /portfolio/explain`: the value bridge of a period through the API — totals, rows per holding
and cash, one holding on its own (closed too), and the errors of bad scopes (issue 14, item 1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO

Headers = dict[str, str]
D = Decimal
EXPLAIN = f"{PORTFOLIO}/explain"
MONEY = (
    "start_value",
    "end_value",
    "net_flows",
    "income",
    "fees",
    "taxes",
    "price_effect",
    "currency_effect",
    "absolute_gain",
)


def _two_currencies(client: TestClient, headers: Headers) -> dict[str, int]:
    """A USD account with cash reported in EUR: 1000 USD deposited and 10 shares bought at 50 on
    2024-01-02 (1.25 USD per EUR); on 2024-01-03 the share closes at 55 and the rate is 1.00. A
    dividend of 4 USD (0.60 withheld) on 2024-01-03."""
    factories.rates(client, "EUR/USD", [("2024-01-01", "1.25"), ("2024-01-03", "1")])
    account = factories.account(client, headers, name="US", currency="USD", track_cash=True)
    share = factories.instrument(
        client, headers, symbol="ACME", name="Acme", currency="USD", data_source="manual"
    )
    closes = [{"date": "2024-01-02", "close": "50"}, {"date": "2024-01-03", "close": "55"}]
    url = f"/api/v1/instruments/{share['id']}/prices"
    assert client.put(url, headers=headers, json=closes).status_code == 200
    deposit = {"account_id": account["id"], "type": "DEPOSIT", "date": "2024-01-02"}
    factories.transaction(client, headers, **deposit, amount="1000", currency="USD")
    factories.buy(client, headers, account["id"], share["id"], "2024-01-02", "10", "50")
    dividend = {"account_id": account["id"], "instrument_id": share["id"], "type": "DIVIDEND"}
    factories.transaction(
        client, headers, **dividend, date="2024-01-03", amount="4", tax="0.6", currency="USD"
    )
    return {"account": account["id"], "share": share["id"]}


def _explain(client: TestClient, headers: Headers, **params: Any) -> Any:
    response = client.get(EXPLAIN, headers=headers, params={"to": "2024-01-03"} | params)
    assert response.status_code == 200, response.text
    return response.json()


def _adds_up(body: dict[str, Any]) -> None:
    gain = D(body["end_value"]) - D(body["start_value"])
    parts = D(body["net_flows"]) + D(body["price_effect"]) + D(body["currency_effect"])
    assert gain == parts + D(body["income"]) - D(body["fees"]) - D(body["taxes"])


def test_the_bridge_of_two_currencies_to_the_cent(client: TestClient, alice: Headers) -> None:
    _two_currencies(client, alice)

    body = _explain(client, alice, detail="instrument")

    # V(T) = 10 × 55 + (500 + 3.40) cash at 1.00; flows 1000 USD at 0.80.
    assert (body["start"], body["end"], body["currency"]) == ("2024-01-01", "2024-01-03", "EUR")
    assert (body["start_value"], body["end_value"]) == ("0.00", "1053.40")
    assert (body["inflows"], body["outflows"], body["net_flows"]) == ("800.00", "0.00", "800.00")
    # Income gross (4 USD at 1.00), withholding among the taxes.
    assert (body["income"], body["fees"], body["taxes"]) == ("4.00", "0.00", "0.60")
    # Prices: 10 × 5 × 0.80 = 40; rates: 10 × 55 × 0.20 on the share, 500 × 0.20 on the cash.
    assert (body["price_effect"], body["currency_effect"]) == ("40.00", "210.00")
    assert body["absolute_gain"] == "253.40"
    _adds_up(body)
    share, cash = body["by_instrument"]
    assert (share["label"], share["net_flows"], share["price_effect"]) == (
        "ACME",
        "396.60",
        "40.00",
    )
    assert (share["currency_effect"], share["income"], share["taxes"]) == ("110.00", "4.00", "0.60")
    assert (cash["instrument_id"], cash["label"], cash["net_flows"]) == (None, "Cash", "403.40")
    assert (cash["price_effect"], cash["currency_effect"]) == ("0.00", "100.00")
    for name in MONEY:
        assert D(share[name]) + D(cash[name]) == D(body[name]), name
    # Without `detail` the rows stay out; the returns are the performance's.
    plain = _explain(client, alice)
    assert plain["by_instrument"] is None
    performance = client.get(
        f"{PORTFOLIO}/performance", headers=alice, params={"to": "2024-01-03"}
    ).json()
    assert (plain["twr"], plain["mwr"]) == (performance["twr"], performance["mwr"])
    assert D(plain["absolute_gain"]) == D(str(performance["absolute_gain"])).quantize(D("0.01"))


def test_one_holding_closed_reports_what_it_earned(client: TestClient, alice: Headers) -> None:
    ids = _two_currencies(client, alice)
    sale = {"account_id": ids["account"], "instrument_id": ids["share"], "type": "SELL"}
    factories.transaction(
        client, alice, **sale, date="2024-01-04", quantity="10", price="56", fee="1"
    )
    url = f"/api/v1/instruments/{ids['share']}/prices"
    client.put(url, headers=alice, json=[{"date": "2024-01-04", "close": "56"}])

    body = _explain(client, alice, instrument_id=ids["share"], to="2024-01-05")

    assert body["instrument_id"] == ids["share"]
    assert (body["start_value"], body["end_value"]) == ("0.00", "0.00")
    # In: 500 USD at 0.80; out: the dividend 3.40 and the sale's 559 net, both at 1.00.
    assert (body["inflows"], body["outflows"]) == ("400.00", "562.40")
    assert body["absolute_gain"] == "162.40"
    assert (body["income"], body["fees"], body["taxes"]) == ("4.00", "1.00", "0.60")
    # Rates: 10 × 55 × 0.20 = 110; prices: 40 then 10 × 1 at 1.00 = 50.
    assert (body["currency_effect"], body["price_effect"]) == ("110.00", "50.00")
    _adds_up(body)
    # TWR: Jan 3 (550 + 3.40 out on 400), Jan 4 (559 out on 550).
    assert abs(body["twr"] - ((553.4 / 400) * (559 / 550) - 1)) < 1e-9


def test_a_later_period_and_one_account(client: TestClient, alice: Headers) -> None:
    ids = _two_currencies(client, alice)
    factories.account(client, alice, name="Empty", currency="EUR", track_cash=True)

    body = _explain(client, alice, **{"from": "2024-01-02", "account_id": ids["account"]})

    assert (body["start_value"], body["end_value"], body["net_flows"]) == (
        "800.00",
        "1053.40",
        "0.00",
    )
    _adds_up(body)


def test_bad_scopes_are_clear_errors(client: TestClient, alice: Headers, bob: Headers) -> None:
    ids = _two_currencies(client, alice)
    mine = factories.instrument(
        client, bob, symbol="BOBS", name="Bob's", currency="EUR", data_source="manual"
    )
    cases = [
        ({"instrument_id": mine["id"]}, 404),
        ({"instrument_id": 999_999}, 404),
        ({"account_id": 999_999}, 404),
        ({"range": "1Y", "from": "2024-01-01"}, 422),
        ({"from": "2024-01-04", "to": "2024-01-03"}, 422),
        ({"detail": "account"}, 422),
        ({"currency": "XXY"}, 422),
        ({"from": "1850-01-01"}, 422),
    ]
    for params, status in cases:
        response = client.get(EXPLAIN, headers=alice, params=params)
        assert response.status_code == status, (params, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert (
        client.get(EXPLAIN, headers=bob, params={"account_id": ids["account"]}).status_code == 404
    )


def test_a_new_transaction_changes_the_bridge_at_once(client: TestClient, alice: Headers) -> None:
    ids = _two_currencies(client, alice)
    before = _explain(client, alice)
    fee = {"account_id": ids["account"], "type": "FEE", "date": "2024-01-03"}
    factories.transaction(client, alice, **fee, amount="5", currency="USD")

    after = _explain(client, alice)

    assert D(after["fees"]) - D(before["fees"]) == D(5)
    assert D(after["end_value"]) - D(before["end_value"]) == D(-5)
    _adds_up(after)


def test_positions_list_closed_and_open_holdings(client: TestClient, alice: Headers) -> None:
    ids = _two_currencies(client, alice)
    other = factories.instrument(
        client, alice, symbol="BETA", name="Beta", currency="USD", data_source="manual"
    )
    url = f"/api/v1/instruments/{other['id']}/prices"
    client.put(url, headers=alice, json=[{"date": "2024-01-04", "close": "21"}])
    factories.buy(client, alice, ids["account"], other["id"], "2024-01-04", "5", "20")
    sale = {"account_id": ids["account"], "instrument_id": ids["share"], "type": "SELL"}
    factories.transaction(
        client, alice, **sale, date="2024-01-04", quantity="10", price="56", fee="1"
    )
    prices = f"/api/v1/instruments/{ids['share']}/prices"
    client.put(prices, headers=alice, json=[{"date": "2024-01-04", "close": "56"}])

    listed = client.get(f"{PORTFOLIO}/positions", headers=alice, params={"as_of": "2024-01-05"})

    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert (body["currency"], body["status"], body["total"]) == ("EUR", "all", 2)
    acme, beta = body["items"]
    assert (acme["symbol"], acme["status"], acme["quantity"]) == ("ACME", "closed", "0")
    assert (acme["first_trade"], acme["last_trade"]) == ("2024-01-02", "2024-01-04")
    # Bought 500 USD at 0.80; sold 560 − 1 at 1.00; dividend 4 − 0.60 net.
    assert (acme["bought"], acme["sold"], acme["income"]) == ("400.00", "559.00", "3.40")
    assert (acme["realized_gain"], acme["fees"], acme["taxes"]) == ("159.00", "1.00", "0.60")
    assert abs(acme["twr"] - ((553.4 / 400) * (559 / 550) - 1)) < 1e-9
    assert (beta["symbol"], beta["status"], beta["quantity"]) == ("BETA", "open", "5")
    assert (beta["market_value"], beta["unrealized_gain"]) == ("105.00", "5.00")
    closed = client.get(
        f"{PORTFOLIO}/positions", headers=alice, params={"as_of": "2024-01-05", "status": "closed"}
    ).json()
    assert [p["symbol"] for p in closed["items"]] == ["ACME"]
    assert client.get(
        f"{PORTFOLIO}/positions", params={"status": "sold"}, headers=alice
    ).status_code == (422)

    # The performance of the closed holding alone, as a daily series.
    series = client.get(
        f"{PORTFOLIO}/performance",
        headers=alice,
        params={"instrument_id": ids["share"], "to": "2024-01-05"},
    ).json()
    assert [(p["date"], p["value"]) for p in series["series"]] == [
        ("2024-01-01", 0.0),
        ("2024-01-02", 400.0),
        ("2024-01-03", 550.0),
        ("2024-01-04", 0.0),
        ("2024-01-05", 0.0),
    ]
    assert series["twr"] == acme["twr"]
    foreign = client.get(
        f"{PORTFOLIO}/performance", headers=alice, params={"instrument_id": 999_999}
    )
    assert foreign.status_code == 404
