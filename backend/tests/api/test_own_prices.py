"""A user's own closes (`/instruments/{id}/prices/own`): any user may keep them for any instrument
they see, a provider's shared ones included; they count over the stored close of the same day in
that user's reports only, and the backup carries them (issue 13, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO
from tests.conftest import sign_up

Headers = dict[str, str]
INSTRUMENTS = "/api/v1/instruments"


@pytest.fixture
def aapl(client: TestClient, admin: Headers, alice: Headers, bob: Headers) -> int:
    """A provider instrument with the administrator's closes up to Monday 2024-07-01; Alice holds
    3 shares, Bob 2."""
    instrument = client.post(
        INSTRUMENTS,
        headers=alice,
        json={"symbol": "AAPL", "currency": "USD", "data_source": "yahoo", "name": "Apple"},
    ).json()["id"]
    closes = [{"date": "2024-06-28", "close": "210.62"}, {"date": "2024-07-01", "close": "216.75"}]
    put = client.put(f"{INSTRUMENTS}/{instrument}/prices", headers=admin, json=closes)
    assert put.status_code == 200, put.text
    for headers, quantity in ((alice, "3"), (bob, "2")):
        account = factories.account(client, headers, currency="USD")["id"]
        factories.buy(client, headers, account, instrument, "2024-06-28", quantity, "179.66")
    return int(instrument)


def _summary(client: TestClient, headers: Headers, as_of: str) -> Any:
    response = client.get(
        f"{PORTFOLIO}/summary", headers=headers, params={"as_of": as_of, "currency": "USD"}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_own_closes_count_for_their_owner_only(
    client: TestClient, alice: Headers, bob: Headers, aapl: int
) -> None:
    url = f"{INSTRUMENTS}/{aapl}/prices"
    alice_before = client.get(
        f"{PORTFOLIO}/summary", headers=alice, params={"as_of": "2024-07-01", "currency": "USD"}
    )
    assert _summary(client, bob, "2024-07-01")["market_value"] == "433.50"  # 2 × 216.75

    # A member may not write the shared closes, but may keep their own.
    assert client.put(
        url, headers=bob, json=[{"date": "2024-07-01", "close": "1"}]
    ).status_code == (403)
    put = client.put(f"{url}/own", headers=bob, json=[{"date": "2024-07-01", "close": "220"}])
    assert put.status_code == 200, put.text
    assert put.json() == {
        "instrument_id": aapl,
        "items": [{"date": "2024-07-01", "close": "220.00"}],
        "total": 1,
    }

    # Bob's report uses his close at once (no cached summary is served again) …
    assert _summary(client, bob, "2024-07-01")["market_value"] == "440.00"  # 2 × 220
    # … the shared closes and Alice's every figure are untouched.
    shared = client.get(url, headers=bob).json()["items"]
    assert [(p["date"], p["close"]) for p in shared] == [
        ("2024-06-28", "210.62"),
        ("2024-07-01", "216.75"),
    ]
    alice_after = client.get(
        f"{PORTFOLIO}/summary", headers=alice, params={"as_of": "2024-07-01", "currency": "USD"}
    )
    assert alice_after.content == alice_before.content
    assert client.get(f"{url}/own", headers=alice).json()["total"] == 0

    # Removing it brings the stored close back.
    assert client.delete(f"{url}/own", headers=bob).status_code == 204
    assert _summary(client, bob, "2024-07-01")["market_value"] == "433.50"


def test_an_own_close_after_the_last_stored_one_keeps_the_price_fresh(
    client: TestClient, alice: Headers, bob: Headers, aapl: int
) -> None:
    # Wednesday 2024-07-03: the last business day before is Tuesday, which has no stored close.
    url = f"{INSTRUMENTS}/{aapl}/prices/own"
    client.put(url, headers=bob, json=[{"date": "2024-07-02", "close": "220.27"}])

    bob_summary = _summary(client, bob, "2024-07-03")
    alice_summary = _summary(client, alice, "2024-07-03")

    assert bob_summary["market_value"] == "440.54"  # 2 × 220.27
    assert bob_summary["warnings"] == []
    assert alice_summary["market_value"] == "650.25"  # 3 × 216.75
    assert [w["code"] for w in alice_summary["warnings"]] == ["price_stale"]
    status = client.get("/api/v1/market/status", headers=bob, params={"as_of": "2024-07-03"})
    assert status.json()["items"] == []


def test_own_closes_are_listed_by_range_and_removed_by_day(
    client: TestClient, bob: Headers, aapl: int
) -> None:
    url = f"{INSTRUMENTS}/{aapl}/prices/own"
    rows = [
        {"date": "2024-06-28", "close": "211"},
        {"date": "2024-07-01", "close": "217.5"},
        {"date": "2024-07-02", "close": "220.27"},
    ]
    assert client.put(url, headers=bob, json=rows).status_code == 200
    # A second PUT overwrites its own days and leaves the others.
    client.put(url, headers=bob, json=[{"date": "2024-07-01", "close": "218"}])

    listed = client.get(url, headers=bob, params={"from": "2024-07-01", "to": "2024-07-02"})
    assert listed.json()["items"] == [
        {"date": "2024-07-01", "close": "218.00"},
        {"date": "2024-07-02", "close": "220.27"},
    ]
    assert client.delete(url, headers=bob, params={"date": "2024-07-01"}).status_code == 204
    remaining = [p["date"] for p in client.get(url, headers=bob).json()["items"]]
    assert remaining == ["2024-06-28", "2024-07-02"]
    # Monday's stored close is back; Friday's own close still counts on Friday.
    assert _summary(client, bob, "2024-07-01")["market_value"] == "433.50"  # 2 × 216.75
    assert _summary(client, bob, "2024-06-28")["market_value"] == "422.00"  # 2 × 211


def test_bad_own_closes_are_refused_and_nothing_is_written(
    client: TestClient, alice: Headers, bob: Headers, aapl: int
) -> None:
    url = f"{INSTRUMENTS}/{aapl}/prices/own"
    cases = [
        ([{"date": "2024-07-01", "close": "-1"}], "0.close"),
        ([{"date": "1850-07-01", "close": "1"}], "0.date"),
        ([{"date": "2024-07-01", "close": "abc"}], "0.close"),
        ([{"date": "2024-07-01", "close": "1"}, {"date": "2024-07-01", "close": "2"}], "1.date"),
    ]
    for rows, field in cases:
        response = client.put(url, headers=bob, json=rows)
        assert response.status_code == 422, (rows, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert any(field in e["field"] for e in response.json()["errors"]), response.text
    assert client.get(url, headers=bob).json()["total"] == 0
    assert client.get(f"{INSTRUMENTS}/999999/prices/own", headers=bob).status_code == 404

    # Another user's manual instrument is not there for Bob.
    mine = factories.instrument(
        client, alice, symbol="HOUSE", name="House", currency="EUR", data_source="manual"
    )
    foreign = f"{INSTRUMENTS}/{mine['id']}/prices/own"
    assert client.put(
        foreign, headers=bob, json=[{"date": "2024-07-01", "close": "1"}]
    ).status_code == (404)
    assert client.get(foreign, headers=bob).status_code == 404


def test_the_backup_carries_own_closes_and_restores_them_as_the_restorers_own(
    client: TestClient, alice: Headers, bob: Headers, aapl: int
) -> None:
    rows = [{"date": "2024-07-01", "close": "220.00"}, {"date": "2024-07-02", "close": "220.27"}]
    client.put(f"{INSTRUMENTS}/{aapl}/prices/own", headers=bob, json=rows)
    backup = client.get("/api/v1/export", headers=bob)
    assert backup.status_code == 200
    (item,) = backup.json()["instruments"]
    assert item["own_prices"] == [
        {"date": "2024-07-01", "close": "220"},
        {"date": "2024-07-02", "close": "220.27"},
    ]

    carol = sign_up(client, "carol")
    restored = client.post(
        "/api/v1/imports",
        headers=carol,
        params={"format": "pms-json"},
        files={"file": ("backup.json", backup.content, "application/json")},
    )
    assert restored.status_code in (200, 201), restored.text
    assert client.get(f"{INSTRUMENTS}/{aapl}/prices/own", headers=carol).json()["items"] == rows
    assert _summary(client, carol, "2024-07-01")["market_value"] == "440.00"
    # Nothing shared was written, and Alice's figures stand.
    shared = client.get(f"{INSTRUMENTS}/{aapl}/prices", headers=carol).json()
    assert shared["total"] == 2
    assert _summary(client, alice, "2024-07-01")["market_value"] == "650.25"
