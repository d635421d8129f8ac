"""A deterministic large portfolio for benchmarks: by default 20 years of daily closes for 250
instruments in EUR, USD and GBP, EUR/USD and EUR/GBP rates, 10 accounts and 25,000 transactions.

The same seed always gives the same data, so figures are comparable between runs and machines.
`Dataset.portfolio_data()` feeds the analytics layer; `price_rows()`, `fx_rows()` and the records
give the rows to load into a database for endpoint benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

import numpy as np

from pms.analytics import (
    AccountRecord,
    DailySeries,
    FxRateRecord,
    InstrumentRecord,
    PortfolioData,
    PriceRecord,
    SplitRecord,
    TransactionRecord,
)
from pms.analytics.records import as_decimal
from pms.enums import TransactionType as T

CURRENCIES = ("EUR", "USD", "GBP")
ASSET_CLASSES = ("equity", "equity", "equity", "etf", "etf", "bond", "fund", "commodity")
SECTORS = ("Technology", "Financials", "Health Care", "Industrials", "Energy", "Utilities", None)
COUNTRIES = {"EUR": ("DE", "FR", "NL", "IE"), "USD": ("US",), "GBP": ("GB",)}
SPLIT_RATIOS = (Fraction(2), Fraction(3, 2), Fraction(4), Fraction(1, 10), Fraction(5))


@dataclass(frozen=True)
class Dataset:
    """Generated rows: records of the analytics layer plus what a database row also needs."""

    accounts: tuple[AccountRecord, ...]
    account_names: dict[int, str]
    instruments: tuple[InstrumentRecord, ...]
    instrument_names: dict[int, str]
    transactions: tuple[TransactionRecord, ...]
    splits: tuple[SplitRecord, ...]
    prices: dict[int, DailySeries]
    fx: dict[tuple[str, str], DailySeries]
    start: date
    end: date

    def portfolio_data(self) -> PortfolioData:
        return PortfolioData(
            accounts=self.accounts,
            instruments=self.instruments,
            transactions=self.transactions,
            splits=self.splits,
            prices=self.prices,
            fx=self.fx,
        )

    def price_rows(self) -> Iterator[PriceRecord]:
        """Every close as an exact decimal row (closes are generated with 4 decimals)."""
        for instrument_id, series in self.prices.items():
            for day, close in zip(series.days.astype(object), series.values, strict=True):
                yield PriceRecord(instrument_id, day, as_decimal(close))

    def fx_rows(self) -> Iterator[FxRateRecord]:
        for (base, quote), series in self.fx.items():
            for day, rate in zip(series.days.astype(object), series.values, strict=True):
                yield FxRateRecord(base, quote, day, as_decimal(rate))

    @property
    def price_count(self) -> int:
        return sum(len(series) for series in self.prices.values())


def _walk(rng: np.random.Generator, n: int, start: float, drift: float, vol: float) -> np.ndarray:
    """A geometric random walk over `n` business days with annual drift and volatility."""
    steps = rng.normal(drift / 252 - vol**2 / 504, vol / np.sqrt(252), n)
    steps[0] = 0.0
    path: np.ndarray = start * np.exp(np.cumsum(steps))
    return path


def generate(
    *,
    seed: int = 20240101,
    years: int = 20,
    instruments: int = 250,
    accounts: int = 10,
    transactions: int = 25_000,
    end: date = date(2024, 12, 31),
) -> Dataset:
    rng = np.random.default_rng(seed)
    start = date(end.year - years + 1, 1, 1)
    all_days = np.arange(np.datetime64(start), np.datetime64(end + timedelta(days=1)))
    business = all_days[np.is_busday(all_days)]
    n = business.size

    fx = {
        ("EUR", "USD"): DailySeries(business, np.round(_walk(rng, n, 1.25, 0.0, 0.08), 6)),
        ("EUR", "GBP"): DailySeries(business, np.round(_walk(rng, n, 0.80, 0.0, 0.07), 6)),
    }

    instrument_records: list[InstrumentRecord] = []
    names: dict[int, str] = {}
    prices: dict[int, DailySeries] = {}
    splits: list[SplitRecord] = []
    for k in range(instruments):
        instrument_id = k + 1
        currency = CURRENCIES[0] if k % 5 < 2 else CURRENCIES[1] if k % 5 < 4 else CURRENCIES[2]
        instrument_records.append(
            InstrumentRecord(
                instrument_id,
                currency,
                ASSET_CLASSES[int(rng.integers(len(ASSET_CLASSES)))],
                SECTORS[int(rng.integers(len(SECTORS)))],
                COUNTRIES[currency][int(rng.integers(len(COUNTRIES[currency])))],
                f"SYM{instrument_id:03d}",
            )
        )
        names[instrument_id] = f"Instrument {instrument_id}"
        # Instruments list over time: some have no closes in their first years.
        listed = int(rng.integers(0, n // 3)) if k % 4 == 0 else 0
        adjusted = _walk(
            rng, n - listed, float(rng.uniform(10, 300)), 0.06, float(rng.uniform(0.15, 0.45))
        )
        factor = np.ones(n - listed)
        if k % 12 == 0:
            split_at = int(rng.integers(n // 10, n - listed - 1))
            ratio = SPLIT_RATIOS[(k // 12) % len(SPLIT_RATIOS)]
            splits.append(
                SplitRecord(
                    instrument_id,
                    business[listed + split_at].astype(date),
                    ratio.numerator,
                    ratio.denominator,
                )
            )
            factor[split_at:] = float(ratio)
        closes = np.maximum(np.round(adjusted / factor, 4), 0.0001)
        prices[instrument_id] = DailySeries(business[listed:], closes)

    account_records = [
        AccountRecord(a + 1, CURRENCIES[a % 3], track_cash=a % 2 == 0) for a in range(accounts)
    ]
    account_names = {a.id: f"Account {a.id}" for a in account_records}
    tx = _transactions(
        rng, transactions, business, account_records, instrument_records, prices, splits
    )
    return Dataset(
        accounts=tuple(account_records),
        account_names=account_names,
        instruments=tuple(instrument_records),
        instrument_names=names,
        transactions=tuple(tx),
        splits=tuple(splits),
        prices=prices,
        fx=fx,
        start=start,
        end=end,
    )


def _trade_price(rng: np.random.Generator, series: DailySeries, day: date) -> Decimal | None:
    """The day's close give or take a little (trades do not happen at the close), or `None`
    before the instrument has any close."""
    at = series.index_on(day)
    if at < 0:
        return None
    noise = 1 + float(rng.normal(0, 0.002))
    return Decimal(str(round(float(series.values[at]) * noise, 4)))


def _transactions(
    rng: np.random.Generator,
    count: int,
    business: np.ndarray,
    accounts: list[AccountRecord],
    instruments: list[InstrumentRecord],
    prices: dict[int, DailySeries],
    splits: list[SplitRecord],
) -> list[TransactionRecord]:
    """Trades, income, cash moves and transfers in date order; sales never exceed what is held."""
    days = np.sort(rng.choice(business[1:], size=count, replace=True)).astype(object)
    split_queue = sorted(splits, key=lambda s: s.date)
    held: dict[tuple[int, int], Decimal] = {}
    result: list[TransactionRecord] = []
    transfer_no = 0
    currency_of = {i.id: i.currency for i in instruments}
    while len(result) < count:
        # A draw that cannot be used (nothing listed yet, nothing to sell) is drawn again.
        day: date = days[len(result)]
        while split_queue and split_queue[0].date <= day:
            split = split_queue.pop(0)
            for key in held:
                if key[1] == split.instrument_id:
                    held[key] = held[key] * split.numerator / split.denominator
        account = accounts[int(rng.integers(len(accounts)))]
        draw = float(rng.random())
        tx_id = len(result) + 1
        open_positions = [key for key, q in held.items() if key[0] == account.id and q > 0]

        if draw < 0.50 or not open_positions:
            instrument_id = int(rng.integers(len(instruments))) + 1
            price = _trade_price(rng, prices[instrument_id], day)
            if price is None or price <= 0:
                continue
            quantity = Decimal(int(rng.integers(1, 80)))
            fee = Decimal(str(round(float(rng.uniform(0, 9.9)), 2)))
            result.append(
                TransactionRecord(
                    tx_id,
                    account.id,
                    T.BUY,
                    day,
                    currency_of[instrument_id],
                    instrument_id,
                    quantity,
                    price,
                    None,
                    fee,
                )
            )
            key = (account.id, instrument_id)
            held[key] = held.get(key, Decimal(0)) + quantity
        elif draw < 0.70:
            key = open_positions[int(rng.integers(len(open_positions)))]
            price = _trade_price(rng, prices[key[1]], day)
            if price is None:
                continue
            fraction = Decimal(str(round(float(rng.uniform(0.1, 1.0)), 2)))
            quantity = (held[key] * fraction).quantize(Decimal(1), rounding=ROUND_DOWN)
            if quantity <= 0:
                quantity = held[key]
            result.append(
                TransactionRecord(
                    tx_id,
                    account.id,
                    T.SELL,
                    day,
                    currency_of[key[1]],
                    key[1],
                    quantity,
                    price,
                    None,
                    Decimal("4.95"),
                    Decimal(0),
                )
            )
            held[key] -= quantity
        elif draw < 0.88:
            key = open_positions[int(rng.integers(len(open_positions)))]
            price = _trade_price(rng, prices[key[1]], day)
            if price is None:
                continue
            gross = (held[key] * price * Decimal("0.005")).quantize(Decimal("0.01"))
            if gross <= 0:
                continue
            result.append(
                TransactionRecord(
                    tx_id,
                    account.id,
                    T.DIVIDEND,
                    day,
                    currency_of[key[1]],
                    key[1],
                    None,
                    None,
                    gross,
                    Decimal(0),
                    (gross * Decimal("0.15")).quantize(Decimal("0.01")),
                )
            )
        elif draw < 0.96:
            kind = T.DEPOSIT if draw < 0.93 else T.WITHDRAWAL
            if kind is T.WITHDRAWAL and not account.track_cash:
                kind = T.DEPOSIT
            amount = Decimal(int(rng.integers(100, 20_000)))
            result.append(
                TransactionRecord(
                    tx_id, account.id, kind, day, account.currency, None, None, None, amount
                )
            )
        elif draw < 0.98:
            kind = (T.FEE, T.INTEREST, T.TAX)[int(rng.integers(3))]
            amount = Decimal(str(round(float(rng.uniform(1, 50)), 2)))
            result.append(
                TransactionRecord(
                    tx_id, account.id, kind, day, account.currency, None, None, None, amount
                )
            )
        else:
            if len(result) + 2 > count:
                continue
            key = open_positions[int(rng.integers(len(open_positions)))]
            others = [a for a in accounts if a.id != account.id]
            target = others[int(rng.integers(len(others)))]
            quantity = held[key]
            transfer_no += 1
            for offset, (kind, account_id) in enumerate(
                ((T.TRANSFER_OUT, account.id), (T.TRANSFER_IN, target.id))
            ):
                result.append(
                    TransactionRecord(
                        tx_id + offset,
                        account_id,
                        kind,
                        day,
                        currency_of[key[1]],
                        key[1],
                        quantity,
                        Decimal(0),
                        transfer_id=f"transfer-{transfer_no}",
                    )
                )
            held[key] = Decimal(0)
            target_key = (target.id, key[1])
            held[target_key] = held.get(target_key, Decimal(0)) + quantity
    return result
