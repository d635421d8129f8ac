"""Every worked scenario of `tests/fixtures/reference_cases` through the package's public API:
money to the cent, rates to 1e-6; and the value bridge of each adds up."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pms.analytics import (
    Portfolio,
    PortfolioData,
    holdings,
    performance,
    summary,
    xirr,
)
from pms.analytics.explain import explain
from pms.enums import CostBasisMethod
from tests.analytics.builders import Book, parse_ratio
from tests.analytics.test_explain import identity_holds, rows_add_up

CASES = Path(__file__).parents[1] / "fixtures" / "reference_cases"
CENT = Decimal("0.01")
RATE = 1e-6


@dataclass
class Scenario:
    data: PortfolioData
    currency: str
    method: CostBasisMethod
    accounts: dict[str, int]
    instruments: dict[str, int]


def load_scenario(spec: dict[str, Any]) -> Scenario:
    book = Book()
    accounts = {
        a["key"]: book.account(a["currency"], track_cash=a["track_cash"]) for a in spec["accounts"]
    }
    instruments: dict[str, int] = {}
    for item in spec["instruments"]:
        instrument_id = book.instrument(item["currency"], symbol=item["symbol"])
        instruments[item["key"]] = instrument_id
        for on, close in item.get("prices", []):
            book.close(instrument_id, on, close)
        for on, ratio in item.get("splits", []):
            book.split(instrument_id, on, *parse_ratio(ratio))
    for pair, rates in spec.get("fx", {}).items():
        for on, rate in rates:
            book.rate(pair, on, rate)
    for tx in spec["transactions"]:
        fields = {k: v for k, v in tx.items() if k not in ("account", "instrument", "type", "date")}
        instrument = instruments[tx["instrument"]] if "instrument" in tx else None
        book.add(tx["type"], accounts[tx["account"]], tx["date"], instrument=instrument, **fields)
    return Scenario(
        book.data(),
        spec["base_currency"],
        CostBasisMethod(spec.get("cost_basis_method", "fifo")),
        accounts,
        instruments,
    )


def scenario_queries() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.json")):
        if path.name == "xirr.json":
            continue
        case = json.loads(path.read_text())
        for number, query in enumerate(case["queries"]):
            params.append(
                pytest.param(
                    case["scenario"], query, id=f"{case['name']}-{query['query']}-{number}"
                )
            )
    return params


def assert_money(actual: Decimal, expected: str, name: str) -> None:
    assert abs(actual - Decimal(expected)) <= CENT, f"{name}: {actual} != {expected}"


@pytest.mark.parametrize(("spec", "query"), scenario_queries())
def test_reference_case_is_reproduced(spec: dict[str, Any], query: dict[str, Any]) -> None:
    scenario = load_scenario(spec)
    expect = query["expect"]
    as_of = date.fromisoformat(query.get("as_of") or query["to"])
    portfolio = Portfolio(
        scenario.data, currency=scenario.currency, as_of=as_of, method=scenario.method
    )
    if query["query"] == "summary":
        result = summary(portfolio)
        for name, value in expect.items():
            assert_money(getattr(result, name), value, name)
    elif query["query"] == "holdings":
        rows = {(h.account_id, h.instrument_id): h for h in holdings(portfolio)}
        assert len(rows) == len(expect)
        for item in expect:
            row = rows[
                (scenario.accounts[item["account"]], scenario.instruments[item["instrument"]])
            ]
            assert row.quantity == Decimal(item["quantity"])
            for name in ("cost_basis", "market_value", "unrealized_gain"):
                assert_money(getattr(row, name), item[name], name)
    else:
        period = performance(portfolio, start=date.fromisoformat(query["from"]))
        for name, value in expect.items():
            actual = getattr(period, name)
            if value is None:
                assert actual is None, name
            elif name == "absolute_gain":
                assert actual == pytest.approx(value, abs=0.01), name
            else:
                assert actual == pytest.approx(value, abs=RATE), name


def xirr_cases() -> list[Any]:
    cases = json.loads((CASES / "xirr.json").read_text())["cases"]
    return [pytest.param(case, id=f"xirr-{n}") for n, case in enumerate(cases)]


@pytest.mark.parametrize("case", xirr_cases())
def test_xirr_matches_the_spreadsheet_reference(case: dict[str, Any]) -> None:
    flows = [(date.fromisoformat(on), float(amount)) for on, amount in case["flows"]]
    result = xirr(flows)
    assert result is not None
    assert result == pytest.approx(case["expect"], abs=case["tolerance"])


def reference_scenarios() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.json")):
        if path.name != "xirr.json":
            case = json.loads(path.read_text())
            params.append(pytest.param(case["scenario"], case["queries"], id=case["name"]))
    return params


@pytest.mark.parametrize(("spec", "queries"), reference_scenarios())
def test_the_value_bridge_adds_up_on_every_reference_case(
    spec: dict[str, Any], queries: list[dict[str, Any]]
) -> None:
    scenario = load_scenario(spec)
    for query in queries:
        as_of = date.fromisoformat(query.get("as_of") or query["to"])
        start = date.fromisoformat(query["from"]) if "from" in query else None
        selections: list[list[int] | None] = [None, *[[a] for a in scenario.accounts.values()]]
        for accounts in selections:
            portfolio = Portfolio(
                scenario.data,
                currency=scenario.currency,
                as_of=as_of,
                method=scenario.method,
                accounts=accounts,
            )
            first = start or portfolio.first_day
            bridge = explain(portfolio, start=first, with_parts=True)
            identity_holds(bridge)
            rows_add_up(bridge)
            gain = performance(portfolio, start=first).absolute_gain
            assert float(bridge.absolute_gain) == pytest.approx(gain, abs=0.01)
            if accounts is None and query["query"] == "performance":
                assert_money(bridge.absolute_gain, str(query["expect"]["absolute_gain"]), "gain")
            for instrument_id in scenario.instruments.values():
                identity_holds(explain(portfolio, start=first, instrument_id=instrument_id))
