"""Portfolio Performance CSV exports (English and German) into an account."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.imports.helpers import instruments, ledger, sample, transactions, upload


def _symbols(client: TestClient, headers: dict[str, str]) -> dict[int, str]:
    return {i["id"]: symbol for symbol, i in instruments(client, headers).items()}


def test_an_english_pp_export_imports_every_type(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice, name="Broker", track_cash=True)["id"]
    response = upload(client, alice, sample("pp_en.csv"), format="pp-csv", account_id=acc)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["written"] is True
    assert result["detected"] == {
        "encoding": "utf-8",
        "delimiter": ",",
        "date_format": "iso",
        "decimal_separator": ".",
        "language": "en",
    }
    assert result["counts"]["rows"] == 13
    assert result["counts"]["new"] == 13
    assert result["counts"]["transactions"] == 13
    assert result["counts"]["instruments_created"] == 3
    assert [r["line"] for r in result["rows"]] == list(range(2, 15))
    stored = ledger(transactions(client, alice), _symbols(client, alice))
    assert stored == [
        (
            None,
            "DEPOSIT",
            "2023-01-02",
            None,
            None,
            "10000.00",
            "0.00",
            "0.00",
            "EUR",
            None,
            "Initial deposit",
        ),
        (
            "EUNL.DE",
            "BUY",
            "2023-01-03",
            "25",
            "80.00",
            "2000.00",
            "5.90",
            "0.00",
            "EUR",
            None,
            None,
        ),
        # 1,650.00 USD at 0.92 EUR per USD; the 4.60 EUR fee is 5.00 USD.
        (
            "AAPL",
            "BUY",
            "2023-02-15",
            "10",
            "165.00",
            "1650.00",
            "5.00",
            "0.00",
            "USD",
            "0.92",
            None,
        ),
        # 1,031.00 net + 4.00 fees + 15.00 taxes = 1,050.00 for 12 units.
        (
            "EUNL.DE",
            "SELL",
            "2023-03-15",
            "12",
            "87.50",
            "1050.00",
            "4.00",
            "15.00",
            "EUR",
            None,
            "Partial sale",
        ),
        # 1.90 net + 0.33 withheld = 2.23 EUR gross.
        (
            "AAPL",
            "DIVIDEND",
            "2023-05-11",
            "10",
            None,
            "2.23",
            "0.00",
            "0.33",
            "EUR",
            None,
            "Q2 dividend",
        ),
        (
            None,
            "INTEREST",
            "2023-06-30",
            None,
            None,
            "5.00",
            "0.00",
            "1.32",
            "EUR",
            None,
            "Interest Q2",
        ),
        (None, "FEE", "2023-07-01", None, None, "9.90", "0.00", "0.00", "EUR", None, "Custody fee"),
        (
            None,
            "TAX",
            "2023-07-02",
            None,
            None,
            "2.50",
            "0.00",
            "0.00",
            "EUR",
            None,
            "Tax on interest",
        ),
        (None, "WITHDRAWAL", "2023-08-01", None, None, "500.00", "0.00", "0.00", "EUR", None, None),
        (
            "SAP.DE",
            "TRANSFER_IN",
            "2023-09-01",
            "20",
            "60.00",
            None,
            "0.00",
            "0.00",
            "EUR",
            None,
            "Moved from old broker",
        ),
        (
            "SAP.DE",
            "TRANSFER_OUT",
            "2023-10-02",
            "10",
            "60.00",
            None,
            "0.00",
            "0.00",
            "EUR",
            None,
            None,
        ),
        (
            None,
            "WITHDRAWAL",
            "2023-10-03",
            None,
            None,
            "1000.00",
            "0.00",
            "0.00",
            "EUR",
            None,
            "To savings",
        ),
        # A formula in a note is kept as text.
        (
            "SAP.DE",
            "DIVIDEND",
            "2023-11-05",
            "10",
            None,
            "20.50",
            "0.00",
            "5.41",
            "EUR",
            None,
            '=HYPERLINK("http://x")',
        ),
    ]
    catalogue = instruments(client, alice)
    assert {s: (i["isin"], i["currency"], i["data_source"]) for s, i in catalogue.items()} == {
        "EUNL.DE": ("IE00B4L5Y983", "EUR", "manual"),
        "AAPL": ("US0378331005", "USD", "manual"),
        "SAP.DE": ("DE0007164600", "EUR", "manual"),
    }
    assert catalogue["EUNL.DE"]["name"] == "iShares Core MSCI World UCITS ETF USD (Acc)"


def test_a_german_pp_export_with_bom_and_decimal_commas(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Depot", track_cash=True)["id"]
    response = upload(client, alice, sample("pp_de.csv"), format="pp-csv", account_id=acc)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["detected"] == {
        "encoding": "utf-8-sig",
        "delimiter": ";",
        "date_format": "iso",
        "decimal_separator": ",",
        "language": "de",
    }
    assert (result["counts"]["rows"], result["counts"]["transactions"]) == (12, 13)
    stored = ledger(transactions(client, alice), _symbols(client, alice))
    assert stored == [
        (
            None,
            "DEPOSIT",
            "2022-12-30",
            None,
            None,
            "50000.00",
            "0.00",
            "0.00",
            "EUR",
            None,
            "Startkapital",
        ),
        (
            "SAP.DE",
            "BUY",
            "2023-01-10",
            "100",
            "100.00",
            "10000.00",
            "9.90",
            "0.00",
            "EUR",
            None,
            None,
        ),
        # "1.500" shares: a thousands separator, detected from the file's other numbers.
        (
            "DTE.DE",
            "BUY",
            "2023-01-12",
            "1500",
            "19.80",
            "29700.00",
            "9.90",
            "0.00",
            "EUR",
            None,
            None,
        ),
        (
            "EUNL.DE",
            "TRANSFER_IN",
            "2023-03-01",
            "40",
            "75.00",
            None,
            "0.00",
            "0.00",
            "EUR",
            None,
            "Depotübertrag",
        ),
        # 150.98 net + 52.52 taxes + 1.50 fees = 205.00 gross; the fee is an entry of its own.
        (
            "SAP.DE",
            "DIVIDEND",
            "2023-05-12",
            "100",
            None,
            "205.00",
            "0.00",
            "52.52",
            "EUR",
            None,
            "Dividende 2,05 je Stück",
        ),
        (
            "SAP.DE",
            "FEE",
            "2023-05-12",
            None,
            None,
            "1.50",
            "0.00",
            "0.00",
            "EUR",
            None,
            "Dividende 2,05 je Stück",
        ),
        (
            "DTE.DE",
            "SELL",
            "2023-06-15",
            "500",
            "21.00",
            "10500.00",
            "9.90",
            "77.40",
            "EUR",
            None,
            None,
        ),
        (
            None,
            "INTEREST",
            "2023-06-30",
            None,
            None,
            "10.00",
            "0.00",
            "2.64",
            "EUR",
            None,
            "Zinsen Q2",
        ),
        (None, "FEE", "2023-07-31", None, None, "1.25", "0.00", "0.00", "EUR", None, "Sollzinsen"),
        (None, "FEE", "2023-08-01", None, None, "4.95", "0.00", "0.00", "EUR", None, "Depotgebühr"),
        (
            None,
            "TAX",
            "2023-08-02",
            None,
            None,
            "12.40",
            "0.00",
            "0.00",
            "EUR",
            None,
            "Kapitalertragsteuer",
        ),
        (
            "EUNL.DE",
            "TRANSFER_OUT",
            "2023-09-01",
            "20",
            "75.00",
            None,
            "0.00",
            "0.00",
            "EUR",
            None,
            None,
        ),
        (
            None,
            "WITHDRAWAL",
            "2023-12-01",
            None,
            None,
            "2000.00",
            "0.00",
            "0.00",
            "EUR",
            None,
            None,
        ),
    ]


def test_importing_the_same_export_twice_adds_nothing(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Broker", track_cash=True)["id"]
    first = upload(client, alice, sample("pp_en.csv"), format="pp-csv", account_id=acc).json()
    again = upload(client, alice, sample("pp_en.csv"), format="pp-csv", account_id=acc)
    assert again.status_code == 200, again.text
    second = again.json()
    assert first["counts"]["transactions"] == 13
    assert (second["counts"]["new"], second["counts"]["duplicates"]) == (0, 13)
    assert second["counts"]["transactions"] == 0
    assert second["counts"]["instruments_created"] == 0
    assert second["written"] is False
    assert {r["status"] for r in second["rows"]} == {"duplicate"}
    assert len(transactions(client, alice)) == 13
    assert len(instruments(client, alice)) == 3


def test_the_german_and_english_exports_share_instruments_by_isin(
    client: TestClient, alice: dict[str, str]
) -> None:
    en = factories.account(client, alice, name="Broker", track_cash=True)["id"]
    de = factories.account(client, alice, name="Depot", track_cash=True)["id"]
    upload(client, alice, sample("pp_en.csv"), format="pp-csv", account_id=en)
    result = upload(client, alice, sample("pp_de.csv"), format="pp-csv", account_id=de).json()
    # SAP.DE and EUNL.DE are in the catalogue already; only Deutsche Telekom is new.
    assert [i["symbol"] for i in result["instruments_created"]] == ["DTE.DE"]
    assert sorted(instruments(client, alice)) == ["AAPL", "DTE.DE", "EUNL.DE", "SAP.DE"]


def test_a_refund_has_no_counterpart_and_is_refused(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Broker", track_cash=True)["id"]
    content = (
        b"Date;Type;Value;Transaction Currency\n"
        b"2023-01-02;Deposit;100,00;EUR\n"
        b"2023-01-05;Tax Refund;12,00;EUR\n"
    )
    response = upload(client, alice, content, format="pp-csv", account_id=acc)
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()
    assert body["title"] == "Import refused"
    assert body["errors"] == [
        {
            "field": "line.3.Type",
            "message": "'Tax Refund' (a refund) has no counterpart in the PMS ledger; book it by hand",
            "code": "unsupported",
        }
    ]
    assert body["result"]["written"] is False
    assert transactions(client, alice) == []


def test_a_row_naming_a_security_only_by_name_finds_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Broker", track_cash=True)["id"]
    content = (
        b"Date,Type,Value,Transaction Currency,Shares,ISIN,Ticker Symbol,Security Name\n"
        b"2023-01-10,Buy,-1000.00,EUR,10,DE0007164600,SAP.DE,SAP SE\n"
        b"2023-02-10,Buy,-1100.00,EUR,10,,,SAP SE\n"
        b"2023-03-10,Buy,-1200.00,EUR,10,DE0007164600,,\n"
    )
    response = upload(client, alice, content, format="pp-csv", account_id=acc)
    assert response.status_code == 200, response.text
    assert [i["symbol"] for i in response.json()["instruments_created"]] == ["SAP.DE"]
    assert {t["instrument_id"] for t in transactions(client, alice)} == {
        instruments(client, alice)["SAP.DE"]["id"]
    }
