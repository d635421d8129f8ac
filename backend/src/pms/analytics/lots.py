"""Lots of one position and how a disposal takes them: first in, first out, or pro rata (moving average).

A lot keeps its cost twice: in the reporting currency at the rate of its acquisition day (what gains
are measured against) and in the instrument's currency (what the average cost per unit is shown in).
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
        """Removes `quantity` units and returns the parts of lots they came from.

        FIFO consumes the oldest lots first. The moving average takes the same fraction
        `quantity / held` of every lot, which leaves the average cost per unit unchanged and keeps
        each part's acquisition date and rate."""
        held = self.quantity
        self.quantity = held - quantity
        if quantity == held or not self.lots:
            taken = list(self.lots)
            self.lots.clear()
            return taken
        if method is CostBasisMethod.AVERAGE:
            return self._take_pro_rata(quantity, held)
        return self._take_oldest(quantity)

    def _take_oldest(self, quantity: Decimal) -> list[Lot]:
        taken: list[Lot] = []
        lots = self.lots
        remaining = quantity
        while remaining > 0 and lots:
            lot = lots[0]
            if lot.quantity <= remaining:
                taken.append(lots.popleft())
                remaining -= lot.quantity
                continue
            cost = lot.cost * remaining / lot.quantity
            local_cost = lot.local_cost * remaining / lot.quantity
            taken.append(Lot(remaining, cost, local_cost, lot.acquired))
            lot.quantity -= remaining
            lot.cost -= cost
            lot.local_cost -= local_cost
            remaining = ZERO
        return taken

    def _take_pro_rata(self, quantity: Decimal, held: Decimal) -> list[Lot]:
        taken: list[Lot] = []
        for lot in self.lots:
            part = Lot(
                lot.quantity * quantity / held,
                lot.cost * quantity / held,
                lot.local_cost * quantity / held,
                lot.acquired,
            )
            lot.quantity -= part.quantity
            lot.cost -= part.cost
            lot.local_cost -= part.local_cost
            taken.append(part)
        return taken

    def split(self, numerator: int, denominator: int) -> None:
        """Multiplies every unit count by numerator ÷ denominator; costs stay as they are."""
        self.quantity = self.quantity * numerator / denominator
        for lot in self.lots:
            lot.quantity = lot.quantity * numerator / denominator
