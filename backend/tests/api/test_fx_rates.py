from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

FX = "/api/v1/fx-rates"


def test_rates_are_upserted_and_listed(client: TestClient, admin: dict[str, str]) -> None:
    put = client.put(
        f"{FX}/eur/usd",
        headers=admin,
        json=[
            {"date": "2020-08-27", "rate": "1.1846"},
            {"date": "2020-08-28", "rate": 1.1906},
        ],
    )
    assert put.status_code == 200, put.text
    assert (put.json()["base"], put.json()["quote"]) == ("EUR", "USD")
    client.put(f"{FX}/EUR/USD", headers=admin, json=[{"date": "2020-08-28", "rate": "1.19"}])
    listed = client.get(f"{FX}/EUR/USD", headers=admin).json()
    assert [(r["date"], r["rate"]) for r in listed["items"]] == [
        ("2020-08-27", "1.1846"),
        ("2020-08-28", "1.19"),
    ]
    ranged = client.get(f"{FX}/EUR/USD", headers=admin, params={"from": "2020-08-28"}).json()
    assert ranged["total"] == 1
    assert client.get(f"{FX}/USD/EUR", headers=admin).json()["total"] == 0


@pytest.mark.parametrize(
    ("path", "rows", "field"),
    [
        ("EUR/EUR", [{"date": "2020-01-02", "rate": "1"}], "quote"),
        ("EUR/XYZ", [{"date": "2020-01-02", "rate": "1"}], "quote"),
        ("ABC/USD", [{"date": "2020-01-02", "rate": "1"}], "base"),
        ("EUR/USD", [{"date": "2020-01-02", "rate": "0"}], "0.rate"),
        ("EUR/USD", [{"date": "2020-01-02", "rate": "-1.2"}], "0.rate"),
        ("EUR/USD", [{"date": "yesterday", "rate": "1.2"}], "0.date"),
    ],
)
def test_bad_rates_are_refused(
    client: TestClient, admin: dict[str, str], path: str, rows: list[dict[str, str]], field: str
) -> None:
    response = client.put(f"{FX}/{path}", headers=admin, json=rows)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert client.get(f"{FX}/EUR/USD", headers=admin).json()["total"] == 0


def test_rates_need_sign_in(client: TestClient) -> None:
    assert client.get(f"{FX}/EUR/USD").status_code == 401


def test_members_cannot_write_shared_rates(
    client: TestClient, admin: dict[str, str], alice: dict[str, str]
) -> None:
    """FX pairs are shared by every user: only an admin writes them, and a refused write stores nothing."""
    client.put(f"{FX}/EUR/USD", headers=admin, json=[{"date": "2020-08-27", "rate": "1.1846"}])
    response = client.put(
        f"{FX}/EUR/USD", headers=alice, json=[{"date": "2020-08-27", "rate": "9.99"}]
    )
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    listed = client.get(f"{FX}/EUR/USD", headers=alice).json()
    assert [(r["date"], r["rate"]) for r in listed["items"]] == [("2020-08-27", "1.1846")]
