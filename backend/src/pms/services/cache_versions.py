"""The versions that invalidate cached portfolio results, kept in the database.

A cached result's key carries the token of the user's ledger (`ledger:<user id>`: accounts and
transactions, and the user's own rates and closes) and of the market data (`market`: instruments, prices, splits, dividend events,
rates and their fetch status), read when the report begins. The tokens live in `data_versions`,
and the transaction that changes the data rewrites them just before it commits: an invalidation
is as durable as the write itself, so a cache that was down, emptied or restarted cannot bring back
a result computed before a write (entries under old tokens are never read again and expire).

It happens in one place, this module's session hooks, so a new write path cannot forget it: every
object flushed (`before_flush`) and every INSERT, UPDATE or DELETE executed through a session
(`do_orm_execute`) on a ledger or market table marks its scope. A statement on a ledger table whose
user cannot be told from its parameters marks the market, which every key holds. The one write no
hook sees — an import's rows sent by COPY — calls `touch_ledger`. Before the commit every marked
scope gets a fresh random token (in scope order, so two writers never wait on each other in turn).

A report reads the tokens before any data. Data and tokens commit together, so it either sees the
old tokens (what it computes is filed under them, never read once the new ones are visible) or the
new tokens and the new data.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from itertools import chain
from typing import Any, cast

from sqlalchemy import Table, event, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from pms.db.models import DataVersion
from pms.db.upsert import upsert_rows

MARKET = "market"
LEDGER_TABLES = frozenset({"accounts", "transactions", "user_fx_rates", "user_prices"})
MARKET_TABLES = frozenset(
    {
        "instruments",
        "prices",
        "splits",
        "dividend_events",
        "fx_rates",
        "instrument_market_status",
        "fx_market_status",
    }
)
#: `Session.info` entry: the scopes this transaction changed.
_TOUCHED = "pms.cache_versions.touched"


def _ledger(user_id: int) -> str:
    return f"ledger:{user_id}"


def _touched(session: Session) -> set[str]:
    touched: set[str] = session.info.setdefault(_TOUCHED, set())
    return touched


def touch_ledger(session: Session, user_id: int) -> None:
    """Mark the user's ledger changed by this transaction (for writes no hook sees)."""
    _touched(session).add(_ledger(user_id))


def touch_market(session: Session) -> None:
    """Mark the market data changed by this transaction (for writes no hook sees)."""
    _touched(session).add(MARKET)


def versions(session: Session, user_id: int) -> tuple[int, int]:
    """The tokens of the user's ledger and of the market data, as committed now."""
    scopes = (_ledger(user_id), MARKET)
    rows = session.execute(
        select(DataVersion.scope, DataVersion.token).where(DataVersion.scope.in_(scopes))
    ).all()
    tokens = dict(rows)
    return tokens.get(scopes[0], 0), tokens.get(MARKET, 0)


def _mark(session: Session, table: str | None, user_ids: Iterable[Any]) -> None:
    if table in MARKET_TABLES:
        touch_market(session)
    elif table in LEDGER_TABLES:
        users = {u for u in user_ids if isinstance(u, int)}
        if not users:
            touch_market(session)
        for user_id in users:
            touch_ledger(session, user_id)


@event.listens_for(Session, "before_flush")
def _seen_in_flush(session: Session, context: UOWTransaction, instances: object) -> None:
    changed = chain(
        session.new, (o for o in session.dirty if session.is_modified(o)), session.deleted
    )
    for obj in changed:
        _mark(session, getattr(obj, "__tablename__", None), [getattr(obj, "user_id", None)])


@event.listens_for(Session, "do_orm_execute")
def _seen_in_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name not in MARKET_TABLES and name not in LEDGER_TABLES:
        return
    parameters = state.parameters
    rows = [parameters] if isinstance(parameters, dict) else list(parameters or [])
    _mark(state.session, name, (row.get("user_id") for row in rows if isinstance(row, dict)))


@event.listens_for(Session, "before_commit")
def _rewrite_tokens(session: Session) -> None:
    session.flush()
    scopes = session.info.pop(_TOUCHED, None)
    if not scopes:
        return
    rows = [{"scope": scope, "token": secrets.randbits(62)} for scope in sorted(scopes)]
    upsert_rows(session, cast(Table, DataVersion.__table__), rows, keys=["scope"], update=["token"])


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
