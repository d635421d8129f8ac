"""CSV exports: transactions in our own CSV layout (which `format=pms-csv` imports back), and
holdings, open lots and realized gains with the field names of the portfolio API (ARCHITECTURE §4).

Text cells that a spreadsheet would evaluate are escaped (see `services.csv_cells`); numbers are
written with a decimal point and no grouping, dates as ISO.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.models import Account, Instrument, Transaction, User
from pms.decimal_text import format_decimal
from pms.services.csv_cells import escape_formula
from pms.services.imports.pms_csv import COLUMNS as TRANSACTION_COLUMNS

HOLDINGS_COLUMNS = (
    "account_id",
    "instrument_id",
    "symbol",
    "quantity",
    "average_cost",
    "cost_basis",
    "price",
    "price_date",
    "market_value",
    "unrealized_gain",
    "unrealized_gain_pct",
    "weight",
    "day_change",
    "currency",
    "fx_rate",
)
LOTS_COLUMNS = (
    "account_id",
    "instrument_id",
    "symbol",
    "acquired",
    "days_held",
    "quantity",
    "unit_cost",
    "cost_basis",
    "price",
    "market_value",
    "unrealized_gain",
    "unrealized_gain_pct",
    "currency",
    "fx_rate",
    "lot_id",
)
REALIZED_COLUMNS = (
    "account_id",
    "instrument_id",
    "symbol",
    "acquired",
    "sold",
    "quantity",
    "proceeds",
    "cost",
    "gain",
    "currency",
    "holding_days",
    "term",
    "lot_id",
)


#: Money columns of the portfolio exports: written with at least two decimals, as on the API.
MONEY_COLUMNS = frozenset(
    {"average_cost", "unit_cost", "cost_basis", "price", "market_value", "unrealized_gain"}
    | {"day_change", "proceeds", "cost", "gain"}
)


def cell(value: Any, *, money: bool = False) -> str:
    """One CSV cell: numbers and dates as they are, text escaped against formula injection."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value, 2 if money else 0)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(str(value))


def write_rows(
    out: TextIO,
    columns: Iterable[str],
    rows: Iterable[Mapping[str, Any]],
    money: frozenset[str] = frozenset(),
) -> None:
    names = list(columns)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell(row.get(name), money=name in money) for name in names])


def write_transactions(session: Session, user: User, out: TextIO) -> None:
    accounts = {a.id: a for a in session.scalars(select(Account).where(Account.user_id == user.id))}
    used = select(Transaction.instrument_id).where(Transaction.user_id == user.id)
    instruments = {
        i.id: i for i in session.scalars(select(Instrument).where(Instrument.id.in_(used)))
    }
    query = (
        select(Transaction)
        .where(Transaction.user_id == user.id)
        .order_by(Transaction.date, Transaction.id)
        .execution_options(yield_per=1000)
    )

    def rows() -> Iterable[dict[str, Any]]:
        for txn in session.scalars(query):
            instrument = instruments.get(txn.instrument_id) if txn.instrument_id else None
            yield {
                "date": txn.date,
                "type": txn.type,
                "account": accounts[txn.account_id].name,
                "symbol": instrument.symbol if instrument else None,
                "isin": instrument.isin if instrument else None,
                "instrument_name": instrument.name if instrument else None,
                "instrument_currency": instrument.currency if instrument else None,
                **{
                    name: getattr(txn, name)
                    for name in TRANSACTION_COLUMNS
                    if name not in ("date", "type", "account")
                    and not name.startswith(("symbol", "isin", "instrument_"))
                },
            }

    write_rows(out, TRANSACTION_COLUMNS, rows())


def write_holdings(out: TextIO, holdings: Iterable[Mapping[str, Any]]) -> None:
    """`holdings`: the items of `GET /portfolio/holdings`."""
    write_rows(out, HOLDINGS_COLUMNS, holdings, MONEY_COLUMNS)


def write_realized(
    out: TextIO, realized: Iterable[Mapping[str, Any]], currency: str | None = None
) -> None:
    """`realized`: the items of `GET /portfolio/realized`, with the reporting `currency`."""
    rows = ({"currency": currency, **row} for row in realized)
    write_rows(out, REALIZED_COLUMNS, rows, MONEY_COLUMNS)


def holdings_csv(holdings: Iterable[Any]) -> str:
    """The analytics' `Holding`s (or rows with their fields) as CSV text."""
    out = io.StringIO()
    write_holdings(out, (_fields(h) for h in holdings))
    return out.getvalue()


def lots_csv(lots: Iterable[Any]) -> str:
    """The analytics' `OpenLot`s (or rows with their fields) as CSV text."""
    out = io.StringIO()
    write_rows(out, LOTS_COLUMNS, (_fields(lot) for lot in lots), MONEY_COLUMNS)
    return out.getvalue()


def realized_csv(realized: Iterable[Any], currency: str) -> str:
    """The analytics' `RealizedGain`s as CSV text, in the reporting `currency`."""
    out = io.StringIO()
    write_realized(out, (_fields(r) for r in realized), currency)
    return out.getvalue()


def _fields(row: Any) -> Mapping[str, Any]:
    if isinstance(row, Mapping):
        return row
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
