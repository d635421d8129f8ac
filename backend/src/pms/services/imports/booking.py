"""Writing an import's checked entries: in batches and in the file's order, leaving out those the
accounts hold already, and remembering what each row wrote so a later check can take it back."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from pms.db.base import utcnow
from pms.db.models import Transaction, User
from pms.enums import DISPOSAL_TYPES, POSITION_TYPES
from pms.errors import FieldError
from pms.services.imports.checking import Entry
from pms.services.imports.dedup import Seen
from pms.services.imports.report import RowReport, RowStatus, Tally
from pms.services.imports.writing import insert_transactions
from pms.services.ledger import FIELDS

#: Rows checked and written together.
CHUNK_ROWS = 1000


class Booking:
    def __init__(self, session: Session, user: User, seen: Seen, tally: Tally) -> None:
        self.session = session
        self.user = user
        self.seen = seen
        self.tally = tally
        self.pending: list[tuple[RowReport, list[Entry]]] = []
        #: The row that wrote each transaction.
        self.rows_by_txn: dict[int, RowReport] = {}
        #: Per (account, instrument) the import trades: its imported disposals (date, id).
        self.disposals: dict[tuple[int, int], list[tuple[date, int]]] = defaultdict(list)
        #: Imported transactions with a transfer id (their pair is checked at the end).
        self.transfers: list[int] = []
        #: Per instrument the import trades: the day of its earliest imported transaction (where
        #: its price history must start).
        self.earliest: dict[int, date] = {}

    def add(self, report: RowReport, entries: list[Entry]) -> None:
        self.pending.append((report, entries))
        if len(self.pending) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        keys = [e.external_key for _, entries in batch for e in entries if e.external_key]
        stored = self.seen.stored_external_ids(keys) if keys else set()
        rows: list[dict[str, Any]] = []
        owners: list[RowReport] = []
        now = utcnow()
        for report, entries in batch:
            fresh = [e for e in entries if not e.duplicate and e.external_key not in stored]
            if not fresh:
                self.tally.move(report, RowStatus.DUPLICATE)
                continue
            for entry in fresh:
                rows.append(
                    {name: entry.values.get(name) for name in FIELDS}
                    | {"user_id": self.user.id, "created_at": now, "updated_at": now}
                )
                owners.append(report)
        if not rows:
            return
        ids = insert_transactions(self.session, rows)
        self.tally.report.counts.transactions += len(ids)
        for txn_id, values, report in zip(ids, rows, owners, strict=True):
            report.written.append(txn_id)
            self.rows_by_txn[txn_id] = report
            if values["type"] in DISPOSAL_TYPES:
                pair = (values["account_id"], values["instrument_id"])
                self.disposals[pair].append((values["date"], txn_id))
            elif values["type"] in POSITION_TYPES:
                self.disposals.setdefault((values["account_id"], values["instrument_id"]), [])
            if values.get("transfer_id") is not None:
                self.transfers.append(txn_id)
            instrument_id = values.get("instrument_id")
            if instrument_id is not None:
                day = values["date"]
                known = self.earliest.get(instrument_id)
                if known is None or day < known:
                    self.earliest[instrument_id] = day

    def take_back(self, report: RowReport, errors: list[FieldError]) -> None:
        """Delete what `report`'s row wrote and refuse the row with `errors`."""
        if report.written:
            self.session.execute(delete(Transaction).where(Transaction.id.in_(report.written)))
            self.tally.report.counts.transactions -= len(report.written)
            for txn_id in report.written:
                self.rows_by_txn.pop(txn_id, None)
            for entries in self.disposals.values():
                entries[:] = [(d, i) for d, i in entries if i not in report.written]
            report.written = []
        self.tally.refuse(report, errors)
