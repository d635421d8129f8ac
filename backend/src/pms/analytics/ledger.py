"""The exact part: replays the transactions (ARCHITECTURE §5) in `Decimal` into positions and lots,
cash per (account, currency), realized gains, income, fees, taxes and external flows.

Within a day, splits apply first, then transactions in `id` order. The replay covers every account
(transfers carry lots between them); totals, flows and the quantity levels that feed the valuation
are kept for the selected accounts only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from pms.analytics.fx import Converter
from pms.analytics.lots import Lot, Position
from pms.analytics.records import (
    ZERO,
    AccountRecord,
    PortfolioData,
    SplitRecord,
    TransactionRecord,
)
from pms.analytics.results import IncomeEvent, RealizedGain
from pms.enums import CostBasisMethod, TransactionType

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


class LedgerError(ValueError):
    """The transactions contradict each other (the ledger's rules should have refused them)."""

    def __init__(self, transaction_id: int, message: str) -> None:
        super().__init__(f"transaction {transaction_id}: {message}")
        self.transaction_id = transaction_id


class InsufficientUnits(LedgerError):
    """A sale or transfer out takes more units than the account holds."""


@dataclass
class LevelEvents:
    """Levels of a quantity over time, in replay order: (day row, key, level as float)."""

    rows: list[int] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)
    levels: list[float] = field(default_factory=list)

    def add(self, row: int, key: int, level: Decimal) -> None:
        self.rows.append(row)
        self.keys.append(key)
        self.levels.append(float(level))


@dataclass
class TradePrices:
    """Each instrument's last trade price in its own currency (split-adjusted), as it changed:
    the valuation falls back on it before an instrument has any close."""

    ordinals: dict[int, list[int]] = field(default_factory=dict)
    prices: dict[int, list[Decimal]] = field(default_factory=dict)
    traded: dict[int, list[date]] = field(default_factory=dict)

    def add(self, instrument_id: int, day: date, price: Decimal, traded: date) -> None:
        self.ordinals.setdefault(instrument_id, []).append(day.toordinal())
        self.prices.setdefault(instrument_id, []).append(price)
        self.traded.setdefault(instrument_id, []).append(traded)

    def last(self, instrument_id: int) -> tuple[Decimal, date] | None:
        prices = self.prices.get(instrument_id)
        if not prices:
            return None
        return prices[-1], self.traded[instrument_id][-1]

    def on(self, instrument_id: int, day: date) -> tuple[Decimal, date] | None:
        """The last trade price at the close of `day` and the date of that trade."""
        ordinals = self.ordinals.get(instrument_id)
        if not ordinals:
            return None
        at = bisect_right(ordinals, day.toordinal()) - 1
        if at < 0:
            return None
        return self.prices[instrument_id][at], self.traded[instrument_id][at]


@dataclass(frozen=True, slots=True)
class TransferFlow:
    """A transfer that crosses the selection's boundary: valued at the close of its day later."""

    date: date
    instrument_id: int
    quantity: Decimal


@dataclass
class LedgerResult:
    positions: dict[tuple[int, int], Position]
    cash: dict[tuple[int, str], Decimal]
    realized: list[RealizedGain]
    income: list[IncomeEvent]
    fees: Decimal
    taxes: Decimal
    flow_days: list[date]
    flow_amounts: list[Decimal]
    transfer_flows: list[TransferFlow]
    quantities: LevelEvents
    cash_levels: LevelEvents
    trade_prices: TradePrices
    cash_currencies: list[str]
    inception: date | None


def _transfer_pairs(transactions: list[TransactionRecord]) -> dict[str, list[TransactionRecord]]:
    """Transfers that move lots between the user's accounts: one TRANSFER_OUT and one TRANSFER_IN
    with the same `transfer_id`, instrument, quantity and day. Anything else stands alone."""
    groups: dict[str, list[TransactionRecord]] = {}
    for tx in transactions:
        if tx.transfer_id is not None and tx.type in (TRANSFER_IN, TRANSFER_OUT):
            groups.setdefault(tx.transfer_id, []).append(tx)
    pairs: dict[str, list[TransactionRecord]] = {}
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
            pairs[transfer_id] = [out, into]
    return pairs


class Ledger:
    """One replay of a user's transactions up to `as_of` (use `run`)."""

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
        self.positions: dict[tuple[int, int], Position] = {}
        self.holders: dict[int, dict[int, Position]] = {}
        self.cash: dict[tuple[int, str], Decimal] = {}
        self.realized: list[RealizedGain] = []
        self.income: list[IncomeEvent] = []
        self.fees = ZERO
        self.taxes = ZERO
        self.flow_days: list[date] = []
        self.flow_amounts: list[Decimal] = []
        self.transfer_flows: list[TransferFlow] = []
        self.quantities = LevelEvents()
        self.cash_levels = LevelEvents()
        self.trade_prices = TradePrices()
        self.selected_quantity: dict[int, Decimal] = {}
        self.selected_cash: dict[str, Decimal] = {}
        self.cash_index: dict[str, int] = {}
        self.inception: date | None = None

    def _is_selected(self, account_id: int) -> bool:
        return self.selected is None or account_id in self.selected

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
        if not self._is_selected(account_id):
            return
        level = self.selected_quantity.get(instrument_id, ZERO) + delta
        self.selected_quantity[instrument_id] = level
        self.quantities.add(day.toordinal() - self.origin, instrument_id, level)

    def _close_if_empty(self, account_id: int, instrument_id: int, position: Position) -> None:
        if position.quantity == 0:
            del self.positions[(account_id, instrument_id)]
            del self.holders[instrument_id][account_id]

    def _cash(self, account: AccountRecord, currency: str, delta: Decimal, day: date) -> None:
        if not account.track_cash or delta == 0:
            return
        key = (account.id, currency)
        self.cash[key] = self.cash.get(key, ZERO) + delta
        if not self._is_selected(account.id):
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

    # -- the replay ---------------------------------------------------------------------------

    def run(self) -> LedgerResult:
        transactions = sorted(
            (tx for tx in self.data.transactions if tx.date <= self.as_of),
            key=lambda tx: (tx.date, tx.id),
        )
        splits = sorted(
            (split for split in self.data.splits if split.date <= self.as_of),
            key=lambda split: split.date,
        )
        pairs = _transfer_pairs(transactions)
        done: set[str] = set()
        next_split = 0
        for tx in transactions:
            while next_split < len(splits) and splits[next_split].date <= tx.date:
                self._split(splits[next_split])
                next_split += 1
            if self.inception is None and self._is_selected(tx.account_id):
                self.inception = tx.date
            pair = pairs.get(tx.transfer_id) if tx.transfer_id is not None else None
            if pair is None:
                self._apply(tx)
            elif tx.transfer_id not in done:
                done.add(str(tx.transfer_id))
                self._transfer_pair(pair[0], pair[1])
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
            quantities=self.quantities,
            cash_levels=self.cash_levels,
            trade_prices=self.trade_prices,
            cash_currencies=list(self.cash_index),
            inception=self.inception,
        )

    def _split(self, split: SplitRecord) -> None:
        instrument_id = split.instrument_id
        last = self.trade_prices.last(instrument_id)
        if last is not None:
            price = last[0] * split.denominator / split.numerator
            self.trade_prices.add(instrument_id, split.date, price, last[1])
        holders = self.holders.get(instrument_id)
        if not holders:
            return
        for account_id, position in holders.items():
            before = position.quantity
            position.split(split.numerator, split.denominator)
            self._moved(account_id, instrument_id, position.quantity - before, split.date)

    def _apply(self, tx: TransactionRecord) -> None:
        kind = tx.type
        account = self.data.account(tx.account_id)
        money = _Money(tx, account, self.converter)
        selected = self._is_selected(account.id)
        if kind is BUY or kind is SELL:
            self._trade(tx, account, money, selected)
        elif kind is DIVIDEND or kind is INTEREST:
            self._income(tx, account, money, selected)
        elif kind is TRANSFER_IN or kind is TRANSFER_OUT:
            self._charges(tx, account, money, selected)
            instrument_id = self._instrument_of(tx)
            quantity = _required(tx, tx.quantity, "quantity")
            if kind is TRANSFER_IN:
                price = tx.price if tx.price is not None else ZERO
                cost = quantity * price
                self._receive(
                    tx,
                    [
                        Lot(
                            quantity,
                            money.reporting(cost),
                            money.local(cost, self._currency_of(instrument_id)),
                            tx.date,
                        )
                    ],
                )
                self._trade_price(tx, money, instrument_id)
                if selected:
                    self.transfer_flows.append(TransferFlow(tx.date, instrument_id, quantity))
            else:
                self._deliver(tx)
                self._trade_price(tx, money, instrument_id)
                if selected:
                    self.transfer_flows.append(TransferFlow(tx.date, instrument_id, -quantity))
        else:
            amount = _required(tx, tx.amount, "amount")
            if kind is FEE or kind is TAX:
                if selected:
                    if kind is FEE:
                        self.fees += money.reporting(amount)
                    else:
                        self.taxes += money.reporting(amount)
                self._cash(account, money.currency, -money.settled(amount), tx.date)
                if selected and not account.track_cash:
                    self._flow(tx.date, money.reporting(amount))
            elif account.track_cash:
                sign = 1 if kind is DEPOSIT else -1
                self._cash(account, money.currency, sign * money.settled(amount), tx.date)
                if selected:
                    self._flow(tx.date, sign * money.reporting(amount))
            self._charges(tx, account, money, selected)

    def _currency_of(self, instrument_id: int) -> str:
        return self.data.instrument(instrument_id).currency

    def _instrument_of(self, tx: TransactionRecord) -> int:
        return _required(tx, tx.instrument_id, "instrument_id")

    def _charges(
        self, tx: TransactionRecord, account: AccountRecord, money: _Money, selected: bool
    ) -> None:
        """`fee` and `tax` of a transaction that is neither a trade nor income: paid like FEE/TAX."""
        charged = tx.fee + tx.tax
        if charged == 0:
            return
        if selected:
            self.fees += money.reporting(tx.fee)
            self.taxes += money.reporting(tx.tax)
            if not account.track_cash:
                self._flow(tx.date, money.reporting(charged))
        self._cash(account, money.currency, -money.settled(charged), tx.date)

    def _trade_price(self, tx: TransactionRecord, money: _Money, instrument_id: int) -> None:
        if tx.price is not None:
            self.trade_prices.add(
                instrument_id,
                tx.date,
                money.local(tx.price, self._currency_of(instrument_id)),
                tx.date,
            )

    def _trade(
        self, tx: TransactionRecord, account: AccountRecord, money: _Money, selected: bool
    ) -> None:
        instrument_id = self._instrument_of(tx)
        quantity = _required(tx, tx.quantity, "quantity")
        price = _required(tx, tx.price, "price")
        gross = quantity * price
        if selected:
            self.fees += money.reporting(tx.fee)
            self.taxes += money.reporting(tx.tax)
        self._trade_price(tx, money, instrument_id)
        if tx.type is BUY:
            total = gross + tx.fee + tx.tax
            cost = money.reporting(total)
            lot = Lot(quantity, cost, money.local(total, self._currency_of(instrument_id)), tx.date)
            position = self._position(account.id, instrument_id)
            position.add(lot)
            self._moved(account.id, instrument_id, quantity, tx.date)
            self._cash(account, money.currency, -money.settled(total), tx.date)
            if selected and not account.track_cash:
                self._flow(tx.date, cost)
            return
        net = gross - tx.fee - tx.tax
        proceeds = money.reporting(net)
        lots = self._take(tx, account.id, instrument_id, quantity)
        if selected:
            self._realize(tx, account.id, instrument_id, quantity, proceeds, lots)
            if not account.track_cash:
                self._flow(tx.date, -proceeds)
        self._cash(account, money.currency, money.settled(net), tx.date)

    def _income(
        self, tx: TransactionRecord, account: AccountRecord, money: _Money, selected: bool
    ) -> None:
        amount = _required(tx, tx.amount, "amount")
        net = amount - tx.tax - tx.fee
        if selected:
            gross, withholding = money.reporting(amount), money.reporting(tx.tax)
            self.income.append(
                IncomeEvent(tx.date, account.id, tx.instrument_id, gross, withholding)
            )
            self.taxes += withholding
            self.fees += money.reporting(tx.fee)
            if not account.track_cash:
                self._flow(tx.date, -money.reporting(net))
        self._cash(account, money.currency, money.settled(net), tx.date)

    def _take(
        self, tx: TransactionRecord, account_id: int, instrument_id: int, quantity: Decimal
    ) -> list[Lot]:
        position = self.positions.get((account_id, instrument_id))
        held = ZERO if position is None else position.quantity
        if position is None or quantity > held:
            raise InsufficientUnits(tx.id, f"takes {quantity} units but {held} are held")
        lots = position.take(quantity, self.method)
        self._moved(account_id, instrument_id, -quantity, tx.date)
        self._close_if_empty(account_id, instrument_id, position)
        return lots

    def _realize(
        self,
        tx: TransactionRecord,
        account_id: int,
        instrument_id: int,
        quantity: Decimal,
        proceeds: Decimal,
        lots: list[Lot],
    ) -> None:
        symbol = self.data.instrument(instrument_id).symbol
        if self.method is CostBasisMethod.AVERAGE or not lots:
            cost = sum((lot.cost for lot in lots), ZERO)
            acquired = min((lot.acquired for lot in lots), default=tx.date)
            self.realized.append(
                RealizedGain(
                    account_id,
                    instrument_id,
                    symbol,
                    acquired,
                    tx.date,
                    quantity,
                    proceeds,
                    cost,
                    proceeds - cost,
                )
            )
            return
        allotted = ZERO
        for i, lot in enumerate(lots):
            # The last part takes what is left, so the parts add up to the sale exactly.
            share = (
                proceeds - allotted if i == len(lots) - 1 else proceeds * lot.quantity / quantity
            )
            allotted += share
            self.realized.append(
                RealizedGain(
                    account_id,
                    instrument_id,
                    symbol,
                    lot.acquired,
                    tx.date,
                    lot.quantity,
                    share,
                    lot.cost,
                    share - lot.cost,
                )
            )

    def _deliver(self, tx: TransactionRecord) -> list[Lot]:
        instrument_id = self._instrument_of(tx)
        quantity = _required(tx, tx.quantity, "quantity")
        return self._take(tx, tx.account_id, instrument_id, quantity)

    def _receive(self, tx: TransactionRecord, lots: list[Lot]) -> None:
        instrument_id = self._instrument_of(tx)
        position = self._position(tx.account_id, instrument_id)
        for lot in lots:
            position.add(lot)
        self._moved(
            tx.account_id, instrument_id, sum((lot.quantity for lot in lots), ZERO), tx.date
        )
        if position.quantity == 0:
            self._close_if_empty(tx.account_id, instrument_id, position)

    def _transfer_pair(self, out: TransactionRecord, into: TransactionRecord) -> None:
        """Lots leave one account and enter the other with their cost and acquisition dates; a
        flow only where one side is outside the selection."""
        for leg in (out, into):
            account = self.data.account(leg.account_id)
            self._charges(
                leg, account, _Money(leg, account, self.converter), self._is_selected(account.id)
            )
        lots = self._deliver(out)
        self._receive(into, lots)
        instrument_id = self._instrument_of(out)
        quantity = _required(out, out.quantity, "quantity")
        for leg in (out, into):
            if leg.price is not None:
                account = self.data.account(leg.account_id)
                self._trade_price(leg, _Money(leg, account, self.converter), instrument_id)
        out_selected = self._is_selected(out.account_id)
        if out_selected != self._is_selected(into.account_id):
            signed = -quantity if out_selected else quantity
            self.transfer_flows.append(TransferFlow(out.date, instrument_id, signed))


def _required(tx: TransactionRecord, value: _T | None, name: str) -> _T:
    if value is None:
        raise LedgerError(tx.id, f"{tx.type} needs {name}")
    return value


class _Money:
    """How one transaction's amounts settle and convert.

    Amounts are in the transaction's currency. With an `fx_rate` in a foreign currency they settle
    in the account's currency (amount × fx_rate); otherwise in their own. Conversions into the
    reporting currency start from the settled amount at the rate of the transaction's day."""

    __slots__ = ("converter", "currency", "day", "factor", "tx")

    def __init__(self, tx: TransactionRecord, account: AccountRecord, converter: Converter) -> None:
        self.tx = tx
        self.converter = converter
        self.day = tx.date
        if tx.fx_rate is not None and tx.currency != account.currency:
            self.currency = account.currency
            self.factor: Decimal | None = tx.fx_rate
        else:
            self.currency = tx.currency
            self.factor = None

    def settled(self, amount: Decimal) -> Decimal:
        return amount if self.factor is None else amount * self.factor

    def reporting(self, amount: Decimal) -> Decimal:
        if amount == 0:
            return ZERO
        return self.converter.convert(self.settled(amount), self.currency, self.day)

    def local(self, amount: Decimal, target: str) -> Decimal:
        """The amount in `target`, the currency of the transaction's instrument."""
        if self.tx.currency == target:
            return amount
        return self.settled(amount) * self.converter.rate(self.currency, self.day, target)
