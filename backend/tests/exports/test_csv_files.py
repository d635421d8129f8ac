"""CSV writers: the portfolio API's field names, exact numbers, formula cells escaped."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient

from pms.services.csv_cells import escape_formula, unescape_formula
from pms.services.exports.csv_files import write_holdings, write_realized
from tests import factories


def test_formula_cells_are_escaped_and_read_back_losslessly() -> None:
    for text in ("=1+2", "+49 30 1234", "-x", "@SUM(A1)", "\tTab", "'quoted", "''=x", "plain", ""):
        assert unescape_formula(escape_formula(text)) == text
    assert escape_formula('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert escape_formula("Apple") == "Apple"


def test_holdings_csv_has_the_api_fields_and_escapes_text_only() -> None:
    out = io.StringIO()
    write_holdings(
        out,
        [
            {
                "account_id": 1,
                "instrument_id": 7,
                "symbol": "=EVIL",
                "quantity": Decimal("12.5000000000"),
                "average_cost": Decimal("80"),
                "cost_basis": Decimal("1000.00"),
                "price": Decimal("75.5"),
                "price_date": date(2024, 6, 28),
                "market_value": Decimal("943.75"),
                "unrealized_gain": Decimal("-56.25"),
                "unrealized_gain_pct": -0.05625,
                "weight": 1.0,
                "day_change": Decimal("0"),
                "currency": "EUR",
                "fx_rate": None,
            }
        ],
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:4] == ["account_id", "instrument_id", "symbol", "quantity"]
    assert rows[1] == [
        "1",
        "7",
        "'=EVIL",
        "12.5",
        "80.00",
        "1000.00",
        "75.50",
        "2024-06-28",
        "943.75",
        "-56.25",
        "-0.05625",
        "1.0",
        "0.00",
        "EUR",
        "",
    ]


def test_realized_csv_has_the_api_fields() -> None:
    out = io.StringIO()
    write_realized(
        out,
        [
            {
                "account_id": 1,
                "instrument_id": 7,
                "symbol": "SAP.DE",
                "acquired": date(2023, 1, 10),
                "sold": date(2023, 6, 15),
                "quantity": Decimal("500"),
                "proceeds": Decimal("10412.70"),
                "cost": Decimal("9903.30"),
                "gain": Decimal("509.40"),
                "holding_days": 156,
                "term": "short",
                "lot_id": 3,
            }
        ],
    )
    assert out.getvalue().splitlines() == [
        "account_id,instrument_id,symbol,acquired,sold,quantity,proceeds,cost,gain,currency,"
        "holding_days,term,lot_id",
        "1,7,SAP.DE,2023-01-10,2023-06-15,500,10412.70,9903.30,509.40,,156,short,3",
    ]


def test_holdings_and_realized_gains_download_from_export_and_portfolio(
    client: TestClient, alice: dict[str, str]
) -> None:
    acc = factories.account(client, alice)["id"]
    inst = factories.instrument(client, alice, symbol="=CALC", currency="EUR")["id"]
    client.put(
        f"/api/v1/instruments/{inst}/prices",
        headers=alice,
        json=[{"date": "2024-03-01", "close": "12"}],
    )
    factories.buy(client, alice, acc, inst, "2024-01-02", "10", "10")
    factories.transaction(
        client,
        alice,
        account_id=acc,
        instrument_id=inst,
        type="SELL",
        date="2024-03-01",
        quantity="4",
        price="12",
    )

    holdings = client.get("/api/v1/export", headers=alice, params={"format": "holdings-csv"})
    assert holdings.status_code == 200, holdings.text
    assert holdings.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(holdings.text)))
    assert [(r["symbol"], r["quantity"], r["cost_basis"], r["market_value"]) for r in rows] == [
        ("'=CALC", "6", "60.00", "72.00")
    ]
    realized = client.get("/api/v1/export", headers=alice, params={"format": "realized-csv"})
    rows = list(csv.DictReader(io.StringIO(realized.text)))
    assert [
        (r["sold"], r["quantity"], r["proceeds"], r["cost"], r["gain"], r["currency"]) for r in rows
    ] == [("2024-03-01", "4", "48.00", "40.00", "8.00", "EUR")]
    same = client.get("/api/v1/portfolio/holdings", headers=alice, params={"format": "csv"})
    assert same.text == holdings.text
    assert 'filename="holdings-' in same.headers["content-disposition"]
