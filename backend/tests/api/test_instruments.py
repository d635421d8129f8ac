from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests import factories

INSTRUMENTS = "/api/v1/instruments"


def test_manual_instrument_crud(client: TestClient, alice: dict[str, str]) -> None:
    created = factories.instrument(
        client,
        alice,
        symbol="HOUSE",
        name="Flat in Lyon",
        currency="EUR",
        asset_class="real_estate",
        isin=None,
    )
    assert created["data_source"] == "manual"
    assert created["is_own"] is True
    url = f"{INSTRUMENTS}/{created['id']}"
    patched = client.patch(url, headers=alice, json={"sector": "Residential", "country": "France"})
    assert (patched.json()["sector"], patched.json()["country"]) == ("Residential", "France")
    assert client.get(INSTRUMENTS, headers=alice, params={"q": "lyon"}).json()["total"] == 1
    assert client.get(INSTRUMENTS, headers=alice, params={"q": "nothing"}).json()["total"] == 0
    assert client.delete(url, headers=alice).status_code == 204
    assert client.get(url, headers=alice).status_code == 404


def test_isin_is_checked(client: TestClient, alice: dict[str, str]) -> None:
    ok = factories.instrument(client, alice, symbol="AAPL", currency="USD", isin="us0378331005")
    assert ok["isin"] == "US0378331005"
    bad = client.post(
        INSTRUMENTS, headers=alice, json={"symbol": "B", "currency": "USD", "isin": "US0378331006"}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "isin"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"symbol": "", "currency": "EUR"}, "symbol"),
        ({"symbol": "A\tB", "currency": "EUR"}, "symbol"),
        ({"symbol": "A"}, "currency"),
        ({"symbol": "A", "currency": "EUR", "asset_class": "stocks"}, "asset_class"),
        ({"symbol": "A", "currency": "EUR", "data_source": "bloomberg"}, "data_source"),
        ({"symbol": "A" * 33, "currency": "EUR"}, "symbol"),
    ],
)
def test_instrument_refusals_name_the_field(
    client: TestClient, alice: dict[str, str], body: dict[str, str], field: str
) -> None:
    response = client.post(INSTRUMENTS, headers=alice, json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert client.get(INSTRUMENTS, headers=alice).json()["total"] == 0


def test_manual_symbols_are_unique_per_owner(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    factories.instrument(client, alice, symbol="GOLD")
    again = client.post(INSTRUMENTS, headers=alice, json={"symbol": "GOLD", "currency": "EUR"})
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "symbol"
    factories.instrument(client, bob, symbol="GOLD")


def test_provider_instruments_are_one_shared_catalogue(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    first = client.post(
        INSTRUMENTS,
        headers=alice,
        json={"symbol": "aapl", "currency": "USD", "data_source": "yahoo", "name": "Apple"},
    )
    assert first.status_code == 201
    assert first.json()["symbol"] == "AAPL"
    assert first.json()["is_own"] is False
    second = client.post(INSTRUMENTS, headers=bob, json={"symbol": "AAPL", "data_source": "yahoo"})
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert client.get(f"{INSTRUMENTS}/{first.json()['id']}", headers=bob).status_code == 200


def test_manual_instruments_are_private(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    mine = factories.instrument(client, alice, symbol="PRIVATE")
    url = f"{INSTRUMENTS}/{mine['id']}"
    for response in (
        client.get(url, headers=bob),
        client.patch(url, headers=bob, json={"name": "x"}),
        client.delete(url, headers=bob),
        client.get(f"{url}/prices", headers=bob),
        client.put(f"{url}/prices", headers=bob, json=[{"date": "2024-01-02", "close": "1"}]),
        client.get(f"{url}/splits", headers=bob),
        client.post(
            f"{url}/splits",
            headers=bob,
            json={"date": "2024-01-02", "numerator": 2, "denominator": 1},
        ),
    ):
        assert response.status_code == 404
    assert client.get(INSTRUMENTS, headers=bob).json()["total"] == 0


def test_prices_upsert_and_read_by_range(client: TestClient, alice: dict[str, str]) -> None:
    inst = factories.instrument(client, alice)
    url = f"{INSTRUMENTS}/{inst['id']}/prices"
    put = client.put(
        url,
        headers=alice,
        json=[
            {"date": "2024-01-03", "close": "101.5"},
            {"date": "2024-01-02", "close": 100, "volume": "1200"},
        ],
    )
    assert put.status_code == 200, put.text
    assert [(p["date"], p["close"]) for p in put.json()["items"]] == [
        ("2024-01-02", "100.00"),
        ("2024-01-03", "101.50"),
    ]
    client.put(url, headers=alice, json=[{"date": "2024-01-03", "close": "99.1234567891"}])
    ranged = client.get(
        url, headers=alice, params={"from": "2024-01-03", "to": "2024-01-31"}
    ).json()
    assert ranged["total"] == 1
    assert ranged["items"][0]["close"] == "99.1234567891"
    assert ranged["items"][0]["source"] == "manual"


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([{"date": "2024-01-02", "close": "-1"}], "0.close"),
        ([{"date": "2024-02-30", "close": "1"}], "0.date"),
        ([{"date": "2024-01-02"}], "0.close"),
        ([{"date": "2024-01-02", "close": "1"}, {"date": "2024-01-02", "close": "2"}], "1.date"),
        ([{"date": "2999-01-02", "close": "1"}], "0.date"),
        ([{"date": "2024-01-02", "close": "1.00000000001"}], "0.close"),
        ([{"date": "2024-01-02", "close": "NaN"}], "0.close"),
    ],
)
def test_bad_prices_are_refused_and_nothing_is_written(
    client: TestClient, alice: dict[str, str], rows: list[dict[str, str]], field: str
) -> None:
    inst = factories.instrument(client, alice)
    url = f"{INSTRUMENTS}/{inst['id']}/prices"
    response = client.put(url, headers=alice, json=rows)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert client.get(url, headers=alice).json()["total"] == 0


def test_splits_are_added_listed_and_removed(client: TestClient, alice: dict[str, str]) -> None:
    inst = factories.instrument(client, alice, symbol="AAPL", currency="USD")
    url = f"{INSTRUMENTS}/{inst['id']}/splits"
    split = client.post(
        url, headers=alice, json={"date": "2020-08-31", "numerator": 4, "denominator": 1}
    )
    assert split.status_code == 201
    assert split.json()["ratio"] == 4.0
    again = client.post(
        url, headers=alice, json={"date": "2020-08-31", "numerator": 2, "denominator": 1}
    )
    assert again.status_code == 409
    same = client.post(
        url, headers=alice, json={"date": "2021-01-04", "numerator": 3, "denominator": 3}
    )
    assert same.status_code == 422
    assert same.json()["errors"][0]["field"] == "numerator"
    zero = client.post(
        url, headers=alice, json={"date": "2021-01-04", "numerator": 0, "denominator": 1}
    )
    assert zero.json()["errors"][0]["field"] == "numerator"
    assert client.get(url, headers=alice).json()["total"] == 1
    assert client.delete(f"{url}/{split.json()['id']}", headers=alice).status_code == 204
    assert client.get(url, headers=alice).json()["total"] == 0


def test_a_reverse_split_that_leaves_a_later_sale_short_is_refused(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice)
    inst = factories.instrument(client, alice)
    factories.buy(client, alice, acc["id"], inst["id"], "2024-01-02", "10", "5")
    factories.transaction(
        client,
        alice,
        account_id=acc["id"],
        instrument_id=inst["id"],
        type="SELL",
        date="2024-03-01",
        quantity="4",
        price="6",
    )
    url = f"{INSTRUMENTS}/{inst['id']}/splits"
    refused = client.post(
        url, headers=alice, json={"date": "2024-02-01", "numerator": 1, "denominator": 10}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "date"
    assert client.get(url, headers=alice).json()["total"] == 0


def test_an_instrument_in_use_cannot_be_deleted(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice)
    inst = factories.instrument(client, alice)
    factories.buy(client, alice, acc["id"], inst["id"], "2024-01-02", "1", "5")
    assert client.delete(f"{INSTRUMENTS}/{inst['id']}", headers=alice).status_code == 409
    assert (
        client.patch(
            f"{INSTRUMENTS}/{inst['id']}", headers=alice, json={"currency": "USD"}
        ).status_code
        == 409
    )
