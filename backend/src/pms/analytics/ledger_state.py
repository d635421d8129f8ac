"""What a replay of the ledger leaves behind (see `pms.analytics.ledger`): open positions, cash,
closed lots, payments, flows, and the quantity and cash levels that feed the valuation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from pms.analytics.lots import Position
from pms.analytics.pricing import TradePrices


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


class ClosedLot(NamedTuple):
    """A lot (or under the moving average a sale) closed by a sale, in the reporting currency:
    the share of the net proceeds at the sale's rate and the cost at the acquisition's rate."""

    account_id: int
    instrument_id: int
    acquired: date
    sold: date
    quantity: Decimal
    proceeds: Decimal
    cost: Decimal
    #: The lot's id (the transaction that acquired it); `None` for a moving-average sale.
    lot_id: int | None = None
    #: The sale's transaction.
    transaction_id: int | None = None


class Payment(NamedTuple):
    """A dividend or interest payment in the reporting currency at the rate of its day."""

    date: date
    account_id: int
    instrument_id: int | None
    gross: Decimal
    withholding: Decimal


class Charge(NamedTuple):
    """The fee and tax of one transaction of the selection (withholding on income included), in
    the reporting currency at the rate of its day."""

    date: date
    instrument_id: int | None
    fee: Decimal
    tax: Decimal


class HoldingFlow(NamedTuple):
    """Money into (> 0) or out of (< 0) one holding of the selection, in the reporting currency:
    what a trade, a payment or a charge of the instrument moved through the account's cash (or
    across the boundary, where cash is not tracked). Transfers are `TransferFlow`s."""

    date: date
    instrument_id: int
    amount: Decimal
    #: `buy`, `sell`, `payment` (dividend or interest) or `charge` (a fee or tax).
    kind: str


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
    realized: list[ClosedLot]
    income: list[Payment]
    fees: Decimal
    taxes: Decimal
    flow_days: list[date]
    flow_amounts: list[Decimal]
    transfer_flows: list[TransferFlow]
    charges: list[Charge]
    holding_flows: list[HoldingFlow]
    quantities: LevelEvents
    cash_levels: LevelEvents
    trade_prices: TradePrices
    cash_currencies: list[str]
    inception: date | None
