"""Cost-basis methods through the API: LIFO and HIFO for the user, a method per account that
re-reports its history, holding periods and terms on the realized rows, and lot ids (issue 15,
items 1 and 2)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO

Headers = dict[str, str]


def _three_buys_and_a_sale(client: TestClient, headers: Headers) -> dict[str, Any]:
    account = factories.account(client, headers, name="Broker", currency="EUR")
    share = factories.instrument(
        client, headers, symbol="XX", name="Xx", currency="EUR", data_source="manual"
    )
    url = f"/api/v1/instruments/{share['id']}/prices"
    client.put(url, headers=headers, json=[{"date": "2024-03-01", "close": "130"}])
    buys = [
        factories.buy(client, headers, account["id"], share["id"], day, "10", price)
        for day, price in (("2022-01-03", "100"), ("2023-06-01", "120"), ("2024-01-02", "90"))
    ]
    sale = factories.transaction(
        client,
        headers,
        account_id=account["id"],
        instrument_id=share["id"],
        type="SELL",
        date="2024-03-01",
        quantity="15",
        price="130",
        currency="EUR",
    )
    return {"account": account, "buys": [b["id"] for b in buys], "sale": sale["id"]}


def _realized(client: TestClient, headers: Headers) -> list[dict[str, Any]]:
    response = client.get(f"{PORTFOLIO}/realized", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_the_users_method_and_an_accounts_own(client: TestClient, alice: Headers) -> None:
    ids = _three_buys_and_a_sale(client, alice)
    first, second, third = ids["buys"]

    rows = _realized(client, alice)
    assert [(r["lot_id"], r["quantity"], r["gain"]) for r in rows] == [
        (first, "10", "300.00"),
        (second, "5", "50.00"),
    ]
    assert [(r["holding_days"], r["term"], r["transaction_id"]) for r in rows] == [
        (788, "long", ids["sale"]),
        (274, "short", ids["sale"]),
    ]

    assert (
        client.patch("/api/v1/auth/me", headers=alice, json={"cost_basis_method": "hifo"}).json()[
            "cost_basis_method"
        ]
        == "hifo"
    )
    assert [(r["lot_id"], r["gain"]) for r in _realized(client, alice)] == [
        (second, "100.00"),
        (first, "150.00"),
    ]

    # The account's own method wins, and re-reports its history at once.
    url = f"/api/v1/accounts/{ids['account']['id']}"
    patched = client.patch(url, headers=alice, json={"cost_basis_method": "lifo"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["cost_basis_method"] == "lifo"
    assert [(r["lot_id"], r["gain"]) for r in _realized(client, alice)] == [
        (third, "400.00"),
        (second, "50.00"),
    ]
    lots = client.get(f"{PORTFOLIO}/lots", headers=alice).json()
    assert [(lot["lot_id"], lot["quantity"]) for lot in lots["items"]] == [
        (first, "10"),
        (second, "5"),
    ]
    # Back to the user's method.
    client.patch(url, headers=alice, json={"cost_basis_method": None})
    assert _realized(client, alice)[0]["lot_id"] == second


def test_the_long_term_threshold_is_the_users(client: TestClient, alice: Headers) -> None:
    _three_buys_and_a_sale(client, alice)
    me = client.patch("/api/v1/auth/me", headers=alice, json={"long_term_days": 180})
    assert me.status_code == 200, me.text
    assert me.json()["long_term_days"] == 180
    assert [r["term"] for r in _realized(client, alice)] == ["long", "long"]
    client.patch("/api/v1/auth/me", headers=alice, json={"long_term_days": 0})
    assert [r["term"] for r in _realized(client, alice)] == [None, None]
    csv_text = client.get(f"{PORTFOLIO}/realized", headers=alice, params={"format": "csv"}).text
    assert csv_text.splitlines()[0].endswith(",holding_days,term,lot_id")


def test_bad_methods_and_thresholds_are_refused(client: TestClient, alice: Headers) -> None:
    ids = _three_buys_and_a_sale(client, alice)
    url = f"/api/v1/accounts/{ids['account']['id']}"
    for body, field in (
        ({"cost_basis_method": "lofo"}, "cost_basis_method"),
        ({"long_term_days": -1}, "long_term_days"),
        ({"long_term_days": 40000}, "long_term_days"),
    ):
        target = url if "cost_basis_method" in body else "/api/v1/auth/me"
        response = client.patch(target, headers=alice, json=body)
        assert response.status_code == 422, response.text
        assert any(e["field"] == field for e in response.json()["errors"]), response.text
    assert client.get(url, headers=alice).json()["cost_basis_method"] is None


def test_the_backup_carries_the_methods_and_the_threshold(
    client: TestClient, alice: Headers, bob: Headers
) -> None:
    ids = _three_buys_and_a_sale(client, alice)
    client.patch(
        f"/api/v1/accounts/{ids['account']['id']}",
        headers=alice,
        json={"cost_basis_method": "hifo"},
    )
    client.patch("/api/v1/auth/me", headers=alice, json={"long_term_days": 730})
    backup = client.get("/api/v1/export", headers=alice)
    assert backup.json()["accounts"][0]["cost_basis_method"] == "hifo"
    assert backup.json()["user"]["long_term_days"] == 730

    restored = client.post(
        "/api/v1/imports",
        headers=bob,
        params={"format": "pms-json"},
        files={"file": ("backup.json", backup.content, "application/json")},
    )
    assert restored.status_code in (200, 201), restored.text
    accounts = client.get("/api/v1/accounts", headers=bob).json()["items"]
    assert [a["cost_basis_method"] for a in accounts] == ["hifo"]
    assert client.get("/api/v1/auth/me", headers=bob).json()["long_term_days"] == 730
    assert [r["gain"] for r in _realized(client, bob)] == ["100.00", "150.00"]


def test_loss_harvesting_lists_lots_at_a_loss_with_their_term_and_wash_sales(
    client: TestClient, alice: Headers
) -> None:
    account = factories.account(client, alice, name="Broker", currency="EUR")
    other = factories.account(client, alice, name="IRA", currency="EUR")
    share = factories.instrument(
        client, alice, symbol="DOWN", name="Down", currency="EUR", data_source="manual"
    )
    url = f"/api/v1/instruments/{share['id']}/prices"
    client.put(url, headers=alice, json=[{"date": "2024-03-01", "close": "80"}])
    a, i = account["id"], share["id"]
    old = factories.buy(client, alice, a, i, "2022-01-03", "10", "100")  # −200, long
    recent = factories.buy(client, alice, a, i, "2024-02-20", "5", "90")  # −50, short
    cheap = factories.buy(client, alice, a, i, "2023-01-03", "2", "50")  # +60: not a loss
    # A purchase in another account within 30 days after the day asked about.
    later = factories.buy(client, alice, other["id"], i, "2024-03-20", "1", "79")

    response = client.get(
        f"{PORTFOLIO}/lots",
        headers=alice,
        params={"as_of": "2024-03-01", "unrealized": "loss", "wash_sale": "true"},
    )

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(lot["lot_id"], lot["unrealized_gain"], lot["term"]) for lot in items] == [
        (old["id"], "-200.00", "long"),
        (recent["id"], "-50.00", "short"),
    ]
    # The recent buy is a purchase within 30 days of the other lot's sale, but not of its own.
    assert [p["transaction_id"] for p in items[0]["wash_sale_purchases"]] == [
        recent["id"],
        later["id"],
    ]
    assert [p["transaction_id"] for p in items[1]["wash_sale_purchases"]] == [later["id"]]
    gains = client.get(
        f"{PORTFOLIO}/lots", headers=alice, params={"as_of": "2024-03-01", "unrealized": "gain"}
    ).json()["items"]
    assert [(lot["lot_id"], lot["wash_sale_purchases"]) for lot in gains] == [(cheap["id"], None)]
