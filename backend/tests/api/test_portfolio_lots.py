"""`GET /portfolio/lots`: the open lots of every position, on a worked scenario with a split, a
partial sale under FIFO and under the moving average, a transfer that carries a lot with its date
into another account, and a foreign-currency lot; the lots add up to the holdings."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO, build, get
from tests.api.test_portfolio import FRIDAY, TWO_CURRENCIES

AS_OF = "2024-03-01"

#: Two buys of X (EUR), a 2:1 split, a sale of 6 new units, then 4 units moved from A to B.
#: After the split the lots are 20 units costing 101 (5.05 each) and 20 costing 120 (6 each).
LOTS: dict[str, Any] = {
    "base_currency": "EUR",
    "accounts": [
        {"key": "A", "currency": "EUR", "track_cash": False},
        {"key": "B", "currency": "EUR", "track_cash": False},
    ],
    "instruments": [
        {
            "key": "X",
            "symbol": "XLOT",
            "currency": "EUR",
            "prices": [["2023-03-01", "10"], ["2024-02-29", "7.50"], ["2024-03-01", "8"]],
            "splits": [["2023-09-01", "2"]],
        }
    ],
    "transactions": [
        {
            "account": "A",
            "instrument": "X",
            "type": "BUY",
            "date": "2023-03-01",
            "quantity": "10",
            "price": "10",
            "fee": "1",
        },
        {
            "account": "A",
            "instrument": "X",
            "type": "BUY",
            "date": "2023-06-01",
            "quantity": "10",
            "price": "12",
        },
        {
            "account": "A",
            "instrument": "X",
            "type": "SELL",
            "date": "2024-02-01",
            "quantity": "6",
            "price": "7",
        },
        {
            "account": "A",
            "instrument": "X",
            "type": "TRANSFER_OUT",
            "date": "2024-02-15",
            "quantity": "4",
            "transfer_id": "move-1",
        },
        {
            "account": "B",
            "instrument": "X",
            "type": "TRANSFER_IN",
            "date": "2024-02-15",
            "quantity": "4",
            "transfer_id": "move-1",
        },
    ],
}


def ratio(gain: str, cost: str) -> str:
    """A percentage as the API writes it: the exact quotient, then a float."""
    return repr(float(Decimal(gain) / Decimal(cost)))


def rows(body: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            lot["account_id"],
            lot["acquired"],
            lot["quantity"],
            lot["unit_cost"],
            lot["cost_basis"],
            lot["market_value"],
            lot["unrealized_gain"],
        )
        for lot in body["items"]
    ]


def test_fifo_lots_keep_their_dates_through_a_split_a_sale_and_a_transfer(
    client: TestClient, alice: dict[str, str]
) -> None:
    built = build(client, alice, LOTS)
    a, b = built.accounts["A"], built.accounts["B"]

    body = get(client, alice, "lots", as_of=AS_OF)

    assert (body["as_of"], body["currency"], body["method"], body["total"]) == (
        AS_OF,
        "EUR",
        "fifo",
        3,
    )
    # The sale took 6 of the oldest 20 units, the transfer 4 more of them: 10 × 5.05 stay in A.
    assert rows(body) == [
        (a, "2023-03-01", "10", "5.05", "50.50", "80.00", "29.50"),
        (a, "2023-06-01", "20", "6.00", "120.00", "160.00", "40.00"),
        (b, "2023-03-01", "4", "5.05", "20.20", "32.00", "11.80"),
    ]
    first = body["items"][0]
    assert (first["symbol"], first["price"], first["currency"], first["fx_rate"]) == (
        "XLOT",
        "8.00",
        "EUR",
        "1",
    )
    assert first["days_held"] == 366  # 2023-03-01 → 2024-03-01
    assert first["unrealized_gain_pct"] == pytest.approx(29.5 / 50.5, abs=1e-12)
    assert first["instrument_id"] == built.instruments["X"]


def test_moving_average_lots_shrink_by_the_same_share(
    client: TestClient, alice: dict[str, str]
) -> None:
    built = build(client, alice, LOTS | {"cost_basis_method": "average"})
    a, b = built.accounts["A"], built.accounts["B"]

    body = get(client, alice, "lots", as_of=AS_OF)

    # The sale took 6/40 of each lot, the transfer 4/34 of each: costs per unit stay 5.05 and 6.
    assert body["method"] == "average"
    assert rows(body) == [
        (a, "2023-03-01", "15", "5.05", "75.75", "120.00", "44.25"),
        (a, "2023-06-01", "15", "6.00", "90.00", "120.00", "30.00"),
        (b, "2023-03-01", "2", "5.05", "10.10", "16.00", "5.90"),
        (b, "2023-06-01", "2", "6.00", "12.00", "16.00", "4.00"),
    ]


def test_lots_add_up_to_the_holdings(client: TestClient, alice: dict[str, str]) -> None:
    build(client, alice, LOTS)
    holdings = get(client, alice, "holdings", as_of=AS_OF)["items"]
    lots = get(client, alice, "lots", as_of=AS_OF)["items"]

    for holding in holdings:
        mine = [
            lot
            for lot in lots
            if (lot["account_id"], lot["instrument_id"])
            == (holding["account_id"], holding["instrument_id"])
        ]
        for field in ("quantity", "cost_basis", "market_value", "unrealized_gain"):
            total = sum((Decimal(lot[field]) for lot in mine), Decimal(0))
            assert total == Decimal(holding[field]), field
    assert (len(lots), len(holdings)) == (3, 2)


def test_a_foreign_lot_keeps_the_rate_of_its_day(client: TestClient, alice: dict[str, str]) -> None:
    built = build(client, alice, TWO_CURRENCIES)
    aapl = built.instruments["AAPL"]

    body = get(client, alice, "lots", as_of=FRIDAY, instrument_id=aapl)

    us, second = built.accounts["US"], built.accounts["Second"]
    assert [(lot["account_id"], lot["unit_cost"], lot["currency"]) for lot in body["items"]] == [
        (us, "185.10", "USD"),
        (second, "186.00", "USD"),
    ]
    us_lot = body["items"][0]
    # 1851 USD at 1.0956 on 2024-01-02; 10 × 181 USD at 1.0921 on Friday
    cents = Decimal("0.01")
    assert Decimal(us_lot["cost_basis"]).quantize(cents) == Decimal("1689.49")
    assert Decimal(us_lot["market_value"]).quantize(cents) == Decimal("1657.36")
    usd = get(client, alice, "lots", as_of=FRIDAY, instrument_id=aapl, currency="USD")
    assert usd["currency"] == "USD"
    assert Decimal(usd["items"][0]["cost_basis"]) == Decimal("1851")
    assert Decimal(usd["items"][0]["market_value"]) == Decimal("1810")


def test_account_filter_and_an_instrument_without_lots(
    client: TestClient, alice: dict[str, str]
) -> None:
    built = build(client, alice, LOTS)
    b = built.accounts["B"]
    only_b = get(client, alice, "lots", as_of=AS_OF, account_id=b)
    assert [(lot["account_id"], lot["quantity"]) for lot in only_b["items"]] == [(b, "4")]

    other = factories.instrument(client, alice, symbol="NONE")["id"]
    assert get(client, alice, "lots", instrument_id=other)["items"] == []
    before = get(client, alice, "lots", as_of="2023-02-01")
    assert (before["items"], before["total"]) == ([], 0)


def test_another_users_instrument_is_not_found(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    build(client, alice, LOTS)
    bobs = factories.instrument(client, bob, symbol="BOBS")["id"]

    response = client.get(f"{PORTFOLIO}/lots", headers=alice, params={"instrument_id": bobs})

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert f"instrument {bobs}" in response.json()["detail"]


def test_lots_follow_a_change_of_the_ledger(client: TestClient, alice: dict[str, str]) -> None:
    built = build(client, alice, LOTS)
    assert get(client, alice, "lots", as_of=AS_OF)["total"] == 3
    factories.transaction(
        client,
        alice,
        account_id=built.accounts["B"],
        instrument_id=built.instruments["X"],
        type="SELL",
        date="2024-02-20",
        quantity="4",
        price="7.5",
    )
    assert get(client, alice, "lots", as_of=AS_OF)["total"] == 2


@pytest.mark.parametrize(
    ("params", "headers"),
    [({"as_of": AS_OF, "format": "csv"}, {}), ({"as_of": AS_OF}, {"Accept": "text/csv"})],
)
def test_lots_download_as_csv_without_formulas(
    client: TestClient, alice: dict[str, str], params: dict[str, Any], headers: dict[str, str]
) -> None:
    spec = LOTS | {"instruments": [LOTS["instruments"][0] | {"symbol": "=LOT(1)"}]}
    built = build(client, alice, spec)
    response = client.get(f"{PORTFOLIO}/lots", headers=alice | headers, params=params)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert f'filename="lots-{AS_OF}.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    a, b, x = (str(built.accounts["A"]), str(built.accounts["B"]), str(built.instruments["X"]))
    # Lot ids are the buys' transaction ids (the one moved to B keeps its own).
    lots = client.get(f"{PORTFOLIO}/lots", headers=alice, params={"as_of": AS_OF}).json()["items"]
    first, second, moved = (str(lot["lot_id"]) for lot in lots)
    assert moved == first
    assert rows == [
        ["account_id", "instrument_id", "symbol", "acquired", "days_held", "quantity", "unit_cost", "cost_basis", "price", "market_value", "unrealized_gain", "unrealized_gain_pct", "currency", "fx_rate", "lot_id"],
        [a, x, "'=LOT(1)", "2023-03-01", "366", "10", "5.05", "50.50", "8.00", "80.00", "29.50", ratio("29.5", "50.5"), "EUR", "1", first],
        [a, x, "'=LOT(1)", "2023-06-01", "274", "20", "6.00", "120.00", "8.00", "160.00", "40.00", ratio("40", "120"), "EUR", "1", second],
        [b, x, "'=LOT(1)", "2023-03-01", "366", "4", "5.05", "20.20", "8.00", "32.00", "11.80", ratio("11.8", "20.2"), "EUR", "1", first],
    ]  # fmt: skip
