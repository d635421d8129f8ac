"""Ledgers the API accepts that are odd but legal give finite, explainable figures."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta
from decimal import Decimal, localcontext
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pms.ledger_limits import LEDGER_CONTEXT, QUANTUM
from tests import factories
from tests.conftest import sign_up

Headers = dict[str, str]
API = "/api/v1"


def test_a_fee_paid_before_anything_is_held_is_not_a_total_loss(
    client: TestClient, alice: Headers
) -> None:
    """A fee of 49 on an empty account that does not track cash (as exports from other tools often
    start), then 10 units bought at 10 that close at 11: +10 %, no drawdown."""
    account = factories.account(client, alice)["id"]
    instrument = factories.instrument(client, alice)["id"]
    closes = [{"date": "2024-01-03", "close": "10"}, {"date": "2024-01-10", "close": "11"}]
    prices = client.put(f"{API}/instruments/{instrument}/prices", headers=alice, json=closes)
    assert prices.status_code == 200
    factories.transaction(
        client, alice, account_id=account, type="FEE", date="2024-01-02", amount="49"
    )
    factories.buy(client, alice, account, instrument, "2024-01-03", "10", "10")

    summary = client.get(f"{API}/portfolio/summary", headers=alice, params={"as_of": "2024-01-10"})
    assert summary.status_code == 200, summary.text
    assert (summary.json()["market_value"], summary.json()["fees"]) == ("110.00", "49.00")
    assert abs(summary.json()["twr"] - 0.10) < 1e-9
    performance = client.get(
        f"{API}/portfolio/performance",
        headers=alice,
        params={"range": "MAX", "to": "2024-01-10"},
    )
    assert performance.status_code == 200, performance.text
    body = performance.json()
    assert abs(body["twr"] - 0.10) < 1e-9
    assert (body["max_drawdown"], body["twr_annualized"]) == (0.0, None)


def test_the_last_fraction_of_a_split_position_is_sold_as_written(
    client: TestClient, alice: Headers
) -> None:
    """100 units split 1:3 are 33.333…: a sale of 33.3333333334 is more than held and refused at
    once (not accepted and then refused by every report); 33.3333333333 closes the position."""
    account = factories.account(client, alice)["id"]
    instrument = factories.instrument(client, alice)["id"]
    factories.buy(client, alice, account, instrument, "2024-01-02", "100", "30")
    split = {"date": "2024-02-01", "numerator": 1, "denominator": 3}
    assert (
        client.post(f"{API}/instruments/{instrument}/splits", headers=alice, json=split).status_code
        == 201
    )
    sale = {
        "account_id": account,
        "instrument_id": instrument,
        "type": "SELL",
        "date": "2024-03-01",
        "price": "100",
    }
    over = client.post(
        f"{API}/transactions", headers=alice, json=sale | {"quantity": "33.3333333334"}
    )
    assert over.status_code == 422, over.text
    assert over.json()["errors"][0]["field"] == "quantity"
    done = client.post(
        f"{API}/transactions", headers=alice, json=sale | {"quantity": "33.3333333333"}
    )
    assert done.status_code == 201, done.text

    params = {"as_of": "2024-03-01"}
    holdings = client.get(f"{API}/portfolio/holdings", headers=alice, params=params)
    assert holdings.status_code == 200, holdings.text
    assert holdings.json()["items"] == []
    summary = client.get(f"{API}/portfolio/summary", headers=alice, params=params).json()
    # Proceeds 33.3333333333 × 100 = 3,333.33333333 for a cost of 3,000 (money keeps its digits).
    assert (summary["realized_gain"], summary["cost_basis"]) == ("333.33333333", "0.00")
    lots = client.get(f"{API}/portfolio/lots", headers=alice, params=params)
    assert (lots.status_code, lots.json()["items"]) == (200, [])


def test_a_deposit_of_a_quintillion_is_stored_and_reported(
    client: TestClient, alice: Headers
) -> None:
    account = factories.account(client, alice, track_cash=True)["id"]
    deposit = factories.transaction(
        client, alice, account_id=account, type="DEPOSIT", date="2024-01-02", amount="1e18"
    )
    assert deposit["amount"] == "1000000000000000000.00"
    summary = client.get(f"{API}/portfolio/summary", headers=alice, params={"as_of": "2024-01-02"})
    assert summary.status_code == 200, summary.text
    assert (summary.json()["cash"], summary.json()["net_invested"]) == (
        "1000000000000000000.00",
        "1000000000000000000.00",
    )


# -- generated odd ledgers ----------------------------------------------------------------------

START = date(2024, 1, 1)
AS_OF = START + timedelta(days=40)
USERS = itertools.count()
RATIOS = [(2, 1), (3, 1), (1, 3), (3, 2), (1, 10)]

steps = st.lists(
    st.tuples(
        st.sampled_from(
            ["BUY", "BUY", "SELL_SOME", "SELL_ALL", "WITHDRAW", "DEPOSIT", "SPLIT", "FEE"]
        ),
        st.integers(1, 40),  # day
        st.integers(1, 50),  # units or amount
        st.decimals("0.5", "300", places=2),  # price
        st.integers(0, len(RATIOS) - 1),
    ),
    min_size=1,
    max_size=14,
)


def _finite(value: Any, where: str = "") -> None:
    """Every number in a report is finite: floats, and decimals sent as strings."""
    if isinstance(value, dict):
        for key, item in value.items():
            _finite(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _finite(item, f"{where}[{index}]")
    elif isinstance(value, float):
        assert math.isfinite(value), where
    elif isinstance(value, str) and value[:1] in "-0123456789":
        try:
            number = Decimal(value)
        except ArithmeticError:
            return
        assert number.is_finite(), where


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=steps,
    closes=st.lists(st.tuples(st.integers(0, 40), st.decimals("0.5", "300", places=2)), max_size=6),
)
def test_odd_ledgers_give_finite_reports(
    client: TestClient,
    admin: Headers,
    plan: list[tuple[str, int, int, Decimal, int]],
    closes: list[tuple[int, Decimal]],
) -> None:
    """Cash below zero, positions emptied and refilled, splits that leave fractions and sales of
    the last fraction, fees paid while nothing is held: every report answers 200 with finite
    numbers."""
    headers = sign_up(client, f"odd{next(USERS)}")
    cash = factories.account(client, headers, name="Cash", track_cash=True)["id"]
    plain = factories.account(client, headers, name="Plain")["id"]
    instrument = factories.instrument(client, headers, symbol="ODD")["id"]
    if closes:
        prices = [
            {"date": (START + timedelta(days=d)).isoformat(), "close": str(c)}
            for d, c in dict(closes).items()
        ]
        put = client.put(f"{API}/instruments/{instrument}/prices", headers=headers, json=prices)
        assert put.status_code == 200, put.text
    held = {cash: Decimal(0), plain: Decimal(0)}
    split_days: set[int] = set()
    for kind, day, units, price, ratio in sorted(plan, key=lambda step: step[1]):
        on = (START + timedelta(days=day)).isoformat()
        account = cash if units % 2 else plain
        base = {"account_id": account, "date": on}
        with localcontext(LEDGER_CONTEXT):
            if kind == "BUY":
                body = base | {"instrument_id": instrument, "type": "BUY", "quantity": str(units)}
                factories.transaction(client, headers, **body, price=str(price), fee="1")
                held[account] += units
            elif kind in ("SELL_SOME", "SELL_ALL") and held[account] > 0:
                written = held[account].quantize(QUANTUM)
                quantity = written if kind == "SELL_ALL" else min(written, Decimal(units))
                body = base | {"instrument_id": instrument, "type": "SELL"}
                factories.transaction(
                    client, headers, **body, quantity=str(quantity), price=str(price)
                )
                held[account] -= held[account] if quantity == written else quantity
            elif kind in ("WITHDRAW", "DEPOSIT"):
                body = {"account_id": cash, "date": on, "amount": str(units * 10)}
                kind_name = "WITHDRAWAL" if kind == "WITHDRAW" else "DEPOSIT"
                factories.transaction(client, headers, type=kind_name, **body)
            elif kind == "FEE":
                factories.transaction(client, headers, type="FEE", amount=str(units), **base)
            elif kind == "SPLIT" and day not in split_days:
                numerator, denominator = RATIOS[ratio]
                split = {"date": on, "numerator": numerator, "denominator": denominator}
                response = client.post(
                    f"{API}/instruments/{instrument}/splits", headers=headers, json=split
                )
                assert response.status_code == 201, response.text
                split_days.add(day)
                for key in held:
                    held[key] = held[key] * numerator / denominator

    params = {"as_of": AS_OF.isoformat()}
    for path, extra in (
        ("summary", {}),
        ("holdings", {}),
        ("holdings", {"group": "instrument"}),
        ("lots", {}),
        ("performance", {"range": "MAX", "to": AS_OF.isoformat()}),
        ("performance", {"range": "1M", "to": AS_OF.isoformat()}),
        ("allocation", {"by": "account"}),
        ("income", {"group": "month"}),
        ("realized", {"year": 2024}),
    ):
        query = extra if path in ("performance", "income", "realized") else params | extra
        response = client.get(f"{API}/portfolio/{path}", headers=headers, params=query)
        assert response.status_code == 200, (path, response.text)
        _finite(response.json(), path)


def test_cash_is_listed_beside_the_holdings_and_weights_add_up(
    client: TestClient, alice: Headers
) -> None:
    cash = factories.account(client, alice, name="Cash", track_cash=True)["id"]
    instrument = factories.instrument(client, alice)["id"]
    client.put(
        f"{API}/instruments/{instrument}/prices",
        headers=alice,
        json=[{"date": "2024-01-05", "close": "11"}],
    )
    factories.transaction(
        client, alice, account_id=cash, type="DEPOSIT", date="2024-01-02", amount="1000"
    )
    factories.buy(client, alice, cash, instrument, "2024-01-03", "10", "10")
    body = client.get(f"{API}/portfolio/holdings", headers=alice, params={"as_of": "2024-01-05"})
    assert body.status_code == 200, body.text
    holdings = body.json()
    # 10 × 11 = 110 in the position, 1000 − 100 = 900 in cash: 1010 in all.
    assert [
        (c["account_id"], c["currency"], c["balance"], c["market_value"]) for c in holdings["cash"]
    ] == [(cash, "EUR", "900.00", "900.00")]
    assert abs(holdings["items"][0]["weight"] - 110 / 1010) < 1e-9
    assert abs(holdings["cash"][0]["weight"] - 900 / 1010) < 1e-9


def test_with_cash_below_zero_weights_are_of_the_gross_value(
    client: TestClient, alice: Headers
) -> None:
    """A purchase of 100 on an account with no deposit (margin) and 50 deposited elsewhere: the
    position's 110 and the 50 are 160 gross; the −100 is shown as such, with no weight."""
    margin = factories.account(client, alice, name="Margin", track_cash=True)["id"]
    savings = factories.account(client, alice, name="Savings", track_cash=True)["id"]
    instrument = factories.instrument(client, alice)["id"]
    client.put(
        f"{API}/instruments/{instrument}/prices",
        headers=alice,
        json=[{"date": "2024-01-05", "close": "11"}],
    )
    factories.buy(client, alice, margin, instrument, "2024-01-03", "10", "10")
    factories.transaction(
        client, alice, account_id=savings, type="DEPOSIT", date="2024-01-02", amount="50"
    )
    params = {"as_of": "2024-01-05"}
    holdings = client.get(f"{API}/portfolio/holdings", headers=alice, params=params).json()
    assert abs(holdings["items"][0]["weight"] - 110 / 160) < 1e-9
    rows = {c["account_id"]: (c["balance"], c["weight"]) for c in holdings["cash"]}
    assert rows[margin] == ("-100.00", None)
    assert rows[savings][0] == "50.00"
    assert abs(rows[savings][1] - 50 / 160) < 1e-9
    summary = client.get(f"{API}/portfolio/summary", headers=alice, params=params).json()
    assert (summary["market_value"], summary["cash"]) == ("60.00", "-50.00")
    slices = client.get(
        f"{API}/portfolio/allocation", headers=alice, params=params | {"by": "account"}
    ).json()["items"]
    weights = {s["key"]: s["weight"] for s in slices}
    assert weights[margin] is None or weights[margin] <= 1
    assert all(w is None or w <= 1 for w in weights.values())


def test_days_that_start_below_zero_are_named_in_the_performance_warnings(
    client: TestClient, alice: Headers
) -> None:
    """A withdrawal of 100 from an account with nothing in it: from the next day the value is
    −100, from which no return can be measured: 8 such days to 2024-01-10, a 0 % return."""
    account = factories.account(client, alice, track_cash=True)["id"]
    factories.transaction(
        client, alice, account_id=account, type="WITHDRAWAL", date="2024-01-02", amount="100"
    )
    body = client.get(
        f"{API}/portfolio/performance", headers=alice, params={"range": "MAX", "to": "2024-01-10"}
    ).json()
    assert body["twr"] == 0.0
    assert [(w["code"], w["days"]) for w in body["warnings"]] == [("return_days_skipped", 8)]
    assert body["warnings"][0]["message"].startswith("8 days of the period started from a value")
    clean = factories.account(client, alice, name="Clean", track_cash=True)["id"]
    only_clean = client.get(
        f"{API}/portfolio/performance",
        headers=alice,
        params={"range": "MAX", "to": "2024-01-10", "account_id": clean},
    ).json()
    assert only_clean["warnings"] == []
