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


def three_lots() -> Position:
    """10 at 100 (Jan), 10 at 120 (Feb), 10 at 90 (Mar), and 10 more at 120 on the same day as
    the February lot, entered after it."""
    held = Position()
    held.add(Lot(D(10), D(1000), D(1000), date(2024, 1, 2), 1))
    held.add(Lot(D(10), D(1200), D(1200), date(2024, 2, 1), 2))
    held.add(Lot(D(10), D(900), D(900), date(2024, 3, 1), 3))
    held.add(Lot(D(10), D(1200), D(1200), date(2024, 2, 1), 4))
    return held


def parts(taken: list[Lot]) -> list[tuple[int, Decimal, Decimal]]:
    return [(lot.origin, lot.quantity, lot.cost) for lot in taken]


def test_the_lots_are_kept_by_acquisition_date_then_entry_order() -> None:
    assert [lot.origin for lot in three_lots().lots] == [1, 2, 4, 3]


def test_lifo_takes_the_newest_lot_first() -> None:
    held = three_lots()
    taken = held.take(D(15), CostBasisMethod.LIFO)
    # March's lot whole, then 5 of the later-entered February lot.
    assert parts(taken) == [(3, D(10), D(900)), (4, D(5), D(600))]
    assert [(lot.origin, lot.quantity) for lot in held.lots] == [(1, 10), (2, 10), (4, 5)]
    assert held.quantity == D(25)


def test_hifo_takes_the_highest_cost_per_unit_first_earliest_among_equals() -> None:
    held = three_lots()
    taken = held.take(D(25), CostBasisMethod.HIFO)
    # Both lots at 120 (the earlier entry first), then 5 of the lot at 100.
    assert parts(taken) == [(2, D(10), D(1200)), (4, D(10), D(1200)), (1, D(5), D(500))]
    assert [(lot.origin, lot.quantity) for lot in held.lots] == [(1, 5), (3, 10)]
    assert held.cost == D(1400)


def test_hifo_ranks_by_the_cost_in_the_instruments_currency() -> None:
    # The reporting-currency cost says otherwise; the instrument's currency decides.
    held = Position()
    held.add(Lot(D(1), D(200), D(100), date(2024, 1, 2), 1))
    held.add(Lot(D(1), D(150), D(110), date(2024, 1, 3), 2))
    assert parts(held.take(D(1), CostBasisMethod.HIFO)) == [(2, D(1), D(150))]


def test_every_method_takes_the_whole_position_when_everything_is_sold() -> None:
    for method in CostBasisMethod:
        held = three_lots()
        taken = held.take(D(40), method)
        assert sum((lot.quantity for lot in taken), D(0)) == D(40), method
        assert sum((lot.cost for lot in taken), D(0)) == D(4300), method
        assert held.quantity == 0
        assert not held.lots
