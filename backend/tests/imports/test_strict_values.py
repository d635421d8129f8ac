"""Values Python reads too generously: `Decimal()` and `int()` take `1_000` and other scripts' digits
(`١٢٣`), and an id may hide a tab or a line break. Every format refuses them as row errors."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pms.services.imports.locale_values import (
    DateOrder,
    DecimalSeparator,
    parse_date,
    parse_number,
    to_decimal,
)
from tests import factories
from tests.imports.helpers import transactions, upload

ARABIC_INDIC = "١٢٣"  # 123
#: Mathematical bold digits and full-width digits: also digits to `Decimal()`.
OTHER_DIGITS = ("𝟏𝟐", "１２")


@pytest.mark.parametrize("text", ["1_000", "1_000.5", ARABIC_INDIC, *OTHER_DIGITS, "\u20031"])
def test_to_decimal_reads_ascii_digits_only(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        to_decimal(text)


def test_to_decimal_still_reads_plain_numbers() -> None:
    assert to_decimal(" 12.5 ") == Decimal("12.5")
    assert to_decimal("-1e3") == Decimal(-1000)
    assert to_decimal(Decimal("7")) == Decimal(7)
    with pytest.raises(ValueError, match="finite"):
        to_decimal("NaN")


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        (ARABIC_INDIC, DecimalSeparator.POINT),
        ("١,٢٣٤.٥", DecimalSeparator.POINT),
        ("١٢٣,٥", DecimalSeparator.COMMA),
        ("1_000", DecimalSeparator.POINT),
        ("１２", DecimalSeparator.COMMA),
    ],
)
def test_parse_number_reads_ascii_digits_only(text: str, separator: DecimalSeparator) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text, separator)


@pytest.mark.parametrize("text", ["٢٠٢٤-٠١-٠٢", "٠٢.٠١.٢٠٢٤", "٢٠٢٤٠١٠٢"])
def test_dates_are_read_in_ascii_digits_only(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text, DateOrder.DMY)


def _refused(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.text
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


@pytest.mark.parametrize("amount", ["1_000", ARABIC_INDIC])
def test_pms_csv_refuses_such_numbers(
    client: TestClient, alice: dict[str, str], amount: str
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = f"date,type,amount,currency\n2024-01-02,DEPOSIT,{amount},EUR\n".encode()
    response = upload(client, alice, content, format="pms-csv", account_id=acc)
    assert _refused(response) == [("line.2.amount", "number")]
    assert response.json()["errors"][0]["message"] == f"'{amount}' is not a number"
    assert transactions(client, alice) == []


def test_pp_csv_refuses_such_numbers(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = (
        "Date,Type,Value,Transaction Currency\n"
        f"2024-01-02,Deposit,{ARABIC_INDIC},EUR\n"
        "2024-01-03,Deposit,1_000,EUR\n"
    ).encode()
    response = upload(client, alice, content, format="pp-csv", account_id=acc)
    assert _refused(response) == [("line.2.Value", "number"), ("line.3.Value", "number")]
    assert transactions(client, alice) == []


def test_ghostfolio_csv_refuses_such_numbers(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = (
        "Date,Code,DataSource,Currency,Price,Quantity,Action,Fee\n"
        f"2024-01-02,MSFT,MANUAL,USD,300,{ARABIC_INDIC},buy,0\n"
    ).encode()
    response = upload(client, alice, content, format="ghostfolio-csv", account_id=acc)
    assert _refused(response) == [("line.2.Quantity", "number")]
    assert transactions(client, alice) == []


@pytest.mark.parametrize(("quantity", "price"), [("1_000", "10"), ("5", ARABIC_INDIC)])
def test_ghostfolio_json_refuses_such_numbers_written_as_text(
    client: TestClient, alice: dict[str, str], quantity: str, price: str
) -> None:
    activity = {
        "type": "BUY",
        "date": "2024-01-02T00:00:00.000Z",
        "symbol": "MSFT",
        "dataSource": "MANUAL",
        "currency": "USD",
        "quantity": quantity,
        "unitPrice": price,
        "fee": 0,
    }
    content = json.dumps({"activities": [activity]}).encode()
    response = upload(client, alice, content, filename="x.json", format="ghostfolio-json")
    field = "quantity" if quantity != "5" else "unitPrice"
    assert _refused(response) == [(f"line.1.{field}", "number")]
    assert transactions(client, alice) == []


def _backup(*entries: dict[str, Any]) -> bytes:
    account = {"ref": 1, "name": "Main", "currency": "EUR", "kind": "brokerage", "track_cash": True}
    deposit = {"account": 1, "type": "DEPOSIT", "date": "2024-01-02", "currency": "EUR"}
    document = {
        "format": "pms-backup",
        "version": 1,
        "accounts": [account],
        "transactions": [deposit | entry for entry in entries],
    }
    return json.dumps(document).encode()


def test_a_backup_refuses_such_numbers(client: TestClient, alice: dict[str, str]) -> None:
    content = _backup({"amount": "1_000"}, {"amount": ARABIC_INDIC}, {"amount": "12"})
    response = upload(client, alice, content, filename="x.json", format="pms-json")
    assert _refused(response) == [("line.1.amount", "number"), ("line.2.amount", "number")]
    assert transactions(client, alice) == []


def test_a_price_history_refuses_such_numbers(client: TestClient, alice: dict[str, str]) -> None:
    fund = factories.instrument(client, alice, symbol="FUND", data_source="manual")["id"]
    content = f"Date,Close\n2024-01-02,{ARABIC_INDIC}\n2024-01-03,1_000\n".encode()
    response = upload(client, alice, content, format="prices-csv", instrument_id=fund)
    assert _refused(response) == [("line.2.Close", "number"), ("line.3.Close", "number")]


CONTROL_IDS = ["tab\there", "line\nbreak", "carriage\rreturn", "n\u0085el", "s\u2028ep", "bell\x07"]


@pytest.mark.parametrize("external_id", CONTROL_IDS)
def test_an_external_id_with_a_control_character_is_refused(
    client: TestClient, alice: dict[str, str], external_id: str
) -> None:
    backup = _backup({"amount": "10", "external_id": external_id})
    response = upload(client, alice, backup, filename="x.json", format="pms-json")
    assert _refused(response) == [("line.1.external_id", "control")]
    assert response.json()["errors"][0]["message"] == "must not contain control characters"

    activity = {
        "id": external_id,
        "type": "INTEREST",
        "date": "2024-01-02T00:00:00.000Z",
        "symbol": "Savings",
        "dataSource": "MANUAL",
        "currency": "EUR",
        "quantity": 1,
        "unitPrice": 10,
        "fee": 0,
    }
    ghostfolio = json.dumps({"activities": [activity]}).encode()
    acc = factories.account(client, alice, name="Savings", track_cash=True)["id"]
    response = upload(
        client, alice, ghostfolio, filename="x.json", format="ghostfolio-json", account_id=acc
    )
    assert _refused(response) == [("line.1.external_id", "control")]
    assert transactions(client, alice) == []


@pytest.mark.parametrize("external_id", ["tab\there", "line\nbreak", "n\u0085el"])
def test_pms_csv_refuses_an_external_id_with_a_control_character(
    client: TestClient, alice: dict[str, str], external_id: str
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = (
        "date,type,amount,currency,external_id\n"
        f'2024-01-02,DEPOSIT,10,EUR,"{external_id}"\n'
        "2024-01-03,DEPOSIT,10,EUR,a-plain-id\n"
    ).encode()
    response = upload(client, alice, content, format="pms-csv", account_id=acc)
    assert _refused(response) == [("line.2.external_id", "control")]
    assert transactions(client, alice) == []
