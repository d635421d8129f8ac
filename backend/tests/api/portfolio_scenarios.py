"""Building a portfolio through the public API from a scenario written like the reference cases
(`tests/fixtures/reference_cases/*.json`): accounts, instruments with closes and splits, rates and
transactions named by keys instead of ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tests import factories

API = "/api/v1"
PORTFOLIO = f"{API}/portfolio"
Headers = dict[str, str]


@dataclass
class Built:
    headers: Headers
    accounts: dict[str, int]
    instruments: dict[str, int]


def parse_ratio(ratio: str) -> tuple[int, int]:
    """ "4" → (4, 1); "1/10" → (1, 10)."""
    numerator, _, denominator = ratio.partition("/")
    return int(numerator), int(denominator or 1)


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def build(client: TestClient, headers: Headers, spec: dict[str, Any]) -> Built:
    """Post the scenario `spec` as the user of `headers`: settings, accounts, manual instruments
    with their closes and splits, rates, then the transactions in their order."""
    settings = {"base_currency": spec["base_currency"]}
    if "cost_basis_method" in spec:
        settings["cost_basis_method"] = spec["cost_basis_method"]
    _ok(client.patch(f"{API}/auth/me", headers=headers, json=settings))
    accounts = {
        a["key"]: factories.account(
            client,
            headers,
            name=a.get("name", a["key"]),
            currency=a["currency"],
            track_cash=a["track_cash"],
        )["id"]
        for a in spec["accounts"]
    }
    instruments: dict[str, int] = {}
    for item in spec["instruments"]:
        fields = {
            "symbol": item["symbol"],
            "name": item.get("name", item["symbol"]),
            "currency": item["currency"],
            "asset_class": item.get("asset_class", "equity"),
            "data_source": "manual",
        }
        for name in ("sector", "country"):
            if name in item:
                fields[name] = item[name]
        instrument_id = factories.instrument(client, headers, **fields)["id"]
        instruments[item["key"]] = instrument_id
        if item.get("prices"):
            _ok(
                client.put(
                    f"{API}/instruments/{instrument_id}/prices",
                    headers=headers,
                    json=[{"date": day, "close": close} for day, close in item["prices"]],
                )
            )
        for day, ratio in item.get("splits", []):
            numerator, denominator = parse_ratio(ratio)
            _ok(
                client.post(
                    f"{API}/instruments/{instrument_id}/splits",
                    headers=headers,
                    json={"date": day, "numerator": numerator, "denominator": denominator},
                )
            )
    for pair, rates in spec.get("fx", {}).items():
        factories.rates(client, pair, [(day, rate) for day, rate in rates])
    for tx in spec["transactions"]:
        body = {k: v for k, v in tx.items() if k not in ("account", "instrument")}
        body["account_id"] = accounts[tx["account"]]
        if "instrument" in tx:
            body["instrument_id"] = instruments[tx["instrument"]]
        factories.transaction(client, headers, **body)
    return Built(headers, accounts, instruments)


def get(client: TestClient, headers: Headers, report: str, **params: Any) -> Any:
    response = client.get(f"{PORTFOLIO}/{report}", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()
