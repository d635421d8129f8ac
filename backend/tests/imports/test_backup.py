"""The JSON backup: exporting a portfolio and restoring it into a fresh user gives the same
ledger; restoring twice changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.conftest import sign_up
from tests.imports.helpers import upload

Headers = dict[str, str]
API = "/api/v1"


@pytest.fixture
def portfolio(client: TestClient, admin: Headers, alice: Headers) -> Headers:
    """Alice's books: two accounts, a manual and a provider instrument with prices and a split,
    FX rates, settings, and transactions of every type. The shared rows (the provider
    instrument's prices, the FX pair) are an admin's to write."""
    assert (
        client.patch(
            f"{API}/auth/me",
            headers=alice,
            json={
                "base_currency": "USD",
                "cost_basis_method": "average",
                "theme": "dark",
                "locale": "de-CH",
            },
        ).status_code
        == 200
    )
    main = factories.account(client, alice, name="Main", track_cash=True)["id"]
    us = factories.account(client, alice, name="US", currency="USD", kind="retirement")["id"]
    fund = factories.instrument(
        client,
        alice,
        symbol="MYFUND",
        name="Family fund",
        currency="EUR",
        asset_class="fund",
        isin="DE0008474503",
        sector="Mixed",
    )["id"]
    msft = factories.instrument(
        client, alice, symbol="MSFT", name="Microsoft", currency="USD", data_source="yahoo"
    )["id"]
    client.put(
        f"{API}/instruments/{fund}/prices",
        headers=alice,
        json=[
            {"date": "2023-12-29", "close": "49.5"},
            {
                "date": "2024-01-02",
                "close": "50",
                "open": "49.8",
                "high": "50.2",
                "low": "49.7",
                "volume": "1200",
            },
            {"date": "2024-06-28", "close": "27.15"},
        ],
    )
    client.post(
        f"{API}/instruments/{fund}/splits",
        headers=alice,
        json={"date": "2024-03-01", "numerator": 2, "denominator": 1},
    )
    client.put(
        f"{API}/instruments/{msft}/prices",
        headers=admin,
        json=[{"date": "2024-01-02", "close": "370.87"}, {"date": "2024-06-28", "close": "446.95"}],
    )
    client.put(
        f"{API}/fx-rates/EUR/USD",
        headers=admin,
        json=[{"date": "2024-01-02", "rate": "1.0956"}, {"date": "2024-06-28", "rate": "1.0705"}],
    )
    t = factories.transaction
    t(
        client,
        alice,
        account_id=main,
        type="DEPOSIT",
        date="2024-01-02",
        amount="10000",
        external_id="dep-1",
    )
    factories.buy(client, alice, main, fund, "2024-01-02", "100", "50", fee="4.95", note="=start")
    factories.buy(client, alice, main, fund, "2024-01-02", "100", "50", fee="4.95", note="=start")
    factories.buy(client, alice, us, msft, "2024-01-03", "3", "370.6", fee="1", fx_rate=None)
    t(
        client,
        alice,
        account_id=main,
        instrument_id=fund,
        type="DIVIDEND",
        date="2024-04-15",
        amount="60",
        tax="15.83",
    )
    t(
        client,
        alice,
        account_id=main,
        instrument_id=fund,
        type="SELL",
        date="2024-05-02",
        quantity="50",
        price="26.5",
        fee="4.95",
        tax="12.1",
    )
    t(
        client,
        alice,
        account_id=main,
        instrument_id=fund,
        type="TRANSFER_OUT",
        date="2024-05-10",
        quantity="30",
        transfer_id="t-1",
    )
    t(
        client,
        alice,
        account_id=us,
        instrument_id=fund,
        type="TRANSFER_IN",
        date="2024-05-10",
        quantity="30",
        transfer_id="t-1",
        currency="EUR",
    )
    t(
        client,
        alice,
        account_id=main,
        type="INTEREST",
        date="2024-06-30",
        amount="12.5",
        tax="3.3",
        note="  spaced  ",
    )
    t(client, alice, account_id=main, type="FEE", date="2024-06-30", amount="2")
    t(client, alice, account_id=main, type="TAX", date="2024-06-30", amount="1.25")
    t(client, alice, account_id=main, type="WITHDRAWAL", date="2024-07-01", amount="500", note="")
    return alice


def _get(client: TestClient, headers: Headers, path: str, **params: Any) -> Any:
    response = client.get(f"{API}{path}", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def books(client: TestClient, headers: Headers) -> dict[str, Any]:
    """Everything a restore must reproduce, with ids replaced by names."""
    accounts = _get(client, headers, "/accounts")["items"]
    account_names = {a["id"]: a["name"] for a in accounts}
    catalogue = _get(client, headers, "/instruments", limit=1000)["items"]
    symbols = {i["id"]: i["symbol"] for i in catalogue}
    ledger = [
        {k: v for k, v in t.items() if k not in ("id", "created_at", "updated_at")}
        | {
            "account_id": account_names[t["account_id"]],
            "instrument_id": symbols.get(t["instrument_id"]),
        }
        for t in _get(client, headers, "/transactions", order="asc", limit=1000)["items"]
    ]
    instruments = {}
    for i in catalogue:
        prices = _get(client, headers, f"/instruments/{i['id']}/prices")["items"]
        splits = _get(client, headers, f"/instruments/{i['id']}/splits")["items"]
        instruments[i["symbol"]] = {
            **{k: v for k, v in i.items() if k not in ("id", "created_at", "updated_at")},
            "prices": prices,
            "splits": [{k: v for k, v in s.items() if k != "id"} for s in splits],
        }
    me = _get(client, headers, "/auth/me")
    return {
        "accounts": sorted(
            (a["name"], a["kind"], a["currency"], a["track_cash"]) for a in accounts
        ),
        "instruments": instruments,
        "transactions": ledger,
        "fx": _get(client, headers, "/fx-rates/EUR/USD")["items"],
        "settings": {
            k: me[k]
            for k in ("base_currency", "cost_basis_method", "theme", "locale", "risk_free_rate")
        },
    }


def _backup(client: TestClient, headers: Headers) -> bytes:
    response = client.get(f"{API}/export", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.content


def test_the_backup_restores_into_a_fresh_user_identically(
    client: TestClient, portfolio: Headers
) -> None:
    before = books(client, portfolio)
    backup = _backup(client, portfolio)
    document = json.loads(backup)
    assert (document["format"], document["version"]) == ("pms-backup", 1)
    assert len(document["transactions"]) == 12
    carol = sign_up(client, "carol")
    restored = upload(client, carol, backup, filename="backup.json", format="pms-json")
    assert restored.status_code == 200, restored.text
    counts = restored.json()["counts"]
    assert (counts["transactions"], counts["accounts_created"], counts["instruments_created"]) == (
        12,
        2,
        1,
    )
    after = books(client, carol)
    assert after == before
    # The manual instrument is carol's own copy; the provider one is the shared catalogue entry.
    assert after["instruments"]["MYFUND"]["is_own"] is True
    assert after["instruments"]["MSFT"]["is_own"] is False
    assert before["transactions"][1]["note"] == "=start"
    assert before["transactions"][8]["note"] == "  spaced  "


def test_restoring_twice_changes_nothing(client: TestClient, portfolio: Headers) -> None:
    backup = _backup(client, portfolio)
    carol = sign_up(client, "carol")
    upload(client, carol, backup, format="pms-json")
    once = books(client, carol)
    again = upload(client, carol, backup, format="pms-json")
    assert again.status_code == 200, again.text
    counts = again.json()["counts"]
    assert (counts["transactions"], counts["duplicates"], counts["invalid"]) == (0, 12, 0)
    assert (counts["accounts_created"], counts["instruments_created"]) == (0, 0)
    assert books(client, carol) == once


def test_restoring_into_the_users_own_books_changes_nothing(
    client: TestClient, portfolio: Headers
) -> None:
    before = books(client, portfolio)
    result = upload(client, portfolio, _backup(client, portfolio), format="pms-json").json()
    # The two identical buys of 2024-01-02 are both recognised, not one kept as new.
    assert (result["counts"]["duplicates"], result["counts"]["transactions"]) == (12, 0)
    assert books(client, portfolio) == before


def test_a_backup_is_refused_as_another_format(client: TestClient, alice: Headers) -> None:
    response = upload(client, alice, b'{"activities": []}', format="pms-json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"
    assert "not a PMS backup" in response.json()["detail"]


def test_restored_books_have_identical_summaries_and_holdings(
    client: TestClient, portfolio: Headers
) -> None:
    carol = sign_up(client, "carol")
    upload(client, carol, _backup(client, portfolio), format="pms-json")
    for path in ("/portfolio/summary", "/portfolio/holdings"):
        theirs = client.get(f"{API}{path}", headers=portfolio, params={"as_of": "2024-06-30"})
        ours = client.get(f"{API}{path}", headers=carol, params={"as_of": "2024-06-30"})
        assert theirs.status_code == ours.status_code == 200, theirs.text
        if path.endswith("summary"):
            fields = (
                "market_value",
                "cost_basis",
                "cash",
                "unrealized_gain",
                "realized_gain",
                "income",
                "fees",
                "taxes",
                "net_invested",
                "twr",
                "mwr",
                "currency",
            )
            assert {f: ours.json()[f] for f in fields} == {f: theirs.json()[f] for f in fields}
        else:
            fields = (
                "symbol",
                "quantity",
                "average_cost",
                "cost_basis",
                "market_value",
                "unrealized_gain",
                "currency",
            )

            # Account ids differ between the two users: compare the positions in one order.
            def positions(response: Any, fields: tuple[str, ...] = fields) -> list[dict[str, Any]]:
                rows = [{f: h[f] for f in fields} for h in response.json()["items"]]
                return sorted(rows, key=lambda r: (r["symbol"], r["quantity"]))

            assert positions(ours) == positions(theirs)


def test_a_backup_account_that_exists_in_another_currency_is_refused(
    client: TestClient, portfolio: Headers, bob: Headers
) -> None:
    factories.account(client, bob, name="Main", currency="CHF")
    response = upload(client, bob, _backup(client, portfolio), format="pms-json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0] == {
        "field": "accounts.1.account",
        "message": "account 'Main' exists in CHF; the file has it in EUR",
        "code": "currency_mismatch",
    }
    # Every entry of that account is refused with the same reason; nothing was written.
    assert sum(1 for e in errors if e["field"].startswith("line.")) == 10
    assert _get(client, bob, "/transactions")["total"] == 0


def test_a_members_restore_leaves_shared_market_data_alone(
    client: TestClient, portfolio: Headers
) -> None:
    """A tampered backup carrying a reverse split, bogus prices and rates for shared rows changes
    nothing another user sees: a member restores their own instruments' data only, and the report
    counts what it left out."""
    before = books(client, portfolio)
    summary = _get(client, portfolio, "/portfolio/summary", as_of="2024-06-30")
    document = json.loads(_backup(client, portfolio))
    msft = next(i for i in document["instruments"] if i["symbol"] == "MSFT")
    msft["prices"] = [{"date": "2024-06-28", "close": "0.01"}, {"date": "2024-06-27", "close": "1"}]
    msft["splits"] = [{"date": "2024-02-01", "numerator": 1, "denominator": 1000}]
    for pair in document["fx_rates"]:
        pair["rates"] = [{"date": "2024-06-28", "rate": "99"}]
    shared = 3 + len(document["fx_rates"])
    carol = sign_up(client, "carol")
    restored = upload(client, carol, json.dumps(document).encode(), format="pms-json")
    assert restored.status_code == 200, restored.text
    counts = restored.json()["counts"]
    assert (counts["transactions"], counts["shared_skipped"]) == (12, shared)
    assert (counts["prices"], counts["splits"], counts["fx_rates"]) == (3, 1, 0)
    assert books(client, portfolio) == before
    assert _get(client, portfolio, "/portfolio/summary", as_of="2024-06-30") == summary


def test_an_admins_restore_fills_shared_gaps_without_overwriting(
    client: TestClient, admin: Headers, portfolio: Headers
) -> None:
    document = json.loads(_backup(client, portfolio))
    msft = next(i for i in document["instruments"] if i["symbol"] == "MSFT")
    msft["prices"] = [
        {"date": "2024-06-28", "close": "0.01"},
        {"date": "2024-06-27", "close": "445"},
    ]
    restored = upload(client, admin, json.dumps(document).encode(), format="pms-json")
    assert restored.status_code == 200, restored.text
    assert restored.json()["counts"]["shared_skipped"] == 0
    msft_id = next(
        i["id"]
        for i in _get(client, admin, "/instruments", limit=1000)["items"]
        if i["symbol"] == "MSFT"
    )
    prices = _get(client, admin, f"/instruments/{msft_id}/prices")["items"]
    assert [(p["date"], p["close"]) for p in prices] == [
        ("2024-01-02", "370.87"),
        ("2024-06-27", "445.00"),
        ("2024-06-28", "446.95"),
    ]


def test_a_restore_never_turns_a_manual_instrument_into_a_shared_one(
    client: TestClient, portfolio: Headers, bob: Headers
) -> None:
    """The backup's manual fund has an ISIN; a shared instrument with that ISIN exists: the
    restore still gives carol her own copy, with the backup's prices."""
    shared = client.post(
        f"{API}/instruments",
        headers=bob,
        json={"symbol": "DWS", "currency": "EUR", "data_source": "yahoo", "isin": "DE0008474503"},
    )
    assert shared.status_code == 201, shared.text
    before = books(client, portfolio)
    carol = sign_up(client, "carol")
    restored = upload(client, carol, _backup(client, portfolio), format="pms-json")
    assert restored.status_code == 200, restored.text
    after = books(client, carol)
    assert after["instruments"]["MYFUND"]["is_own"] is True
    assert after["instruments"]["MYFUND"]["prices"] == before["instruments"]["MYFUND"]["prices"]
    assert after["transactions"] == before["transactions"]
