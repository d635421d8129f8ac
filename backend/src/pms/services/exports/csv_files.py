"""CSV exports: transactions in our own CSV layout (which `format=pms-csv` imports back), and
holdings and realized gains with the field names of the portfolio API (ARCHITECTURE §4).

Text cells that a spreadsheet would evaluate are escaped (see `services.csv_cells`); numbers are
written with a decimal point and no grouping, dates as ISO.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.models import Account, Instrument, Transaction, User
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
)


def cell(value: Any) -> str:
    """One CSV cell: numbers and dates as they are, text escaped against formula injection."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(str(value))


def write_rows(out: TextIO, columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> None:
    names = list(columns)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in names])


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
    write_rows(out, HOLDINGS_COLUMNS, holdings)


def write_realized(out: TextIO, realized: Iterable[Mapping[str, Any]]) -> None:
    """`realized`: the items of `GET /portfolio/realized`."""
    write_rows(out, REALIZED_COLUMNS, realized)
