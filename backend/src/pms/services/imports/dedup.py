"""What makes an imported entry "already there".

An entry with an `external_id` is there when its account has that id. One without is there when
the account holds as many entries with the same content (instrument, type, date, amounts,
currency, rate, transfer id and note) as this one is the n-th of in the file: importing a file
twice adds nothing, yet two identical trades in one file are both kept.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from pms.db.models import Transaction
from pms.services.imports.locale_values import quantize
from pms.services.ledger import FIELDS

#: What makes two entries of an account the same (its external id is matched on its own).
HASHED_FIELDS = tuple(f for f in FIELDS if f not in ("account_id", "external_id"))


def _canonical(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(quantize(value).normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def content_hash(values: Mapping[str, Any]) -> str:
    text = "\x1f".join(_canonical(values.get(name)) for name in HASHED_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Seen:
    """The entries already in the accounts an import touches, and those it has read so far."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._stored_hashes: dict[int, Counter[str]] = {}
        self._file_hashes: dict[int, Counter[str]] = defaultdict(Counter)
        self._file_ids: dict[tuple[int, str], int] = {}

    def _stored(self, account_id: int) -> Counter[str]:
        if account_id not in self._stored_hashes:
            columns = [getattr(Transaction, name) for name in HASHED_FIELDS]
            rows = self.session.execute(
                select(*columns).where(
                    Transaction.account_id == account_id, Transaction.external_id.is_(None)
                )
            )
            self._stored_hashes[account_id] = Counter(
                content_hash(dict(zip(HASHED_FIELDS, row, strict=True))) for row in rows
            )
        return self._stored_hashes[account_id]

    def hash_is_stored(self, account_id: int, values: Mapping[str, Any]) -> bool:
        """Count this entry as read; True when the account holds it already."""
        digest = content_hash(values)
        counts = self._file_hashes[account_id]
        counts[digest] += 1
        return counts[digest] <= self._stored(account_id)[digest]

    def first_line_of(self, account_id: int, external_id: str, line: int) -> int | None:
        """The earlier line of the file with this external id in the account, if any."""
        earlier = self._file_ids.get((account_id, external_id))
        if earlier is None:
            self._file_ids[(account_id, external_id)] = line
        return earlier

    def stored_external_ids(self, keys: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
        wanted = list(set(keys))
        found: set[tuple[int, str]] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.session.execute(
                select(Transaction.account_id, Transaction.external_id).where(
                    tuple_(Transaction.account_id, Transaction.external_id).in_(chunk)
                )
            )
            found.update((a, e) for a, e in rows if e is not None)
        return found
