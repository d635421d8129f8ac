"""GET /portfolio/health: a ledger seeded with one problem per check finds each with its ids, days
and amounts; the demo portfolio is healthy on its own last day; another user's data never shows;
bad parameters are refused naming the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from pms.db.models import Transaction
from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO, Built, build

HEALTH = f"{PORTFOLIO}/health"
AS_OF = "2024-01-31"

#: EUR base, valued on Wednesday 2024-01-31. Each account or instrument carries one problem.
SICK: dict[str, Any] = {
    "base_currency": "EUR",
    "accounts": [
        {"key": "Cash", "currency": "EUR", "track_cash": True},
        {"key": "Broker", "currency": "EUR", "track_cash": False},
        {"key": "Other", "currency": "EUR", "track_cash": False},
        {"key": "Peso", "currency": "ARS", "track_cash": True},
    ],
    "instruments": [
        # 102 → 51 from one close to the next: a 2-for-1 split that is not stored.
        {
            "key": "SPLT",
            "symbol": "SPLT",
            "currency": "EUR",
            "prices": [
                ["2024-01-02", "100"],
                ["2024-01-03", "102"],
                ["2024-01-04", "51"],
                ["2024-01-31", "52"],
            ],
        },
        # No close at all: valued at its trade price.
        {"key": "NOCL", "symbol": "NOCL", "currency": "EUR"},
        # A manual instrument whose last close is four weeks old.
        {"key": "OLD", "symbol": "OLD", "currency": "EUR", "prices": [["2024-01-02", "10"]]},
        # Quoted in CLP, which the bundled ECB rates lack; one stored rate, on 2024-01-02.
        {
            "key": "CLPX",
            "symbol": "CLPX",
            "currency": "CLP",
            "prices": [["2024-01-02", "1000"], ["2024-01-31", "1010"]],
        },
        {
            "key": "DIV",
            "symbol": "DIV",
            "currency": "EUR",
            "prices": [["2024-01-02", "10"], ["2024-01-31", "11"]],
        },
    ],
    "fx": {"EUR/CLP": [["2024-01-02", "950"]]},
    "transactions": [
        {"account": "Cash", "type": "DEPOSIT", "date": "2024-01-02", "amount": "1000"},
        # −500 after this buy, −505 after the fee, −305 after the second deposit.
        {
            "account": "Cash",
            "instrument": "DIV",
            "type": "BUY",
            "date": "2024-01-08",
            "quantity": "10",
            "price": "150",
        },
        {"account": "Cash", "type": "FEE", "date": "2024-01-09", "amount": "5"},
        {"account": "Cash", "type": "DEPOSIT", "date": "2024-01-12", "amount": "200"},
        {
            "account": "Broker",
            "instrument": "SPLT",
            "type": "BUY",
            "date": "2024-01-02",
            "quantity": "10",
            "price": "100",
        },
        {
            "account": "Broker",
            "instrument": "NOCL",
            "type": "BUY",
            "date": "2024-01-10",
            "quantity": "5",
            "price": "20",
        },
        {
            "account": "Broker",
            "instrument": "OLD",
            "type": "BUY",
            "date": "2024-01-02",
            "quantity": "1",
            "price": "10",
        },
        {
            "account": "Broker",
            "instrument": "CLPX",
            "type": "BUY",
            "date": "2024-01-02",
            "quantity": "1",
            "price": "1000",
        },
        {
            "account": "Broker",
            "instrument": "DIV",
            "type": "BUY",
            "date": "2024-01-02",
            "quantity": "10",
            "price": "10",
        },
        # The same buy twice (the second gets an older created_at below: entered apart).
        {
            "account": "Broker",
            "instrument": "DIV",
            "type": "BUY",
            "date": "2024-01-05",
            "quantity": "1",
            "price": "10",
        },
        {
            "account": "Broker",
            "instrument": "DIV",
            "type": "BUY",
            "date": "2024-01-05",
            "quantity": "1",
            "price": "10",
        },
        # One leg of a transfer, its partner never entered.
        {
            "account": "Broker",
            "instrument": "DIV",
            "type": "TRANSFER_OUT",
            "date": "2024-01-15",
            "quantity": "2",
            "transfer_id": "T-1",
        },
        # A dividend where DIV is held (fine) and one where it never was.
        {
            "account": "Broker",
            "instrument": "DIV",
            "type": "DIVIDEND",
            "date": "2024-01-25",
            "amount": "3",
        },
        {
            "account": "Other",
            "instrument": "DIV",
            "type": "DIVIDEND",
            "date": "2024-01-20",
            "amount": "5",
        },
        # Pesos, for which no rate is stored nor bundled.
        {"account": "Peso", "type": "DEPOSIT", "date": "2024-01-03", "amount": "1000"},
    ],
}


def _transaction_ids(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get(
        "/api/v1/transactions", headers=headers, params={"limit": 1000, "order": "asc"}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _health(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get(HEALTH, headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _by_code(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = body["items"]
    codes = [item["code"] for item in items]
    assert len(codes) == len(set(codes)), codes
    return {item["code"]: item for item in items}


@pytest.fixture
def sick(client: TestClient, alice: dict[str, str], session: Session) -> Built:
    built = build(client, alice, SICK)
    rows = _transaction_ids(client, alice)
    first, _ = [t["id"] for t in rows if t["date"] == "2024-01-05"]
    session.execute(
        update(Transaction)
        .where(Transaction.id == first)
        .values(created_at=datetime.now(UTC) - timedelta(hours=2))
    )
    session.commit()
    return built


def _find(rows: list[dict[str, Any]], **fields: Any) -> list[int]:
    return [r["id"] for r in rows if all(r[k] == v for k, v in fields.items())]


def test_each_check_finds_its_problem(client: TestClient, alice: dict[str, str], sick: Built):
    body = _health(client, alice, as_of=AS_OF)
    found = _by_code(body)
    rows = _transaction_ids(client, alice)
    acc, inst = sick.accounts, sick.instruments

    assert set(found) == {
        "negative_cash",
        "valued_at_trade_price",
        "price_stale",
        "rate_missing",
        "rate_carried_forward",
        "suspected_split",
        "unmatched_transfer",
        "dividend_not_held",
        "possible_duplicate",
    }
    assert body["counts"] == {"error": 2, "warning": 7, "info": 0}
    assert body["total"] == 9
    assert body["as_of"] == AS_OF
    assert body["currency"] == "EUR"
    # Errors first.
    assert [i["severity"] for i in body["items"]][:2] == ["error", "error"]

    cash = found["negative_cash"]
    assert cash["severity"] == "warning"
    assert cash["account_id"] == acc["Cash"]
    assert cash["currency"] == "EUR"
    assert cash["since"] == "2024-01-08"
    assert cash["day"] == "2024-01-09"
    assert cash["amount"] == "-505.00"
    assert cash["transaction_ids"] == _find(rows, type="BUY", account_id=acc["Cash"])
    assert "-305.00 EUR" in cash["message"]
    assert cash["fix"]["path"] == (
        f"/transactions?account={acc['Cash']}&from=2024-01-08&to=2024-01-08"
    )

    trade = found["valued_at_trade_price"]
    assert (trade["severity"], trade["instrument_id"]) == ("warning", inst["NOCL"])
    assert trade["since"] == "2024-01-10"
    assert trade["fix"]["path"] == f"/holdings/{inst['NOCL']}"

    stale = found["price_stale"]
    assert (stale["severity"], stale["instrument_id"]) == ("warning", inst["OLD"])
    assert stale["since"] == "2024-01-02"
    assert "entered by hand" in stale["message"]
    assert stale["fix"]["path"] == f"/holdings/{inst['OLD']}"

    missing = found["rate_missing"]
    assert (missing["severity"], missing["currency"]) == ("error", "ARS")
    assert missing["since"] == "2024-01-03"
    assert "ARS/EUR" in missing["message"]
    assert missing["fix"]["path"] == "/settings/exchange-rates"

    carried = found["rate_carried_forward"]
    assert (carried["severity"], carried["currency"]) == ("warning", "CLP")
    # 2024-01-02's rate is six business days old on the 10th; 21 on the 31st.
    assert carried["since"] == "2024-01-10"
    assert carried["day"] == "2024-01-31"
    assert "on 22 held days" in carried["message"]
    assert "at most 21 business days" in carried["message"]
    assert "stored rate of 2024-01-02" in carried["message"]

    split = found["suspected_split"]
    assert (split["severity"], split["instrument_id"]) == ("error", inst["SPLT"])
    assert split["account_id"] == acc["Broker"]
    assert split["since"] == split["day"] == "2024-01-04"
    assert split["split"] == {"date": "2024-01-04", "numerator": 2, "denominator": 1}
    assert "2-for-1 split on 2024-01-04" in split["message"]
    assert split["fix"]["path"] == f"/holdings/{inst['SPLT']}"

    transfer = found["unmatched_transfer"]
    assert transfer["severity"] == "warning"
    assert transfer["transaction_ids"] == _find(rows, type="TRANSFER_OUT")
    assert (transfer["account_id"], transfer["instrument_id"]) == (acc["Broker"], inst["DIV"])
    assert transfer["since"] == "2024-01-15"
    assert "'T-1'" in transfer["message"]

    dividend = found["dividend_not_held"]
    assert dividend["severity"] == "warning"
    assert dividend["transaction_ids"] == _find(rows, type="DIVIDEND", account_id=acc["Other"])
    assert (dividend["account_id"], dividend["instrument_id"]) == (acc["Other"], inst["DIV"])
    assert dividend["since"] == "2024-01-20"
    assert dividend["fix"]["path"] == (
        f"/transactions?account={acc['Other']}&instrument={inst['DIV']}"
    )

    duplicate = found["possible_duplicate"]
    assert duplicate["severity"] == "warning"
    assert duplicate["transaction_ids"] == _find(rows, date="2024-01-05")
    assert len(duplicate["transaction_ids"]) == 2
    assert duplicate["since"] == "2024-01-05"
    assert duplicate["fix"]["path"] == (
        f"/transactions?account={acc['Broker']}&instrument={inst['DIV']}&type=BUY"
        "&from=2024-01-05&to=2024-01-05"
    )
    for item in body["items"]:
        assert item["fix"]["text"]


def test_narrowing_to_accounts(client: TestClient, alice: dict[str, str], sick: Built) -> None:
    found = _by_code(_health(client, alice, as_of=AS_OF, account_id=sick.accounts["Other"]))
    assert set(found) == {"dividend_not_held"}
    both = [sick.accounts["Cash"], sick.accounts["Peso"]]
    found = _by_code(_health(client, alice, as_of=AS_OF, account_id=both))
    # Cash holds DIV from the 8th: no split, stale price or rate problem there.
    assert set(found) == {"negative_cash", "rate_missing"}


def test_a_day_before_the_problems(client: TestClient, alice: dict[str, str], sick: Built) -> None:
    """On 2024-01-03 the split, the negative cash, the transfer, the dividend and the duplicate
    lie ahead: only what already holds then is reported."""
    found = _by_code(_health(client, alice, as_of="2024-01-03"))
    assert set(found) == {"rate_missing"}


def test_a_stored_split_explains_the_jump(
    client: TestClient, alice: dict[str, str], sick: Built
) -> None:
    response = client.post(
        f"/api/v1/instruments/{sick.instruments['SPLT']}/splits",
        headers=alice,
        json={"date": "2024-01-04", "numerator": 2, "denominator": 1},
    )
    assert response.status_code == 201, response.text
    assert "suspected_split" not in _by_code(_health(client, alice, as_of=AS_OF))


def test_a_jump_not_held_across_is_a_warning(client: TestClient, alice: dict[str, str]) -> None:
    account = factories.account(client, alice)["id"]
    instrument = factories.instrument(client, alice, symbol="REV", data_source="manual")["id"]
    closes = [("2024-01-02", "1.00"), ("2024-01-03", "10.2"), ("2024-01-04", "10.1")]
    response = client.put(
        f"/api/v1/instruments/{instrument}/prices",
        headers=alice,
        json=[{"date": day, "close": close} for day, close in closes],
    )
    assert response.status_code == 200, response.text
    factories.buy(client, alice, account, instrument, "2024-01-04", "1", "10.1")
    (item,) = _health(client, alice, as_of="2024-01-04")["items"]
    assert (item["code"], item["severity"]) == ("suspected_split", "warning")
    assert item["split"] == {"date": "2024-01-03", "numerator": 1, "denominator": 10}
    assert "1-for-10 reverse split" in item["message"]
    assert item["account_id"] is None


def test_the_demo_is_healthy_on_its_last_day(client: TestClient, alice: dict[str, str]) -> None:
    loaded = client.post("/api/v1/demo", headers=alice)
    assert loaded.status_code == 201, loaded.text
    body = _health(client, alice, as_of=loaded.json()["last_date"])
    assert body["items"] == []
    assert body["counts"] == {"error": 0, "warning": 0, "info": 0}
    # Years later its bundled prices and rates are old, and said to be: nothing else.
    later = _health(client, alice, as_of="2026-12-04")
    assert later["counts"]["error"] == 0
    assert {i["code"] for i in later["items"]} == {"price_stale", "rate_carried_forward"}


def test_another_users_data_never_appears(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], sick: Built
) -> None:
    bob_account = factories.account(client, bob, name="Bob", track_cash=True)["id"]
    factories.transaction(
        client, bob, account_id=bob_account, type="WITHDRAWAL", date="2024-01-05", amount="50"
    )
    bobs = _health(client, bob, as_of=AS_OF)
    (item,) = bobs["items"]
    assert (item["code"], item["account_id"], item["amount"]) == (
        "negative_cash",
        bob_account,
        "-50.00",
    )
    alices = _health(client, alice, as_of=AS_OF)
    assert bob_account not in {i["account_id"] for i in alices["items"]}
    response = client.get(
        HEALTH, headers=bob, params={"as_of": AS_OF, "account_id": sick.accounts["Cash"]}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "1899-12-31"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"as_of": "2999-01-01"}, "as_of"),
        ({"account_id": "0"}, "account_id"),
        ({"account_id": "x"}, "account_id"),
    ],
)
def test_bad_parameters_are_refused(
    client: TestClient, alice: dict[str, str], params: dict[str, str], field: str
) -> None:
    response = client.get(HEALTH, headers=alice, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    # A repeated parameter is named with the position of the bad value ("account_id.0").
    assert response.json()["errors"][0]["field"].split(".")[0] == field


def test_health_needs_sign_in(client: TestClient) -> None:
    assert client.get(HEALTH).status_code == 401


def test_the_report_is_cached_until_the_ledger_changes(
    client: TestClient, alice: dict[str, str]
) -> None:
    account = factories.account(client, alice, track_cash=True)["id"]
    factories.transaction(
        client, alice, account_id=account, type="WITHDRAWAL", date="2024-01-05", amount="50"
    )
    first = client.get(HEALTH, headers=alice, params={"as_of": AS_OF})
    again = client.get(HEALTH, headers=alice, params={"as_of": AS_OF})
    assert first.content == again.content
    assert first.json()["counts"]["warning"] == 1
    factories.transaction(
        client, alice, account_id=account, type="DEPOSIT", date="2024-01-05", amount="50"
    )
    assert _health(client, alice, as_of=AS_OF)["items"] == []


def test_the_operation_is_documented(client: TestClient) -> None:
    operation = client.get("/api/openapi.json").json()["paths"][HEALTH]["get"]
    assert operation["operationId"] == "portfolio-health"
    assert {"401", "404", "422"} <= set(operation["responses"])


def test_a_first_rate_standing_in_before_its_series(
    client: TestClient, alice: dict[str, str]
) -> None:
    """CLP (not in the bundled ECB rates) held from Tuesday 2024-01-02, its first stored rate on
    Friday the 5th: that rate stands in on the 2nd, 3rd and 4th."""
    spec = {
        "base_currency": "EUR",
        "accounts": [{"key": "B", "currency": "EUR", "track_cash": False}],
        "instruments": [
            {
                "key": "C",
                "symbol": "CLPX",
                "currency": "CLP",
                "prices": [["2024-01-02", "1000"], ["2024-01-05", "1000"]],
            }
        ],
        "fx": {"EUR/CLP": [["2024-01-05", "950"]]},
        "transactions": [
            {
                "account": "B",
                "instrument": "C",
                "type": "BUY",
                "date": "2024-01-02",
                "quantity": "1",
                "price": "1000",
            }
        ],
    }
    build(client, alice, spec)
    (item,) = _health(client, alice, as_of="2024-01-05")["items"]
    assert (item["code"], item["severity"], item["currency"]) == ("rate_missing", "warning", "CLP")
    assert (item["since"], item["day"]) == ("2024-01-02", "2024-01-05")
    assert "stands in on 3 held days" in item["message"]
