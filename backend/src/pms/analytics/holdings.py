"""Holdings at the close of `as_of` (per position or merged per instrument) and the allocation of
the portfolio's value."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum

from pms.analytics.gc_pause import gc_paused
from pms.analytics.portfolio import OpenPosition, Portfolio
from pms.analytics.records import ZERO, InstrumentRecord
from pms.analytics.results import AllocationSlice, CashHolding, Holding, OpenLot, money


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


def weight_base(portfolio: Portfolio) -> Decimal:
    """What weights are shares of: V(as_of), positions and cash; when some tracked cash is below
    zero (margin, or a history without its deposits), the gross value — positions and the cash
    above zero — so that no weight exceeds 100 % and the negative cash has no weight of its own."""
    if all(balance >= 0 for balance in portfolio.cash_balances.values()):
        return portfolio.market_value
    rate = portfolio.converter.rate
    positive = sum(
        (
            balance * rate(currency, portfolio.as_of)
            for (_, currency), balance in portfolio.cash_balances.items()
            if balance > 0
        ),
        ZERO,
    )
    return sum((p.market_value for p in portfolio.open_positions), ZERO) + positive


def _weight(value: Decimal, base: Decimal) -> float | None:
    """A share of `base`; none for a value below zero (negative cash is shown as an amount)."""
    return None if value < 0 else _share(value, base)


def cash_holdings(
    portfolio: Portfolio, group: HoldingsGroup | str = HoldingsGroup.POSITION
) -> list[CashHolding]:
    """The tracked cash as rows beside the positions: per (account, currency), or per currency
    over the accounts when grouped by instrument. The positions' and the cash's weights add up to
    100 % (of `weight_base`)."""
    by_instrument = HoldingsGroup(group) is HoldingsGroup.INSTRUMENT
    balances: dict[tuple[int | None, str], Decimal] = {}
    for (account, currency), amount in portfolio.cash_balances.items():
        key = (None if by_instrument else account, currency)
        balances[key] = balances.get(key, ZERO) + amount
    base = weight_base(portfolio)
    rows = []
    for (account_id, currency), balance in sorted(
        balances.items(), key=lambda item: (item[0][0] or 0, item[0][1])
    ):
        if balance == 0:
            continue
        rate = portfolio.converter.rate(currency, portfolio.as_of)
        value = balance * rate
        rows.append(
            CashHolding(
                account_id=account_id,
                currency=currency,
                balance=money(balance),
                market_value=money(value),
                weight=_weight(value, base),
                fx_rate=rate,
            )
        )
    return rows


def holdings(
    portfolio: Portfolio, group: HoldingsGroup | str = HoldingsGroup.POSITION
) -> list[Holding]:
    """One row per open position (account, instrument), or per instrument over the accounts.

    market_value = quantity × price × fx(ccy → C, as_of); cost_basis = Σ lot costs at their
    acquisition rates; unrealized_gain = market_value − cost_basis, and its % of cost_basis;
    average_cost = cost in the instrument's currency ÷ quantity; weight = market_value ÷ V(as_of)
    (cash included in V; the gross value when some cash is below zero, see `weight_base`); day_change = quantity × (close − previous close) × fx(as_of)."""
    with gc_paused():
        positions = portfolio.open_positions
        if HoldingsGroup(group) is HoldingsGroup.INSTRUMENT:
            merged: dict[int, list[OpenPosition]] = {}
            for position in positions:
                merged.setdefault(position.instrument_id, []).append(position)
            base = weight_base(portfolio)
            return [_holding(portfolio, None, parts, base) for _, parts in sorted(merged.items())]
        base = weight_base(portfolio)
        return [_holding(portfolio, p.account_id, [p], base) for p in positions]


def _holding(
    portfolio: Portfolio, account_id: int | None, parts: list[OpenPosition], base: Decimal
) -> Holding:
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
        weight=_weight(value, base),
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
                    lot_id=lot.origin,
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
    whole = weight_base(portfolio)
    slices = [AllocationSlice(k, money(v), _weight(v, whole)) for k, v in totals.items()]
    return sorted(slices, key=lambda s: (-s.market_value, str(s.key)))
