"""Locks that serialise the checks a write depends on, held until its transaction ends.

PostgreSQL runs requests side by side, each seeing only what others have committed: two sales of
the last share, each checked against the position without the other, would both pass. So every
write to a user's ledger first takes that user's ledger lock (an advisory lock held to the end of
the transaction): the position check and the duplicate check of an import then see every other
write of that user, committed before. Splits change the positions of every user who holds the
instrument: a split write takes the instrument's lock exclusively, a ledger write takes the locks
of the instruments it checks shared. Locks are taken in one order (ledger, then instruments by id)
and a request waits for them at most `LOCK_WAIT_SECONDS`, then answers 503 "busy, retry".

SQLite lets one writer in at a time, which serialises the same checks: these are no-ops there.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.errors import Busy

#: Namespaces of the two-key advisory locks.
LEDGER = 1
INSTRUMENT = 2

#: How long a write waits for another one (an import may hold a ledger for a while).
LOCK_WAIT_SECONDS = 15.0
_POLL_SECONDS = 0.05


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _take(session: Session, namespace: int, key: int, *, shared: bool, what: str) -> None:
    try_lock = func.pg_try_advisory_xact_lock_shared if shared else func.pg_try_advisory_xact_lock
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not session.scalar(select(try_lock(namespace, key))):
        if time.monotonic() >= deadline:
            raise Busy(
                detail=f"{what} is being changed by another request (an import?); retry in a "
                "moment",
                headers={"Retry-After": "5"},
            )
        time.sleep(_POLL_SECONDS)


def lock_ledger(session: Session, user_id: int) -> None:
    """Serialise this transaction with every other write to `user_id`'s ledger."""
    if _postgres(session):
        _take(session, LEDGER, user_id, shared=False, what="this portfolio")


def lock_instruments(
    session: Session, instrument_ids: Iterable[int | None], *, exclusive: bool = False
) -> None:
    """Hold the instruments still: shared while checking positions in them, exclusive while
    changing their splits (which moves everyone's positions)."""
    if not _postgres(session):
        return
    for instrument_id in sorted({i for i in instrument_ids if i is not None}):
        _take(session, INSTRUMENT, instrument_id, shared=not exclusive, what="an instrument")
