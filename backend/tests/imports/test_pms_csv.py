"""Our own CSV: import, export, and the round trip between them."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests import factories
from tests.imports.helpers import instruments, ledger, sample, transactions, upload

EXPECTED = [
    (
        "Main",
        None,
        "DEPOSIT",
        "2024-01-02",
        None,
        None,
        "5000.00",
        "0.00",
        "0.00",
        "EUR",
        None,
        None,
    ),
    (
        "Main",
        "VWCE.DE",
        "BUY",
        "2024-01-03",
        "20",
        "104.52",
        "2090.40",
        "1.50",
        "0.00",
        "EUR",
        None,
        None,
    ),
    (
        "Main",
        "AAPL",
        "BUY",
        "2024-01-03",
        "5",
        "185.64",
        "928.20",
        "1.00",
        "0.00",
        "USD",
        "0.9134",
        None,
    ),
    (
        "Main",
        "AAPL",
        "DIVIDEND",
        "2024-02-16",
        None,
        None,
        "1.20",
        "0.00",
        "0.18",
        "USD",
        "0.9265",
        "Quarterly dividend",
    ),
    (
        "Main",
        "VWCE.DE",
        "TRANSFER_OUT",
        "2024-03-01",
        "8",
        None,
        None,
        "0.00",
        "0.00",
        "EUR",
        None,
        None,
    ),
    (
        "Savings",
        "VWCE.DE",
        "TRANSFER_IN",
        "2024-03-01",
        "8",
        "104.52",
        None,
        "0.00",
        "0.00",
        "EUR",
        None,
        None,
    ),
    # The export's escape mark is taken off again: the note starts with '='.
    (
        "Main",
        "AAPL",
        "SELL",
        "2024-03-28",
        "2",
        "171.48",
        "342.96",
        "1.00",
        "0.50",
        "USD",
        "0.925",
        "=1+2 was a formula",
    ),
    (
        "Main",
        None,
        "FEE",
        "2024-04-02",
        None,
        None,
        "2.50",
        "0.00",
        "0.00",
        "EUR",
        None,
        "Account fee",
    ),
    (
        "Savings",
        None,
        "INTEREST",
        "2024-04-30",
        None,
        None,
        "4.17",
        "0.00",
        "1.10",
        "EUR",
        None,
        None,
    ),
    (
        "Main",
        None,
        "WITHDRAWAL",
        "2024-05-02",
        None,
        None,
        "300.00",
        "0.00",
        "0.00",
        "EUR",
        None,
        None,
    ),
]


def _book(client: TestClient, headers: dict[str, str]) -> dict[int, str]:
    main = factories.account(client, headers, name="Main", track_cash=True)["id"]
    savings = factories.account(client, headers, name="Savings", track_cash=True)["id"]
    return {main: "Main", savings: "Savings"}


def _stored(
    client: TestClient, headers: dict[str, str], accounts: dict[int, str]
) -> list[tuple[object, ...]]:
    items = transactions(client, headers)
    symbols = {i["id"]: s for s, i in instruments(client, headers).items()}
    return [
        (accounts[t["account_id"]], *row)
        for t, row in zip(items, ledger(items, symbols), strict=True)
    ]


def test_our_csv_names_accounts_by_name_and_keeps_external_ids(
    client: TestClient, alice: dict[str, str]
) -> None:
    accounts = _book(client, alice)
    response = upload(client, alice, sample("pms.csv"), format="pms-csv")
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["transactions"] == 10
    assert _stored(client, alice, accounts) == EXPECTED
    items = transactions(client, alice)
    assert [t["external_id"] for t in items] == [f"bank-{n:04d}" for n in range(1, 11)]
    transfer = [t["transfer_id"] for t in items if t["type"].startswith("TRANSFER")]
    assert transfer == ["move-2024-03", "move-2024-03"]


def test_exported_csv_escapes_formulas_and_imports_back_identically(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    _book(client, alice)
    upload(client, alice, sample("pms.csv"), format="pms-csv")
    exported = client.get("/api/v1/export", headers=alice, params={"format": "transactions-csv"})
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 10
    assert rows[6]["note"] == "'=1+2 was a formula"
    assert (rows[2]["symbol"], rows[2]["price"], rows[2]["fx_rate"]) == ("AAPL", "185.64", "0.9134")
    accounts = _book(client, bob)
    response = upload(client, bob, exported.content, format="pms-csv")
    assert response.status_code == 200, response.text
    assert _stored(client, bob, accounts) == EXPECTED


def test_an_account_column_may_hold_an_id_but_never_another_users(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    mine = factories.account(client, alice, name="Main", track_cash=True)["id"]
    theirs = factories.account(client, bob, name="Bob's", track_cash=True)["id"]
    content = (
        "date,type,account,amount,currency\n"
        f"2024-01-02,DEPOSIT,{mine},100,EUR\n"
        f"2024-01-02,DEPOSIT,{theirs},100,EUR\n"
    ).encode()
    response = upload(client, alice, content, format="pms-csv")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "line.3.account",
            "message": f"no account named '{theirs}'; create it first or pass account_id",
            "code": "not_found",
        }
    ]
    assert transactions(client, bob) == []


def test_a_reimport_is_idempotent_when_the_catalogue_gained_the_symbol_since(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    """Imported offline, MSFT became alice's own instrument. Bob later adds the shared MSFT (same
    symbol and ISIN): alice's second import of the file finds her trades, not new ones."""
    factories.account(client, alice, name="Main", currency="USD", track_cash=True)
    content = (
        b"date,type,account,symbol,isin,instrument_name,instrument_currency,quantity,price,currency\n"
        b"2024-01-03,BUY,Main,MSFT,US5949181045,Microsoft,USD,5,370.6,USD\n"
        b"2024-02-05,BUY,Main,MSFT,US5949181045,Microsoft,USD,2,405.65,USD\n"
    )
    first = upload(client, alice, content, format="pms-csv")
    assert first.status_code == 200, first.text
    assert (
        first.json()["counts"]["transactions"],
        first.json()["counts"]["instruments_created"],
    ) == (2, 1)
    shared = client.post(
        "/api/v1/instruments",
        headers=bob,
        json={"symbol": "MSFT", "currency": "USD", "data_source": "yahoo", "isin": "US5949181045"},
    )
    assert shared.status_code == 201, shared.text

    again = upload(client, alice, content, format="pms-csv")
    assert again.status_code == 200, again.text
    counts = again.json()["counts"]
    assert (counts["transactions"], counts["duplicates"], counts["instruments_created"]) == (
        0,
        2,
        0,
    )
    assert len(transactions(client, alice)) == 2
