"""Benchmark of the analytics layer on a large portfolio held in memory.

Run from `backend/`:  .venv/bin/python -m bench.analytics [--runs 7] [--transactions 25000]

Times what the portfolio endpoints need together — the ledger replay, holdings, the summary and
MAX performance with TWR, XIRR, risk and a benchmark's beta — and the peak memory they allocate.
Beside the vectorised valuation it times a naive one (a Python loop over days and instruments)
on the same inputs, checks both agree, and prints the speed-up. It also times the MAX value bridge
(`explain`) against MAX performance alone.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from bench.generate import Dataset, generate
from pms.analytics import (
    Portfolio,
    PortfolioData,
    holdings,
    performance_for_range,
    period_start,
    summary,
)
from pms.analytics.explain import explain
from pms.analytics.fx import ExchangeRates
from pms.analytics.records import FloatArray

#: Targets of the issue, on the 2-core reference machine.
TARGET_SECONDS = 0.250
TARGET_MEGABYTES = 300.0
#: The MAX value bridge costs at most this many times MAX performance (issue 14).
EXPLAIN_RATIO_TARGET = 1.5
REPORTING_CURRENCY = "EUR"
BENCHMARK_INSTRUMENT = 1


@dataclass
class Timing:
    wall: list[float]
    cpu: list[float]

    def describe(self) -> str:
        return (
            f"median {statistics.median(self.wall) * 1000:7.1f} ms wall "
            f"(min {min(self.wall) * 1000:6.1f}), "
            f"median {statistics.median(self.cpu) * 1000:7.1f} ms CPU"
        )


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def measure(work: Callable[[], Any], runs: int) -> Timing:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(walls, cpus)


def analytics_run(data: PortfolioData, as_of: date) -> Portfolio:
    """Everything the summary, holdings and MAX performance endpoints compute, once."""
    portfolio = Portfolio(data, currency=REPORTING_CURRENCY, as_of=as_of)
    holdings(portfolio)
    summary(portfolio)
    performance_for_range(portfolio, "MAX", benchmark=BENCHMARK_INSTRUMENT, risk_free_rate=0.02)
    return portfolio


def naive_values(portfolio: Portfolio) -> FloatArray:
    """V(t) day by day: a Python loop over days, and over the instruments held on each day.

    Uses the same quantity and cash levels as the vectorised valuation (from the ledger replay),
    the same closes (forward-filled by walking each series) and the same rates."""
    data, ledger = portfolio.data, portfolio.ledger
    first = portfolio.first_day
    days = (portfolio.as_of - first).days + 1
    rates = ExchangeRates(data.fx)

    def rate_on(currency: str, day: date) -> float:
        return float(rates.rate(currency, REPORTING_CURRENCY, day))

    quantity_events: dict[int, list[tuple[int, float]]] = {}
    for row, key, level in zip(
        ledger.quantities.rows, ledger.quantities.keys, ledger.quantities.levels, strict=True
    ):
        quantity_events.setdefault(row, []).append((key, level))
    cash_events: dict[int, list[tuple[int, float]]] = {}
    for row, key, level in zip(
        ledger.cash_levels.rows, ledger.cash_levels.keys, ledger.cash_levels.levels, strict=True
    ):
        cash_events.setdefault(row, []).append((key, level))
    closes = {
        instrument_id: list(zip(series.days.astype(object), series.values.tolist(), strict=True))
        for instrument_id, series in data.prices.items()
    }
    cursor = dict.fromkeys(closes, -1)
    held: dict[int, float] = {}
    cash: dict[int, float] = {}
    values = np.zeros(days)
    for row in range(days):
        day = first + timedelta(days=row)
        for key, level in quantity_events.get(row, ()):
            held[key] = level
        for key, level in cash_events.get(row, ()):
            cash[key] = level
        total = 0.0
        for instrument_id, quantity in held.items():
            if quantity == 0:
                continue
            series = closes.get(instrument_id, [])
            at = cursor.get(instrument_id, -1)
            while at + 1 < len(series) and series[at + 1][0] <= day:
                at += 1
            cursor[instrument_id] = at
            if at >= 0:
                price = series[at][1]
            else:
                found = ledger.trade_prices.on(instrument_id, day)
                price = float(found[0]) if found else 0.0
            currency = data.instrument(instrument_id).currency
            total += quantity * price * rate_on(currency, day)
        for index, balance in cash.items():
            total += balance * rate_on(ledger.cash_currencies[index], day)
        values[row] = total
    return values


def peak_megabytes(work: Callable[[], Any]) -> float:
    """Peak memory allocated while `work` runs (inputs already in memory are not counted)."""
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def describe(dataset: Dataset) -> str:
    years = (dataset.end - dataset.start).days / 365.25
    return (
        f"{years:.0f} years ({dataset.start} … {dataset.end}), {len(dataset.instruments)} instruments "
        f"in {len({i.currency for i in dataset.instruments})} currencies, "
        f"{len(dataset.accounts)} accounts, {len(dataset.transactions):,} transactions, "
        f"{dataset.price_count:,} closes, {sum(len(s) for s in dataset.fx.values()):,} rates, "
        f"{len(dataset.splits)} splits"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--transactions", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=20240101)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    dataset = generate(seed=args.seed, transactions=args.transactions)
    data = dataset.portfolio_data()
    say(f"data: {describe(dataset)} (generated in {time.perf_counter() - started:.1f} s)")

    portfolio = analytics_run(data, dataset.end)  # warm-up: imports, first calls
    total = measure(lambda: analytics_run(data, dataset.end), args.runs)
    ledger = measure(
        lambda: Portfolio(data, currency=REPORTING_CURRENCY, as_of=dataset.end), args.runs
    )

    def valuation_only() -> None:
        portfolio.__dict__.pop("timeline", None)
        _ = portfolio.timeline

    valuation = measure(valuation_only, args.runs)
    peak = peak_megabytes(lambda: analytics_run(data, dataset.end))
    # The high-water mark of the whole process so far: interpreter, libraries, data and runs.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    naive_started = time.perf_counter()
    naive = naive_values(portfolio)
    naive_seconds = time.perf_counter() - naive_started
    vectorised = portfolio.timeline.value
    difference = float(np.max(np.abs(naive - vectorised) / np.maximum(1.0, np.abs(vectorised))))

    def performance_run() -> None:
        fresh = Portfolio(data, currency=REPORTING_CURRENCY, as_of=dataset.end)
        performance_for_range(fresh, "MAX")

    def explain_run() -> None:
        fresh = Portfolio(data, currency=REPORTING_CURRENCY, as_of=dataset.end)
        start = period_start("MAX", dataset.end, fresh.inception)
        explain(fresh, start=start)

    performance_only = measure(performance_run, args.runs)
    explained = measure(explain_run, args.runs)
    explain_ratio = statistics.median(explained.wall) / statistics.median(performance_only.wall)

    median = statistics.median(total.wall)
    say(f"holdings + summary + MAX performance (TWR, XIRR, risk, beta): {total.describe()}")
    say(f"  of which the ledger replay:                                 {ledger.describe()}")
    say(
        f"  of which the valuation matrix V(t) ({vectorised.size} days):          {valuation.describe()}"
    )
    say(
        f"naive valuation (Python loop over days × instruments):        {naive_seconds * 1000:7.1f} ms wall"
    )
    say(
        f"speed-up of the valuation: {naive_seconds / statistics.median(valuation.wall):.0f}× "
        f"(largest relative difference {difference:.1e})"
    )
    say(
        f"peak memory allocated by one run: {peak:.1f} MB; "
        f"process peak RSS before the naive loop (data included): {rss:.0f} MB"
    )
    say(
        f"MAX performance alone (replay, V(t), TWR, XIRR, risk):        {performance_only.describe()}"
    )
    say(f"MAX value bridge (explain, every holding and cash):           {explained.describe()}")
    say(
        f"explain ÷ performance: {explain_ratio:.2f}× (target ≤ {EXPLAIN_RATIO_TARGET:.1f}× → "
        f"{'met' if explain_ratio <= EXPLAIN_RATIO_TARGET else 'MISSED'})"
    )
    say(
        f"targets: ≤ {TARGET_SECONDS * 1000:.0f} ms → {'met' if median <= TARGET_SECONDS else 'MISSED'}, "
        f"≤ {TARGET_MEGABYTES:.0f} MB → {'met' if peak <= TARGET_MEGABYTES else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
