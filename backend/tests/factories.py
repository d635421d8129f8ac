"""Small builders of test data through the public API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

Headers = dict[str, str]


def _created(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def account(client: TestClient, headers: Headers, **fields: Any) -> dict[str, Any]:
    body = {"name": "Broker", "currency": "EUR", "kind": "brokerage", "track_cash": False} | fields
    return _created(client.post("/api/v1/accounts", headers=headers, json=body))


def instrument(client: TestClient, headers: Headers, **fields: Any) -> dict[str, Any]:
    body = {"symbol": "X", "name": "Example", "currency": "EUR", "asset_class": "equity"} | fields
    return _created(client.post("/api/v1/instruments", headers=headers, json=body))


def transaction(client: TestClient, headers: Headers, **fields: Any) -> dict[str, Any]:
    return _created(client.post("/api/v1/transactions", headers=headers, json=fields))


def buy(
    client: TestClient,
    headers: Headers,
    account_id: int,
    instrument_id: int,
    day: str,
    quantity: str,
    price: str,
    **extra: Any,
) -> dict[str, Any]:
    return transaction(
        client,
        headers,
        account_id=account_id,
        instrument_id=instrument_id,
        type="BUY",
        date=day,
        quantity=quantity,
        price=price,
        **extra,
    )


def admin_headers(client: TestClient, username: str = "admin") -> Headers:
    """Sign the administrator in again (the first user the `admin` fixture registers)."""
    from tests.conftest import PASSWORD

    login = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def rates(client: TestClient, pair: str, rows: list[tuple[str, str]]) -> None:
    """Store shared exchange rates for `pair` ("EUR/USD") as the administrator: shared market data
    is an administrator's to write."""
    response = client.put(
        f"/api/v1/fx-rates/{pair}",
        headers=admin_headers(client),
        json=[{"date": day, "rate": rate} for day, rate in rows],
    )
    assert response.status_code == 200, response.text
