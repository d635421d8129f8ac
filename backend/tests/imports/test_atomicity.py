"""All or nothing: a refused row writes nothing unless bad rows are skipped; every refusal names
its line; an import never reaches into another user's books."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories
from tests.imports.helpers import instruments, sample, transactions, upload

HEADER = "date,type,symbol,instrument_currency,quantity,price,amount,currency,note\n"


def _csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


BAD = _csv(
    "2024-01-02,DEPOSIT,,,,,1000,EUR,",
    "2024-01-03,BUY,NEWCO,EUR,10,12.5,,EUR,",
    "2024-01-04,BUY,NEWCO,EUR,-3,12.5,,EUR,negative",
    "2024-01-05,SELL,NEWCO,EUR,25,13,,EUR,more than held",
    "2099-01-01,DEPOSIT,,,,,5,EUR,future",
    "2024-01-06,GIFT,,,,,5,EUR,",
)


def test_a_file_with_bad_rows_writes_nothing_and_names_every_line(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    response = upload(client, alice, BAD, format="pms-csv", account_id=acc)
    assert response.status_code == 422
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert body["detail"].startswith("4 of 6 rows were refused; nothing was written.")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("line.4.quantity", "not_positive"),
        ("line.5.quantity", "insufficient_quantity"),
        ("line.6.date", "date"),
        ("line.7.type", "type"),
    ]
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert messages["line.5.quantity"] == (
        "SELL of 25 on 2024-01-05 exceeds the 10 held in this account on that date"
    )
    assert messages["line.6.date"] == "2099-01-01 is in the future"
    assert messages["line.7.type"] == "'GIFT' is not a transaction type"
    rows = body["result"]["rows"]
    assert [(r["line"], r["status"]) for r in rows] == [
        (2, "new"),
        (3, "new"),
        (4, "invalid"),
        (5, "invalid"),
        (6, "invalid"),
        (7, "invalid"),
    ]
    # The preview still shows what each refused row was read as.
    assert rows[3]["transactions"][0]["quantity"] == "25"
    assert body["result"]["written"] is False
    assert transactions(client, alice) == []
    assert instruments(client, alice) == {}


def test_skip_invalid_writes_the_good_rows(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    response = upload(client, alice, BAD, format="pms-csv", account_id=acc, skip_invalid=True)
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["counts"]["new"], result["counts"]["invalid"], result["written"]) == (2, 4, True)
    assert [(t["type"], t["amount"]) for t in transactions(client, alice)] == [
        ("DEPOSIT", "1000.00"),
        ("BUY", "125.00"),
    ]


def test_a_dry_run_previews_and_writes_nothing(client: TestClient, alice: dict[str, str]) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    response = upload(client, alice, BAD, format="pms-csv", account_id=acc, dry_run=True)
    assert response.status_code == 200
    result = response.json()
    assert (result["dry_run"], result["valid"], result["written"]) == (True, False, False)
    assert result["counts"]["transactions"] == 2
    created = result["instruments_created"]
    # What the dry run would create has no id: it does not exist.
    assert [(i["symbol"], i["id"]) for i in created] == [("NEWCO", None)]
    assert result["rows"][1]["transactions"][0]["instrument_id"] is None
    good = upload(
        client,
        alice,
        BAD.split(b"\n2024-01-04")[0] + b"\n",
        format="pms-csv",
        account_id=acc,
        dry_run=True,
    )
    assert good.json()["valid"] is True
    assert transactions(client, alice) == []
    assert instruments(client, alice) == {}


def test_a_sale_that_empties_a_stored_position_early_is_blamed_on_the_imported_row(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    x = factories.instrument(client, alice, symbol="XCO", currency="EUR")["id"]
    factories.buy(client, alice, acc, x, "2024-01-02", "10", "5")
    factories.transaction(
        client,
        alice,
        account_id=acc,
        instrument_id=x,
        type="SELL",
        date="2024-03-01",
        quantity="10",
        price="6",
    )
    content = _csv("2024-02-01,SELL,XCO,EUR,4,5.5,,EUR,")
    response = upload(client, alice, content, format="pms-csv", account_id=acc)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "line.2.quantity"
    assert "the stored SELL of 10 on 2024-03-01" in error["message"]
    assert "with only 6 held" in error["message"]
    assert len(transactions(client, alice)) == 2


def test_an_import_cannot_touch_another_users_account(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    theirs = factories.account(client, bob, name="Bob", track_cash=True)["id"]
    response = upload(client, alice, sample("pp_en.csv"), format="pp-csv", account_id=theirs)
    assert response.status_code == 404
    assert transactions(client, bob) == []


def test_rows_without_an_account_need_account_id(client: TestClient, alice: dict[str, str]) -> None:
    response = upload(client, alice, sample("pp_en.csv"), format="pp-csv")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) == 13
    assert errors[0] == {
        "field": "line.2.account",
        "message": "the row names no account; pass account_id for such files",
        "code": "missing",
    }


def test_the_errors_only_listing_keeps_every_count(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Main", track_cash=True)["id"]
    result = upload(
        client, alice, BAD, format="pms-csv", account_id=acc, dry_run=True, rows="errors"
    ).json()
    assert [r["line"] for r in result["rows"]] == [4, 5, 6, 7]
    assert result["counts"]["rows"] == 6


def test_a_deposit_row_for_an_account_without_cash_is_refused_by_name(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, name="Shares only")["id"]
    content = b"date,type,amount,currency\n2024-01-02,DEPOSIT,100,EUR\n"
    response = upload(client, alice, content, format="pms-csv", account_id=acc)
    assert response.status_code == 422, response.text
    (row,) = response.json()["result"]["rows"]
    assert row["status"] == "invalid"
    assert row["errors"][0]["code"] == "cash_not_tracked"
    assert transactions(client, alice) == []
