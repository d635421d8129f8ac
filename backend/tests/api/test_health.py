from __future__ import annotations

from fastapi.testclient import TestClient

from pms import __version__


def test_health_reports_database_cache_and_version(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["cache"] == {"status": "ok", "backend": "memory", "detail": "in-process"}
    assert body["version"] == __version__
    assert response.headers["x-request-id"]


def test_request_id_is_echoed_when_given(client: TestClient) -> None:
    response = client.get("/api/v1/health", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    spec = client.get("/api/openapi.json")
    assert spec.status_code == 200
    assert "/api/v1/health" in spec.json()["paths"]
    assert client.get("/api/docs").status_code == 200


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404
