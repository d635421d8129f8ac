"""Every worked scenario of `tests/fixtures/reference_cases` built through the public API (sign-up,
settings, accounts, manual instruments, closes, splits, rates, transactions) and checked through
`/portfolio/summary`, `/portfolio/holdings` and `/portfolio/performance`: money to the cent, rates
to 1e-6, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.portfolio_scenarios import build, get

CASES = Path(__file__).parents[1] / "fixtures" / "reference_cases"
CENT = Decimal("0.01")
RATE = 1e-6


def scenario_queries() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.json")):
        if path.name == "xirr.json":
            continue
        case = json.loads(path.read_text())
        queries = {query["query"] for query in case["queries"]}
        params.append(pytest.param(case, id=f"{case['name']}[{'+'.join(sorted(queries))}]"))
    return params


def assert_money(actual: str, expected: str, name: str) -> None:
    assert isinstance(actual, str), f"{name} travels as a decimal string"
    assert abs(Decimal(actual) - Decimal(expected)) <= CENT, f"{name}: {actual} != {expected}"


@pytest.mark.parametrize("case", scenario_queries())
def test_reference_case_through_the_api(
    client: TestClient, alice: dict[str, str], case: dict[str, Any]
) -> None:
    built = build(client, alice, case["scenario"])
    currency = case["scenario"]["base_currency"]
    for query in case["queries"]:
        expect = query["expect"]
        if query["query"] == "summary":
            body = get(client, alice, "summary", as_of=query["as_of"])
            assert (body["as_of"], body["currency"]) == (query["as_of"], currency)
            for name, value in expect.items():
                assert_money(body[name], value, name)
        elif query["query"] == "holdings":
            body = get(client, alice, "holdings", as_of=query["as_of"])
            rows = {(h["account_id"], h["instrument_id"]): h for h in body["items"]}
            assert body["total"] == len(rows) == len(expect)
            for item in expect:
                key = (built.accounts[item["account"]], built.instruments[item["instrument"]])
                row = rows[key]
                assert Decimal(row["quantity"]) == Decimal(item["quantity"])
                for name in ("cost_basis", "market_value", "unrealized_gain"):
                    assert_money(row[name], item[name], name)
        else:
            body = get(client, alice, "performance", **{"from": query["from"], "to": query["to"]})
            assert (body["start"], body["end"]) == (query["from"], query["to"])
            for name, value in expect.items():
                if value is None:
                    assert body[name] is None, name
                elif name == "absolute_gain":
                    assert body[name] == pytest.approx(value, abs=0.01), name
                else:
                    assert body[name] == pytest.approx(value, abs=RATE), name
