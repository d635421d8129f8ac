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
