"""The checks of an import as a whole, once everything is written: every transfer leg matches its
pair, and no disposal sells more than the account holds on its date. A refusal is laid on the
file's line that caused it, and what that line wrote is taken back."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pms.db.locks import lock_instruments
from pms.db.models import Transaction, User
from pms.errors import FieldError, PMSError
from pms.services.imports.booking import Booking
from pms.services.imports.report import ImportReport
from pms.services.ledger import check_transfer_pair
from pms.services.positions_guard import find_shortfall


def check_transfers(session: Session, user: User, booking: Booking) -> None:
    for txn_id in booking.transfers:
        report = booking.rows_by_txn.get(txn_id)
        txn = session.get(Transaction, txn_id)
        if report is None or txn is None:
            continue
        try:
            check_transfer_pair(session, user, txn)
        except PMSError as exc:
            booking.take_back(report, exc.errors or [FieldError("transfer_id", exc.detail)])


def guard_positions(session: Session, booking: Booking, report: ImportReport) -> None:
    """Per (account, instrument) the import trades, refuse lines until nothing is oversold: the
    imported disposal that sells short, or, when a stored one does, the latest imported disposal
    before it. A stored shortfall no imported line explains is an error of the whole file."""
    lock_instruments(session, (instrument_id for _, instrument_id in booking.disposals))
    for account_id, instrument_id in sorted(booking.disposals):
        refused: set[int] = set()
        while (shortfall := find_shortfall(session, instrument_id, [account_id])) is not None:
            row = booking.rows_by_txn.get(shortfall.transaction_id)
            held = format(shortfall.held, "f")
            wanted = format(shortfall.quantity.normalize(), "f")
            if row is not None:
                message = (
                    f"{shortfall.type} of {wanted} on {shortfall.date.isoformat()} exceeds "
                    f"the {held} held in this account on that date"
                )
            else:
                # A stored disposal lacks units because of an imported one before it.
                earlier = [
                    (d, i)
                    for d, i in booking.disposals[(account_id, instrument_id)]
                    if d <= shortfall.date and i not in refused
                ]
                if not earlier:
                    report.errors.append(
                        FieldError(
                            "positions",
                            f"the stored {shortfall.type} of {wanted} on "
                            f"{shortfall.date.isoformat()} lacks units",
                            "insufficient_quantity",
                        )
                    )
                    break
                row = booking.rows_by_txn[max(earlier)[1]]
                message = (
                    f"it would leave the stored {shortfall.type} of {wanted} on "
                    f"{shortfall.date.isoformat()} (transaction {shortfall.transaction_id}) "
                    f"with only {held} held"
                )
            refused.update(row.written)
            booking.take_back(row, [FieldError("quantity", message, "insufficient_quantity")])
