"""The exact part: replays the transactions (ARCHITECTURE §5) in `Decimal` into positions and lots,
cash per (account, currency), realized gains, income, fees, taxes and external flows.

Within a day, splits apply first, then transactions in `id` order. The replay covers every account
(transfers carry lots between them); totals, flows and the quantity levels that feed the valuation
are kept for the selected accounts only.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal, localcontext
from operator import attrgetter
from typing import TypeVar

from pms.analytics.fx import ONE, Converter
from pms.analytics.ledger_state import (
    Charge,
    ClosedLot,
    HoldingFlow,
    InsufficientUnits,
    LedgerError,
    LedgerResult,
    LevelEvents,
    Payment,
    TransferFlow,
)
from pms.analytics.lots import Lot, Position
from pms.analytics.pricing import TradePrices
from pms.analytics.records import (
    ZERO,
    PortfolioData,
    SplitRecord,
    TransactionRecord,
)
from pms.enums import CostBasisMethod, TransactionType
from pms.ledger_limits import LEDGER_CONTEXT, units_taken

BUY = TransactionType.BUY
SELL = TransactionType.SELL
DIVIDEND = TransactionType.DIVIDEND
INTEREST = TransactionType.INTEREST
FEE = TransactionType.FEE
TAX = TransactionType.TAX
DEPOSIT = TransactionType.DEPOSIT
WITHDRAWAL = TransactionType.WITHDRAWAL
TRANSFER_IN = TransactionType.TRANSFER_IN
TRANSFER_OUT = TransactionType.TRANSFER_OUT

_T = TypeVar("_T")


def _transfer_pairs(
    transactions: list[TransactionRecord],
) -> dict[str, tuple[TransactionRecord, TransactionRecord]]:
    """Transfers that move lots between the user's accounts: one TRANSFER_OUT and one TRANSFER_IN
    with the same `transfer_id`, instrument, quantity and day. Anything else stands alone."""
    groups: dict[str, list[TransactionRecord]] = {}
    for tx in transactions:
        if tx.transfer_id is not None and tx.type in (TRANSFER_IN, TRANSFER_OUT):
            groups.setdefault(tx.transfer_id, []).append(tx)
    pairs: dict[str, tuple[TransactionRecord, TransactionRecord]] = {}
    for transfer_id, legs in groups.items():
        if len(legs) != 2:
            continue
        out, into = sorted(legs, key=lambda tx: tx.type != TRANSFER_OUT)
        if (
            out.type is TRANSFER_OUT
            and into.type is TRANSFER_IN
            and out.instrument_id == into.instrument_id
            and out.quantity == into.quantity
            and out.date == into.date
        ):
            pairs[transfer_id] = (out, into)
    return pairs


class Ledger:
    """One replay of a user's transactions up to `as_of` (use `run`).

    Each transaction's amounts are turned into the reporting currency with one factor, `scale`:
    the settlement factor (`fx_rate`, see `settlement`) times the rate of the settlement currency
    on the transaction's day."""

    def __init__(
        self,
        data: PortfolioData,
        converter: Converter,
        *,
        as_of: date,
        method: CostBasisMethod,
        accounts: Collection[int] | None,
        first_day: date,
    ) -> None:
        self.data = data
        self.converter = converter
        self.currency = converter.target
        self.as_of = as_of
        self.method = method
        self.selected = None if accounts is None else frozenset(accounts)
        self.origin = first_day.toordinal()
        self.account_currency = {a.id: a.currency for a in data.accounts}
        self.tracks_cash = {a.id: a.track_cash for a in data.accounts}
        #: Each account's cost-basis method: its own, else the portfolio's.
        self.methods = {
            a.id: CostBasisMethod(a.cost_basis_method) if a.cost_basis_method else method
            for a in data.accounts
        }
        self.instrument_currency = {i.id: i.currency for i in data.instruments}
        self.positions: dict[tuple[int, int], Position] = {}
        self.holders: dict[int, dict[int, Position]] = {}
        self.cash: dict[tuple[int, str], Decimal] = {}
        self.realized: list[ClosedLot] = []
        self.income: list[Payment] = []
        self.fees = ZERO
        self.taxes = ZERO
        self.flow_days: list[date] = []
        self.flow_amounts: list[Decimal] = []
        self.transfer_flows: list[TransferFlow] = []
        self.charges: list[Charge] = []
        self.holding_flows: list[HoldingFlow] = []
        self.quantities = LevelEvents()
        self.cash_levels = LevelEvents()
        self.selected_quantity: dict[int, Decimal] = {}
        self.selected_cash: dict[str, Decimal] = {}
        self.cash_index: dict[str, int] = {}
        self.inception: date | None = None

    def _is_selected(self, account_id: int) -> bool:
        return self.selected is None or account_id in self.selected

    # -- money --------------------------------------------------------------------------------

    def settlement(self, tx: TransactionRecord) -> tuple[str, Decimal | None]:
        """The currency a transaction settles in and the factor from its own currency: amounts
        in a foreign currency with an `fx_rate` settle in the account's currency (amount ×
        fx_rate); all others in their own currency."""
        account_currency = self.account_currency[tx.account_id]
        if tx.fx_rate is not None and tx.currency != account_currency:
            return account_currency, tx.fx_rate
        return tx.currency, None

    def money(self, tx: TransactionRecord) -> tuple[str, Decimal | None, Decimal]:
        """`settlement(tx)` and the factor `scale` that turns its amounts into the reporting
        currency: the settlement factor times the settlement currency's rate on its day."""
        if tx.fx_rate is None or tx.currency == self.account_currency[tx.account_id]:
            currency = tx.currency
            if currency == self.currency:
                return currency, None, ONE
            return currency, None, self.converter.rate(currency, tx.date)
        currency, factor = self.settlement(tx)
        return currency, factor, self._scale(currency, factor, tx.date)

    def _scale(self, currency: str, factor: Decimal | None, day: date) -> Decimal:
        rate = ONE if currency == self.currency else self.converter.rate(currency, day)
        return rate if factor is None else factor * rate

    def _local(
        self,
        tx: TransactionRecord,
        amount: Decimal,
        currency: str,
        factor: Decimal | None,
        instrument_id: int,
    ) -> Decimal:
        """An amount of `tx` in the instrument's currency."""
        target = self.instrument_currency[instrument_id]
        if tx.currency == target:
            return amount
        settled = amount if factor is None else amount * factor
        return settled * self.converter.rate(currency, tx.date, target)

    # -- state changes that feed the valuation ------------------------------------------------

    def _position(self, account_id: int, instrument_id: int) -> Position:
        key = (account_id, instrument_id)
        position = self.positions.get(key)
        if position is None:
            position = self.positions[key] = Position()
            self.holders.setdefault(instrument_id, {})[account_id] = position
        return position

    def _moved(self, account_id: int, instrument_id: int, delta: Decimal, day: date) -> None:
        """Records the selection's new quantity of an instrument after a position changed."""
        if self.selected is not None and account_id not in self.selected:
            return
        level = self.selected_quantity.get(instrument_id, ZERO) + delta
        self.selected_quantity[instrument_id] = level
        events = self.quantities
        events.rows.append(day.toordinal() - self.origin)
        events.keys.append(instrument_id)
        events.levels.append(float(level))

    def _close_if_empty(self, account_id: int, instrument_id: int, position: Position) -> None:
        if position.quantity == 0:
            del self.positions[(account_id, instrument_id)]
            del self.holders[instrument_id][account_id]

    def _cash(self, account_id: int, currency: str, delta: Decimal, day: date) -> None:
        if delta == 0 or not self.tracks_cash[account_id]:
            return
        key = (account_id, currency)
        self.cash[key] = self.cash.get(key, ZERO) + delta
        if self.selected is not None and account_id not in self.selected:
            return
        level = self.selected_cash.get(currency, ZERO) + delta
        self.selected_cash[currency] = level
        index = self.cash_index.setdefault(currency, len(self.cash_index))
        self.cash_levels.add(day.toordinal() - self.origin, index, level)

    def _flow(self, day: date, amount: Decimal) -> None:
        """An external flow in the reporting currency: > 0 comes in, < 0 goes out."""
        if amount != 0:
            self.flow_days.append(day)
            self.flow_amounts.append(amount)

    def _charged(self, tx: TransactionRecord, fee: Decimal, tax: Decimal) -> None:
        """Records a selected transaction's fee and tax (reporting currency) by its day."""
        if fee or tax:
            self.charges.append(Charge(tx.date, tx.instrument_id, fee, tax))

    def _holding_flow(self, tx: TransactionRecord, amount: Decimal) -> None:
        """Records money into (> 0) or out of a selected transaction's holding."""
        if tx.instrument_id is not None and amount != 0:
            kind = tx.type
            name = (
                "buy"
                if kind is BUY
                else "sell"
                if kind is SELL
                else "payment"
                if kind is DIVIDEND or kind is INTEREST
                else "charge"
            )
            self.holding_flows.append(HoldingFlow(tx.date, tx.instrument_id, amount, name))

    # -- the replay ---------------------------------------------------------------------------

    def run(self) -> LedgerResult:
        with localcontext(LEDGER_CONTEXT):
            return self._run()

    def _run(self) -> LedgerResult:
        transactions = [tx for tx in self.data.transactions if tx.date <= self.as_of]
        transactions.sort(key=attrgetter("date", "id"))
        splits = sorted(
            (split for split in self.data.splits if split.date <= self.as_of),
            key=attrgetter("date"),
        )
        pairs = _transfer_pairs(transactions)
        done: set[str] = set()
        next_split = 0
        next_split_date = splits[0].date if splits else None
        for tx in transactions:
            if next_split_date is not None and next_split_date <= tx.date:
                while next_split < len(splits) and splits[next_split].date <= tx.date:
                    self._split(splits[next_split])
                    next_split += 1
                next_split_date = splits[next_split].date if next_split < len(splits) else None
            if self.inception is None and self._is_selected(tx.account_id):
                self.inception = tx.date
            transfer_id = tx.transfer_id
            if transfer_id is None or transfer_id not in pairs:
                self._apply(tx)
            elif transfer_id not in done:
                done.add(transfer_id)
                out, into = pairs[transfer_id]
                self._transfer_pair(out, into)
        for split in splits[next_split:]:
            self._split(split)
        return LedgerResult(
            positions=self.positions,
            cash=self.cash,
            realized=self.realized,
            income=self.income,
            fees=self.fees,
            taxes=self.taxes,
            flow_days=self.flow_days,
            flow_amounts=self.flow_amounts,
            transfer_flows=self.transfer_flows,
            charges=self.charges,
            holding_flows=self.holding_flows,
            quantities=self.quantities,
            cash_levels=self.cash_levels,
            trade_prices=TradePrices(transactions, splits, self._local_price),
            cash_currencies=list(self.cash_index),
            inception=self.inception,
        )

    def _split(self, split: SplitRecord) -> None:
        instrument_id = split.instrument_id
        holders = self.holders.get(instrument_id)
        if not holders:
            return
        for account_id, position in holders.items():
            before = position.quantity
            position.split(split.numerator, split.denominator)
            self._moved(account_id, instrument_id, position.quantity - before, split.date)

    def _apply(self, tx: TransactionRecord) -> None:
        kind = tx.type
        if kind is BUY:
            self._buy(tx)
        elif kind is SELL:
            self._sell(tx)
        elif kind is DIVIDEND or kind is INTEREST:
            self._income(tx)
        elif kind is TRANSFER_IN or kind is TRANSFER_OUT:
            self._transfer(tx)
        else:
            self._cash_movement(tx)

    def _charges(self, tx: TransactionRecord, currency: str, factor: Decimal | None) -> None:
        """`fee` and `tax` of a transaction that is neither a trade nor income: paid like FEE/TAX."""
        charged = tx.fee + tx.tax
        if charged == 0:
            return
        scale = self._scale(currency, factor, tx.date)
        if self._is_selected(tx.account_id):
            self.fees += tx.fee * scale
            self.taxes += tx.tax * scale
            self._charged(tx, tx.fee * scale, tx.tax * scale)
            self._holding_flow(tx, charged * scale)
            if not self.tracks_cash[tx.account_id]:
                self._flow(tx.date, charged * scale)
        self._cash(
            tx.account_id, currency, -(charged if factor is None else charged * factor), tx.date
        )

    def _local_price(self, tx: TransactionRecord) -> Decimal:
        """A transaction's price in its instrument's currency."""
        currency, factor = self.settlement(tx)
        return self._local(tx, tx.price or ZERO, currency, factor, tx.instrument_id or 0)

    def _buy(self, tx: TransactionRecord) -> None:
        """+ quantity at a cost of quantity × price + fee + tax; cash − the same."""
        account_id, instrument_id, quantity, price = _trade_fields(tx)
        currency, factor, scale = self.money(tx)
        total = quantity * price + tx.fee + tx.tax
        cost = total * scale
        local = self._local(tx, total, currency, factor, instrument_id)
        lot = Lot(quantity, cost, local, tx.date, tx.id)
        self._position(account_id, instrument_id).add(lot)
        self._moved(account_id, instrument_id, quantity, tx.date)
        tracked = self.tracks_cash[account_id]
        if tracked:
            self._cash(
                account_id, currency, -(total if factor is None else total * factor), tx.date
            )
        if self.selected is None or account_id in self.selected:
            if tx.fee:
                self.fees += tx.fee * scale
            if tx.tax:
                self.taxes += tx.tax * scale
            self._charged(tx, tx.fee * scale, tx.tax * scale)
            self._holding_flow(tx, cost)
            if not tracked:
                self._flow(tx.date, cost)

    def _sell(self, tx: TransactionRecord) -> None:
        """− quantity; gain = quantity × price − fee − tax − cost of the lots sold; cash + the
        net proceeds."""
        account_id, instrument_id, quantity, price = _trade_fields(tx)
        currency, factor, scale = self.money(tx)
        net = quantity * price - tx.fee - tx.tax
        proceeds = net * scale
        lots = self._take(tx, account_id, instrument_id, quantity)
        tracked = self.tracks_cash[account_id]
        if tracked:
            self._cash(account_id, currency, net if factor is None else net * factor, tx.date)
        if self.selected is None or account_id in self.selected:
            if tx.fee:
                self.fees += tx.fee * scale
            if tx.tax:
                self.taxes += tx.tax * scale
            self._charged(tx, tx.fee * scale, tx.tax * scale)
            self._holding_flow(tx, -proceeds)
            self._realize(tx, instrument_id, quantity, proceeds, lots)
            if not tracked:
                self._flow(tx.date, -proceeds)

    def _income(self, tx: TransactionRecord) -> None:
        """Cash + (amount − tax − fee); income = amount − tax."""
        amount = _required(tx, tx.amount, "amount")
        currency, factor = self.settlement(tx)
        net = amount - tx.tax - tx.fee
        if self._is_selected(tx.account_id):
            scale = self._scale(currency, factor, tx.date)
            withholding = tx.tax * scale
            self.income.append(
                Payment(tx.date, tx.account_id, tx.instrument_id, amount * scale, withholding)
            )
            self.taxes += withholding
            self.fees += tx.fee * scale
            self._charged(tx, tx.fee * scale, withholding)
            self._holding_flow(tx, -net * scale)
            if not self.tracks_cash[tx.account_id]:
                self._flow(tx.date, -net * scale)
        self._cash(tx.account_id, currency, net if factor is None else net * factor, tx.date)

    def _cash_movement(self, tx: TransactionRecord) -> None:
        """FEE/TAX: cash − amount (an inflow where cash is not tracked); DEPOSIT/WITHDRAWAL:
        cash ± amount and a flow, only where cash is tracked."""
        amount = _required(tx, tx.amount, "amount")
        kind = tx.type
        currency, factor = self.settlement(tx)
        settled = amount if factor is None else amount * factor
        selected = self._is_selected(tx.account_id)
        tracked = self.tracks_cash[tx.account_id]
        if kind is FEE or kind is TAX:
            if selected:
                charged = amount * self._scale(currency, factor, tx.date)
                if kind is FEE:
                    self.fees += charged
                    self._charged(tx, charged, ZERO)
                else:
                    self.taxes += charged
                    self._charged(tx, ZERO, charged)
                self._holding_flow(tx, charged)
                if not tracked:
                    self._flow(tx.date, charged)
            self._cash(tx.account_id, currency, -settled, tx.date)
        elif tracked:
            signed = settled if kind is DEPOSIT else -settled
            self._cash(tx.account_id, currency, signed, tx.date)
            if selected:
                self._flow(tx.date, signed * self._scale(currency, None, tx.date))
        self._charges(tx, currency, factor)

    def _transfer(self, tx: TransactionRecord) -> None:
        """A transfer without a partner in another account: TRANSFER_IN adds a lot at `price`
        per unit, TRANSFER_OUT removes lots; either is a flow at the close of its day."""
        instrument_id = _required(tx, tx.instrument_id, "instrument_id")
        quantity = _required(tx, tx.quantity, "quantity")
        currency, factor = self.settlement(tx)
        self._charges(tx, currency, factor)
        if tx.type is TRANSFER_IN:
            cost = quantity * (tx.price if tx.price is not None else ZERO)
            scale = self._scale(currency, factor, tx.date)
            local = self._local(tx, cost, currency, factor, instrument_id)
            self._receive(tx, [Lot(quantity, cost * scale, local, tx.date, tx.id)])
        else:
            self._take(tx, tx.account_id, instrument_id, quantity)
        if self._is_selected(tx.account_id):
            signed = quantity if tx.type is TRANSFER_IN else -quantity
            self.transfer_flows.append(TransferFlow(tx.date, instrument_id, signed))

    def _transfer_pair(self, out: TransactionRecord, into: TransactionRecord) -> None:
        """Lots leave one account and enter the other with their cost and acquisition dates; a
        flow only where one side is outside the selection."""
        instrument_id = _required(out, out.instrument_id, "instrument_id")
        quantity = _required(out, out.quantity, "quantity")
        for leg in (out, into):
            self._charges(leg, *self.settlement(leg))
        self._receive(into, self._take(out, out.account_id, instrument_id, quantity))
        out_selected = self._is_selected(out.account_id)
        if out_selected != self._is_selected(into.account_id):
            signed = -quantity if out_selected else quantity
            self.transfer_flows.append(TransferFlow(out.date, instrument_id, signed))

    def _take(
        self, tx: TransactionRecord, account_id: int, instrument_id: int, quantity: Decimal
    ) -> list[Lot]:
        position = self.positions.get((account_id, instrument_id))
        held = ZERO if position is None else position.quantity
        taken = None if position is None else units_taken(quantity, held)
        if position is None or taken is None:
            raise InsufficientUnits(tx.id, f"takes {quantity} units but {held} are held")
        lots = position.take(taken, self.methods.get(account_id, self.method))
        self._moved(account_id, instrument_id, -taken, tx.date)
        self._close_if_empty(account_id, instrument_id, position)
        return lots

    def _receive(self, tx: TransactionRecord, lots: list[Lot]) -> None:
        instrument_id = _required(tx, tx.instrument_id, "instrument_id")
        position = self._position(tx.account_id, instrument_id)
        for lot in lots:
            position.add(lot)
        received = sum((lot.quantity for lot in lots), ZERO)
        self._moved(tx.account_id, instrument_id, received, tx.date)
        self._close_if_empty(tx.account_id, instrument_id, position)

    def _realize(
        self,
        tx: TransactionRecord,
        instrument_id: int,
        quantity: Decimal,
        proceeds: Decimal,
        lots: list[Lot],
    ) -> None:
        account_id, sold = tx.account_id, tx.date
        if self.methods.get(account_id, self.method) is CostBasisMethod.AVERAGE or not lots:
            cost = sum((lot.cost for lot in lots), ZERO)
            acquired = min((lot.acquired for lot in lots), default=sold)
            self.realized.append(
                ClosedLot(
                    account_id,
                    instrument_id,
                    acquired,
                    sold,
                    quantity,
                    proceeds,
                    cost,
                    None,
                    tx.id,
                )
            )
            return
        allotted = ZERO
        last = len(lots) - 1
        for i, lot in enumerate(lots):
            # The last part takes what is left, so the parts add up to the sale exactly.
            share = proceeds - allotted if i == last else proceeds * lot.quantity / quantity
            allotted += share
            self.realized.append(
                ClosedLot(
                    account_id,
                    instrument_id,
                    lot.acquired,
                    sold,
                    lot.quantity,
                    share,
                    lot.cost,
                    lot.origin,
                    tx.id,
                )
            )


def _trade_fields(tx: TransactionRecord) -> tuple[int, int, Decimal, Decimal]:
    """Account, instrument, quantity and price of a trade."""
    instrument_id, quantity, price = tx.instrument_id, tx.quantity, tx.price
    if instrument_id is None or quantity is None or price is None:
        raise LedgerError(tx.id, f"{tx.type} needs instrument_id, quantity and price")
    return tx.account_id, instrument_id, quantity, price


def _required(tx: TransactionRecord, value: _T | None, name: str) -> _T:
    if value is None:
        raise LedgerError(tx.id, f"{tx.type} needs {name}")
    return value
