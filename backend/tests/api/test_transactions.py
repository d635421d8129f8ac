from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories

TXNS = "/api/v1/transactions"


@pytest.fixture
def book(client: TestClient, alice: dict[str, str]) -> dict[str, Any]:
    """Alice's EUR account, a USD account and two instruments."""
    return {
        "acc": factories.account(client, alice, name="Main", track_cash=True)["id"],
        "usd": factories.account(client, alice, name="US", currency="USD", track_cash=True)["id"],
        "x": factories.instrument(client, alice, symbol="X", currency="EUR")["id"],
        "aapl": factories.instrument(client, alice, symbol="AAPL", currency="USD")["id"],
    }


def _post(client: TestClient, headers: dict[str, str], **fields: Any) -> Any:
    return client.post(TXNS, headers=headers, json=fields)


def test_a_buy_is_stored_with_exact_decimals(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    response = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="BUY",
        date="2010-01-01",
        quantity="109",
        price="28.8917431193",
        fee="4.90",
        note="first lot",
    )
    assert response.status_code == 201, response.text
    txn = response.json()
    assert txn["quantity"] == "109"
    assert txn["price"] == "28.8917431193"
    assert txn["amount"] == "3149.2000000037"
    assert (txn["fee"], txn["tax"], txn["currency"]) == ("4.90", "0.00", "EUR")
    assert client.get(f"{TXNS}/{txn['id']}", headers=alice).json() == txn


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({"type": "BUY", "quantity": "1"}, 422, "instrument_id"),
        ({"type": "BUY", "instrument": "x", "price": "1"}, 422, "quantity"),
        ({"type": "BUY", "instrument": "x", "quantity": "0", "price": "1"}, 422, "quantity"),
        ({"type": "BUY", "instrument": "x", "quantity": "-2", "price": "1"}, 422, "quantity"),
        ({"type": "BUY", "instrument": "x", "quantity": "1"}, 422, "price"),
        ({"type": "BUY", "instrument": "x", "quantity": "1", "price": "-1"}, 422, "price"),
        (
            {"type": "BUY", "instrument": "x", "quantity": "1", "price": "1", "fee": "-1"},
            422,
            "fee",
        ),
        (
            {"type": "BUY", "instrument": "x", "quantity": "2", "price": "1", "amount": "3"},
            422,
            "amount",
        ),
        (
            {"type": "BUY", "instrument": "x", "quantity": "1", "price": "1", "currency": "USD"},
            422,
            "currency",
        ),
        (
            {"type": "BUY", "instrument": "x", "quantity": "1", "price": "1", "transfer_id": "t1"},
            422,
            "transfer_id",
        ),
        (
            {"type": "BUY", "instrument": "x", "quantity": "1", "price": "1", "fx_rate": "1.1"},
            422,
            "fx_rate",
        ),
        ({"type": "BUY", "instrument": "x", "quantity": "1e400", "price": "1"}, 422, "quantity"),
        (
            {"type": "BUY", "instrument": "x", "quantity": "1.00000000001", "price": "1"},
            422,
            "quantity",
        ),
        ({"type": "BUY", "instrument": "x", "quantity": "", "price": "1"}, 422, "quantity"),
        ({"type": "BUY", "instrument": "x", "quantity": True, "price": "1"}, 422, "quantity"),
        ({"type": "DEPOSIT"}, 422, "amount"),
        ({"type": "DEPOSIT", "amount": "0"}, 422, "amount"),
        ({"type": "DEPOSIT", "amount": "10", "instrument": "x"}, 422, "instrument_id"),
        ({"type": "DEPOSIT", "amount": "10", "quantity": "1"}, 422, "quantity"),
        ({"type": "DEPOSIT", "amount": "10", "fee": "1"}, 422, "fee"),
        ({"type": "DEPOSIT", "amount": "10", "currency": "EURO"}, 422, "currency"),
        ({"type": "DEPOSIT", "amount": "10", "date": "2023-02-29"}, 422, "date"),
        ({"type": "DEPOSIT", "amount": "10", "date": "1899-12-31"}, 422, "date"),
        ({"type": "DEPOSIT", "amount": "10", "date": "2999-01-01"}, 422, "date"),
        ({"type": "DEPOSIT", "amount": "10", "note": "x" * 2001}, 422, "note"),
        ({"type": "DIVIDEND", "amount": "10"}, 422, "instrument_id"),
        ({"type": "DIVIDEND", "instrument": "x", "amount": "10", "price": "1"}, 422, "price"),
        ({"type": "DIVIDEND", "instrument": "x", "amount": "10", "tax": "-1"}, 422, "tax"),
        ({"type": "INTEREST", "amount": "10", "quantity": "3"}, 422, "quantity"),
        ({"type": "FEE", "amount": "-3"}, 422, "amount"),
        ({"type": "TRANSFER_IN", "instrument": "x", "quantity": "1"}, 422, "price"),
        (
            {
                "type": "TRANSFER_IN",
                "instrument": "x",
                "quantity": "1",
                "price": "1",
                "amount": "1",
            },
            422,
            "amount",
        ),
        ({"type": "SPLIT", "amount": "1"}, 422, "type"),
        (
            {
                "type": "BUY",
                "instrument": "x",
                "quantity": "1",
                "price": "1",
                "account": "usd",
                "colour": "red",
            },
            422,
            "colour",
        ),
        ({"type": "DEPOSIT", "amount": "10", "account_id": 999999}, 404, "account_id"),
        ({"type": "DIVIDEND", "amount": "10", "instrument_id": 999999}, 404, "instrument_id"),
    ],
)
def test_each_type_is_refused_without_its_fields(
    client: TestClient,
    alice: dict[str, str],
    book: dict[str, Any],
    fields: dict[str, Any],
    status: int,
    field: str,
) -> None:
    fields = dict(fields)  # the parameter is shared by both database runs
    body: dict[str, Any] = {"account_id": book[fields.pop("account", "acc")], "date": "2024-01-02"}
    if "instrument" in fields:
        body["instrument_id"] = book[fields.pop("instrument")]
    body |= fields
    response = client.post(TXNS, headers=alice, json=body)
    assert response.status_code == status, response.text
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in problem["errors"]]
    assert field in problem["detail"]
    assert client.get(TXNS, headers=alice).json()["total"] == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "DEPOSIT", "amount": "1000"},
        {"type": "WITHDRAWAL", "amount": "10.5"},
        {"type": "INTEREST", "amount": "3.21", "tax": "0.80"},
        {"type": "FEE", "amount": "2"},
        {"type": "TAX", "amount": "2"},
        {"type": "FEE", "amount": "2", "instrument": "x"},
        {"type": "DIVIDEND", "instrument": "x", "amount": "12.00", "tax": "3.18", "quantity": "10"},
        {
            "type": "DIVIDEND",
            "instrument": "aapl",
            "amount": "5.74",
            "tax": "0.86",
            "currency": "USD",
        },
        {"type": "BUY", "instrument": "x", "quantity": "0.5", "price": "0"},
        {"type": "BUY", "instrument": "x", "quantity": "2", "price": "1.005", "amount": "2.01"},
        {
            "type": "BUY",
            "instrument": "aapl",
            "quantity": "2",
            "price": "1",
            "account": "acc",
            "fx_rate": "0.91",
        },
        {"type": "TRANSFER_IN", "instrument": "x", "quantity": "3", "price": "10"},
    ],
)
def test_each_type_is_accepted_with_its_fields(
    client: TestClient, alice: dict[str, str], book: dict[str, Any], fields: dict[str, Any]
) -> None:
    fields = dict(fields)  # the parameter is shared by both database runs
    body: dict[str, Any] = {"account_id": book[fields.pop("account", "acc")], "date": "2024-01-02"}
    if "instrument" in fields:
        body["instrument_id"] = book[fields.pop("instrument")]
    response = client.post(TXNS, headers=alice, json=body | fields)
    assert response.status_code == 201, response.text


def test_currency_defaults_to_the_instrument_for_trades_and_the_account_for_cash(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    trade = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["aapl"],
        type="BUY",
        date="2024-01-02",
        quantity="1",
        price="180",
    )
    cash = _post(
        client, alice, account_id=book["usd"], type="DEPOSIT", date="2024-01-02", amount="100"
    )
    dividend = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["aapl"],
        type="DIVIDEND",
        date="2024-02-02",
        amount="0.24",
    )
    assert (trade.json()["currency"], cash.json()["currency"], dividend.json()["currency"]) == (
        "USD",
        "USD",
        "USD",
    )


def test_selling_more_than_held_is_refused(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    factories.buy(client, alice, book["acc"], book["x"], "2024-01-02", "10", "5")
    refused = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-02-01",
        quantity="10.5",
        price="6",
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["errors"][0] == {
        "field": "quantity",
        "message": "SELL of 10.5 on 2024-02-01 exceeds the 10 held in this account on that date",
        "code": "insufficient_quantity",
    }
    assert client.get(TXNS, headers=alice).json()["total"] == 1


def test_a_sale_before_the_purchase_is_refused(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    factories.buy(client, alice, book["acc"], book["x"], "2024-03-01", "10", "5")
    refused = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-02-01",
        quantity="1",
        price="6",
    )
    assert refused.status_code == 422
    assert "exceeds the 0 held" in refused.json()["detail"]


def test_holdings_are_per_account(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    factories.buy(client, alice, book["acc"], book["x"], "2024-01-02", "10", "5")
    other = factories.account(client, alice, name="Other", track_cash=True)["id"]
    refused = _post(
        client,
        alice,
        account_id=other,
        instrument_id=book["x"],
        type="SELL",
        date="2024-02-01",
        quantity="1",
        price="6",
    )
    assert refused.status_code == 422


def test_the_whole_position_can_be_sold_on_the_same_day(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    factories.buy(client, alice, book["acc"], book["x"], "2024-01-02", "10", "5")
    sold = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-01-02",
        quantity="10",
        price="5.5",
    )
    assert sold.status_code == 201


def test_splits_count_in_the_quantity_held(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    factories.buy(client, alice, book["usd"], book["aapl"], "2020-08-27", "10", "500")
    client.post(
        f"/api/v1/instruments/{book['aapl']}/splits",
        headers=alice,
        json={"date": "2020-08-31", "numerator": 4, "denominator": 1},
    )
    before = _post(
        client,
        alice,
        account_id=book["usd"],
        instrument_id=book["aapl"],
        type="SELL",
        date="2020-08-28",
        quantity="12",
        price="499",
    )
    assert before.status_code == 422  # only 10 before the split
    after = _post(
        client,
        alice,
        account_id=book["usd"],
        instrument_id=book["aapl"],
        type="SELL",
        date="2020-08-31",
        quantity="40",
        price="129",
    )
    assert after.status_code == 201  # the split applies first within its day


def test_a_reverse_split_with_fractions_allows_selling_what_is_left(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    factories.buy(client, alice, book["acc"], book["x"], "2024-01-02", "10", "1")
    client.post(
        f"/api/v1/instruments/{book['x']}/splits",
        headers=alice,
        json={"date": "2024-02-01", "numerator": 1, "denominator": 3},
    )
    ok = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-02-02",
        quantity="3.3333333333",
        price="3",
    )
    assert ok.status_code == 201, ok.text
    too_much = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-02-03",
        quantity="0.001",
        price="3",
    )
    assert too_much.status_code == 422


def test_editing_an_earlier_buy_that_would_break_a_later_sale_is_refused(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    first = factories.buy(client, alice, book["acc"], book["x"], "2024-01-02", "10", "5")
    sale = factories.transaction(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-03-01",
        quantity="8",
        price="6",
    )
    refused = client.patch(f"{TXNS}/{first['id']}", headers=alice, json={"quantity": "5"})
    assert refused.status_code == 422
    assert f"(transaction {sale['id']})" in refused.json()["detail"]
    moved = client.patch(f"{TXNS}/{first['id']}", headers=alice, json={"date": "2024-04-01"})
    assert moved.status_code == 422
    assert client.get(f"{TXNS}/{first['id']}", headers=alice).json()["quantity"] == "10"


def test_deleting_a_buy_that_a_later_sale_needs_is_refused(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    first = factories.buy(client, alice, book["acc"], book["x"], "2024-01-02", "10", "5")
    factories.transaction(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-03-01",
        quantity="8",
        price="6",
    )
    assert client.delete(f"{TXNS}/{first['id']}", headers=alice).status_code == 422
    assert client.get(TXNS, headers=alice).json()["total"] == 2


def test_moving_a_buy_to_another_account_checks_both(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    first = factories.buy(client, alice, book["acc"], book["x"], "2024-01-02", "10", "5")
    factories.transaction(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-03-01",
        quantity="8",
        price="6",
    )
    other = factories.account(client, alice, name="Other", track_cash=True)["id"]
    assert (
        client.patch(f"{TXNS}/{first['id']}", headers=alice, json={"account_id": other}).status_code
        == 422
    )


def test_an_edit_is_checked_as_a_whole(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    dep = factories.transaction(
        client, alice, account_id=book["acc"], type="DEPOSIT", date="2024-01-02", amount="100"
    )
    to_buy = client.patch(f"{TXNS}/{dep['id']}", headers=alice, json={"type": "BUY"})
    assert to_buy.status_code == 422
    assert {e["field"] for e in to_buy.json()["errors"]} >= {"instrument_id", "quantity", "price"}
    ok = client.patch(
        f"{TXNS}/{dep['id']}",
        headers=alice,
        json={
            "type": "BUY",
            "instrument_id": book["x"],
            "quantity": "4",
            "price": "25",
            "amount": None,
        },
    )
    assert ok.status_code == 200, ok.text
    assert (ok.json()["type"], ok.json()["amount"], ok.json()["currency"]) == (
        "BUY",
        "100.00",
        "EUR",
    )
    repriced = client.patch(f"{TXNS}/{dep['id']}", headers=alice, json={"price": "30"})
    assert repriced.json()["amount"] == "120.00"
    nulled = client.patch(f"{TXNS}/{dep['id']}", headers=alice, json={"date": None})
    assert nulled.status_code == 422
    assert nulled.json()["errors"][0]["field"] == "date"


def test_external_ids_are_unique_per_account(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    factories.transaction(
        client,
        alice,
        account_id=book["acc"],
        type="DEPOSIT",
        date="2024-01-02",
        amount="1",
        external_id="row-1",
    )
    again = _post(
        client,
        alice,
        account_id=book["acc"],
        type="DEPOSIT",
        date="2024-01-03",
        amount="2",
        external_id="row-1",
    )
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "external_id"
    elsewhere = _post(
        client,
        alice,
        account_id=book["usd"],
        type="DEPOSIT",
        date="2024-01-03",
        amount="2",
        external_id="row-1",
    )
    assert elsewhere.status_code == 201


def test_a_transfer_moves_units_between_own_accounts(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    other = factories.account(client, alice, name="Other", track_cash=True)["id"]
    factories.buy(client, alice, book["acc"], book["x"], "2024-01-02", "10", "5")
    out = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="TRANSFER_OUT",
        date="2024-02-01",
        quantity="6",
        transfer_id="move-1",
    )
    assert out.status_code == 201, out.text
    wrong_qty = _post(
        client,
        alice,
        account_id=other,
        instrument_id=book["x"],
        type="TRANSFER_IN",
        date="2024-02-01",
        quantity="5",
        transfer_id="move-1",
    )
    assert wrong_qty.status_code == 422
    assert wrong_qty.json()["errors"][0]["field"] == "transfer_id"
    same_account = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="TRANSFER_IN",
        date="2024-02-01",
        quantity="6",
        transfer_id="move-1",
    )
    assert same_account.status_code == 422
    ok = _post(
        client,
        alice,
        account_id=other,
        instrument_id=book["x"],
        type="TRANSFER_IN",
        date="2024-02-01",
        quantity="6",
        transfer_id="move-1",
    )
    assert ok.status_code == 201
    third = _post(
        client,
        alice,
        account_id=other,
        instrument_id=book["x"],
        type="TRANSFER_IN",
        date="2024-02-01",
        quantity="6",
        transfer_id="move-1",
    )
    assert third.status_code == 409
    too_much = _post(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="SELL",
        date="2024-03-01",
        quantity="5",
        price="1",
    )
    assert too_much.status_code == 422  # 4 left after the transfer
    sold = _post(
        client,
        alice,
        account_id=other,
        instrument_id=book["x"],
        type="SELL",
        date="2024-03-01",
        quantity="6",
        price="1",
    )
    assert sold.status_code == 201


def test_filters_paging_and_order(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    factories.transaction(
        client, alice, account_id=book["acc"], type="DEPOSIT", date="2024-01-02", amount="100"
    )
    factories.buy(client, alice, book["acc"], book["x"], "2024-01-03", "1", "50")
    factories.transaction(
        client, alice, account_id=book["usd"], type="DEPOSIT", date="2024-02-01", amount="10"
    )
    factories.transaction(
        client,
        alice,
        account_id=book["acc"],
        instrument_id=book["x"],
        type="DIVIDEND",
        date="2024-03-01",
        amount="1",
    )

    def ids(**params: Any) -> list[tuple[str, str]]:
        body = client.get(TXNS, headers=alice, params=params).json()
        return [(t["type"], t["date"]) for t in body["items"]]

    assert ids() == [
        ("DIVIDEND", "2024-03-01"),
        ("DEPOSIT", "2024-02-01"),
        ("BUY", "2024-01-03"),
        ("DEPOSIT", "2024-01-02"),
    ]
    assert ids(order="asc", limit=2) == [("DEPOSIT", "2024-01-02"), ("BUY", "2024-01-03")]
    assert ids(account_id=book["usd"]) == [("DEPOSIT", "2024-02-01")]
    assert len(ids(account_id=[book["usd"], book["acc"]])) == 4
    assert ids(instrument_id=book["x"], type="BUY") == [("BUY", "2024-01-03")]
    assert ids(type=["BUY", "DIVIDEND"], order="asc") == [
        ("BUY", "2024-01-03"),
        ("DIVIDEND", "2024-03-01"),
    ]
    assert ids(**{"from": "2024-01-03", "to": "2024-02-28"}) == [
        ("DEPOSIT", "2024-02-01"),
        ("BUY", "2024-01-03"),
    ]
    page = client.get(TXNS, headers=alice, params={"limit": 1, "offset": 3}).json()
    assert page["total"] == 4
    assert [t["date"] for t in page["items"]] == ["2024-01-02"]
    bad = client.get(TXNS, headers=alice, params={"from": "2024-03-01", "to": "2024-01-01"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "to"
    assert client.get(TXNS, headers=alice, params={"type": "NOPE"}).status_code == 422


def test_transactions_are_private(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], book: dict[str, Any]
) -> None:
    txn = factories.transaction(
        client, alice, account_id=book["acc"], type="DEPOSIT", date="2024-01-02", amount="100"
    )
    url = f"{TXNS}/{txn['id']}"
    assert client.get(url, headers=bob).status_code == 404
    assert client.patch(url, headers=bob, json={"amount": "1"}).status_code == 404
    assert client.delete(url, headers=bob).status_code == 404
    assert client.get(TXNS, headers=bob).json() == {"items": [], "total": 0}
    # Bob cannot book into Alice's account, nor use her manual instrument.
    into_alice = _post(
        client, bob, account_id=book["acc"], type="DEPOSIT", date="2024-01-02", amount="1"
    )
    assert into_alice.status_code == 404
    bob_acc = factories.account(client, bob, track_cash=True)["id"]
    with_her_instrument = _post(
        client,
        bob,
        account_id=bob_acc,
        instrument_id=book["x"],
        type="BUY",
        date="2024-01-02",
        quantity="1",
        price="1",
    )
    assert with_her_instrument.status_code == 404
    assert with_her_instrument.json()["errors"][0]["field"] == "instrument_id"
    assert client.get(url, headers=alice).json()["amount"] == "100.00"


def test_delete_removes_the_transaction(
    client: TestClient, alice: dict[str, str], book: dict[str, Any]
) -> None:
    txn = factories.transaction(
        client, alice, account_id=book["acc"], type="DEPOSIT", date="2024-01-02", amount="100"
    )
    assert client.delete(f"{TXNS}/{txn['id']}", headers=alice).status_code == 204
    assert client.get(f"{TXNS}/{txn['id']}", headers=alice).status_code == 404


def test_a_deposit_into_an_account_that_does_not_track_cash_is_refused(
    client: TestClient, alice: dict[str, str]
) -> None:
    # Accepted, it would change no figure (cash is not kept there): refused, saying how to fix it.
    plain = factories.account(client, alice, name="Shares only")["id"]
    for kind in ("DEPOSIT", "WITHDRAWAL"):
        response = client.post(
            "/api/v1/transactions",
            headers=alice,
            json={"account_id": plain, "type": kind, "date": "2024-01-02", "amount": "100"},
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        (error,) = response.json()["errors"]
        assert (error["field"], error["code"]) == ("account_id", "cash_not_tracked")
        assert "'Shares only' does not track cash" in error["message"]
        assert f"PATCH /api/v1/accounts/{plain} with track_cash true" in error["message"]
    listed = client.get("/api/v1/transactions", headers=alice).json()
    assert listed["total"] == 0
    # Once the account tracks cash, the deposit is booked and counted.
    patched = client.patch(f"/api/v1/accounts/{plain}", headers=alice, json={"track_cash": True})
    assert patched.status_code == 200
    factories.transaction(
        client, alice, account_id=plain, type="DEPOSIT", date="2024-01-02", amount="100"
    )
    summary = client.get("/api/v1/portfolio/summary", headers=alice).json()
    assert (summary["cash"], summary["net_invested"]) == ("100.00", "100.00")
