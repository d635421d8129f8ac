from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD

USERS = "/api/v1/users"


def test_admin_lists_creates_updates_and_deletes_users(
    client: TestClient, admin: dict[str, str]
) -> None:
    created = client.post(USERS, headers=admin, json={"username": "dave", "password": PASSWORD})
    assert created.status_code == 201
    dave = created.json()
    assert dave["role"] == "user"
    listing = client.get(USERS, headers=admin, params={"limit": 1, "offset": 1}).json()
    assert listing["total"] == 2
    assert [u["username"] for u in listing["items"]] == ["dave"]
    promoted = client.patch(f"{USERS}/{dave['id']}", headers=admin, json={"role": "admin"})
    assert promoted.json()["role"] == "admin"
    assert client.delete(f"{USERS}/{dave['id']}", headers=admin).status_code == 204
    assert client.get(f"{USERS}/{dave['id']}", headers=admin).status_code == 404


def test_users_endpoints_are_admin_only(client: TestClient, alice: dict[str, str]) -> None:
    assert client.get(USERS, headers=alice).status_code == 403
    assert (
        client.post(
            USERS, headers=alice, json={"username": "x" * 5, "password": PASSWORD}
        ).status_code
        == 403
    )
    assert client.delete(f"{USERS}/1", headers=alice).status_code == 403


def test_disabling_a_user_signs_them_out(
    client: TestClient, admin: dict[str, str], alice: dict[str, str]
) -> None:
    alice_id = client.get("/api/v1/auth/me", headers=alice).json()["id"]
    assert (
        client.patch(f"{USERS}/{alice_id}", headers=admin, json={"is_active": False}).status_code
        == 200
    )
    assert client.get("/api/v1/auth/me", headers=alice).status_code == 401
    login = client.post("/api/v1/auth/login", json={"username": "alice", "password": PASSWORD})
    assert login.status_code == 401


def test_the_last_admin_cannot_be_removed_or_demoted(
    client: TestClient, admin: dict[str, str]
) -> None:
    admin_id = client.get("/api/v1/auth/me", headers=admin).json()["id"]
    for response in (
        client.patch(f"{USERS}/{admin_id}", headers=admin, json={"role": "user"}),
        client.patch(f"{USERS}/{admin_id}", headers=admin, json={"is_active": False}),
        client.delete(f"{USERS}/{admin_id}", headers=admin),
    ):
        assert response.status_code == 409
        assert "last active administrator" in response.json()["detail"]


def test_admin_sets_a_new_password_for_a_user(
    client: TestClient, admin: dict[str, str], alice: dict[str, str]
) -> None:
    alice_id = client.get("/api/v1/auth/me", headers=alice).json()["id"]
    new = "reset by the administrator"
    assert (
        client.patch(f"{USERS}/{alice_id}", headers=admin, json={"password": new}).status_code
        == 200
    )
    assert client.get("/api/v1/auth/me", headers=alice).status_code == 401
    assert (
        client.post("/api/v1/auth/login", json={"username": "alice", "password": new}).status_code
        == 200
    )


def test_user_ids_out_of_range_are_a_validation_error(
    client: TestClient, admin: dict[str, str]
) -> None:
    assert client.get(f"{USERS}/99999999999", headers=admin).status_code == 422
    assert client.get(f"{USERS}/0", headers=admin).status_code == 422
    assert client.get(f"{USERS}/424242", headers=admin).status_code == 404
