"""Ghostfolio's JSON export and its CSV layout."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pms.services.imports import InstrumentInfo
from tests import factories
from tests.imports.helpers import instruments, ledger, sample, transactions, upload


def _accounts(client: TestClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {a["name"]: a for a in client.get("/api/v1/accounts", headers=headers).json()["items"]}


def test_a_ghostfolio_export_creates_its_accounts_and_maps_every_activity(
    client: TestClient, alice: dict[str, str]
) -> None:
    response = upload(
        client,
        alice,
        sample("ghostfolio_export.json"),
        filename="export.json",
        format="ghostfolio-json",
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["counts"]["rows"], result["counts"]["transactions"]) == (7, 7)
    assert [(a["name"], a["currency"]) for a in result["accounts_created"]] == [
        ("Interactive Brokers", "USD"),
        ("PostFinance", "CHF"),
    ]
    accounts = _accounts(client, alice)
    ibkr, postfinance = accounts["Interactive Brokers"]["id"], accounts["PostFinance"]["id"]
    symbols = {i["id"]: s for s, i in instruments(client, alice).items()}
    assert ledger(transactions(client, alice, account_id=ibkr), symbols) == [
        # A fee booked on a manual "asset" in Ghostfolio is a plain FEE here, named in the note.
        (
            None,
            "FEE",
            "2021-09-01",
            None,
            None,
            "49.00",
            "0.00",
            "0.00",
            "USD",
            None,
            "Account Opening Fee",
        ),
        (
            "MSFT",
            "BUY",
            "2021-09-16",
            "5",
            "298.58",
            "1492.90",
            "19.00",
            "0.00",
            "USD",
            None,
            "My first order",
        ),
        # 5 × 0.62
        ("MSFT", "DIVIDEND", "2021-11-17", None, None, "3.10", "0.00", "0.00", "USD", None, None),
        ("MSFT", "SELL", "2022-01-05", "2", "330.10", "660.20", "1.00", "0.00", "USD", None, None),
        (
            None,
            "INTEREST",
            "2022-03-31",
            None,
            None,
            "3.17",
            "0.00",
            "0.00",
            "USD",
            None,
            "Cash interest",
        ),
        # 130.5 GBp = 1.305 GBP; a fee of 450 GBp = 4.50 GBP.
        ("VOD.L", "BUY", "2022-06-01", "300", "1.305", "391.50", "4.50", "0.00", "GBP", None, None),
    ]
    assert ledger(transactions(client, alice, account_id=postfinance), symbols) == [
        (
            "Rolex Submariner",
            "BUY",
            "2022-04-02",
            "1",
            "8900.00",
            "8900.00",
            "0.00",
            "0.00",
            "CHF",
            None,
            "Bought at the Geneva boutique",
        ),
    ]
    rolex = instruments(client, alice)["Rolex Submariner"]
    assert (rolex["data_source"], rolex["asset_class"], rolex["currency"]) == (
        "manual",
        "other",
        "CHF",
    )
    ids = [t["external_id"] for t in transactions(client, alice)]
    assert "7d2f3a10-1111-4c2b-9f00-aa01bb02cc03" in ids


def test_reimporting_a_ghostfolio_export_matches_by_activity_id(
    client: TestClient, alice: dict[str, str]
) -> None:
    content = sample("ghostfolio_export.json")
    upload(client, alice, content, format="ghostfolio-json")
    second = upload(client, alice, content, format="ghostfolio-json").json()
    assert (second["counts"]["duplicates"], second["counts"]["transactions"]) == (7, 0)
    assert second["counts"]["accounts_created"] == 0
    assert len(transactions(client, alice)) == 7


def test_a_liability_is_refused_with_its_position(
    client: TestClient, alice: dict[str, str]
) -> None:
    document = json.loads(sample("ghostfolio_export.json"))
    document["activities"].append(
        {
            "accountId": None,
            "fee": 0,
            "quantity": 1,
            "type": "LIABILITY",
            "unitPrice": 250000,
            "currency": "CHF",
            "dataSource": "MANUAL",
            "date": "2022-07-01T00:00:00.000Z",
            "symbol": "Mortgage",
        }
    )
    response = upload(client, alice, json.dumps(document).encode(), format="ghostfolio-json")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "line.8.type",
            "message": "liabilities have no counterpart in the PMS ledger",
            "code": "unsupported",
        }
    ]
    assert transactions(client, alice) == []
    assert _accounts(client, alice) == {}


def test_ghostfolio_csv_with_mixed_day_first_dates(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="IBKR", currency="USD")["id"]
    response = upload(
        client, alice, sample("ghostfolio.csv"), format="ghostfolio-csv", account_id=acc
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["detected"]["date_format"] == "dmy"
    symbols = {i["id"]: s for s, i in instruments(client, alice).items()}
    assert ledger(transactions(client, alice), symbols) == [
        (
            None,
            "FEE",
            "2021-09-01",
            None,
            None,
            "49.00",
            "0.00",
            "0.00",
            "USD",
            None,
            "Account Opening Fee",
        ),
        (
            "MSFT",
            "BUY",
            "2021-09-16",
            "5",
            "298.58",
            "1492.90",
            "19.00",
            "0.00",
            "USD",
            None,
            "My first order",
        ),
        ("MSFT", "DIVIDEND", "2021-11-17", None, None, "3.10", "0.00", "0.00", "USD", None, None),
        # An @-formula in a note is stored as the text it is.
        (
            "MSFT",
            "SELL",
            "2022-01-05",
            "2",
            "330.10",
            "660.20",
            "1.00",
            "0.00",
            "USD",
            None,
            "@SUM(1+1)",
        ),
    ]
    again = upload(client, alice, sample("ghostfolio.csv"), format="ghostfolio-csv", account_id=acc)
    assert again.json()["counts"]["duplicates"] == 4
    assert len(transactions(client, alice)) == 4


class _KnowsMicrosoft:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def lookup(self, query: str) -> InstrumentInfo | None:
        self.asked.append(query)
        if query == "MSFT":
            return InstrumentInfo(
                symbol="MSFT",
                name="Microsoft Corporation",
                currency="USD",
                asset_class="equity",
                exchange="NMS",
                isin="US5949181045",
            )
        raise TimeoutError("the provider timed out")


def test_symbols_the_provider_knows_become_provider_instruments(
    app: FastAPI, client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    resolver = _KnowsMicrosoft()
    app.state.instrument_resolver = resolver
    response = upload(client, alice, sample("ghostfolio_export.json"), format="ghostfolio-json")
    assert response.status_code == 200, response.text
    created = {i["symbol"]: i["data_source"] for i in response.json()["instruments_created"]}
    # VOD.L timed out (offline): a manual instrument; the Rolex is manual in Ghostfolio already.
    assert created == {"MSFT": "yahoo", "VOD.L": "manual", "Rolex Submariner": "manual"}
    assert resolver.asked.count("MSFT") == 1
    # The provider instrument is the shared catalogue's: bob's import finds it, nobody asks again.
    acc = factories.account(client, bob, name="IBKR", currency="USD")["id"]
    result = upload(client, bob, sample("ghostfolio.csv"), format="ghostfolio-csv", account_id=acc)
    assert result.json()["instruments_created"] == []
    assert resolver.asked.count("MSFT") == 1
    msft = instruments(client, bob)["MSFT"]
    assert (msft["name"], msft["isin"], msft["is_own"]) == (
        "Microsoft Corporation",
        "US5949181045",
        False,
    )
