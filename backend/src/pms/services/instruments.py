"""The instrument catalogue: shared provider instruments and each user's manual ones, with their
prices and splits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import CursorResult, delete, func, or_, select
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.currencies import is_currency, normalise_currency
from pms.db.locks import lock_instruments
from pms.db.models import Instrument, Price, Split, Transaction, User, UserPrice
from pms.db.upsert import upsert_rows
from pms.enums import AssetClass, DataSource
from pms.errors import Conflict, ValidationFailed, not_found
from pms.market.context import MarketContext
from pms.market.exchanges import currency_from_symbol
from pms.market.states import FetchState
from pms.services import market_data, market_lookup
from pms.services.cache_versions import touch_ledger
from pms.services.dated_rows import dates_once
from pms.services.positions_guard import ensure_no_shortfall
from pms.services.shared_data import ensure_may_write_instrument


def visible(user: User) -> Any:
    """Provider instruments are everyone's; manual ones only their owner's."""
    return or_(Instrument.owner_id.is_(None), Instrument.owner_id == user.id)


def list_instruments(
    session: Session,
    user: User,
    *,
    q: str | None,
    data_source: DataSource | None,
    asset_class: AssetClass | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[Instrument], int]:
    query = select(Instrument).where(visible(user))
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(Instrument.symbol).like(pattern),
                func.lower(Instrument.name).like(pattern),
                func.lower(func.coalesce(Instrument.isin, "")).like(pattern),
            )
        )
    if data_source:
        query = query.where(Instrument.data_source == data_source)
    if asset_class:
        query = query.where(Instrument.asset_class == asset_class)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.order_by(Instrument.symbol, Instrument.id).limit(limit).offset(offset)
    ).all()
    return items, total


def get_instrument(session: Session, user: User, instrument_id: int) -> Instrument:
    instrument = session.get(Instrument, instrument_id)
    if instrument is None or instrument.owner_id not in (None, user.id):
        raise not_found("instrument", instrument_id)
    return instrument


def find_provider_instrument(session: Session, source: str, symbol: str) -> Instrument | None:
    return session.scalar(
        select(Instrument).where(
            Instrument.data_source == source,
            Instrument.symbol == symbol,
            Instrument.owner_id.is_(None),
        )
    )


def create_instrument(
    session: Session, user: User, fields: dict[str, Any], market: MarketContext | None = None
) -> tuple[Instrument, bool]:
    """Add an instrument; returns it and whether it is new. A provider symbol that is in the catalogue
    already is returned as it is (the catalogue never holds one twice). A new provider symbol is
    filled in from the provider; when the provider cannot be reached it is added all the same (its
    currency from the symbol's form if not given) and fetched later."""
    source = DataSource(fields.get("data_source") or DataSource.MANUAL)
    symbol: str = fields["symbol"]
    if source == DataSource.MANUAL:
        if fields.get("currency") is None:
            raise ValidationFailed.for_field(
                "currency", "required for a manual instrument", "missing"
            )
        taken = session.scalar(
            select(Instrument.id).where(Instrument.owner_id == user.id, Instrument.symbol == symbol)
        )
        if taken is not None:
            raise Conflict.for_field(
                "symbol", f"you have a manual instrument '{symbol}' already", "taken"
            )
        instrument = _new_instrument(symbol, source, user.id, fields)
        session.add(instrument)
        session.flush()
        return instrument, True
    symbol = symbol.upper()
    existing = find_provider_instrument(session, source, symbol)
    if existing is not None:
        return existing, False
    fields = dict(fields)
    state, message = FetchState.NEVER_FETCHED, None
    if market is not None:
        enrichment = market_lookup.enrich_instrument(market, symbol)
        state, message = enrichment.state, enrichment.message
        if state == FetchState.UNKNOWN_SYMBOL:
            raise ValidationFailed.for_field(
                "symbol",
                f"the market data provider does not know '{symbol}'; check the symbol, or add it "
                "as a manual instrument",
                "unknown_symbol",
            )
        if enrichment.info is not None:
            info = enrichment.info
            for name in ("name", "currency", "exchange", "sector", "country", "isin"):
                if fields.get(name) is None:
                    fields[name] = getattr(info, name)
            if fields.get("asset_class") is None:
                fields["asset_class"] = info.asset_class
    if fields.get("currency") is None:
        fields["currency"] = currency_from_symbol(symbol)
    if fields.get("currency") is not None:
        fields["currency"] = normalise_currency(fields["currency"])[0]
    if fields.get("currency") is None or not is_currency(fields["currency"]):
        raise ValidationFailed.for_field(
            "currency",
            "the provider could not tell the currency of this symbol; give it to add the symbol",
            "missing",
        )
    instrument = _new_instrument(symbol, source, None, fields)
    session.add(instrument)
    session.flush()
    if market is not None:
        market_data.instrument_added(session, market, instrument, state=state, message=message)
    return instrument, True


def _new_instrument(
    symbol: str, source: DataSource, owner_id: int | None, fields: dict[str, Any]
) -> Instrument:
    isin = fields.get("isin")
    return Instrument(
        symbol=symbol,
        name=(fields.get("name") or symbol)[:200],
        currency=fields["currency"],
        asset_class=fields.get("asset_class") or AssetClass.EQUITY,
        data_source=source,
        owner_id=owner_id,
        sector=fields.get("sector"),
        country=fields.get("country"),
        exchange=fields.get("exchange"),
        isin=isin if isin and len(isin) == 12 else None,
    )


def _used_by_transactions(session: Session, instrument: Instrument) -> bool:
    return (
        session.scalar(
            select(Transaction.id).where(Transaction.instrument_id == instrument.id).limit(1)
        )
        is not None
    )


def update_instrument(
    session: Session, cache: Cache, user: User, instrument: Instrument, changes: dict[str, Any]
) -> Instrument:
    ensure_may_write_instrument(user, instrument)
    for name in ("name", "currency", "asset_class"):
        if name in changes and changes[name] is None:
            raise ValidationFailed.for_field(name, "must not be null", "null")
    if (
        "currency" in changes
        and changes["currency"] != instrument.currency
        and _used_by_transactions(session, instrument)
    ):
        raise Conflict.for_field(
            "currency", "the currency of an instrument with transactions cannot change", "in_use"
        )
    for name, value in changes.items():
        setattr(instrument, name, value)
    session.flush()
    return instrument


def delete_instrument(session: Session, cache: Cache, user: User, instrument: Instrument) -> None:
    ensure_may_write_instrument(user, instrument)
    # The lock keeps anyone from trading it between this check and the commit.
    lock_instruments(session, [instrument.id], exclusive=True)
    if _used_by_transactions(session, instrument):
        raise Conflict(
            detail="the instrument has transactions; delete them first"
            if instrument.owner_id is not None
            else "the instrument is in use by transactions; a shared instrument can only be "
            "deleted when nobody trades it"
        )
    session.delete(instrument)
    session.flush()


# --- prices -----------------------------------------------------------------------------------


def list_prices(
    session: Session,
    instrument: Instrument,
    *,
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[Price], int]:
    query = select(Price).where(Price.instrument_id == instrument.id)
    if start:
        query = query.where(Price.date >= start)
    if end:
        query = query.where(Price.date <= end)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(query.order_by(Price.date).limit(limit).offset(offset)).all()
    return items, total


def put_prices(
    session: Session, cache: Cache, user: User, instrument: Instrument, rows: list[dict[str, Any]]
) -> list[Price]:
    """Insert or overwrite closes (and optional OHLCV) by date."""
    ensure_may_write_instrument(user, instrument)
    seen = dates_once(rows)
    columns = ("close", "open", "high", "low", "volume")
    upsert_rows(
        session,
        Price.__table__,  # type: ignore[arg-type]
        [
            {"instrument_id": instrument.id, "date": r["date"], "source": "manual"}
            | {c: r.get(c) for c in columns}
            for r in rows
        ],
        keys=("instrument_id", "date"),
        update=(*columns, "source"),
    )
    if not rows:
        return []
    stored = session.scalars(
        select(Price)
        .where(
            Price.instrument_id == instrument.id,
            Price.date >= min(seen),
            Price.date <= max(seen),
        )
        .order_by(Price.date)
        .execution_options(populate_existing=True)
    )
    return [price for price in stored if price.date in seen]


# --- a user's own closes ------------------------------------------------------------------------


def list_own_prices(
    session: Session, user: User, instrument: Instrument, *, start: date | None, end: date | None
) -> Sequence[UserPrice]:
    query = select(UserPrice).where(
        UserPrice.user_id == user.id, UserPrice.instrument_id == instrument.id
    )
    if start:
        query = query.where(UserPrice.date >= start)
    if end:
        query = query.where(UserPrice.date <= end)
    return session.scalars(query.order_by(UserPrice.date)).all()


def put_own_prices(
    session: Session, user: User, instrument: Instrument, rows: list[dict[str, Any]]
) -> list[UserPrice]:
    """Insert or overwrite the user's own closes of an instrument by date. Anyone may keep their
    own closes of any instrument they see: they count in that user's reports only, over the
    stored close of the same day."""
    seen = dates_once(rows)
    upsert_rows(
        session,
        UserPrice.__table__,  # type: ignore[arg-type]
        [
            {"user_id": user.id, "instrument_id": instrument.id, "date": r["date"]}
            | {"close": r["close"]}
            for r in rows
        ],
        keys=("user_id", "instrument_id", "date"),
        update=("close",),
    )
    touch_ledger(session, user.id)
    if not rows:
        return []
    stored = session.scalars(
        select(UserPrice)
        .where(
            UserPrice.user_id == user.id,
            UserPrice.instrument_id == instrument.id,
            UserPrice.date >= min(seen),
            UserPrice.date <= max(seen),
        )
        .order_by(UserPrice.date)
        .execution_options(populate_existing=True)
    )
    return [price for price in stored if price.date in seen]


def delete_own_prices(
    session: Session, user: User, instrument: Instrument, day: date | None
) -> int:
    """Remove the user's own closes of an instrument (of one day when `day` is given); how many
    went."""
    query = delete(UserPrice).where(
        UserPrice.user_id == user.id, UserPrice.instrument_id == instrument.id
    )
    if day is not None:
        query = query.where(UserPrice.date == day)
    result = session.execute(query)
    touch_ledger(session, user.id)
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


# --- splits -----------------------------------------------------------------------------------


def list_splits(session: Session, instrument: Instrument) -> Sequence[Split]:
    return session.scalars(
        select(Split).where(Split.instrument_id == instrument.id).order_by(Split.date)
    ).all()


def add_split(
    session: Session, cache: Cache, user: User, instrument: Instrument, fields: dict[str, Any]
) -> Split:
    ensure_may_write_instrument(user, instrument)
    if fields["numerator"] == fields["denominator"]:
        raise ValidationFailed.for_field(
            "numerator", "equal numerator and denominator make no split", "no_op"
        )
    lock_instruments(session, [instrument.id], exclusive=True)
    taken = session.scalar(
        select(Split.id).where(Split.instrument_id == instrument.id, Split.date == fields["date"])
    )
    if taken is not None:
        raise Conflict.for_field(
            "date", f"the instrument has a split on {fields['date'].isoformat()} already", "taken"
        )
    split = Split(instrument_id=instrument.id, source="manual", **fields)
    session.add(split)
    # A reverse split can leave a later sale with more units sold than held.
    ensure_no_shortfall(session, instrument.id, field="date", actor=user)
    return split


def delete_split(
    session: Session, cache: Cache, user: User, instrument: Instrument, split_id: int
) -> None:
    ensure_may_write_instrument(user, instrument)
    lock_instruments(session, [instrument.id], exclusive=True)
    split = session.get(Split, split_id)
    if split is None or split.instrument_id != instrument.id:
        raise not_found("split", split_id)
    session.execute(delete(Split).where(Split.id == split_id))
    ensure_no_shortfall(session, instrument.id, field="date", actor=user)
