"""Where a period's gain comes from: the value bridge (see docs/analytics.md, "The value bridge").

Over the period (F, T], in the reporting currency C,

    V(T) − V(F) = net_flows + price_effect + currency_effect + income − fees − taxes

- `net_flows` are the external flows of ARCHITECTURE §5 (the TWR's IN and OUT);
- `income` the gross dividends and interest paid in the period, `fees` and `taxes` every fee and
  tax of its transactions (withholding included), each at the rate of its day;
- `currency_effect` the change that exchange rates made, day by day, to what was held from the day
  before: for a position, q·P_t·(X_t − X_{t−1}) with q the quantity held at the close of t − 1 in
  day t's units (a split moves nothing), for cash in a currency c, C_{t−1}·(X_t − X_{t−1});
- `price_effect` what prices made: q·(P_t − P_{t−1})·X_{t−1} on what was held, plus the difference
  between each trade's price and its day's close. It is worked out as the rest of the identity, row
  by row, so the bridge adds up exactly; `price_parts` gives the formula's own value for a check.

The bridge is computed per row — each instrument the selection held or paid for in the period, and
one row for cash — and the totals are the rows' sums. An instrument's row is that holding seen as a
portfolio of its own: its buys (with their fees and taxes) and transfers in are inflows, its sales,
transfers out and payments (net) outflows. The cash row takes the rest of the external flows (a
deposit, and the opposite of the holdings' flows where cash is tracked), so the rows' flows add up
to the selection's.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

import numpy as np

from pms.analytics.fx import ExchangeRates
from pms.analytics.performance import figures, performance, with_extras
from pms.analytics.portfolio import OpenPosition, Portfolio
from pms.analytics.records import ZERO, DayArray, FloatArray, SplitRecord
from pms.analytics.results import Performance
from pms.analytics.returns import irr, returns_and_skipped, twr_index
from pms.analytics.valuation import cash_grid, position_grid, split_factors
from pms.enums import POSITION_TYPES

#: Money from the float series is given to eight places (below their float noise).
PLACES = Decimal("1E-8")


@dataclass(frozen=True)
class BridgeRow:
    """One row of the bridge: an instrument (`instrument_id`) or cash (`None`)."""

    instrument_id: int | None
    start_value: Decimal
    end_value: Decimal
    net_flows: Decimal
    income: Decimal
    fees: Decimal
    taxes: Decimal
    currency_effect: Decimal
    price_effect: Decimal
    #: `price_effect` by its formula (prices on what was held, plus trades against the close),
    #: as a float, for checks; `None` for the cash row.
    price_parts: float | None = None

    @property
    def absolute_gain(self) -> Decimal:
        return self.end_value - self.start_value - self.net_flows


@dataclass(frozen=True)
class Bridge:
    """The value bridge of (start, end] with the period's returns."""

    start: date
    end: date
    currency: str
    instrument_id: int | None
    start_value: Decimal
    end_value: Decimal
    inflows: Decimal
    outflows: Decimal
    income: Decimal
    fees: Decimal
    taxes: Decimal
    price_effect: Decimal
    currency_effect: Decimal
    twr: float
    mwr: float | None
    return_days_skipped: int
    rows: tuple[BridgeRow, ...]

    @property
    def net_flows(self) -> Decimal:
        return self.inflows - self.outflows

    @property
    def absolute_gain(self) -> Decimal:
        return self.end_value - self.start_value - self.net_flows


def explain(
    portfolio: Portfolio,
    *,
    start: date,
    end: date | None = None,
    instrument_id: int | None = None,
    with_parts: bool = False,
) -> Bridge:
    """The bridge from the close of `start` to the close of `end` (the portfolio's as_of when
    `None`), of the whole selection or of one holding (`instrument_id`). `with_parts` also works
    out each holding's price effect by its formula (`BridgeRow.price_parts`), for checks."""
    end = portfolio.as_of if end is None else end
    if end > portfolio.as_of:
        raise ValueError(f"the period ends {end}, after the portfolio's as_of {portfolio.as_of}")
    if start > end:
        raise ValueError(f"the period starts {start}, after its end {end}")
    parts = _Parts(portfolio, start, end, with_parts=with_parts)
    rows = parts.rows()
    if instrument_id is not None:
        row = next((r for r in rows if r.instrument_id == instrument_id), None)
        if row is None:
            row = _row(instrument_id, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)
        moved = [amount for _, amount in parts.holding_flows.get(instrument_id, [])]
        inflows = _exact(sum((a for a in moved if a > 0), ZERO))
        outflows = _exact(-sum((a for a in moved if a < 0), ZERO))
        parts_of_price = row.price_parts
        row = _row(
            instrument_id,
            row.start_value,
            row.end_value,
            inflows - outflows,
            row.income,
            row.fees,
            row.taxes,
            row.currency_effect,
        )
        if parts_of_price is not None:
            row = _with_parts(row, parts_of_price)
        inflow, outflow, values = parts.holding_series(instrument_id)
        twr, mwr, skipped = _returns(values, inflow, outflow)
        return Bridge(
            start=start,
            end=end,
            currency=portfolio.currency,
            instrument_id=instrument_id,
            start_value=row.start_value,
            end_value=row.end_value,
            inflows=inflows,
            outflows=outflows,
            income=row.income,
            fees=row.fees,
            taxes=row.taxes,
            price_effect=row.price_effect,
            currency_effect=row.currency_effect,
            twr=twr,
            mwr=mwr,
            return_days_skipped=skipped,
            rows=(row,),
        )
    result = performance(portfolio, start=start, end=end)
    return Bridge(
        start=start,
        end=end,
        currency=portfolio.currency,
        instrument_id=None,
        start_value=sum((r.start_value for r in rows), ZERO),
        end_value=sum((r.end_value for r in rows), ZERO),
        inflows=parts.inflows,
        outflows=parts.outflows,
        income=sum((r.income for r in rows), ZERO),
        fees=sum((r.fees for r in rows), ZERO),
        taxes=sum((r.taxes for r in rows), ZERO),
        price_effect=sum((r.price_effect for r in rows), ZERO),
        currency_effect=sum((r.currency_effect for r in rows), ZERO),
        twr=result.twr,
        mwr=result.mwr,
        return_days_skipped=result.return_days_skipped,
        rows=tuple(rows),
    )


def holding_performance(
    portfolio: Portfolio,
    instrument_id: int,
    *,
    start: date,
    end: date | None = None,
    benchmark: int | None = None,
    risk_free_rate: float = 0.0,
) -> Performance:
    """Performance of one holding (the instrument across the selection) as a portfolio of its
    own: its value, and its own flows (see the module) for IN and OUT."""
    end = portfolio.as_of if end is None else end
    if end > portfolio.as_of:
        raise ValueError(f"the period ends {end}, after the portfolio's as_of {portfolio.as_of}")
    if start > end:
        raise ValueError(f"the period starts {start}, after its end {end}")
    parts = _Parts(portfolio, start, end)
    inflow, outflow, values = parts.holding_series(instrument_id)
    before = sum(
        (a for day, a in parts.every_holding_flow.get(instrument_id, []) if day <= start), ZERO
    )
    invested = float(before) + np.cumsum(inflow - outflow)
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1, dtype="datetime64[D]")
    result, business = figures(
        start, end, portfolio.currency, days, values, inflow, outflow, invested
    )
    return with_extras(portfolio, result, business, benchmark, risk_free_rate)


@dataclass(frozen=True)
class PositionRecord:
    """Everything a holding (an instrument across the selection) did since its first trade, up to
    the portfolio's as_of, in the reporting currency."""

    instrument_id: int
    quantity: Decimal
    first_trade: date
    last_trade: date
    #: What its buys cost (with their fees and taxes) and its sales brought in (net).
    bought: Decimal
    sold: Decimal
    #: Dividends and interest net of withholding, as the summary counts income.
    income: Decimal
    fees: Decimal
    taxes: Decimal
    realized_gain: Decimal
    cost_basis: Decimal
    market_value: Decimal
    unrealized_gain: Decimal
    twr: float
    mwr: float | None

    @property
    def is_open(self) -> bool:
        return self.quantity != 0


def positions(portfolio: Portfolio) -> list[PositionRecord]:
    """Every position the selection has held, open or closed, with its result since its first
    trade (TWR and XIRR of the holding as a portfolio of its own), ordered by symbol."""
    traded: dict[int, list[date]] = defaultdict(list)
    for tx in portfolio.data.transactions:
        if (
            tx.instrument_id is not None
            and tx.type in POSITION_TYPES
            and tx.date <= portfolio.as_of
            and portfolio.includes(tx.account_id)
        ):
            traded[tx.instrument_id].append(tx.date)
    if not traded:
        return []
    parts = _Parts(portfolio, portfolio.first_day, portfolio.as_of)
    ledger = portfolio.ledger
    income: dict[int, Decimal] = defaultdict(lambda: ZERO)
    fees: dict[int, Decimal] = defaultdict(lambda: ZERO)
    taxes: dict[int, Decimal] = defaultdict(lambda: ZERO)
    realized: dict[int, Decimal] = defaultdict(lambda: ZERO)
    bought: dict[int, Decimal] = defaultdict(lambda: ZERO)
    sold: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for payment in ledger.income:
        if payment.instrument_id is not None:
            income[payment.instrument_id] += payment.gross - payment.withholding
    for charge in ledger.charges:
        if charge.instrument_id is not None:
            fees[charge.instrument_id] += charge.fee
            taxes[charge.instrument_id] += charge.tax
    for lot in ledger.realized:
        realized[lot.instrument_id] += lot.proceeds - lot.cost
    for flow in ledger.holding_flows:
        if flow.kind == "buy":
            bought[flow.instrument_id] += flow.amount
        elif flow.kind == "sell":
            sold[flow.instrument_id] -= flow.amount
    held: dict[int, list[OpenPosition]] = defaultdict(list)
    for position in portfolio.open_positions:
        held[position.instrument_id].append(position)
    result = []
    for instrument_id, days in traded.items():
        inflow, outflow, values = parts.holding_series(instrument_id)
        twr, mwr, _ = _returns(values, inflow, outflow)
        open_here = held.get(instrument_id, [])
        cost = sum((p.cost for p in open_here), ZERO)
        value = sum((p.market_value for p in open_here), ZERO)
        result.append(
            PositionRecord(
                instrument_id=instrument_id,
                quantity=sum((p.quantity for p in open_here), ZERO),
                first_trade=min(days),
                last_trade=max(days),
                bought=bought[instrument_id],
                sold=sold[instrument_id],
                income=income[instrument_id],
                fees=fees[instrument_id],
                taxes=taxes[instrument_id],
                realized_gain=realized[instrument_id],
                cost_basis=cost,
                market_value=value,
                unrealized_gain=value - cost,
                twr=twr,
                mwr=mwr,
            )
        )
    symbol = portfolio.data.instrument
    result.sort(key=lambda r: (symbol(r.instrument_id).symbol, r.instrument_id))
    return result


def _money(value: float) -> Decimal:
    if not math.isfinite(value):
        return ZERO
    return Decimal(repr(value)).quantize(PLACES)


def _exact(value: Decimal) -> Decimal:
    return value.quantize(PLACES)


def _returns(
    values: FloatArray, inflow: FloatArray, outflow: FloatArray
) -> tuple[float, float | None, int]:
    """TWR, XIRR and the days skipped of a daily value series with its flows (index 0 = F)."""
    returns, skipped = returns_and_skipped(values, inflow, outflow)
    index = twr_index(returns)
    flows = outflow - inflow
    flows[0] = -values[0]
    flows[-1] += values[-1]
    return float(index[-1] - 1.0), irr(np.arange(values.size, dtype=np.float64), flows), skipped


class _Parts:
    """The grids and the period's transactions a bridge is made of."""

    def __init__(
        self, portfolio: Portfolio, start: date, end: date, *, with_parts: bool = False
    ) -> None:
        self.portfolio = portfolio
        self.with_parts = with_parts
        self.start, self.end = start, end
        timeline = portfolio.timeline
        days: DayArray = timeline.days
        first = portfolio.first_day
        #: Day indices of F (clamped to the first day: nothing is held on or before it) and T.
        self.lo = max(0, (start - first).days)
        self.hi = (end - first).days
        self.empty = self.hi < 0
        self.days = days
        ledger = portfolio.ledger
        rates = portfolio.rates
        target = portfolio.currency
        if self.empty:
            self.inflows = self.outflows = ZERO
        else:
            window = slice(self.lo + 1, self.hi + 1)
            self.inflows = _money(float(timeline.inflow[window].sum()))
            self.outflows = _money(float(timeline.outflow[window].sum()))
        valuation = timeline.valuation
        # The timeline's own grids: the bridge reads what V(t) was made of.
        self.grid = valuation.grid or position_grid(
            portfolio.data, days, ledger.quantities, ledger.trade_prices
        )
        self.rate_rows = _rate_rows(self.grid.currencies, rates, target, days)
        self.cash = (
            valuation.balances
            if valuation.balances is not None
            else cash_grid(ledger.cash_levels, ledger.cash_currencies, int(days.size))
        )
        self.cash_rates = _rate_rows(list(ledger.cash_currencies), rates, target, days)

    def _in_period(self, day: date) -> bool:
        return self.start < day <= self.end

    @cached_property
    def every_holding_flow(self) -> dict[int, list[tuple[date, Decimal]]]:
        """Each holding's flows up to T (its transfers across the boundary included)."""
        found: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
        for flow in self.portfolio.ledger.holding_flows:
            if flow.date <= self.end:
                found[flow.instrument_id].append((flow.date, flow.amount))
        for day, instrument_id, amount in self.portfolio.transfer_values:
            if day <= self.end:
                found[instrument_id].append((day, amount))
        return found

    @cached_property
    def holding_flows(self) -> dict[int, list[tuple[date, Decimal]]]:
        """Each holding's flows in the period."""
        found: dict[int, list[tuple[date, Decimal]]] = {}
        for instrument_id, items in self.every_holding_flow.items():
            inside = [(day, amount) for day, amount in items if self._in_period(day)]
            if inside:
                found[instrument_id] = inside
        return found

    def flow_sums(self) -> dict[int, Decimal]:
        """Each holding's net flow in the period (one pass, no lists: what the rows need)."""
        start, end = self.start, self.end
        sums: dict[int, Decimal] = {}
        for flow in self.portfolio.ledger.holding_flows:
            if start < flow.date <= end:
                key = flow.instrument_id
                sums[key] = sums.get(key, ZERO) + flow.amount
        for day, instrument_id, amount in self.portfolio.transfer_values:
            if start < day <= end:
                sums[instrument_id] = sums.get(instrument_id, ZERO) + amount
        return sums

    def _split_steps(self) -> dict[int, FloatArray]:
        """Per grid row with splits, S_i(t) ÷ S_i(t − 1) on each day t: the split ratio taking
        effect that day (1 elsewhere)."""
        if not self.portfolio.data.splits:
            return {}
        by_instrument: dict[int, list[SplitRecord]] = defaultdict(list)
        for split in self.portfolio.data.splits:
            by_instrument[split.instrument_id].append(split)
        steps: dict[int, FloatArray] = {}
        for row, instrument_id in enumerate(self.grid.instrument_ids):
            splits = by_instrument.get(instrument_id)
            if splits:
                factors = split_factors(splits, self.days)
                step = np.ones(self.days.size)
                step[1:] = factors[1:] / factors[:-1]
                steps[row] = step
        return steps

    def _price_parts(self, held: FloatArray) -> FloatArray:
        """The price effect by its formula, per row: prices on what was held plus what trades
        added at the close (the rows' flows and charges are taken off by the caller)."""
        lo, hi = self.lo, self.hi
        q, p, x = self.grid.quantities, self.grid.prices, self.rate_rows
        p_now, x_now, x_before = p[:, lo + 1 : hi + 1], x[:, lo + 1 : hi + 1], x[:, lo:hi]
        on_held = (held * p_now - q[:, lo:hi] * p[:, lo:hi]) * x_before
        moved = (q[:, lo + 1 : hi + 1] - held) * p_now * x_now
        result: FloatArray = on_held.sum(axis=1) + moved.sum(axis=1)
        return result

    def rows(self) -> list[BridgeRow]:
        portfolio = self.portfolio
        lo, hi = self.lo, self.hi
        income: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
        fees: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
        taxes: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
        for payment in portfolio.ledger.income:
            if self._in_period(payment.date):
                income[payment.instrument_id] += payment.gross
        for charge in portfolio.ledger.charges:
            if self._in_period(charge.date):
                fees[charge.instrument_id] += charge.fee
                taxes[charge.instrument_id] += charge.tax
        flows = self.flow_sums()
        grid = self.grid
        starts: dict[int, float] = {}
        ends: dict[int, float] = {}
        currency: dict[int, float] = {}
        prices: dict[int, float] = {}
        if not self.empty and grid.instrument_ids:
            q, p, x = grid.quantities, grid.prices, self.rate_rows
            first_value = q[:, lo] * p[:, lo] * x[:, lo]
            last_value = q[:, hi] * p[:, hi] * x[:, hi]
            # What was held at the close before each day, in that day's units.
            held = q[:, lo:hi]
            steps = self._split_steps()
            if steps:
                held = held.copy()
                for line, factors in steps.items():
                    held[line] *= factors[lo + 1 : hi + 1]
            p_now = p[:, lo + 1 : hi + 1]
            moved_rate = x[:, lo + 1 : hi + 1] - x[:, lo:hi]
            moved_rate *= held
            moved_rate *= p_now
            ccy = moved_rate.sum(axis=1)
            del moved_rate
            price = self._price_parts(held) if self.with_parts else None
            for at, instrument_id in enumerate(grid.instrument_ids):
                starts[instrument_id] = float(first_value[at])
                ends[instrument_id] = float(last_value[at])
                currency[instrument_id] = float(ccy[at])
                if price is not None:
                    prices[instrument_id] = float(price[at])
        keys = set(starts) | set(flows) | {k for k in (*income, *fees, *taxes) if k is not None}
        result: list[BridgeRow] = []
        for instrument_id in sorted(keys):
            row = _row(
                instrument_id,
                _money(starts.get(instrument_id, 0.0)),
                _money(ends.get(instrument_id, 0.0)),
                _exact(flows.get(instrument_id, ZERO)),
                _exact(income[instrument_id]),
                _exact(fees[instrument_id]),
                _exact(taxes[instrument_id]),
                _money(currency.get(instrument_id, 0.0)),
            )
            if self.with_parts:
                parts = prices.get(instrument_id, 0.0) - float(flows.get(instrument_id, ZERO))
                parts += float(fees[instrument_id] + taxes[instrument_id] - income[instrument_id])
                row = _with_parts(row, parts)
            result.append(row)
        result.append(self._cash_row(result, income[None], fees[None], taxes[None]))
        return result

    def _cash_row(
        self, rows: list[BridgeRow], income: Decimal, fees: Decimal, taxes: Decimal
    ) -> BridgeRow:
        lo, hi = self.lo, self.hi
        start = end = ccy = 0.0
        if not self.empty and self.cash.size:
            c, x = self.cash, self.cash_rates
            value = (c * x).sum(axis=0)
            start = float(value[lo])
            end = float(value[hi])
            ccy = float((c[:, lo:hi] * (x[:, lo + 1 : hi + 1] - x[:, lo:hi])).sum())
        net = self.inflows - self.outflows - sum((r.net_flows for r in rows), ZERO)
        return _row(
            None,
            _money(start),
            _money(end),
            net,
            _exact(income),
            _exact(fees),
            _exact(taxes),
            _money(ccy),
        )

    def holding_series(self, instrument_id: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Inflows, outflows and value of one holding on each day F … T (index 0 = F)."""
        size = (self.end - self.start).days + 1
        inflow, outflow, values = np.zeros(size), np.zeros(size), np.zeros(size)
        for day, amount in self.holding_flows.get(instrument_id, []):
            at = (day - self.start).days
            if amount > 0:
                inflow[at] += float(amount)
            else:
                outflow[at] -= float(amount)
        grid = self.grid
        if not self.empty and instrument_id in grid.instrument_ids:
            row = grid.instrument_ids.index(instrument_id)
            first = self.portfolio.first_day
            series = grid.quantities[row] * grid.prices[row] * self.rate_rows[row]
            offset = (first - self.start).days  # > 0 when F is before the first day
            lo = max(0, -offset)
            part = series[lo : self.hi + 1]
            values[max(0, offset) : max(0, offset) + part.size] = part
        return inflow, outflow, values


def _row(
    instrument_id: int | None,
    start: Decimal,
    end: Decimal,
    flows: Decimal,
    income: Decimal,
    fees: Decimal,
    taxes: Decimal,
    currency: Decimal,
) -> BridgeRow:
    price = end - start - flows - currency - income + fees + taxes
    return BridgeRow(instrument_id, start, end, flows, income, fees, taxes, currency, price)


def _with_parts(row: BridgeRow, parts: float) -> BridgeRow:
    return BridgeRow(
        row.instrument_id,
        row.start_value,
        row.end_value,
        row.net_flows,
        row.income,
        row.fees,
        row.taxes,
        row.currency_effect,
        row.price_effect,
        parts,
    )


def _rate_rows(
    currencies: list[str], rates: ExchangeRates, target: str, days: DayArray
) -> FloatArray:
    """The rate into `target` of each row's currency on each day, one series per currency."""
    result = np.ones((len(currencies), int(days.size)))
    known: dict[str, FloatArray] = {}
    for row, code in enumerate(currencies):
        if code == target:
            continue
        series = known.get(code)
        if series is None:
            series = known[code] = rates.series(code, target, days)
        result[row] = series
    return result
