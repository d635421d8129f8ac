"""Who may write market data: the one check every write path asks (routes, price uploads, imports,
backup restores).

Provider instruments, their prices, splits and dividends, and the exchange rates are shared: every
user's figures rest on them. Only an administrator writes them by hand. A member writes only the
manual instruments they own (and those instruments' prices and splits); everything else a member
sees of the market is read-only to them.
"""

from __future__ import annotations

from pms.db.models import Instrument, User
from pms.enums import Role
from pms.errors import Forbidden


def may_write_shared(user: User) -> bool:
    """Whether `user` may change market data that every user shares."""
    return user.role == Role.ADMIN


def may_write_instrument(user: User, instrument: Instrument) -> bool:
    """A manual instrument is its owner's; a provider (shared) one an administrator's."""
    if instrument.owner_id is None:
        return may_write_shared(user)
    return instrument.owner_id == user.id


def ensure_may_write_instrument(user: User, instrument: Instrument) -> None:
    if not may_write_instrument(user, instrument):
        raise Forbidden(
            detail=f"{instrument.symbol} is shared market data: only an administrator may change "
            "it, its prices or its splits"
        )


def ensure_may_write_rates(user: User) -> None:
    if not may_write_shared(user):
        raise Forbidden(
            detail="exchange rates are shared by every user: only an administrator may change them"
        )
