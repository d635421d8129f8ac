"""Holdings at the close of `as_of` (per position or merged per instrument) and the allocation of
the portfolio's value."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum

from pms.analytics.gc_pause import gc_paused
from pms.analytics.portfolio import OpenPosition, Portfolio
from pms.analytics.records import ZERO, InstrumentRecord
from pms.analytics.results import AllocationSlice, Holding, OpenLot, money


class HoldingsGroup(StrEnum):
    POSITION = "position"
    INSTRUMENT = "instrument"


class AllocationKey(StrEnum):
    ASSET_CLASS = "asset_class"
    SECTOR = "sector"
    COUNTRY = "country"
    CURRENCY = "currency"
    ACCOUNT = "account"
    INSTRUMENT = "instrument"


def _share(part: Decimal, whole: Decimal) -> float | None:
    return None if whole == 0 else float(part / whole)


def holdings(
    portfolio: Portfolio, group: HoldingsGroup | str = HoldingsGroup.POSITION
) -> list[Holding]:
    """One row per open position (account, instrument), or per instrument over the accounts.

    market_value = quantity × price × fx(ccy → C, as_of); cost_basis = Σ lot costs at their
    acquisition rates; unrealized_gain = market_value − cost_basis, and its % of cost_basis;
    average_cost = cost in the instrument's currency ÷ quantity; weight = market_value ÷ V(as_of)
    (cash included in V); day_change = quantity × (close − previous close) × fx(as_of)."""
    with gc_paused():
        positions = portfolio.open_positions
        if HoldingsGroup(group) is HoldingsGroup.INSTRUMENT:
            merged: dict[int, list[OpenPosition]] = {}
            for position in positions:
                merged.setdefault(position.instrument_id, []).append(position)
            return [_holding(portfolio, None, parts) for _, parts in sorted(merged.items())]
        return [_holding(portfolio, p.account_id, [p]) for p in positions]


def _holding(portfolio: Portfolio, account_id: int | None, parts: list[OpenPosition]) -> Holding:
    first = parts[0]
    instrument = portfolio.data.instrument(first.instrument_id)
    quantity = sum((p.quantity for p in parts), ZERO)
    cost = sum((p.cost for p in parts), ZERO)
    local_cost = sum((p.local_cost for p in parts), ZERO)
    value = sum((p.market_value for p in parts), ZERO)
    changes = [p.day_change for p in parts if p.day_change is not None]
    quote = first.quote
    return Holding(
        account_id=account_id,
        instrument_id=instrument.id,
        symbol=instrument.symbol,
        name=instrument.name or instrument.symbol,
        quantity=quantity,
        average_cost=money(local_cost / quantity),
        cost_basis=money(cost),
        price=None if quote is None else quote.price,
        price_date=None if quote is None else quote.date,
        market_value=money(value),
        unrealized_gain=money(value - cost),
        unrealized_gain_pct=_share(value - cost, cost),
        weight=_share(value, portfolio.market_value),
        day_change=money(sum(changes, ZERO)) if changes else None,
        currency=instrument.currency,
        fx_rate=first.fx_rate,
    )


def open_lots(portfolio: Portfolio, instrument_id: int | None = None) -> list[OpenLot]:
    """The lots of every open position (of one instrument when `instrument_id` is given), by
    account and instrument, oldest first within a position.

    Under FIFO a sale consumed the oldest lots; under the moving average it took the same share of
    every lot, so each keeps its acquisition date and its cost per unit. Splits restate quantities
    and costs per unit, not costs."""
    rows: list[OpenLot] = []
    for position in portfolio.open_positions:
        if instrument_id is not None and position.instrument_id != instrument_id:
            continue
        instrument = portfolio.data.instrument(position.instrument_id)
        quote = position.quote
        price = ZERO if quote is None else quote.price
        held = portfolio.ledger.positions[(position.account_id, position.instrument_id)]
        for lot in held.lots:
            value = lot.quantity * price * position.fx_rate
            rows.append(
                OpenLot(
                    account_id=position.account_id,
                    instrument_id=instrument.id,
                    symbol=instrument.symbol,
                    acquired=lot.acquired,
                    days_held=(portfolio.as_of - lot.acquired).days,
                    quantity=lot.quantity,
                    unit_cost=money(lot.local_cost / lot.quantity),
                    cost_basis=money(lot.cost),
                    price=None if quote is None else quote.price,
                    market_value=money(value),
                    unrealized_gain=money(value - lot.cost),
                    unrealized_gain_pct=_share(value - lot.cost, lot.cost),
                    currency=instrument.currency,
                    fx_rate=position.fx_rate,
                )
            )
    return rows


_INSTRUMENT_KEYS: dict[AllocationKey, Callable[[InstrumentRecord], str | int | None]] = {
    AllocationKey.ASSET_CLASS: lambda i: i.asset_class,
    AllocationKey.SECTOR: lambda i: i.sector,
    AllocationKey.COUNTRY: lambda i: i.country,
    AllocationKey.CURRENCY: lambda i: i.currency,
    AllocationKey.INSTRUMENT: lambda i: i.id,
}

#: Where cash goes in each grouping (`None`: the currency or account of the balance).
_CASH_KEYS: dict[AllocationKey, str | None] = {
    AllocationKey.ASSET_CLASS: "cash",
    AllocationKey.SECTOR: None,
    AllocationKey.COUNTRY: None,
    AllocationKey.INSTRUMENT: None,
}


def allocation(portfolio: Portfolio, by: AllocationKey | str) -> list[AllocationSlice]:
    """The market value at as_of grouped by `by`, largest first, with each group's share of
    V(as_of). Cash is asset class `cash`, sits in its own currency and account, and has no sector,
    country or instrument (key `None`)."""
    key = AllocationKey(by)
    totals: dict[str | int | None, Decimal] = {}
    for position in portfolio.open_positions:
        if key is AllocationKey.ACCOUNT:
            group: str | int | None = position.account_id
        else:
            group = _INSTRUMENT_KEYS[key](portfolio.data.instrument(position.instrument_id))
        totals[group] = totals.get(group, ZERO) + position.market_value
    for (account_id, currency), balance in portfolio.cash_balances.items():
        if key is AllocationKey.ACCOUNT:
            group = account_id
        elif key is AllocationKey.CURRENCY:
            group = currency
        else:
            group = _CASH_KEYS[key]
        value = balance * portfolio.converter.rate(currency, portfolio.as_of)
        totals[group] = totals.get(group, ZERO) + value
    whole = portfolio.market_value
    slices = [AllocationSlice(k, money(v), _share(v, whole)) for k, v in totals.items()]
    return sorted(slices, key=lambda s: (-s.market_value, str(s.key)))
