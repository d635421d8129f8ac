"""Uploading sample files to `POST /imports` and reading back what was stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
IMPORTS = "/api/v1/imports"


def sample(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(
    client: TestClient,
    headers: dict[str, str],
    content: bytes,
    *,
    filename: str = "file.csv",
    **params: Any,
) -> Any:
    query = {k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()}
    return client.post(
        IMPORTS, headers=headers, params=query, files={"file": (filename, content, "text/csv")}
    )


def transactions(
    client: TestClient, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    response = client.get(
        "/api/v1/transactions", headers=headers, params={"order": "asc", "limit": 1000, **params}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def instruments(client: TestClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v1/instruments", headers=headers, params={"limit": 1000})
    return {i["symbol"]: i for i in response.json()["items"]}


LEDGER_FIELDS = (
    "type",
    "date",
    "quantity",
    "price",
    "amount",
    "fee",
    "tax",
    "currency",
    "fx_rate",
    "note",
)


def ledger(
    items: list[dict[str, Any]], symbols: dict[int, str] | None = None
) -> list[tuple[Any, ...]]:
    """The entries as comparable tuples: the symbol instead of the instrument id."""
    named = symbols or {}
    return [
        (named.get(t["instrument_id"], t["instrument_id"]), *(t[f] for f in LEDGER_FIELDS))
        for t in items
    ]
