"""Shared market data — provider instruments with their prices and splits, and exchange rates — is
an administrator's to write. A member reads it and trades it; every path that writes it (the routes,
a price CSV, an import, a restore) refuses a member with 403 and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.imports.helpers import upload

Headers = dict[str, str]
INSTRUMENTS = "/api/v1/instruments"


@pytest.fixture
def aapl(client: TestClient, admin: Headers, alice: Headers) -> int:
    """A provider instrument with two closes and a split, and alice's 3 shares of it."""
    instrument = client.post(
        INSTRUMENTS,
        headers=alice,
        json={"symbol": "AAPL", "currency": "USD", "data_source": "yahoo", "name": "Apple"},
    ).json()["id"]
    url = f"{INSTRUMENTS}/{instrument}"
    closes = [{"date": "2024-06-28", "close": "210.62"}, {"date": "2024-07-01", "close": "216.75"}]
    assert client.put(f"{url}/prices", headers=admin, json=closes).status_code == 200
    split = {"date": "2020-08-31", "numerator": 4, "denominator": 1}
    assert client.post(f"{url}/splits", headers=admin, json=split).status_code == 201
    account = factories.account(client, alice, currency="USD")["id"]
    factories.buy(client, alice, account, instrument, "2024-06-28", "3", "179.66")
    return int(instrument)


def _state(client: TestClient, headers: Headers, instrument: int) -> dict[str, Any]:
    url = f"{INSTRUMENTS}/{instrument}"
    return {
        "instrument": client.get(url, headers=headers).json(),
        "prices": client.get(f"{url}/prices", headers=headers).json()["items"],
        "splits": client.get(f"{url}/splits", headers=headers).json()["items"],
    }


def _forbidden(response: Any) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "administrator" in response.json()["detail"]


def test_a_member_cannot_write_a_shared_instrument(
    client: TestClient, alice: Headers, bob: Headers, aapl: int
) -> None:
    before = _state(client, alice, aapl)
    split_id = before["splits"][0]["id"]
    url = f"{INSTRUMENTS}/{aapl}"
    for member in (alice, bob):
        _forbidden(client.patch(url, headers=member, json={"name": "Renamed"}))
        _forbidden(client.delete(url, headers=member))
        _forbidden(
            client.put(
                f"{url}/prices", headers=member, json=[{"date": "2024-07-01", "close": "0.01"}]
            )
        )
        _forbidden(
            client.post(
                f"{url}/splits",
                headers=member,
                json={"date": "2024-07-01", "numerator": 1666, "denominator": 1},
            )
        )
        _forbidden(client.delete(f"{url}/splits/{split_id}", headers=member))
        _forbidden(
            client.post(
                f"{url}/prices/csv",
                headers=member,
                files={"file": ("p.csv", b"Date,Close\n2024-07-01,0.01\n", "text/csv")},
            )
        )
        _forbidden(
            upload(
                client,
                member,
                b"Date,Close\n2024-07-01,0.01\n",
                format="prices-csv",
                instrument_id=aapl,
            )
        )
    assert _state(client, alice, aapl) == before
    holdings = client.get(
        "/api/v1/portfolio/holdings",
        headers=alice,
        params={"as_of": "2024-07-01", "currency": "USD"},
    )
    assert [(h["quantity"], h["market_value"]) for h in holdings.json()["items"]] == [
        ("3", "650.25")
    ]


def test_an_admin_writes_shared_data_but_cannot_delete_what_anyone_trades(
    client: TestClient, admin: Headers, alice: Headers, aapl: int
) -> None:
    url = f"{INSTRUMENTS}/{aapl}"
    assert client.patch(url, headers=admin, json={"sector": "Technology"}).status_code == 200
    refused = client.delete(url, headers=admin)
    assert refused.status_code == 409
    assert "nobody trades it" in refused.json()["detail"]
    assert client.get(url, headers=alice).json()["sector"] == "Technology"
    # Unused, it goes.
    unused = client.post(
        INSTRUMENTS, headers=alice, json={"symbol": "MSFT", "data_source": "yahoo"}
    ).json()["id"]
    assert client.delete(f"{INSTRUMENTS}/{unused}", headers=admin).status_code == 204


def test_a_split_refused_for_another_users_sale_names_none_of_it(
    client: TestClient, admin: Headers, alice: Headers, aapl: int
) -> None:
    account = client.get("/api/v1/accounts", headers=alice).json()["items"][0]["id"]
    sale = factories.transaction(
        client,
        alice,
        account_id=account,
        instrument_id=aapl,
        type="SELL",
        date="2024-07-01",
        quantity="3",
        price="216.75",
    )
    refused = client.post(
        f"{INSTRUMENTS}/{aapl}/splits",
        headers=admin,
        json={"date": "2024-06-30", "numerator": 1, "denominator": 10},
    )
    assert refused.status_code == 422
    problem = refused.text
    assert "another portfolio" in problem
    assert sale["date"] == "2024-07-01"
    for secret in ("transaction", "2024-07-01", "SELL", "0.3"):
        assert secret not in problem
    assert len(client.get(f"{INSTRUMENTS}/{aapl}/splits", headers=alice).json()["items"]) == 1
