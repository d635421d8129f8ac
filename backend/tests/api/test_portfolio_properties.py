"""Invariants of the portfolio endpoints on generated ledgers posted through the API: the value is
the holdings plus cash, merged holdings add up to the positions, the accounts add up to the whole,
and the allocation adds up to the value, in the base currency and in another."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.api.portfolio_scenarios import get
from tests.conftest import sign_up

START = date(2024, 1, 1)
AS_OF = START + timedelta(days=20)
EXACT = Decimal("1E-8")  # 10-place parts summed: at most a few 1e-10 apart
USERS = itertools.count()

closes = st.lists(
    st.tuples(st.integers(0, 20), st.decimals("1", "500", places=2)), min_size=1, max_size=6
)
actions = st.lists(
    st.tuples(
        st.sampled_from(["BUY", "BUY", "SELL", "DEPOSIT", "DIVIDEND"]),
        st.integers(0, 1),  # account
        st.integers(0, 1),  # instrument
        st.integers(0, 20),  # day
        st.integers(1, 30),  # quantity or amount
        st.decimals("1", "500", places=2),  # price
    ),
    min_size=1,
    max_size=10,
)


def post_ledger(
    client: TestClient,
    headers: dict[str, str],
    plan: tuple[list[Any], list[Any], list[Any], Decimal],
) -> list[int]:
    eur_closes, usd_closes, steps, rate = plan
    accounts = [
        factories.account(client, headers, name="Cash", currency="EUR", track_cash=True)["id"],
        factories.account(client, headers, name="Trades", currency="USD")["id"],
    ]
    instruments = [
        factories.instrument(client, headers, symbol="E", currency="EUR", asset_class="etf")["id"],
        factories.instrument(client, headers, symbol="U", currency="USD", sector="Tech")["id"],
    ]
    for instrument, rows in zip(instruments, (eur_closes, usd_closes), strict=True):
        prices = {START + timedelta(days=day): close for day, close in rows}
        client.put(
            f"/api/v1/instruments/{instrument}/prices",
            headers=headers,
            json=[{"date": day.isoformat(), "close": str(c)} for day, c in prices.items()],
        )
    factories.rates(client, "EUR/USD", [(START.isoformat(), str(rate))])
    held: dict[tuple[int, int], int] = {}
    for kind, a, i, day, units, price in sorted(steps, key=lambda step: step[3]):
        on = (START + timedelta(days=day)).isoformat()
        account, instrument = accounts[a], instruments[i]
        if kind == "DEPOSIT":
            # Deposits go where cash is kept: an account that does not track it refuses them.
            factories.transaction(
                client, headers, account_id=accounts[0], type=kind, date=on, amount=str(units * 10)
            )
        elif kind == "DIVIDEND":
            factories.transaction(
                client,
                headers,
                account_id=account,
                instrument_id=instrument,
                type=kind,
                date=on,
                amount=str(units),
                tax="0.15",
            )
        else:
            have = held.get((a, i), 0)
            quantity = units if kind == "BUY" else min(units, have)
            if quantity == 0:
                continue
            factories.transaction(
                client,
                headers,
                account_id=account,
                instrument_id=instrument,
                type=kind,
                date=on,
                quantity=str(quantity),
                price=str(price),
                fee="1.25",
            )
            held[(a, i)] = have + quantity if kind == "BUY" else have - quantity
    return accounts


def money(value: str) -> Decimal:
    return Decimal(value)


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=st.tuples(closes, closes, actions, st.decimals("0.8", "1.6", places=4)),
    currency=st.sampled_from(["EUR", "USD"]),
)
def test_the_reports_add_up(
    client: TestClient,
    admin: dict[str, str],
    plan: tuple[list[Any], list[Any], list[Any], Decimal],
    currency: str,
) -> None:
    headers = sign_up(client, f"investor{next(USERS)}")
    accounts = post_ledger(client, headers, plan)
    params = {"as_of": AS_OF.isoformat(), "currency": currency}

    summary = get(client, headers, "summary", **params)
    value, cash = money(summary["market_value"]), money(summary["cash"])
    positions = get(client, headers, "holdings", **params)["items"]
    merged = get(client, headers, "holdings", group="instrument", **params)["items"]
    slices = get(client, headers, "allocation", by="currency", **params)["items"]

    assert abs(value - sum(money(h["market_value"]) for h in positions) - cash) < EXACT
    assert abs(sum(money(h["market_value"]) for h in merged) + cash - value) < EXACT
    assert sum(Decimal(h["quantity"]) for h in merged) == sum(
        Decimal(h["quantity"]) for h in positions
    )
    assert abs(sum(money(s["market_value"]) for s in slices) - value) < EXACT
    parts = [get(client, headers, "summary", account_id=account, **params) for account in accounts]
    assert abs(sum(money(p["market_value"]) for p in parts) - value) < EXACT
    assert abs(sum(money(p["cost_basis"]) for p in parts) - money(summary["cost_basis"])) < EXACT
    assert (
        abs(sum(money(p["realized_gain"]) for p in parts) - money(summary["realized_gain"])) < EXACT
    )
