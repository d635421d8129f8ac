"""The ledger under real parallel requests on PostgreSQL: a position check and the write it allows
are one step per user, so concurrent sales never sell more than is held and concurrent imports of
one file store its rows once."""

from __future__ import annotations

from decimal import Decimal

import httpx

from tests.live.conftest import LiveServer

API = "/api/v1"


def _post(client: httpx.Client, path: str, headers: dict[str, str], body: object) -> object:
    response = client.post(f"{API}{path}", headers=headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_parallel_sales_never_sell_more_than_is_held(live: LiveServer) -> None:
    headers = live.sign_up("admin")
    with live.client() as client:
        account = _post(client, "/accounts", headers, {"name": "Broker", "currency": "EUR"})
        instrument = _post(
            client, "/instruments", headers, {"symbol": "X", "name": "X", "currency": "EUR"}
        )
        assert isinstance(account, dict)
        assert isinstance(instrument, dict)
        _post(
            client,
            "/transactions",
            headers,
            {
                "account_id": account["id"],
                "instrument_id": instrument["id"],
                "type": "BUY",
                "date": "2024-01-02",
                "quantity": "10",
                "price": "5",
            },
        )
    sale = {
        "account_id": account["id"],
        "instrument_id": instrument["id"],
        "type": "SELL",
        "date": "2024-02-01",
        "quantity": "1",
        "price": "6",
    }
    responses = live.parallel(
        [lambda c: c.post(f"{API}/transactions", headers=headers, json=sale)] * 20
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 10 + [422] * 10, [r.text for r in responses if r.status_code >= 500]
    with live.client(headers) as client:
        stored = client.get(f"{API}/transactions", params={"type": "SELL", "limit": 100}).json()
        assert stored["total"] == 10
        holdings = client.get(f"{API}/portfolio/holdings", params={"as_of": "2024-02-01"})
        assert holdings.status_code == 200, holdings.text
        assert holdings.json()["items"] == []
        summary = client.get(f"{API}/portfolio/summary", params={"as_of": "2024-02-01"}).json()
        assert Decimal(summary["realized_gain"]) == Decimal("10.00")


def test_parallel_imports_of_one_file_store_its_rows_once(live: LiveServer) -> None:
    headers = live.sign_up("admin")
    with live.client() as client:
        _post(client, "/accounts", headers, {"name": "Main", "currency": "EUR", "track_cash": True})
    lines = ["date,type,account,amount,currency"]
    lines += [
        f"2024-{1 + day // 28:02d}-{1 + day % 28:02d},DEPOSIT,Main,{100 + day}.25,EUR"
        for day in range(300)
    ]
    content = ("\n".join(lines) + "\n").encode()

    def send(client: httpx.Client) -> httpx.Response:
        return client.post(
            f"{API}/imports",
            headers=headers,
            params={"format": "pms-csv"},
            files={"file": ("deposits.csv", content, "text/csv")},
        )

    responses = live.parallel([send] * 4)
    assert [r.status_code for r in responses] == [200] * 4, [r.text for r in responses]
    written = sorted(r.json()["counts"]["transactions"] for r in responses)
    duplicates = sorted(r.json()["counts"]["duplicates"] for r in responses)
    assert written == [0, 0, 0, 300]
    assert duplicates == [0, 300, 300, 300]
    with live.client(headers) as client:
        stored = client.get(f"{API}/transactions", params={"limit": 1}).json()
        assert stored["total"] == 300
        accounts = client.get(f"{API}/accounts").json()["items"]
        assert [a["name"] for a in accounts] == ["Main"]
