"""How disposals take lots: FIFO takes the oldest first, the moving average a share of each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pms.analytics.lots import Lot, Position
from pms.enums import CostBasisMethod

D = Decimal


def position() -> Position:
    held = Position()
    held.add(Lot(D(10), D(1005), D(1005), date(2024, 1, 2)))
    held.add(Lot(D(10), D(1205), D(1205), date(2024, 2, 1)))
    return held


def test_fifo_takes_the_oldest_lot_first_and_splits_the_next() -> None:
    held = position()
    taken = held.take(D(15), CostBasisMethod.FIFO)
    assert [(lot.quantity, lot.cost, lot.acquired) for lot in taken] == [
        (D(10), D(1005), date(2024, 1, 2)),
        (D(5), D("602.5"), date(2024, 2, 1)),
    ]
    assert held.quantity == D(5)
    assert held.cost == D("602.5")


def test_moving_average_takes_the_same_share_of_every_lot() -> None:
    held = position()
    taken = held.take(D(15), CostBasisMethod.AVERAGE)
    assert sum((lot.cost for lot in taken), D(0)) == D("1657.5")
    assert [lot.acquired for lot in taken] == [date(2024, 1, 2), date(2024, 2, 1)]
    assert held.quantity == D(5)
    assert held.cost == D("552.5")  # the average cost per unit stays 110.5


def test_taking_everything_leaves_no_lot() -> None:
    held = position()
    taken = held.take(D(20), CostBasisMethod.AVERAGE)
    assert sum((lot.cost for lot in taken), D(0)) == D(2210)
    assert held.quantity == 0
    assert not held.lots


def test_an_older_lot_that_arrives_later_is_sold_first() -> None:
    held = position()
    held.add(Lot(D(1), D(50), D(50), date(2023, 6, 1)))
    taken = held.take(D(1), CostBasisMethod.FIFO)
    assert taken[0].acquired == date(2023, 6, 1)


def test_a_split_multiplies_units_and_keeps_the_cost() -> None:
    held = position()
    held.split(1, 10)
    assert held.quantity == D(2)
    assert [lot.quantity for lot in held.lots] == [D(1), D(1)]
    assert held.cost == D(2210)
