"""What qualifies a report's figures (docs/analytics.md, "Report warnings").

A report never fails because a price or an exchange rate is missing. What could not be valued
exactly is valued as well as the data allows and named here, once per cause:

- `rate_missing`: no rate connects a currency to the reporting one on any day. Everything that
  needs the conversion — the transactions settling in that currency and every transaction of an
  instrument quoted in it — is left out of the figures (`left_out_transactions`); the warning says
  what the left-out part is worth in its own currency at `as_of`, so the size of the gap is known.
- `rate_carried_forward` / `rate_carried_back`: a rate more than `CARRY_BUSINESS_DAYS` business days
  older than the figure it converts (a position's close, the report day for cash, a transaction's
  day), or a currency's first rate standing in for a day before it.
- `valued_at_trade_price`: a position with no close on or before the day, valued at its last trade
  price; `price_missing`: one with neither, valued at zero.

The service adds `price_stale` (a close older than expected, from the market-data status).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from pms.analytics.fx import (
    CARRY_BUSINESS_DAYS,
    Approximation,
    ExchangeRates,
    MissingExchangeRate,
    business_gap,
)
from pms.analytics.records import PortfolioData, ReferenceRates, TransactionRecord


@dataclass(frozen=True)
class Caveat:
    """One thing that qualifies a report: a code, a sentence, and where it applies."""

    code: str
    message: str
    instrument_id: int | None = None
    account_id: int | None = None
    pair: str | None = None
    since: date | None = None
    days: int | None = None
    amount: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True, eq=False)
class LeftOut:
    """The part of a ledger in a currency no rate connects to the reporting one."""

    currency: str
    transactions: tuple[TransactionRecord, ...]
    instrument_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def first(self) -> date:
        return min(tx.date for tx in self.transactions)


def settlement_currency(tx: TransactionRecord, account_currency: str) -> str:
    """The currency a transaction's money converts from (ARCHITECTURE §5, see `Ledger.settlement`)."""
    if tx.fx_rate is not None and tx.currency != account_currency:
        return account_currency
    return tx.currency


def split_unconvertible(
    data: PortfolioData, rates: ExchangeRates, currency: str
) -> tuple[PortfolioData, dict[str, LeftOut]]:
    """`data` without what cannot be converted into `currency`, and what was taken out, per
    currency. An instrument goes whole (all its transactions), so positions stay consistent."""
    known: dict[tuple[str, str], bool] = {}

    def ok(source: str, target: str) -> bool:
        if source == target:
            return True
        key = (source, target)
        found = known.get(key)
        if found is None:
            found = known[key] = rates.convertible(source, target)
        return found

    accounts = {account.id: account.currency for account in data.accounts}
    instruments = {instrument.id: instrument.currency for instrument in data.instruments}
    bad_instrument: dict[int, str] = {}
    bad_transaction: dict[int, str] = {}
    for tx in data.transactions:
        settled = settlement_currency(tx, accounts[tx.account_id])
        cause = None if ok(settled, currency) else settled
        if tx.instrument_id is not None:
            local = instruments[tx.instrument_id]
            if cause is None and not ok(local, currency):
                cause = local
            if cause is None and not ok(settled, local):
                cause = settled if settled != currency else local
            if cause is not None:
                bad_instrument.setdefault(tx.instrument_id, cause)
        elif cause is not None:
            bad_transaction[tx.id] = cause
    if not bad_instrument and not bad_transaction:
        return data, {}
    kept: list[TransactionRecord] = []
    taken: dict[str, list[TransactionRecord]] = {}
    for tx in data.transactions:
        cause = bad_transaction.get(tx.id)
        if cause is None and tx.instrument_id is not None:
            cause = bad_instrument.get(tx.instrument_id)
        if cause is None:
            kept.append(tx)
        else:
            taken.setdefault(cause, []).append(tx)
    left_out = {
        code: LeftOut(
            code,
            tuple(rows),
            frozenset(i for i, cause in bad_instrument.items() if cause == code),
        )
        for code, rows in sorted(taken.items())
    }
    return replace(data, transactions=tuple(kept)), left_out


def _money(amount: Decimal, code: str) -> str:
    return f"{code} {amount.quantize(Decimal('0.01')):,}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def missing_rate_caveats(
    left_out: Mapping[str, LeftOut],
    currency: str,
    as_of: date,
    worth: Mapping[str, Decimal | None],
    selected: Iterable[int] | None,
    reference: ReferenceRates | None = None,
) -> list[Caveat]:
    """One `rate_missing` per currency left out of a selection's figures."""
    chosen = None if selected is None else frozenset(selected)
    result = []
    for code, part in left_out.items():
        rows = [
            tx
            for tx in part.transactions
            if tx.date <= as_of and (chosen is None or tx.account_id in chosen)
        ]
        if not rows:
            continue
        value = worth.get(code)
        size = (
            f"; what they hold is worth {_money(value, code)} at the close of {as_of.isoformat()}"
            if value is not None
            else ""
        )
        unpublished = [
            c for c in (code, currency) if reference is None or not reference.publishes(c)
        ]
        lacking = " nor ".join(unpublished) or f"{code}/{currency}"
        result.append(
            Caveat(
                "rate_missing",
                f"No exchange rate connects {code} to {currency} (none is stored and the ECB "
                f"reference rates bundled with PMS have no {lacking}): "
                f"{_plural(len(rows), 'transaction')} in {code} "
                f"{'is' if len(rows) == 1 else 'are'} left out of these figures{size}. Enter "
                f"your own {code}/{currency} rates under Settings → Exchange rates, or report in "
                f"{code}",
                pair=f"{code}/{currency}",
                since=min(tx.date for tx in rows),
                amount=value,
                currency=code,
            )
        )
    return result


def rate_gap_caveat(
    code: str, target: str, figure_day: date, rate_day: date, what: str
) -> Caveat | None:
    """A `rate_carried_forward` (or `_back`) when the rate converting `what`, a figure of
    `figure_day`, is more than `CARRY_BUSINESS_DAYS` business days from it."""
    gap = business_gap(rate_day, figure_day)
    pair = f"{code}/{target}"
    if rate_day > figure_day:
        return Caveat(
            "rate_carried_back",
            f"No {pair} rate on or before {figure_day.isoformat()}: {what} is converted at the "
            f"first rate, of {rate_day.isoformat()}",
            pair=pair,
            since=figure_day,
            days=gap,
        )
    if gap <= CARRY_BUSINESS_DAYS:
        return None
    return Caveat(
        "rate_carried_forward",
        f"The {pair} rate used for {what} is of {rate_day.isoformat()}, {gap} business days "
        f"before {figure_day.isoformat()}: refresh exchange rates, or an administrator can store "
        "newer ones",
        pair=pair,
        since=rate_day,
        days=gap,
    )


def conversion_caveats(
    approximated: Mapping[tuple[str, str], Approximation], target: str
) -> list[Caveat]:
    """Conversions at transaction days whose rate was far from the day (`approximated`, as
    `ExchangeRates.approximated` records them)."""
    result = []
    for (source, quote), gap in sorted(approximated.items()):
        if quote != target:
            continue
        pair = f"{source}/{quote}"
        span = (
            f"on {gap.first.isoformat()}"
            if gap.first == gap.last
            else f"from {gap.first.isoformat()} to {gap.last.isoformat()}"
        )
        result.append(
            Caveat(
                "rate_carried_back" if gap.later else "rate_carried_forward",
                f"{_plural(gap.count, 'conversion')} {span} used the nearest {pair} rate, up to "
                f"{gap.widest} business days from the day converted (no rate is known closer)",
                pair=pair,
                since=gap.first,
                days=gap.count,
            )
        )
    return result


def worth_in_own_currency(
    data: PortfolioData, part: LeftOut, as_of: date, accounts: Collection[int] | None
) -> Decimal | None:
    """What the left-out part holds at `as_of`, in its own currency (`None` when that cannot be
    worked out either: it mixes in yet another currency without a rate)."""
    from pms.analytics.ledger_state import LedgerError
    from pms.analytics.portfolio import Portfolio

    alone = replace(data, transactions=part.transactions)
    try:
        portfolio = Portfolio(alone, currency=part.currency, as_of=as_of, accounts=accounts)
        if portfolio.left_out:
            return None
        return portfolio.market_value
    except (MissingExchangeRate, LedgerError, ArithmeticError):
        return None
