"""Ledgers the API accepts that are odd but legal give finite, explainable figures."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories

Headers = dict[str, str]
API = "/api/v1"


def test_a_fee_paid_before_anything_is_held_is_not_a_total_loss(
    client: TestClient, alice: Headers
) -> None:
    """A fee of 49 on an empty account that does not track cash (as exports from other tools often
    start), then 10 units bought at 10 that close at 11: +10 %, no drawdown."""
    account = factories.account(client, alice)["id"]
    instrument = factories.instrument(client, alice)["id"]
    closes = [{"date": "2024-01-03", "close": "10"}, {"date": "2024-01-10", "close": "11"}]
    prices = client.put(f"{API}/instruments/{instrument}/prices", headers=alice, json=closes)
    assert prices.status_code == 200
    factories.transaction(
        client, alice, account_id=account, type="FEE", date="2024-01-02", amount="49"
    )
    factories.buy(client, alice, account, instrument, "2024-01-03", "10", "10")

    summary = client.get(f"{API}/portfolio/summary", headers=alice, params={"as_of": "2024-01-10"})
    assert summary.status_code == 200, summary.text
    assert (summary.json()["market_value"], summary.json()["fees"]) == ("110.00", "49.00")
    assert abs(summary.json()["twr"] - 0.10) < 1e-9
    performance = client.get(
        f"{API}/portfolio/performance",
        headers=alice,
        params={"range": "MAX", "to": "2024-01-10"},
    )
    assert performance.status_code == 200, performance.text
    body = performance.json()
    assert abs(body["twr"] - 0.10) < 1e-9
    assert (body["max_drawdown"], body["twr_annualized"]) == (0.0, None)


def test_the_last_fraction_of_a_split_position_is_sold_as_written(
    client: TestClient, alice: Headers
) -> None:
    """100 units split 1:3 are 33.333…: a sale of 33.3333333334 is more than held and refused at
    once (not accepted and then refused by every report); 33.3333333333 closes the position."""
    account = factories.account(client, alice)["id"]
    instrument = factories.instrument(client, alice)["id"]
    factories.buy(client, alice, account, instrument, "2024-01-02", "100", "30")
    split = {"date": "2024-02-01", "numerator": 1, "denominator": 3}
    assert (
        client.post(f"{API}/instruments/{instrument}/splits", headers=alice, json=split).status_code
        == 201
    )
    sale = {
        "account_id": account,
        "instrument_id": instrument,
        "type": "SELL",
        "date": "2024-03-01",
        "price": "100",
    }
    over = client.post(
        f"{API}/transactions", headers=alice, json=sale | {"quantity": "33.3333333334"}
    )
    assert over.status_code == 422, over.text
    assert over.json()["errors"][0]["field"] == "quantity"
    done = client.post(
        f"{API}/transactions", headers=alice, json=sale | {"quantity": "33.3333333333"}
    )
    assert done.status_code == 201, done.text

    params = {"as_of": "2024-03-01"}
    holdings = client.get(f"{API}/portfolio/holdings", headers=alice, params=params)
    assert holdings.status_code == 200, holdings.text
    assert holdings.json()["items"] == []
    summary = client.get(f"{API}/portfolio/summary", headers=alice, params=params).json()
    # Proceeds 33.3333333333 × 100 = 3,333.33333333 for a cost of 3,000 (money keeps its digits).
    assert (summary["realized_gain"], summary["cost_basis"]) == ("333.33333333", "0.00")
    lots = client.get(f"{API}/portfolio/lots", headers=alice, params=params)
    assert (lots.status_code, lots.json()["items"]) == (200, [])


def test_a_deposit_of_a_quintillion_is_stored_and_reported(
    client: TestClient, alice: Headers
) -> None:
    account = factories.account(client, alice, track_cash=True)["id"]
    deposit = factories.transaction(
        client, alice, account_id=account, type="DEPOSIT", date="2024-01-02", amount="1e18"
    )
    assert deposit["amount"] == "1000000000000000000.00"
    summary = client.get(f"{API}/portfolio/summary", headers=alice, params={"as_of": "2024-01-02"})
    assert summary.status_code == 200, summary.text
    assert (summary.json()["cash"], summary.json()["net_invested"]) == (
        "1000000000000000000.00",
        "1000000000000000000.00",
    )
