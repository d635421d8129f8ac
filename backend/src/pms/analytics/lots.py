"""Lots of one position and how a disposal takes them: first in, first out (FIFO), last in, first
out (LIFO), highest cost per unit first (HIFO), or pro rata (moving average).

A lot keeps its cost twice: in the reporting currency at the rate of its acquisition day (what gains
are measured against) and in the instrument's currency (what the average cost per unit is shown in,
and what HIFO ranks by, so the lots chosen never depend on the currency a report is asked in). It
keeps the id of the transaction that acquired it (`origin`): a lot's id, the same through transfers
and partial sales.

Ties are broken by acquisition date, then by entry order (the order lots were added): FIFO takes the
earliest of equal lots first, LIFO the latest, HIFO the earliest among lots of the same cost per unit.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pms.enums import CostBasisMethod

ZERO = Decimal(0)


@dataclass(slots=True)
class Lot:
    quantity: Decimal
    cost: Decimal
    local_cost: Decimal
    acquired: date
    #: The id of the transaction that acquired the lot (a BUY or a TRANSFER_IN from outside).
    origin: int = 0

    def part(self, quantity: Decimal) -> Lot:
        """`quantity` units of this lot with their share of its cost (the lot is not changed)."""
        return Lot(
            quantity,
            self.cost * quantity / self.quantity,
            self.local_cost * quantity / self.quantity,
            self.acquired,
            self.origin,
        )

    def reduce(self, part: Lot) -> None:
        self.quantity -= part.quantity
        self.cost -= part.cost
        self.local_cost -= part.local_cost


class Position:
    """Units of one instrument held in one account, and the lots they came from (oldest first)."""

    __slots__ = ("lots", "quantity")

    def __init__(self) -> None:
        self.quantity = ZERO
        self.lots: deque[Lot] = deque()

    @property
    def cost(self) -> Decimal:
        return sum((lot.cost for lot in self.lots), ZERO)

    @property
    def local_cost(self) -> Decimal:
        return sum((lot.local_cost for lot in self.lots), ZERO)

    def add(self, lot: Lot) -> None:
        """Adds a lot, kept in order of acquisition (a transferred lot may be older than the rest)."""
        self.quantity += lot.quantity
        lots = self.lots
        if not lots or lots[-1].acquired <= lot.acquired:
            lots.append(lot)
            return
        ordered = list(lots)
        at = next(i for i, held in enumerate(ordered) if held.acquired > lot.acquired)
        ordered.insert(at, lot)
        self.lots = deque(ordered)

    def take(self, quantity: Decimal, method: CostBasisMethod) -> list[Lot]:
        """Removes `quantity` units and returns the parts of lots they came from, in the order
        `method` takes them (see the module).

        The moving average takes the same fraction `quantity / held` of every lot, which leaves the
        average cost per unit unchanged and keeps each part's acquisition date and rate."""
        held = self.quantity
        if quantity == held or not self.lots:
            self.quantity = held - quantity
            taken = list(self.lots)
            self.lots.clear()
            return self.ordered(taken, method) if method is not CostBasisMethod.AVERAGE else taken
        if method is CostBasisMethod.AVERAGE:
            self.quantity = held - quantity
            return self._take_pro_rata(quantity, held)
        if method is CostBasisMethod.FIFO:
            return self._take_oldest(quantity)
        return self.take_from(self.ordered(list(self.lots), method), quantity)

    def _take_oldest(self, quantity: Decimal) -> list[Lot]:
        """FIFO without reordering: whole lots off the front, then a part of the next."""
        self.quantity -= quantity
        taken: list[Lot] = []
        lots = self.lots
        remaining = quantity
        while remaining > 0 and lots:
            lot = lots[0]
            if lot.quantity <= remaining:
                taken.append(lots.popleft())
                remaining -= lot.quantity
                continue
            part = lot.part(remaining)
            lot.reduce(part)
            taken.append(part)
            remaining = ZERO
        return taken

    @staticmethod
    def ordered(lots: list[Lot], method: CostBasisMethod) -> list[Lot]:
        """`lots` (in entry order) in the order `method` disposes of them."""
        if method is CostBasisMethod.LIFO:
            return lots[::-1]
        if method is CostBasisMethod.HIFO:
            # Python's sort is stable: equal costs keep acquisition and entry order.
            return sorted(lots, key=lambda lot: -(lot.local_cost / lot.quantity))
        return lots

    def take_from(self, order: list[Lot], quantity: Decimal) -> list[Lot]:
        """Removes `quantity` units from the lots in `order` (lots of this position), whole lots
        first and a part of the last one."""
        self.quantity -= quantity
        taken: list[Lot] = []
        emptied: set[int] = set()
        remaining = quantity
        for lot in order:
            if remaining <= 0:
                break
            if lot.quantity <= remaining:
                taken.append(lot)
                emptied.add(id(lot))
                remaining -= lot.quantity
                continue
            part = lot.part(remaining)
            lot.reduce(part)
            taken.append(part)
            remaining = ZERO
        if emptied:
            self.lots = deque(lot for lot in self.lots if id(lot) not in emptied)
        return taken

    def _take_pro_rata(self, quantity: Decimal, held: Decimal) -> list[Lot]:
        taken: list[Lot] = []
        for lot in self.lots:
            part = Lot(
                lot.quantity * quantity / held,
                lot.cost * quantity / held,
                lot.local_cost * quantity / held,
                lot.acquired,
                lot.origin,
            )
            lot.reduce(part)
            taken.append(part)
        return taken

    def split(self, numerator: int, denominator: int) -> None:
        """Multiplies every unit count by numerator ÷ denominator; costs stay as they are."""
        self.quantity = self.quantity * numerator / denominator
        for lot in self.lots:
            lot.quantity = lot.quantity * numerator / denominator
