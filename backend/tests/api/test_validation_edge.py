"""Inputs at the edge of what the API takes: each is refused with a 4xx naming the field (or
answered sanely), never a 500."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pms import ledger_limits
from pms.market import price_csv
from pms.runtime import Runtime
from tests import factories

PROBLEM = "application/problem+json"


def _post_raw(client: TestClient, path: str, headers: dict[str, str], raw: str) -> Any:
    """POST `raw` JSON text as written (so that escapes such as \\ud800 reach the server)."""
    return client.post(
        path, content=raw.encode(), headers={**headers, "Content-Type": "application/json"}
    )


def _fields(response: Any) -> list[str]:
    assert response.headers["content-type"] == PROBLEM, response.text
    return [e["field"] for e in response.json()["errors"]]


@pytest.fixture
def ledger(client: TestClient, alice: dict[str, str]) -> dict[str, int]:
    account = factories.account(client, alice, name="Main", track_cash=True)["id"]
    instrument = factories.instrument(client, alice, symbol="X")["id"]
    return {"account": account, "instrument": instrument}


# --- Large decimals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "1e19",
        "1E+19",
        "12345678901234567890",
        "99999999999999999999.9999999999",
        "1000000000000000000",
        "0.0000000001",
    ],
)
def test_a_decimal_within_twenty_digits_is_stored_and_answered_exactly(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int], value: str
) -> None:
    body = {"account_id": ledger["account"], "type": "DEPOSIT", "date": "2024-01-02"}
    response = client.post("/api/v1/transactions", headers=alice, json={**body, "amount": value})
    assert response.status_code == 201, response.text
    assert Decimal(response.json()["amount"]) == Decimal(value)
    stored = client.get(f"/api/v1/transactions/{response.json()['id']}", headers=alice)
    assert Decimal(stored.json()["amount"]) == Decimal(value)


@pytest.mark.parametrize(("field", "value"), [("quantity", "1e19"), ("price", "1E+19")])
def test_a_trade_of_a_huge_but_storable_size_is_taken(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int], field: str, value: str
) -> None:
    body = {
        "account_id": ledger["account"],
        "instrument_id": ledger["instrument"],
        "type": "BUY",
        "date": "2024-01-02",
        "quantity": "1",
        "price": "1",
        field: value,
    }
    response = client.post("/api/v1/transactions", headers=alice, json=body)
    assert response.status_code == 201, response.text
    assert Decimal(response.json()[field]) == Decimal(value)
    assert Decimal(response.json()["amount"]) == Decimal("1e19")


@pytest.mark.parametrize(
    "value",
    [
        "123456789012345678901.5",  # 21 digits before the point
        "1e20",
        "1e21",
        "-123456789012345678901",
        "1e-11",  # more than ten places
        "0.00000000001",
        "1e999999",
    ],
)
def test_a_decimal_the_column_cannot_store_is_422_naming_the_field(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int], value: str
) -> None:
    body = {
        "account_id": ledger["account"],
        "type": "DEPOSIT",
        "date": "2024-01-02",
        "amount": value,
    }
    response = client.post("/api/v1/transactions", headers=alice, json=body)
    assert response.status_code == 422, response.text
    assert _fields(response) == ["amount"]


def test_a_huge_amount_times_a_huge_quantity_is_422_not_500(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int]
) -> None:
    """Both inputs fit a column; their product (the cash the buy moves) does not."""
    body = {
        "account_id": ledger["account"],
        "instrument_id": ledger["instrument"],
        "type": "BUY",
        "date": "2024-01-02",
        "quantity": "99999999999999999999",
        "price": "99999999999999999999",
    }
    response = client.post("/api/v1/transactions", headers=alice, json=body)
    assert response.status_code == 422, response.text
    assert _fields(response) == ["amount"]
    # Quantity 1 at the largest price: 28-digit arithmetic rounds the amount up to 1E+20.
    edge = {**body, "quantity": "1", "price": "99999999999999999999.9999999999"}
    response = client.post("/api/v1/transactions", headers=alice, json=edge)
    assert response.status_code == 422, response.text
    assert _fields(response) == ["amount"]
    # The same through PATCH, on a stored trade.
    created = client.post(
        "/api/v1/transactions", headers=alice, json={**body, "quantity": "1", "price": "1"}
    )
    assert created.status_code == 201, created.text
    response = client.patch(
        f"/api/v1/transactions/{created.json()['id']}",
        headers=alice,
        json={"quantity": "99999999999999999999", "price": "99999999999999999999"},
    )
    assert response.status_code == 422, response.text
    assert _fields(response) == ["amount"]


@pytest.mark.parametrize(
    "value",
    ["1_000", "١٢٣", "۱۲۳", "１２３", "1\u00a0000", " 12", "12 ", "0x10", "1,5", "Infinity", "NaN"],
)
def test_a_decimal_string_must_be_plain_ascii(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int], value: str
) -> None:
    body = {"account_id": ledger["account"], "type": "DEPOSIT", "date": "2024-01-02"}
    response = client.post("/api/v1/transactions", headers=alice, json={**body, "amount": value})
    assert response.status_code == 422, response.text
    assert _fields(response) == ["amount"]
    # The same text as a price of a price list is refused too.
    instrument = factories.instrument(client, alice, symbol="P", data_source="manual")["id"]
    response = client.put(
        f"/api/v1/instruments/{instrument}/prices",
        headers=alice,
        json=[{"date": "2024-01-02", "close": value}],
    )
    assert response.status_code == 422, response.text
    assert _fields(response) == ["0.close"]


@pytest.mark.parametrize("value", ["12", "-12.50", "+3", "0.5", ".5", "5.", "1e3", "1E-2"])
def test_plain_decimal_strings_are_taken(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int], value: str
) -> None:
    body = {"account_id": ledger["account"], "type": "DEPOSIT", "date": "2024-01-02"}
    response = client.post(
        "/api/v1/transactions", headers=alice, json={**body, "amount": value.lstrip("-")}
    )
    assert response.status_code == 201, response.text
    assert Decimal(response.json()["amount"]) == Decimal(value.lstrip("-"))


def test_is_decimal_text() -> None:
    assert ledger_limits.is_decimal_text("-12.5e+3")
    for text in ("1_000", "١٢٣", "", "-", ".", "1e", "e5", "1.2.3", "1 ", "٣.٥"):
        assert not ledger_limits.is_decimal_text(text), text


# --- Lone surrogates and control characters ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "raw", "field"),
    [
        (
            "/api/v1/accounts",
            '{"name": "Main\\ud800", "currency": "EUR", "kind": "brokerage"}',
            "name",
        ),
        (
            "/api/v1/instruments",
            '{"symbol": "S", "name": "\\udfff", "currency": "EUR", "asset_class": "equity"}',
            "name",
        ),
    ],
)
def test_a_lone_surrogate_in_a_label_is_422(
    client: TestClient, alice: dict[str, str], path: str, raw: str, field: str
) -> None:
    response = _post_raw(client, path, alice, raw)
    assert response.status_code == 422, response.text
    assert _fields(response) == [field]


@pytest.mark.parametrize("field", ["note", "external_id"])
def test_a_lone_surrogate_in_a_transaction_text_is_422(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int], field: str
) -> None:
    body = {
        "account_id": ledger["account"],
        "type": "DEPOSIT",
        "date": "2024-01-02",
        "amount": "10",
    }
    raw = json.dumps(body)[:-1] + f', "{field}": "a\\ud83db"}}'
    response = _post_raw(client, "/api/v1/transactions", alice, raw)
    assert response.status_code == 422, response.text
    assert _fields(response) == [field]


@pytest.mark.parametrize("text", ["a\nb", "a\tb", "a\x00b", "a\rb", "a\x85b", "a\x9fb", "a\x7fb"])
def test_an_external_id_holds_no_control_character(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int], text: str
) -> None:
    body = {
        "account_id": ledger["account"],
        "type": "DEPOSIT",
        "date": "2024-01-02",
        "amount": "10",
        "external_id": text,
    }
    response = client.post("/api/v1/transactions", headers=alice, json=body)
    assert response.status_code == 422, response.text
    assert _fields(response) == ["external_id"]
    created = client.post(
        "/api/v1/transactions", headers=alice, json={**body, "external_id": "bank-1"}
    )
    assert created.status_code == 201
    patched = client.patch(
        f"/api/v1/transactions/{created.json()['id']}", headers=alice, json={"external_id": text}
    )
    assert patched.status_code == 422, patched.text
    assert _fields(patched) == ["external_id"]


def test_the_id_rule_is_one_shared_function() -> None:
    for text in ("a\nb", "\t", "\x00", "\x85", "\x9f", "\x7f", "\u2028", "\ud800"):
        assert ledger_limits.has_id_control_characters(text), repr(text)
    for text in ("bank-0001", "Überweisung 12", "日本"):
        assert not ledger_limits.has_id_control_characters(text)
    assert ledger_limits.has_lone_surrogates("a\udc00")
    assert not ledger_limits.has_lone_surrogates("a\U0001f600")


# --- Odd dates and paths --------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_market_status_on_an_impossible_day_is_422(
    client: TestClient, alice: dict[str, str], ledger: dict[str, int], as_of: str
) -> None:
    factories.buy(client, alice, ledger["account"], ledger["instrument"], "2024-01-02", "1", "1")
    response = client.get("/api/v1/market/status", headers=alice, params={"as_of": as_of})
    assert response.status_code == 422, response.text
    assert _fields(response) == ["as_of"]


def test_market_status_on_a_plain_day_answers(client: TestClient, alice: dict[str, str]) -> None:
    response = client.get("/api/v1/market/status", headers=alice, params={"as_of": "2024-01-02"})
    assert response.status_code == 200, response.text
    assert response.json()["as_of"] == "2024-01-02"


@pytest.fixture
def spa_client(runtime: Runtime, tmp_path: Path) -> Any:
    from pms.main import create_app

    site = tmp_path / "dist"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>PMS</title>")
    (tmp_path / "secret.txt").write_text("outside the build")
    runtime.settings.static_dir = site
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "path",
    [
        "/%00",
        "/a%00b",
        "/assets/%00.js",
        "/%2e%2e/",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2f",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/a%5c..%5csecret.txt",
        "/%0a",
        "/a%0d%0aSet-Cookie:x=1",
    ],
)
def test_odd_spa_paths_are_404(spa_client: TestClient, path: str) -> None:
    response = spa_client.get(path)
    assert response.status_code == 404, (path, response.status_code, response.text)
    assert response.headers["content-type"] == PROBLEM
    assert "outside the build" not in response.text


@pytest.mark.parametrize(
    "path",
    ["/holdings/5", "/%ff%fe", "/%ed%a0%80", "/\u00e9\u0301", "/" + "a" * 300, "/a/" + "b" * 5000],
)
def test_other_client_routes_get_the_app(spa_client: TestClient, path: str) -> None:
    response = spa_client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.text)
    assert response.text == "<!doctype html><title>PMS</title>"


# --- Price CSV --------------------------------------------------------------------------------


def test_price_csv_does_not_read_arabic_indic_digits_as_numbers() -> None:
    data = "Date,Close\n2024-01-02,١٢٣\n2024-01-03,124\n".encode()
    with pytest.raises(price_csv.ValidationFailed) as refused:
        price_csv.parse_price_csv(data, today=date(2025, 1, 1))
    assert refused.value.errors[0].field.startswith(("row", "Close"))


def test_price_csv_does_not_read_arabic_indic_dates() -> None:
    # strptime's %Y reads any Unicode digits: "٢٠٢٤-01-02" was taken for 2024-01-02.
    data = "Date,Close\n٢٠٢٤-01-02,123\n".encode()
    with pytest.raises(price_csv.ValidationFailed):
        price_csv.parse_price_csv(data, today=date(2025, 1, 1))
