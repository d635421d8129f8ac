"""CSV writers: the portfolio API's field names, exact numbers, formula cells escaped."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from pms.services.csv_cells import escape_formula, unescape_formula
from pms.services.exports.csv_files import write_holdings, write_realized


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
        "80",
        "1000",
        "75.5",
        "2024-06-28",
        "943.75",
        "-56.25",
        "-0.05625",
        "1.0",
        "0",
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
            }
        ],
    )
    assert out.getvalue().splitlines() == [
        "account_id,instrument_id,symbol,acquired,sold,quantity,proceeds,cost,gain",
        "1,7,SAP.DE,2023-01-10,2023-06-15,500,10412.7,9903.3,509.4",
    ]
