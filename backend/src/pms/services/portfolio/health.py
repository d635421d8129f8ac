"""The data-health report: what makes a user's figures doubtful, each finding with a stable code,
a severity, the rows it is about and where to fix it (docs/analytics.md, "Data health").

One load of the portfolio (`loading.load_portfolio`, read only), one query for when and how each
transaction was entered, and the market-data status of the held instruments: every check works on
those in memory. Quantities and tracked cash are replayed here per account (not through the
analytics `Ledger`, whose replay converts into the reporting currency and would fail on exactly the
missing rate this report should name); the rules are those of ARCHITECTURE §5. Exchange rates are
resolved by the analytics layer's own `ExchangeRates.resolve`, which also tells how old each rate
it used is and where it came from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from operator import attrgetter
from typing import Any
from urllib.parse import urlencode

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.analytics import MissingExchangeRate, PortfolioData, SplitRecord, TransactionRecord
from pms.analytics.fx import ExchangeRates
from pms.db.models import Transaction
from pms.decimal_text import format_decimal
from pms.enums import TransactionType
from pms.errors import not_found
from pms.ledger_limits import LEDGER_CONTEXT, units_taken
from pms.market.states import StaleReason
from pms.services import market_data
from pms.services.portfolio import loading
from pms.services.portfolio.reports import Scope

T = TransactionType
ZERO = Decimal(0)

#: A rate older than this many business days (Monday to Friday) on a day it is used is "carried
#: forward": longer than any weekend or holiday gap of a published series.
CARRY_BUSINESS_DAYS = 5
#: Close-to-close ratios (previous close ÷ close) that look like a split: k-for-1 splits divide
#: the price by k, 1-for-k reverse splits multiply it by k.
SPLIT_RATIOS: tuple[Fraction, ...] = tuple(
    [Fraction(k) for k in (2, 3, 4, 5, 10, 20)] + [Fraction(1, k) for k in (2, 3, 4, 5, 10, 20)]
)
#: How close the ratio of two closes must come to a split ratio (relative).
SPLIT_TOLERANCE = 0.03
#: A split stored this many days either side of a jump (or between its two closes) explains it.
SPLIT_WINDOW_DAYS = 5
#: A dividend is paid weeks after the ex-date, when the units may be sold already: it is doubtful
#: only when nothing was held in the account at any time in this many days up to its payment.
DIVIDEND_LOOKBACK_DAYS = 60
#: Transactions of the same content entered at least this far apart are not one import's rows.
DUPLICATE_APART = timedelta(seconds=60)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Code(StrEnum):
    NEGATIVE_CASH = "negative_cash"
    VALUED_AT_TRADE_PRICE = "valued_at_trade_price"
    PRICE_STALE = "price_stale"
    RATE_MISSING = "rate_missing"
    RATE_CARRIED_FORWARD = "rate_carried_forward"
    SUSPECTED_SPLIT = "suspected_split"
    UNMATCHED_TRANSFER = "unmatched_transfer"
    DIVIDEND_NOT_HELD = "dividend_not_held"
    POSSIBLE_DUPLICATE = "possible_duplicate"


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_CODE_ORDER = {code: n for n, code in enumerate(Code)}


@dataclass(frozen=True)
class Fix:
    """What to do, and the page of the web app to do it on (a path with its query)."""

    text: str
    path: str


@dataclass(frozen=True)
class SuggestedSplit:
    date: date
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Finding:
    code: Code
    severity: Severity
    message: str
    fix: Fix
    account_id: int | None = None
    instrument_id: int | None = None
    transaction_ids: tuple[int, ...] = ()
    since: date | None = None
    currency: str | None = None
    day: date | None = None
    amount: Decimal | None = None
    split: SuggestedSplit | None = None

    def sort_key(self) -> tuple[Any, ...]:
        return (
            _SEVERITY_ORDER[self.severity],
            _CODE_ORDER[self.code],
            self.since or date.min,
            self.account_id or 0,
            self.instrument_id or 0,
            self.currency or "",
            self.transaction_ids,
        )


@dataclass(frozen=True)
class HealthReport:
    as_of: date
    currency: str
    findings: list[Finding]

    def counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts


# -- paths of the web app -------------------------------------------------------------------------


def _transactions_path(**query: object) -> str:
    """The transactions page filtered as its address says (see the SPA's `transactions/search`)."""
    names = {"account": "account", "instrument": "instrument", "type": "type"}
    names |= {"start": "from", "end": "to"}
    pairs = [(names[k], str(v)) for k, v in query.items() if v is not None]
    return "/transactions" + (f"?{urlencode(pairs)}" if pairs else "")


def _instrument_path(instrument_id: int) -> str:
    return f"/holdings/{instrument_id}"


#: The dashboard, where "Refresh prices" fetches closes and exchange rates.
EXCHANGE_RATES = "/settings/exchange-rates"


# -- the replay -----------------------------------------------------------------------------------


@dataclass
class _Replay:
    """Per (account, instrument): (day, units at its end); per (account, currency) of a tracked
    account: (day, balance after, transaction) in order."""

    units: dict[tuple[int, int], list[tuple[date, Decimal]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    cash: dict[tuple[int, str], list[tuple[date, Decimal, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def units_on(self, account_id: int, instrument_id: int, day: date) -> Decimal:
        """Units held at the close of `day`."""
        held = ZERO
        for when, units in self.units.get((account_id, instrument_id), ()):
            if when > day:
                break
            held = units
        return held


def _settlement(tx: TransactionRecord, account_currency: str) -> tuple[str, Decimal]:
    if tx.fx_rate is not None and tx.currency != account_currency:
        return account_currency, tx.fx_rate
    return tx.currency, Decimal(1)


def _cash_delta(tx: TransactionRecord) -> Decimal:
    """The change of a tracked account's cash in the transaction's own currency (§5)."""
    charges = tx.fee + tx.tax
    quantity, price, amount = tx.quantity or ZERO, tx.price or ZERO, tx.amount or ZERO
    kind = tx.type
    if kind is T.BUY:
        return -(quantity * price + charges)
    if kind is T.SELL:
        return quantity * price - charges
    if kind in (T.DIVIDEND, T.INTEREST):
        return amount - charges
    if kind is T.DEPOSIT:
        return amount - charges
    if kind in (T.WITHDRAWAL, T.FEE, T.TAX):
        return -amount - charges
    return -charges  # transfers move units; their fee and tax are paid in cash


def _replay(data: PortfolioData, as_of: date) -> _Replay:
    """Units per account and instrument (splits applied at the start of their day) and the cash of
    tracked accounts, transaction by transaction in (date, id) order."""
    result = _Replay()
    currency = {a.id: a.currency for a in data.accounts}
    tracked = {a.id for a in data.accounts if a.track_cash}
    held: dict[tuple[int, int], Decimal] = {}
    holders: dict[int, set[int]] = defaultdict(set)
    balances: dict[tuple[int, str], Decimal] = {}
    splits = sorted((s for s in data.splits if s.date <= as_of), key=attrgetter("date"))
    transactions = sorted(
        (tx for tx in data.transactions if tx.date <= as_of), key=attrgetter("date", "id")
    )
    next_split = 0

    def record(key: tuple[int, int], day: date, units: Decimal) -> None:
        held[key] = units
        events = result.units[key]
        if events and events[-1][0] == day:
            events[-1] = (day, units)
        else:
            events.append((day, units))

    def split(record_split: SplitRecord) -> None:
        for account_id in sorted(holders.get(record_split.instrument_id, ())):
            key = (account_id, record_split.instrument_id)
            if held.get(key):
                ratio = Decimal(record_split.numerator) / Decimal(record_split.denominator)
                record(key, record_split.date, held[key] * ratio)

    with localcontext(LEDGER_CONTEXT):
        for tx in transactions:
            while next_split < len(splits) and splits[next_split].date <= tx.date:
                split(splits[next_split])
                next_split += 1
            if tx.instrument_id is not None and tx.quantity is not None:
                key = (tx.account_id, tx.instrument_id)
                before = held.get(key, ZERO)
                if tx.type in (T.BUY, T.TRANSFER_IN):
                    record(key, tx.date, before + tx.quantity)
                    holders[tx.instrument_id].add(tx.account_id)
                elif tx.type in (T.SELL, T.TRANSFER_OUT):
                    taken = units_taken(tx.quantity, before)
                    record(key, tx.date, before - (tx.quantity if taken is None else taken))
            if tx.account_id in tracked:
                code, factor = _settlement(tx, currency[tx.account_id])
                delta = _cash_delta(tx) * factor
                if delta:
                    cash_key = (tx.account_id, code)
                    balance = balances.get(cash_key, ZERO) + delta
                    balances[cash_key] = balance
                    result.cash[cash_key].append((tx.date, balance, tx.id))
        for rest in splits[next_split:]:
            split(rest)
    return result


# -- the report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """When and how a transaction was entered."""

    created_at: datetime
    external_id: str | None


def report(session: Session, scope: Scope, as_of: date) -> HealthReport:
    """Every finding about the scope's accounts at the close of `as_of`."""
    loaded = loading.load_portfolio(session, scope.user_id, end=as_of, currency=scope.currency)
    if scope.accounts is not None:
        for account_id in scope.accounts:
            if account_id not in loaded.account_names:
                raise not_found("account", account_id)
    selected = (
        frozenset(loaded.account_names) if scope.accounts is None else frozenset(scope.accounts)
    )
    data = loaded.data
    replay = _replay(data, as_of)
    checks = _Checks(
        data, replay, selected, as_of, scope.currency, loaded.account_names, scope.user_id
    )
    findings = [
        *checks.negative_cash(),
        *checks.prices(session),
        *checks.rates(),
        *checks.suspected_splits(),
        *checks.unmatched_transfers(),
        *checks.dividends_not_held(),
        *checks.duplicates(_entries(session, scope.user_id, as_of)),
    ]
    findings.sort(key=Finding.sort_key)
    return HealthReport(as_of, scope.currency, findings)


def _entries(session: Session, user_id: int, as_of: date) -> dict[int, _Entry]:
    rows = session.execute(
        select(Transaction.id, Transaction.created_at, Transaction.external_id).where(
            Transaction.user_id == user_id, Transaction.date <= as_of
        )
    ).all()
    return {row.id: _Entry(row.created_at, row.external_id) for row in rows}


DayArray = npt.NDArray[np.datetime64]


class _Checks:
    def __init__(
        self,
        data: PortfolioData,
        replay: _Replay,
        selected: frozenset[int],
        as_of: date,
        currency: str,
        account_names: Mapping[int, str],
        user_id: int,
    ) -> None:
        self.user_id = user_id
        self.data = data
        self.replay = replay
        self.selected = selected
        self.as_of = as_of
        self.currency = currency
        self.names = account_names
        self.transactions = [
            tx for tx in data.transactions if tx.date <= as_of and tx.account_id in selected
        ]

    def _account(self, account_id: int) -> str:
        return f"'{self.names.get(account_id, account_id)}'"

    def _symbol(self, instrument_id: int) -> str:
        return self.data.instrument(instrument_id).symbol or f"#{instrument_id}"

    def _held_at_end(self) -> dict[int, Decimal]:
        """Units of each instrument held in the selected accounts at the close of as_of."""
        held: dict[int, Decimal] = defaultdict(Decimal)
        for (account_id, instrument_id), events in self.replay.units.items():
            if account_id in self.selected and events and events[-1][1] != 0:
                held[instrument_id] += events[-1][1]
        return {k: v for k, v in held.items() if v != 0}

    # -- negative cash ----------------------------------------------------------------------------

    def negative_cash(self) -> Iterable[Finding]:
        for (account_id, code), events in sorted(self.replay.cash.items()):
            if account_id not in self.selected:
                continue
            # The balance at the end of each day.
            closing: dict[date, Decimal] = {}
            for day, balance, _ in events:
                closing[day] = balance
            below = [(day, balance) for day, balance in closing.items() if balance < 0]
            if not below:
                continue
            first = below[0][0]
            lowest_day, lowest = min(below, key=lambda item: (item[1], item[0]))
            ids = tuple(tx_id for day, _, tx_id in events if day == first)
            now = events[-1][1]
            state = "still below zero" if now < 0 else "back to"
            still = f"; {state} {_money(now)} {code} at the close of {self.as_of.isoformat()}"
            yield Finding(
                Code.NEGATIVE_CASH,
                Severity.WARNING,
                f"The {code} cash of {self._account(account_id)} goes below zero on "
                f"{first.isoformat()}; its lowest is {_money(lowest)} {code} on "
                f"{lowest_day.isoformat()}{still}",
                Fix(
                    "Record the deposit (or sale) that paid for it, or correct the transactions "
                    f"of {first.isoformat()}",
                    _transactions_path(account=account_id, start=first, end=first),
                ),
                account_id=account_id,
                transaction_ids=ids,
                since=first,
                currency=code,
                day=lowest_day,
                amount=lowest,
            )

    # -- prices -----------------------------------------------------------------------------------

    def prices(self, session: Session) -> Iterable[Finding]:
        held = sorted(self._held_at_end())
        without_close = []
        with_close = []
        for instrument_id in held:
            series = self.data.prices.get(instrument_id)
            if series is None or series.index_on(self.as_of) < 0:
                without_close.append(instrument_id)
            else:
                with_close.append(instrument_id)
        for instrument_id in without_close:
            traded = self._last_trade(instrument_id)
            when = f" of {traded.isoformat()}" if traded else ""
            symbol = self._symbol(instrument_id)
            yield Finding(
                Code.VALUED_AT_TRADE_PRICE,
                Severity.WARNING,
                f"{symbol} has no close on or before {self.as_of.isoformat()}: it is valued at "
                f"its last trade price{when}",
                Fix(
                    f"Refresh prices, or enter closes for {symbol} on its page",
                    _instrument_path(instrument_id),
                ),
                instrument_id=instrument_id,
                since=traded,
            )
        for stale in market_data.stale_instruments(
            session, with_close, self.as_of, user_id=self.user_id
        ):
            manual = stale.reason is StaleReason.MANUAL
            text = (
                f"Enter recent closes for {stale.symbol} on its page"
                if manual
                else "Refresh prices from the dashboard (or check the symbol on its page)"
            )
            yield Finding(
                Code.PRICE_STALE,
                Severity.WARNING,
                f"The price of {stale.symbol} is stale: {stale.message}",
                Fix(text, _instrument_path(stale.instrument_id)),
                instrument_id=stale.instrument_id,
                since=stale.last_date,
            )

    def _last_trade(self, instrument_id: int) -> date | None:
        days = [
            tx.date
            for tx in self.data.transactions
            if tx.instrument_id == instrument_id
            and tx.price
            and tx.type in (T.BUY, T.SELL, T.TRANSFER_IN, T.TRANSFER_OUT)
            and tx.date <= self.as_of
        ]
        return max(days, default=None)

    # -- exchange rates ---------------------------------------------------------------------------

    def _needed_days(self) -> dict[str, DayArray]:
        """Per currency other than the reporting one, the days the portfolio converts from it:
        days a selected position in an instrument of that currency or tracked cash in it is
        not zero at the close, and days of transactions that settle in it."""
        starts: dict[str, list[int]] = defaultdict(list)
        ends: dict[str, list[int]] = defaultdict(list)
        singles: dict[str, list[int]] = defaultdict(list)
        end_ordinal = self.as_of.toordinal() + 1
        levels: list[tuple[str, list[tuple[int, bool]]]] = []
        for (account_id, instrument_id), events in self.replay.units.items():
            if account_id in self.selected:
                code = self.data.instrument(instrument_id).currency
                levels.append((code, [(d.toordinal(), u != 0) for d, u in events]))
        for (account_id, code), cash in self.replay.cash.items():
            if account_id in self.selected:
                by_day: dict[int, bool] = {}
                for day, balance, _ in cash:
                    by_day[day.toordinal()] = balance != 0
                levels.append((code, sorted(by_day.items())))
        for code, steps in levels:
            if code == self.currency:
                continue
            for n, (ordinal, nonzero) in enumerate(steps):
                if nonzero:
                    until = steps[n + 1][0] if n + 1 < len(steps) else end_ordinal
                    starts[code].append(ordinal)
                    ends[code].append(until)
        accounts = {a.id: a.currency for a in self.data.accounts}
        for tx in self.transactions:
            code, _ = _settlement(tx, accounts[tx.account_id])
            if code != self.currency:
                singles[code].append(tx.date.toordinal())
        result: dict[str, DayArray] = {}
        for code in sorted(set(starts) | set(singles)):
            first = min(starts[code] + singles[code])
            size = end_ordinal - first
            diff = np.zeros(size + 1, dtype=np.int64)
            np.add.at(diff, np.asarray(starts[code], dtype=np.int64) - first, 1)
            np.add.at(diff, np.asarray(ends[code], dtype=np.int64) - first, -1)
            mask = np.cumsum(diff[:size]) > 0
            mask[np.asarray(singles[code], dtype=np.int64) - first] = True
            offsets = np.flatnonzero(mask)
            origin = np.datetime64(date.fromordinal(first), "D")
            result[code] = origin + offsets.astype("timedelta64[D]")
        return result

    def rates(self) -> Iterable[Finding]:
        rates = ExchangeRates(self.data.fx, self.data.reference_fx)
        for code, days in self._needed_days().items():
            if days.size:
                yield from self._rate_findings(rates, code, days)

    def _rate_findings(self, rates: ExchangeRates, code: str, days: DayArray) -> Iterable[Finding]:
        target = self.currency
        pair = f"{code}/{target}"
        fix_text = (
            f"Enter your own {pair} rates under Settings → Exchange rates (they count in your "
            "reports only), or refresh prices and exchange rates from the dashboard"
        )
        try:
            use = rates.resolve(code, target, days)
        except MissingExchangeRate as exc:
            first = exc.day or days[0].astype(date)
            yield Finding(
                Code.RATE_MISSING,
                Severity.ERROR,
                f"No exchange rate {pair} on any day (the portfolio holds {code} from "
                f"{first.isoformat()}): reports in {target} leave what is held in {code} out of "
                "their figures until rates are stored",
                Fix(fix_text, EXCHANGE_RATES),
                since=first,
                currency=code,
            )
            return
        rate_days = use.dated.astype("datetime64[D]")
        # A stored series' first rate standing in before the series began is dated after the day.
        before = rate_days > days
        if bool(before.any()):
            at = int(np.argmax(before))
            first = days[at].astype(date)
            count = int(before.sum())
            stand_in = rate_days[at].astype(date)
            yield Finding(
                Code.RATE_MISSING,
                Severity.WARNING,
                f"No exchange rate {pair} before {stand_in.isoformat()}: its first rate stands "
                f"in on {count} held day{'s' if count != 1 else ''} from {first.isoformat()}",
                Fix(fix_text, EXCHANGE_RATES),
                since=first,
                currency=code,
                day=stand_in,
            )
        carried_days = days[~before]
        carried_dated = rate_days[~before]
        carried_source = use.from_reference[~before]
        if not carried_days.size:
            return
        ages = np.busday_count(carried_dated, carried_days)
        late = ages > CARRY_BUSINESS_DAYS
        if not bool(late.any()):
            return
        first_at = int(np.argmax(late))
        worst = int(np.argmax(ages))
        count = int(late.sum())
        worst_day = carried_days[worst].astype(date)
        worst_rate = carried_dated[worst].astype(date)
        origin = "bundled ECB" if carried_source[worst] else "stored"
        yield Finding(
            Code.RATE_CARRIED_FORWARD,
            Severity.WARNING,
            f"The {pair} rate is carried forward more than {CARRY_BUSINESS_DAYS} business days "
            f"on {count} held day{'s' if count != 1 else ''} from "
            f"{carried_days[first_at].astype(date).isoformat()}; at most {int(ages[worst])} "
            f"business days on {worst_day.isoformat()} (the {origin} rate of "
            f"{worst_rate.isoformat()})",
            Fix(fix_text, EXCHANGE_RATES),
            since=carried_days[first_at].astype(date),
            currency=code,
            day=worst_day,
        )

    # -- splits -----------------------------------------------------------------------------------

    def suspected_splits(self) -> Iterable[Finding]:
        traded = sorted({iid for (account, iid) in self.replay.units if account in self.selected})
        ratios = np.array([float(r) for r in SPLIT_RATIOS])
        by_instrument: dict[int, list[date]] = defaultdict(list)
        for split in self.data.splits:
            by_instrument[split.instrument_id].append(split.date)
        for instrument_id in traded:
            series = self.data.prices.get(instrument_id)
            if series is None or len(series) < 2:
                continue
            values = series.values
            with np.errstate(divide="ignore", invalid="ignore"):
                jump = values[:-1] / values[1:]
                match = np.abs(jump[:, None] / ratios[None, :] - 1) <= SPLIT_TOLERANCE
            rows, columns = np.nonzero(match)
            for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
                previous = series.day_at(row)
                day = series.day_at(row + 1)
                low = previous - timedelta(days=SPLIT_WINDOW_DAYS)
                high = day + timedelta(days=SPLIT_WINDOW_DAYS)
                if any(low <= d <= high for d in by_instrument.get(instrument_id, ())):
                    continue
                yield self._split_finding(
                    instrument_id, previous, day, SPLIT_RATIOS[column], float(jump[row])
                )

    def _split_finding(
        self, instrument_id: int, previous: date, day: date, ratio: Fraction, jump: float
    ) -> Finding:
        symbol = self._symbol(instrument_id)
        held = {
            account: self.replay.units_on(account, instrument_id, previous)
            for account in sorted(self.selected)
        }
        holders = tuple(a for a, units in held.items() if units != 0)
        severity = Severity.ERROR if holders else Severity.WARNING
        kind = (
            f"{ratio.numerator}-for-{ratio.denominator} split"
            if ratio > 1
            else f"{ratio.numerator}-for-{ratio.denominator} reverse split"
        )
        closes = (
            f"the close moves from {previous.isoformat()} to {day.isoformat()} by a factor of "
            f"{1 / jump:.4g}"
        )
        consequence = (
            ": units held across it are valued wrongly from then on"
            if holders
            else " (no units were held across it)"
        )
        return Finding(
            Code.SUSPECTED_SPLIT,
            severity,
            f"{symbol} looks like it had a {kind} on {day.isoformat()} — {closes} — but no "
            f"split is stored near that day{consequence}",
            Fix(
                f"Add the {kind} of {day.isoformat()} on the page of {symbol} (Splits), or "
                "correct the closes",
                _instrument_path(instrument_id),
            ),
            account_id=holders[0] if len(holders) == 1 else None,
            instrument_id=instrument_id,
            since=day,
            day=day,
            split=SuggestedSplit(day, ratio.numerator, ratio.denominator),
        )

    # -- transfers --------------------------------------------------------------------------------

    def unmatched_transfers(self) -> Iterable[Finding]:
        groups: dict[str, list[TransactionRecord]] = defaultdict(list)
        for tx in self.data.transactions:
            if tx.transfer_id is not None and tx.type in (T.TRANSFER_IN, T.TRANSFER_OUT):
                groups[tx.transfer_id].append(tx)
        for transfer_id, legs in sorted(groups.items()):
            legs.sort(key=attrgetter("id"))
            if not any(leg.account_id in self.selected for leg in legs):
                continue
            problem = _transfer_problem(legs)
            if problem is None:
                continue
            first = legs[0]
            yield Finding(
                Code.UNMATCHED_TRANSFER,
                Severity.WARNING,
                f"Transfer '{transfer_id}' ({_symbol_of(self.data, first)}): {problem}. An "
                "unmatched leg is valued as a delivery from or to outside the portfolio, without "
                "the cost of the lots moved",
                Fix(
                    "Enter the other leg with the same transfer id, instrument, quantity and day "
                    "in the other account, or correct this one",
                    _transactions_path(
                        account=first.account_id,
                        instrument=first.instrument_id,
                        start=first.date,
                        end=first.date,
                    ),
                ),
                account_id=first.account_id,
                instrument_id=first.instrument_id,
                transaction_ids=tuple(leg.id for leg in legs),
                since=first.date,
            )

    # -- dividends --------------------------------------------------------------------------------

    def dividends_not_held(self) -> Iterable[Finding]:
        window = timedelta(days=DIVIDEND_LOOKBACK_DAYS)
        for tx in self.transactions:
            if tx.type is not T.DIVIDEND or tx.instrument_id is None:
                continue
            events = self.replay.units.get((tx.account_id, tx.instrument_id), [])
            start = tx.date - window
            before = ZERO
            touched = False
            for day, units in events:
                if day < start:
                    before = units
                elif day <= tx.date:
                    touched = True
                    break
                else:
                    break
            if before != 0 or touched:
                continue
            symbol = self._symbol(tx.instrument_id)
            yield Finding(
                Code.DIVIDEND_NOT_HELD,
                Severity.WARNING,
                f"A dividend of {symbol} on {tx.date.isoformat()} in {self._account(tx.account_id)}"
                f", which held no {symbol} at any time in the {DIVIDEND_LOOKBACK_DAYS} days up "
                "to that day",
                Fix(
                    "Check the dividend's account and date, or record the purchase that earned it",
                    _transactions_path(account=tx.account_id, instrument=tx.instrument_id),
                ),
                account_id=tx.account_id,
                instrument_id=tx.instrument_id,
                transaction_ids=(tx.id,),
                since=tx.date,
            )

    # -- duplicates -------------------------------------------------------------------------------

    def duplicates(self, entries: Mapping[int, _Entry]) -> Iterable[Finding]:
        groups: dict[tuple[Any, ...], list[TransactionRecord]] = defaultdict(list)
        for tx in self.transactions:
            key = (
                tx.account_id,
                tx.date,
                tx.type,
                tx.instrument_id,
                _normal(tx.quantity),
                _normal(tx.price),
                _normal(tx.amount),
            )
            groups[key].append(tx)
        for (account_id, day, kind, instrument_id, *_), members in groups.items():
            if len(members) < 2:
                continue
            known = [entries[tx.id] for tx in members if tx.id in entries]
            times = [entry.created_at for entry in known]
            if not times or max(times) - min(times) < DUPLICATE_APART:
                continue
            ids = tuple(sorted(tx.id for tx in members))
            what = f"{kind.value}" + (
                f" of {self._symbol(instrument_id)}" if instrument_id is not None else ""
            )
            yield Finding(
                Code.POSSIBLE_DUPLICATE,
                Severity.WARNING,
                f"{len(members)} identical {what} transactions on {day.isoformat()} in "
                f"{self._account(account_id)}, entered at different times (ids "
                f"{', '.join(str(i) for i in ids)}): counted {len(members)} times",
                Fix(
                    "Delete the copies entered twice (separate trades of the same size and price "
                    "are fine)",
                    _transactions_path(
                        account=account_id,
                        instrument=instrument_id,
                        type=kind.value,
                        start=day,
                        end=day,
                    ),
                ),
                account_id=account_id,
                instrument_id=instrument_id,
                transaction_ids=ids,
                since=day,
            )


def _money(value: Decimal) -> str:
    return format_decimal(value, 2)


def _transfer_problem(legs: Sequence[TransactionRecord]) -> str | None:
    """Why these legs of one transfer id are not one move, or `None` when they are."""
    if len(legs) == 1:
        leg = legs[0]
        missing = "TRANSFER_IN" if leg.type is T.TRANSFER_OUT else "TRANSFER_OUT"
        return f"the {leg.type.value} has no {missing} leg"
    if len(legs) > 2:
        return f"{len(legs)} legs share it; a transfer has two"
    out, into = sorted(legs, key=lambda tx: tx.type is not T.TRANSFER_OUT)
    problems = []
    if out.type is not T.TRANSFER_OUT or into.type is not T.TRANSFER_IN:
        problems.append("both legs are of the same type")
    if out.instrument_id != into.instrument_id:
        problems.append("the legs move different instruments")
    if out.quantity != into.quantity:
        problems.append(f"the legs move different quantities ({out.quantity}, {into.quantity})")
    if out.date != into.date:
        problems.append(
            f"the legs are on different days ({out.date.isoformat()}, {into.date.isoformat()})"
        )
    return "; ".join(problems) or None


def _symbol_of(data: PortfolioData, tx: TransactionRecord) -> str:
    if tx.instrument_id is None:
        return "no instrument"
    return data.instrument(tx.instrument_id).symbol or f"#{tx.instrument_id}"


def _normal(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.normalize()
