"""Importing a price history from a CSV file into a manual instrument (offline use)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.models import Split, User
from pms.enums import DataSource
from pms.errors import Conflict
from pms.market.adjust import unadjust_bars
from pms.market.price_csv import parse_price_csv
from pms.market.providers.base import Bar, SplitEvent
from pms.market.store import MANUAL, store_prices
from pms.services.instruments import get_instrument
from pms.services.shared_data import ensure_may_write_instrument


@dataclass(frozen=True)
class PriceImport:
    instrument_id: int
    imported: int
    first_date: date
    last_date: date
    skipped_rows: tuple[int, ...]
    date_format: str
    decimal_separator: str


def import_price_csv(
    session: Session,
    user: User,
    instrument_id: int,
    data: bytes,
    *,
    today: date,
    split_adjusted: bool = False,
) -> PriceImport:
    """Store every (date, close) of the file, replacing stored prices of the same dates; nothing is
    stored when any row is wrong. With `split_adjusted` (a Yahoo download's `Close`), the closes
    are turned back into as-traded prices with the instrument's stored splits."""
    instrument = get_instrument(session, user, instrument_id)
    ensure_may_write_instrument(user, instrument)
    if instrument.data_source != DataSource.MANUAL:
        raise Conflict(
            detail=f"{instrument.symbol} gets its prices from the provider; upload a price history "
            "to a manual instrument"
        )
    parsed = parse_price_csv(data, today=today)
    bars = [Bar(row.date, row.close) for row in parsed.rows]
    if split_adjusted:
        splits = [
            SplitEvent(s.date, s.numerator, s.denominator)
            for s in session.scalars(select(Split).where(Split.instrument_id == instrument.id))
        ]
        bars = unadjust_bars(bars, splits, Decimal(1))
    store_prices(session, instrument.id, bars, MANUAL)
    session.flush()
    return PriceImport(
        instrument_id=instrument.id,
        imported=len(bars),
        first_date=bars[0].date,
        last_date=bars[-1].date,
        skipped_rows=parsed.skipped,
        date_format=parsed.date_format,
        decimal_separator=parsed.decimal_separator,
    )
