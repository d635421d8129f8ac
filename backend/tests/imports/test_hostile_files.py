"""Files that are not what they claim: refused with a 4xx naming the problem, never a 500."""

from __future__ import annotations

import codecs
import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests import factories
from tests.imports.helpers import IMPORTS, sample, transactions, upload

DEPOSITS = "date,type,amount,currency,note\n2024-01-02,DEPOSIT,100,EUR,Grüße\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file: is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (bytes(range(256)) * 4, "binary file"),
        (b"date,type,amount\n2024-01-02,DEP\x00OSIT,1\n", "NUL"),
        (b"date,type,amount\n" + b"x" * 70_000 + b"\n", "longer than 65536 characters"),
        (b"just some words\nand more\n", "lacks the column(s) date, type"),
        (b'date,type,amount,note\n2024-01-02,DEPOSIT,1,"never closed\n', "field larger"),
    ],
)
def test_unreadable_files_are_refused_whole(
    client: TestClient, alice: dict[str, str], content: bytes, message: str
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    if message == "field larger":
        content += b"x" * 60_000 + b"\n" + b"y" * 60_000 + b"\n" + b"z" * 60_000 + b"\n"
    response = upload(client, alice, content, format="pms-csv", account_id=acc)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["errors"][0]["field"] == "file"
    assert message in body["detail"]
    assert transactions(client, alice) == []


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (DEPOSITS.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + DEPOSITS.encode("utf-8"), "utf-8-sig"),
        (DEPOSITS.encode("utf-16"), "utf-16"),
        (DEPOSITS.encode("utf-16-le"), "utf-16-le"),
        (DEPOSITS.encode("cp1252"), "cp1252"),
        (DEPOSITS.replace("Grüße", "Grüße \x81").encode("latin-1"), "latin-1"),
    ],
)
def test_encodings_are_detected(
    client: TestClient, alice: dict[str, str], encoded: bytes, encoding: str
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    response = upload(client, alice, encoded, format="pms-csv", account_id=acc)
    assert response.status_code == 200, response.text
    assert response.json()["detected"]["encoding"] == encoding
    note = transactions(client, alice)[0]["note"]
    assert note.startswith("Grüße")


def test_a_formula_in_a_number_column_is_an_error_not_a_value(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = b"date,type,amount,currency\n2024-01-02,DEPOSIT,=1+2,EUR\n"
    response = upload(client, alice, content, format="pms-csv", account_id=acc)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "line.2.amount", "message": "'=1+2' is not a number", "code": "number"}
    ]


def test_ambiguous_dates_ask_for_the_format(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = b"date,type,amount,currency\n03/04/2024,DEPOSIT,10,EUR\n05/06/2024,DEPOSIT,20,EUR\n"
    response = upload(client, alice, content, format="pms-csv", account_id=acc)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "date_format",
            "message": "dates like '03/04/2024' can be day-first or month-first; "
            "say which with date_format=dmy or date_format=mdy",
            "code": "ambiguous",
        }
    ]
    answered = upload(client, alice, content, format="pms-csv", account_id=acc, date_format="mdy")
    assert answered.status_code == 200
    assert [t["date"] for t in transactions(client, alice)] == ["2024-03-04", "2024-05-06"]


def test_ambiguous_numbers_ask_for_the_separator(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = b"date;type;amount;currency\n2024-01-02;DEPOSIT;1.250;EUR\n"
    response = upload(client, alice, content, format="pms-csv", account_id=acc)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "decimal_separator"
    answered = upload(
        client, alice, content, format="pms-csv", account_id=acc, decimal_separator=","
    )
    assert answered.status_code == 200, answered.text
    assert transactions(client, alice)[0]["amount"] == "1250.00"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 5000 + b"]" * 5000, "is not a JSON object"),
        (b'{"activities": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nests deeper than 16 levels"),
        (b'{"activities": [{"type": "BUY",', "is not valid JSON"),
        (b'{"activities": [NaN]}', "is not valid JSON"),
    ],
)
def test_hostile_json_is_refused(
    client: TestClient, alice: dict[str, str], content: bytes, message: str
) -> None:
    response = upload(client, alice, content, filename="x.json", format="ghostfolio-json")
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]


def test_json_rows_of_the_wrong_shape_are_row_errors(
    client: TestClient, alice: dict[str, str]
) -> None:
    document = {"activities": [42, {"type": "BUY", "date": "yesterday", "quantity": "lots"}]}
    response = upload(client, alice, json.dumps(document).encode(), format="ghostfolio-json")
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["line.1.activity", "line.2.date", "line.2.quantity"]


def test_an_upload_over_the_limit_is_413(
    app: FastAPI, client: TestClient, alice: dict[str, str]
) -> None:
    app.state.runtime.settings.import_max_bytes = 4096
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    big = sample("pms.csv") * 10
    response = upload(client, alice, big, format="pms-csv", account_id=acc)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "limit of 4096 bytes" in response.json()["detail"]
    # Without a Content-Length the body is counted as it streams.
    body = b"".join(
        [
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n',
            big,
            b"\r\n--b--\r\n",
        ]
    )

    def chunks() -> object:
        yield body

    streamed = client.post(
        IMPORTS,
        headers=alice | {"Content-Type": "multipart/form-data; boundary=b"},
        params={"format": "pms-csv", "account_id": acc},
        content=chunks(),  # type: ignore[arg-type]
    )
    assert streamed.status_code == 413
    assert transactions(client, alice) == []


def test_an_unknown_format_is_a_validation_error(client: TestClient, alice: dict[str, str]) -> None:
    response = upload(client, alice, b"x", format="excel")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "format"


def test_a_value_too_large_for_the_ledger_is_a_row_error(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    content = (
        b"Date,Type,Value,Transaction Currency,Shares,Ticker Symbol\n"
        b"2024-01-02,Buy,-10000000000000000000,EUR,0.0000000001,HUGE\n"
    )
    response = upload(client, alice, content, format="pp-csv", account_id=acc)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "line.2.price", "message": "is too large to be stored", "code": "too_large"}
    ]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("note", "bell \x07", "control"),
        ("note", "delete \x7f", "control"),
        ("transfer_id", "umbuchung-ä", "invalid"),
    ],
)
def test_text_the_api_refuses_is_refused_by_an_import(
    client: TestClient, alice: dict[str, str], field: str, value: str, code: str
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    deposit = {"account_id": acc, "type": "DEPOSIT", "date": "2024-01-02", "amount": "100"}
    posted = client.post("/api/v1/transactions", headers=alice, json=deposit | {field: value})
    assert posted.status_code == 422, posted.text
    assert [e["field"] for e in posted.json()["errors"]] == [field]

    content = f"date,type,amount,currency,{field}\n2024-01-02,DEPOSIT,100,EUR,{value}\n"
    response = upload(client, alice, content.encode(), format="pms-csv", account_id=acc)
    assert response.status_code == 422, response.text
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        (f"line.2.{field}", code)
    ]
    assert transactions(client, alice) == []
