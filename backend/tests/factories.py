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
