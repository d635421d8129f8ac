from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests import factories

ACCOUNTS = "/api/v1/accounts"


def test_account_crud(client: TestClient, alice: dict[str, str]) -> None:
    created = factories.account(client, alice, name="  IBKR ", currency="usd", track_cash=True)
    assert (created["name"], created["currency"], created["kind"], created["track_cash"]) == (
        "IBKR",
        "USD",
        "brokerage",
        True,
    )
    url = f"{ACCOUNTS}/{created['id']}"
    assert client.get(url, headers=alice).json() == created
    patched = client.patch(url, headers=alice, json={"name": "Interactive", "kind": "retirement"})
    assert patched.status_code == 200
    assert (patched.json()["name"], patched.json()["kind"]) == ("Interactive", "retirement")
    listing = client.get(ACCOUNTS, headers=alice).json()
    assert listing["total"] == 1
    assert listing["items"][0]["name"] == "Interactive"
    assert client.delete(url, headers=alice).status_code == 204
    assert client.get(url, headers=alice).status_code == 404


def test_accounts_page_with_limit_and_offset(client: TestClient, alice: dict[str, str]) -> None:
    for name in ("C", "A", "B"):
        factories.account(client, alice, name=name, track_cash=True)
    page = client.get(ACCOUNTS, headers=alice, params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 3
    assert [a["name"] for a in page["items"]] == ["B", "C"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "currency": "EUR"}, "name"),
        ({"name": "   ", "currency": "EUR"}, "name"),
        ({"name": "A", "currency": "EURO"}, "currency"),
        ({"name": "A", "currency": "ABC"}, "currency"),
        ({"name": "A"}, "currency"),
        ({"name": "A", "currency": "EUR", "kind": "savings"}, "kind"),
        ({"name": "A", "currency": "EUR", "track_cash": "maybe"}, "track_cash"),
        ({"name": "A", "currency": "EUR", "owner": 3}, "owner"),
        ({"name": "A" * 101, "currency": "EUR"}, "name"),
    ],
)
def test_account_refusals_name_the_field(
    client: TestClient, alice: dict[str, str], body: dict[str, object], field: str
) -> None:
    response = client.post(ACCOUNTS, headers=alice, json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert field in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == field
    assert client.get(ACCOUNTS, headers=alice).json()["total"] == 0


def test_account_names_are_unique_per_user(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    factories.account(client, alice, name="Main", track_cash=True)
    duplicate = client.post(ACCOUNTS, headers=alice, json={"name": "Main", "currency": "EUR"})
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"][0]["field"] == "name"
    factories.account(
        client, bob, name="Main", track_cash=True
    )  # another user may use the same name


def test_deleting_an_account_with_transactions_needs_cascade(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, track_cash=True)
    factories.transaction(
        client, alice, account_id=acc["id"], type="DEPOSIT", date="2024-01-02", amount="100"
    )
    refused = client.delete(f"{ACCOUNTS}/{acc['id']}", headers=alice)
    assert refused.status_code == 409
    assert "cascade=true" in refused.json()["detail"]
    assert client.get("/api/v1/transactions", headers=alice).json()["total"] == 1
    assert (
        client.delete(
            f"{ACCOUNTS}/{acc['id']}", headers=alice, params={"cascade": "true"}
        ).status_code
        == 204
    )
    assert client.get("/api/v1/transactions", headers=alice).json()["total"] == 0


def test_currency_of_an_account_in_use_cannot_change(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice, track_cash=True)
    assert (
        client.patch(f"{ACCOUNTS}/{acc['id']}", headers=alice, json={"currency": "USD"}).status_code
        == 200
    )
    factories.transaction(
        client, alice, account_id=acc["id"], type="DEPOSIT", date="2024-01-02", amount="100"
    )
    refused = client.patch(f"{ACCOUNTS}/{acc['id']}", headers=alice, json={"currency": "EUR"})
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "currency"


def test_another_users_account_answers_404(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    acc = factories.account(client, alice, track_cash=True)
    url = f"{ACCOUNTS}/{acc['id']}"
    assert client.get(url, headers=bob).status_code == 404
    assert client.patch(url, headers=bob, json={"name": "Mine"}).status_code == 404
    assert client.delete(url, headers=bob).status_code == 404
    assert client.get(ACCOUNTS, headers=bob).json() == {"items": [], "total": 0}
    assert client.get(url, headers=alice).json()["name"] == "Broker"


def test_accounts_need_sign_in(client: TestClient) -> None:
    assert client.get(ACCOUNTS).status_code == 401
    assert client.post(ACCOUNTS, json={"name": "A", "currency": "EUR"}).status_code == 401


def test_text_with_a_nul_character_is_refused_on_every_database(
    client: TestClient, alice: dict[str, str]
) -> None:
    response = client.post(ACCOUNTS, headers=alice, json={"name": "A\u0000B", "currency": "EUR"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"
    login = client.post("/api/v1/auth/login", json={"username": "al\u0000ice", "password": "x"})
    assert login.status_code == 422
    assert login.json()["errors"][0]["field"] == "username"
