"""Refreshing market data: what to fetch (`plan_refresh`), fetching it item by item with its
failures recorded (`refresh`), and the fetch status kept per instrument and currency pair.

Callers: the refresh job (`pms.services.jobs`), the command line (`pms prices refresh`) and the
ledger hooks in `pms.services.market_data`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.db.models import (
    Account,
    FxMarketStatus,
    Instrument,
    InstrumentMarketStatus,
    Transaction,
    User,
)
from pms.db.session import session_scope
from pms.enums import DataSource
from pms.errors import PMSError, ProviderError, ProviderUnavailable
from pms.logs import get_logger
from pms.market.context import MarketContext
from pms.market.providers.base import RateLimited
from pms.market.states import FetchState, state_of
from pms.market.store import (
    has_rates,
    last_price_dates,
    last_rate_date,
    store_dividends,
    store_prices,
    store_rates,
    store_splits,
)

log = get_logger(__name__)

#: An incremental refresh asks again for this many days before the last stored close (late
#: corrections, a split announced after the fact).
OVERLAP_DAYS = 7
#: History fetched for an instrument nobody has a transaction in yet.
DEFAULT_HISTORY_DAYS = 366
#: After this many items in a row could not reach the provider, the rest are not tried.
GIVE_UP_AFTER_UNREACHABLE = 2


# -- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    """How refreshing one instrument or currency pair went."""

    label: str
    instrument_id: int | None
    state: FetchState
    message: str | None = None
    stored: int = 0
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.state in (FetchState.OK, FetchState.NO_DATA)

    def as_error(self) -> dict[str, object]:
        return {
            "symbol": self.label,
            "instrument_id": self.instrument_id,
            "reason": self.state.value,
            "message": self.message or "",
        }


@dataclass(frozen=True)
class FxNeed:
    base: str
    quote: str
    start: date

    @property
    def label(self) -> str:
        return f"{self.base}/{self.quote}"


@dataclass
class RefreshPlan:
    instrument_ids: list[int] = field(default_factory=list)
    fx: list[FxNeed] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.instrument_ids) + len(self.fx)


@dataclass
class RefreshReport:
    results: list[ItemResult] = field(default_factory=list)

    @property
    def errors(self) -> list[ItemResult]:
        return [r for r in self.results if not r.ok]


# -- status rows ----------------------------------------------------------------------------------


def instrument_status(session: Session, instrument_id: int) -> InstrumentMarketStatus:
    status = session.get(InstrumentMarketStatus, instrument_id)
    if status is None:
        status = InstrumentMarketStatus(instrument_id=instrument_id, state=FetchState.NEVER_FETCHED)
        session.add(status)
    return status


def _fx_status(session: Session, base: str, quote: str) -> FxMarketStatus:
    status = session.get(FxMarketStatus, (base, quote))
    if status is None:
        status = FxMarketStatus(base=base, quote=quote, state=FetchState.NEVER_FETCHED)
        session.add(status)
    return status


def record_fetch_state(
    session: Session, instrument_id: int, state: FetchState, message: str | None
) -> None:
    """Note how asking the provider about an instrument went, without fetching (e.g. when the
    instrument was created while the provider was unreachable)."""
    status = instrument_status(session, instrument_id)
    if status.last_success_at is None or state != FetchState.OK:
        status.state = state
        status.message = message
    session.flush()


# -- planning -------------------------------------------------------------------------------------


def first_transaction_dates(session: Session, instrument_ids: Sequence[int]) -> dict[int, date]:
    if not instrument_ids:
        return {}
    rows = session.execute(
        select(Transaction.instrument_id, func.min(Transaction.date))
        .where(Transaction.instrument_id.in_(instrument_ids))
        .group_by(Transaction.instrument_id)
    )
    return {i: d for i, d in rows if i is not None}


def _fx_needs(session: Session, user_ids: Sequence[int] | None, today: date) -> list[FxNeed]:
    users = session.execute(
        select(User.id, User.base_currency).where(User.id.in_(user_ids))
        if user_ids is not None
        else select(User.id, User.base_currency)
    )
    needs: dict[frozenset[str], FxNeed] = {}
    for user_id, base in users:
        currencies = set(
            session.scalars(select(Account.currency).where(Account.user_id == user_id)).all()
        )
        currencies |= set(
            session.scalars(
                select(Transaction.currency).where(Transaction.user_id == user_id).distinct()
            ).all()
        )
        currencies |= set(
            session.scalars(
                select(Instrument.currency)
                .join(Transaction, Transaction.instrument_id == Instrument.id)
                .where(Transaction.user_id == user_id)
                .distinct()
            ).all()
        )
        first = session.scalar(
            select(func.min(Transaction.date)).where(Transaction.user_id == user_id)
        )
        start = first or today - timedelta(days=DEFAULT_HISTORY_DAYS)
        for currency in sorted(currencies - {base}):
            key = frozenset((currency, base))
            known = needs.get(key)
            if known is None or start < known.start:
                needs[key] = FxNeed(currency, base, start)
    oriented = []
    for need in needs.values():
        # Keep the direction already stored (e.g. the ECB's EUR/USD), so one series serves both.
        if not has_rates(session, need.base, need.quote) and has_rates(
            session, need.quote, need.base
        ):
            need = FxNeed(need.quote, need.base, need.start)
        oriented.append(need)
    return sorted(oriented, key=lambda n: n.label)


def plan_refresh(
    session: Session,
    today: date,
    *,
    user_id: int | None = None,
    instrument_ids: Sequence[int] | None = None,
    include_fx: bool = True,
) -> RefreshPlan:
    """What a refresh covers: every provider instrument (no user), or a user's instruments and
    the ones still waiting for a first fetch or a backfill, and the currency pairs they need."""
    yahoo = Instrument.data_source == DataSource.YAHOO
    if instrument_ids is not None:
        query = select(Instrument.id).where(yahoo, Instrument.id.in_(instrument_ids))
    elif user_id is not None:
        held = select(Transaction.instrument_id).where(Transaction.user_id == user_id)
        waiting = select(InstrumentMarketStatus.instrument_id).where(
            (InstrumentMarketStatus.backfill_from.is_not(None))
            | (InstrumentMarketStatus.state == FetchState.NEVER_FETCHED)
        )
        query = select(Instrument.id).where(
            yahoo, Instrument.id.in_(held) | Instrument.id.in_(waiting)
        )
    else:
        query = select(Instrument.id).where(yahoo)
    ids = list(session.scalars(query.order_by(Instrument.symbol)).all())
    fx = _fx_needs(session, [user_id] if user_id is not None else None, today) if include_fx else []
    return RefreshPlan(ids, fx)


# -- fetching -------------------------------------------------------------------------------------


def _start_date(needed_from: date, fetched_from: date | None, last_stored: date | None) -> date:
    if fetched_from is None or last_stored is None or needed_from < fetched_from:
        return needed_from
    return max(needed_from, last_stored - timedelta(days=OVERLAP_DAYS))


def _recently_fetched(
    market: MarketContext, status: InstrumentMarketStatus | FxMarketStatus
) -> bool:
    if status.state not in (FetchState.OK, FetchState.NO_DATA) or status.last_attempt_at is None:
        return False
    age = (market.now() - status.last_attempt_at).total_seconds()
    return age < market.min_refresh_interval


def _fail(status: InstrumentMarketStatus | FxMarketStatus, error: PMSError) -> FetchState:
    state = state_of(error)
    status.state = state
    status.message = error.detail
    return state


def refresh_instrument(
    session: Session, market: MarketContext, instrument: Instrument, *, force: bool = False
) -> ItemResult:
    """Fetch what is missing of one instrument's history and store it. Provider failures are
    recorded on its status and returned, never raised (except a rate limit, which the caller
    must see to stop asking)."""
    status = instrument_status(session, instrument.id)
    if not force and status.backfill_from is None and _recently_fetched(market, status):
        return ItemResult(instrument.symbol, instrument.id, FetchState.OK, skipped=True)
    today = market.today()
    first_trade = first_transaction_dates(session, [instrument.id]).get(instrument.id)
    wanted = [d for d in (first_trade, status.backfill_from) if d is not None]
    needed_from = min(wanted) if wanted else today - timedelta(days=DEFAULT_HISTORY_DAYS)
    last = last_price_dates(session, [instrument.id]).get(instrument.id)
    start = _start_date(needed_from, status.fetched_from, last)
    status.last_attempt_at = market.now()
    try:
        history = market.backoff().call(lambda: market.provider.history(instrument.symbol, start))
    except (ProviderUnavailable, ProviderError) as exc:
        state = _fail(status, exc)
        session.flush()
        if isinstance(exc, RateLimited):
            raise
        return ItemResult(instrument.symbol, instrument.id, state, exc.detail)
    if history.currency != instrument.currency:
        status.state = FetchState.CURRENCY_MISMATCH
        status.message = (
            f"the provider quotes {instrument.symbol} in {history.currency}, "
            f"the instrument is in {instrument.currency}; nothing was stored"
        )
        session.flush()
        return ItemResult(
            instrument.symbol, instrument.id, FetchState.CURRENCY_MISMATCH, status.message
        )
    stored = store_prices(session, instrument.id, history.bars, DataSource.YAHOO)
    store_splits(session, instrument.id, history.splits, DataSource.YAHOO)
    store_dividends(session, instrument.id, history.dividends, instrument.currency)
    notes = list(history.notes)
    if not history.bars and last is None:
        notes.append(f"the provider has no prices since {start.isoformat()}")
    status.state = FetchState.OK if history.bars or last is not None else FetchState.NO_DATA
    status.message = "; ".join(notes) or None
    status.fetched_from = min(start, status.fetched_from or start)
    if status.backfill_from is not None and status.backfill_from >= start:
        status.backfill_from = None
    status.last_success_at = market.now()
    session.flush()
    return ItemResult(instrument.symbol, instrument.id, status.state, status.message, stored)


def refresh_fx(
    session: Session, market: MarketContext, need: FxNeed, *, force: bool = False
) -> ItemResult:
    status = _fx_status(session, need.base, need.quote)
    if not force and _recently_fetched(market, status):
        return ItemResult(need.label, None, FetchState.OK, skipped=True)
    last = last_rate_date(session, need.base, need.quote)
    start = _start_date(need.start, status.fetched_from, last)
    status.last_attempt_at = market.now()
    try:
        points = market.backoff().call(
            lambda: market.provider.fx_history(need.base, need.quote, start)
        )
    except (ProviderUnavailable, ProviderError) as exc:
        state = _fail(status, exc)
        session.flush()
        if isinstance(exc, RateLimited):
            raise
        return ItemResult(need.label, None, state, exc.detail)
    stored = store_rates(session, need.base, need.quote, points, DataSource.YAHOO)
    status.state = FetchState.OK if points or last is not None else FetchState.NO_DATA
    status.message = None if points else f"the provider has no rates since {start.isoformat()}"
    status.fetched_from = min(start, status.fetched_from or start)
    status.last_success_at = market.now()
    session.flush()
    return ItemResult(need.label, None, status.state, status.message, stored)


Progress = Callable[[ItemResult, int, int], None]


def refresh(
    market: MarketContext,
    plan: RefreshPlan,
    *,
    force: bool = False,
    on_item: Progress | None = None,
) -> RefreshReport:
    """Refresh everything in `plan`, one item per transaction, and report each one.

    Items another process is refreshing right now (its cache lock is taken) are skipped. After
    the provider has been unreachable a few times in a row, or after a rate limit outlasted the
    back-off, the remaining items are not tried: they are reported with that reason."""
    report = RefreshReport()
    total = plan.total
    unreachable_in_a_row = 0
    gave_up: tuple[FetchState, str] | None = None
    items: list[tuple[str, int | FxNeed]] = [("instrument", i) for i in plan.instrument_ids]
    items += [("fx", need) for need in plan.fx]
    for kind, item in items:
        result = _refresh_item(market, kind, item, force=force, gave_up=gave_up)
        if result.state == FetchState.UNREACHABLE and not result.skipped:
            unreachable_in_a_row += 1
            market.breaker.trip("the provider could not be reached")
        elif not result.skipped:
            unreachable_in_a_row = 0
        if gave_up is None and unreachable_in_a_row >= GIVE_UP_AFTER_UNREACHABLE:
            gave_up = (FetchState.UNREACHABLE, "not tried: the provider could not be reached")
        if gave_up is None and result.state == FetchState.RATE_LIMITED:
            gave_up = (FetchState.RATE_LIMITED, "not tried: the provider is rate-limiting requests")
            market.breaker.trip("the provider is rate-limiting requests", 300)
        if gave_up is None and result.state == FetchState.OFFLINE:
            # The first item's message names its symbol; the others get one of their own.
            gave_up = (FetchState.OFFLINE, "not tried: the market data provider is switched off")
        report.results.append(result)
        if on_item is not None:
            on_item(result, len(report.results), total)
    return report


def _refresh_item(
    market: MarketContext,
    kind: str,
    item: int | FxNeed,
    *,
    force: bool,
    gave_up: tuple[FetchState, str] | None,
) -> ItemResult:
    # What it wrote changed the market data's token in its own transaction (`cache_versions`).
    return _refresh_one(market, kind, item, force=force, gave_up=gave_up)


def _refresh_one(
    market: MarketContext,
    kind: str,
    item: int | FxNeed,
    *,
    force: bool,
    gave_up: tuple[FetchState, str] | None,
) -> ItemResult:
    label = item.label if isinstance(item, FxNeed) else str(item)
    lock_name = f"market:refresh:{kind}:{label}"
    try:
        with market.cache.lock(lock_name, 900) as mine:
            if not mine:
                return ItemResult(
                    label,
                    item if isinstance(item, int) else None,
                    FetchState.OK,
                    "refreshed elsewhere",
                    skipped=True,
                )
            with session_scope(market.sessions()) as session:
                if isinstance(item, FxNeed):
                    if gave_up is not None:
                        status = _fx_status(session, item.base, item.quote)
                        status.state, status.message = gave_up
                        return ItemResult(item.label, None, gave_up[0], gave_up[1])
                    try:
                        return refresh_fx(session, market, item, force=force)
                    except RateLimited as exc:
                        return ItemResult(item.label, None, FetchState.RATE_LIMITED, exc.detail)
                instrument = session.get(Instrument, item)
                if instrument is None:
                    return ItemResult(label, item, FetchState.OK, "deleted meanwhile", skipped=True)
                if gave_up is not None:
                    record_fetch_state(session, instrument.id, *gave_up)
                    return ItemResult(instrument.symbol, instrument.id, gave_up[0], gave_up[1])
                try:
                    return refresh_instrument(session, market, instrument, force=force)
                except RateLimited as exc:
                    return ItemResult(
                        instrument.symbol, instrument.id, FetchState.RATE_LIMITED, exc.detail
                    )
    except Exception:
        # A bug or a database hiccup on one item must not stop the others or leave a job running.
        log.exception("market_refresh_item_failed", item=label)
        return ItemResult(
            label,
            item if isinstance(item, int) else None,
            FetchState.PROVIDER_ERROR,
            "internal error; see the server log",
        )
