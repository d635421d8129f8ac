from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.base import utcnow
from pms.db.models import AuthToken, User
from pms.runtime import Runtime
from tests.conftest import PASSWORD, sign_up

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"


def test_first_user_becomes_admin_and_later_ones_users(client: TestClient) -> None:
    assert client.get("/api/v1/auth/status").json() == {"needs_setup": True, "allow_signup": True}
    first = client.post(REGISTER, json={"username": "root", "password": PASSWORD})
    second = client.post(REGISTER, json={"username": "other", "password": PASSWORD})
    assert first.status_code == 201
    assert first.json()["role"] == "admin"
    assert second.json()["role"] == "user"
    assert client.get("/api/v1/auth/status").json()["needs_setup"] is False


def test_registration_is_closed_after_the_first_user_unless_allowed(
    client: TestClient, runtime: Runtime
) -> None:
    runtime.settings.allow_signup = False
    assert client.post(REGISTER, json={"username": "root", "password": PASSWORD}).status_code == 201
    refused = client.post(REGISTER, json={"username": "other", "password": PASSWORD})
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert "sign-up is closed" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "ab", "password": PASSWORD}, "username"),
        ({"username": "has space", "password": PASSWORD}, "username"),
        ({"username": "carol", "password": "short"}, "password"),
        ({"username": "carol"}, "password"),
        ({"username": "carol", "password": PASSWORD, "base_currency": "XXY"}, "base_currency"),
        ({"username": "carol", "password": PASSWORD, "role": "admin"}, "role"),
    ],
)
def test_registration_refuses_bad_input_naming_the_field(
    client: TestClient, session: Session, body: dict[str, str], field: str
) -> None:
    response = client.post(REGISTER, json=body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422
    assert field in problem["detail"]
    assert [e["field"] for e in problem["errors"]] == [field]
    assert session.scalar(select(User).limit(1)) is None


def test_usernames_are_unique_regardless_of_case(client: TestClient, admin: dict[str, str]) -> None:
    response = client.post(REGISTER, json={"username": "ADMIN", "password": PASSWORD})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "username"


def test_password_is_stored_as_an_argon2_hash(session: Session, admin: dict[str, str]) -> None:
    user = session.scalars(select(User)).one()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_login_returns_a_bearer_token_and_an_httponly_cookie(client: TestClient) -> None:
    client.post(REGISTER, json={"username": "root", "password": PASSWORD})
    response = client.post(LOGIN, json={"username": "root", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    cookie = response.headers["set-cookie"]
    assert "pms_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    me = client.get("/api/v1/auth/me")  # the cookie alone signs the browser in
    assert me.status_code == 200
    assert me.json()["username"] == "root"
    client.cookies.clear()
    bearer = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert bearer.json()["username"] == "root"


def test_wrong_password_and_unknown_user_get_the_same_answer(
    client: TestClient, admin: dict[str, str]
) -> None:
    wrong = client.post(LOGIN, json={"username": "admin", "password": "not the password!"})
    unknown = client.post(LOGIN, json={"username": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"] == "wrong username or password"


def test_login_attempts_are_rate_limited_per_user(
    client: TestClient, admin: dict[str, str], runtime: Runtime
) -> None:
    limit = runtime.settings.login_max_attempts
    for _ in range(limit):
        assert (
            client.post(
                LOGIN, json={"username": "admin", "password": "wrong password!"}
            ).status_code
            == 401
        )
    refused = client.post(LOGIN, json={"username": "admin", "password": PASSWORD})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == str(runtime.settings.login_window_seconds)
    assert refused.headers["content-type"] == "application/problem+json"
    # Another user from the same address is not locked out by someone else's failures.
    sign_up(client, "carol")


def test_login_attempts_are_rate_limited_per_address(
    client: TestClient, admin: dict[str, str], runtime: Runtime
) -> None:
    limit = runtime.settings.login_max_attempts * 4
    for i in range(limit):
        client.post(LOGIN, json={"username": f"guess{i}", "password": "wrong password!"})
    assert client.post(LOGIN, json={"username": "admin", "password": PASSWORD}).status_code == 429


def test_a_successful_login_resets_the_user_counter(
    client: TestClient, admin: dict[str, str], runtime: Runtime
) -> None:
    for _ in range(runtime.settings.login_max_attempts - 1):
        client.post(LOGIN, json={"username": "admin", "password": "wrong password!"})
    assert client.post(LOGIN, json={"username": "admin", "password": PASSWORD}).status_code == 200
    client.post(LOGIN, json={"username": "admin", "password": "wrong password!"})
    assert client.post(LOGIN, json={"username": "admin", "password": PASSWORD}).status_code == 200


def test_logout_revokes_the_token(client: TestClient, admin: dict[str, str]) -> None:
    assert client.get("/api/v1/auth/me", headers=admin).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=admin).status_code == 204
    after = client.get("/api/v1/auth/me", headers=admin)
    assert after.status_code == 401
    assert after.headers["www-authenticate"] == "Bearer"


def test_expired_tokens_are_refused(
    client: TestClient, admin: dict[str, str], session: Session
) -> None:
    for token in session.scalars(select(AuthToken)):
        token.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    response = client.get("/api/v1/auth/me", headers=admin)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic abc"])
def test_requests_without_a_valid_token_are_refused(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_me_settings_can_be_changed(client: TestClient, alice: dict[str, str]) -> None:
    response = client.patch(
        "/api/v1/auth/me",
        headers=alice,
        json={
            "base_currency": "usd",
            "cost_basis_method": "average",
            "theme": "dark",
            "locale": "de-DE",
            "risk_free_rate": "0.02",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["base_currency"], body["cost_basis_method"], body["theme"], body["locale"]) == (
        "USD",
        "average",
        "dark",
        "de-DE",
    )
    assert body["risk_free_rate"] == "0.02"
    assert client.get("/api/v1/auth/me", headers=alice).json()["base_currency"] == "USD"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"base_currency": "EURO"}, "base_currency"),
        ({"cost_basis_method": "lofo"}, "cost_basis_method"),
        ({"theme": "blue"}, "theme"),
        ({"base_currency": None}, "base_currency"),
        ({"new_password": "another long password"}, "current_password"),
        ({"new_password": "short", "current_password": PASSWORD}, "new_password"),
        ({"username": "renamed"}, "username"),
    ],
)
def test_me_refuses_bad_settings(
    client: TestClient, alice: dict[str, str], body: dict[str, object], field: str
) -> None:
    response = client.patch("/api/v1/auth/me", headers=alice, json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert client.get("/api/v1/auth/me", headers=alice).json()["base_currency"] == "EUR"


def test_password_change_needs_the_current_password_and_works(
    client: TestClient, alice: dict[str, str]
) -> None:
    new = "an entirely new passphrase"
    response = client.patch(
        "/api/v1/auth/me", headers=alice, json={"current_password": PASSWORD, "new_password": new}
    )
    assert response.status_code == 200
    assert client.post(LOGIN, json={"username": "alice", "password": PASSWORD}).status_code == 401
    assert client.post(LOGIN, json={"username": "alice", "password": new}).status_code == 200
