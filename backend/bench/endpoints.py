"""Benchmark of `GET /api/v1/portfolio/performance?range=MAX` through the real app on PostgreSQL.

Run from `backend/`:  .venv/bin/python -m bench.endpoints [--cold-runs 7] [--cached-runs 50]
                      [--database-url postgresql+psycopg://…/pms_bench] [--redis-url redis://…/15]

The generated portfolio (`bench.generate`: 20 years, 250 instruments in 3 currencies, 10 accounts,
25,000 transactions, daily closes and rates) is loaded with COPY into a database of its own,
created when missing and reused while it holds the same data. Requests go through the whole app
(FastAPI's TestClient: routing, authentication, the session, the cache, serialisation). Cold: the
user's ledger version is bumped before each request, so nothing cached answers. Cached: the same
request again and again. A cold request is then taken apart (loading, analytics, JSON), and the
loader is compared with the plain way of reading the rows (one `Decimal` and one record per close).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import redis
from fastapi.testclient import TestClient
from sqlalchemy import select

from bench.database import DEFAULT_URL, PASSWORD, prepare
from bench.generate import generate
from pms.analytics import (
    AccountRecord,
    FxRateRecord,
    InstrumentRecord,
    Portfolio,
    PortfolioData,
    PriceRecord,
    SplitRecord,
    TransactionRecord,
    performance_for_range,
)
from pms.api.schemas.portfolio import PerformancePublic, SeriesPointPublic
from pms.cache import Cache, MemoryCache, RedisCache
from pms.db.models import Account, FxRate, Instrument, Price, Split, Transaction
from pms.enums import TransactionType
from pms.logs import configure_logging
from pms.main import create_app
from pms.runtime import Runtime
from pms.services import cache_versions
from pms.services.portfolio.loading import load_portfolio
from pms.settings import Settings

PATH = "/api/v1/portfolio/performance?range=MAX"
#: Targets of the issue, on the 2-core reference machine.
COLD_TARGET_SECONDS = 2.0
CACHED_TARGET_SECONDS = 0.020


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def timed(
    work: Callable[[], Any], runs: int, before: Callable[[], None] | None = None
) -> list[float]:
    seconds = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return seconds


def ms(value: float) -> str:
    return f"{value * 1000:8.1f} ms"


def figure(name: str, seconds: list[float], target: float | None = None) -> str:
    median = statistics.median(seconds)
    line = f"{name:<52} median {ms(median)}  (min {ms(min(seconds)).strip()}, n={len(seconds)})"
    if target is not None:
        verdict = "met" if median <= target else "MISSED"
        line += f"  target ≤ {ms(target).strip()}: {verdict}"
    return line


def build_runtime(database_url: str, redis_url: str | None) -> tuple[Runtime, str, str]:
    settings = Settings(
        database_url=database_url,
        data_dir=Path(tempfile.gettempdir()) / "pms-bench",
        secret_key="benchmark-secret-key-of-sufficient-length",
        static_dir=Path(tempfile.gettempdir()) / "pms-bench-no-spa",
        market_offline=True,
        market_refresh=False,
        log_level="WARNING",
    )
    prefix = f"pms-bench-{uuid.uuid4().hex[:8]}"
    cache: Cache = RedisCache(redis_url, prefix) if redis_url else MemoryCache()
    return Runtime.build(settings, cache=cache), ("redis" if redis_url else "in-process"), prefix


def forget_keys(redis_url: str, prefix: str) -> None:
    """Remove what this run stored in Redis (its keys carry a prefix of their own)."""
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def plain_load(runtime: Runtime, user_id: int, end: date) -> PortfolioData:
    """The loader's job done the plain way: every row through the ORM's column types, one
    `Decimal` and one record per close, then `PortfolioData.from_records`."""
    with runtime.session_factory() as session:
        accounts = session.execute(
            select(Account.id, Account.currency, Account.track_cash).where(
                Account.user_id == user_id
            )
        ).all()
        transactions = session.execute(
            select(Transaction)
            .where(Transaction.user_id == user_id, Transaction.date <= end)
            .order_by(Transaction.date, Transaction.id)
        ).scalars()
        records = [
            TransactionRecord(
                t.id,
                t.account_id,
                TransactionType(t.type),
                t.date,
                t.currency,
                t.instrument_id,
                t.quantity,
                t.price,
                t.amount,
                t.fee,
                t.tax,
                t.fx_rate,
                t.transfer_id,
            )
            for t in transactions
        ]
        ids = sorted({t.instrument_id for t in records if t.instrument_id is not None})
        instruments = session.execute(select(Instrument).where(Instrument.id.in_(ids))).scalars()
        splits = session.execute(select(Split).where(Split.instrument_id.in_(ids))).scalars()
        prices = session.execute(
            select(Price.instrument_id, Price.date, Price.close).where(
                Price.instrument_id.in_(ids), Price.date <= end
            )
        )
        rates = session.execute(
            select(FxRate.base, FxRate.quote, FxRate.date, FxRate.rate).where(FxRate.date <= end)
        )
        return PortfolioData.from_records(
            accounts=[AccountRecord(a.id, a.currency, a.track_cash) for a in accounts],
            instruments=[
                InstrumentRecord(i.id, i.currency, i.asset_class, i.sector, i.country, i.symbol)
                for i in instruments
            ],
            transactions=records,
            splits=[
                SplitRecord(s.instrument_id, s.date, s.numerator, s.denominator) for s in splits
            ],
            prices=[PriceRecord(*row) for row in prices],
            fx_rates=[FxRateRecord(*row) for row in rates],
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--redis-url", default=None, help="cache in Redis (default: in-process)")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--cached-runs", type=int, default=50)
    parser.add_argument("--transactions", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--skip-plain", action="store_true", help="do not time the plain loader")
    args = parser.parse_args(argv)
    configure_logging("WARNING")

    dataset = generate(seed=args.seed, transactions=args.transactions)
    database = prepare(args.database_url, dataset)
    loaded = (
        "already loaded"
        if database.loaded_seconds is None
        else f"loaded with COPY in {database.loaded_seconds:.1f} s"
    )
    say(
        f"database {database.url.rsplit('/', 1)[-1]}: {len(dataset.transactions):,} transactions, "
        f"{dataset.price_count:,} closes, {len(dataset.instruments)} instruments, "
        f"{len(dataset.accounts)} accounts ({loaded})"
    )

    runtime, cache_kind, prefix = build_runtime(args.database_url, args.redis_url)
    app = create_app(runtime=runtime)
    try:
        with TestClient(app) as client:
            token = client.post(
                "/api/v1/auth/login", json={"username": database.username, "password": PASSWORD}
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}

            def request() -> bytes:
                response = client.get(PATH, headers=headers)
                assert response.status_code == 200, response.text
                return response.content

            def invalidate() -> None:
                with runtime.session_factory() as session:
                    cache_versions.touch_ledger(session, database.user_id)
                    session.commit()

            first = timed(request, 1, invalidate)
            cold = timed(request, args.cold_runs, invalidate)
            body = request()
            cached = timed(request, args.cached_runs)
            today = runtime.market.today()

            say(f"GET {PATH}  ({len(body) / 1e6:.2f} MB, cache: {cache_kind}, through the app)")
            say(figure("first request after start (cold)", first))
            say(figure("cold cache", cold, COLD_TARGET_SECONDS))
            say(figure("cached", cached, CACHED_TARGET_SECONDS))

        say("a cold request taken apart:")
        with runtime.session_factory() as session:
            loads = timed(
                lambda: load_portfolio(session, database.user_id, end=today, currency="EUR"), 5
            )
            data = load_portfolio(session, database.user_id, end=today, currency="EUR").data

        def analyse() -> Any:
            portfolio = Portfolio(data, currency="EUR", as_of=today)
            return performance_for_range(portfolio, "MAX")

        maths = timed(analyse, 5)
        result = analyse()

        def serialise() -> bytes:
            points = [
                SeriesPointPublic(
                    date=p.date,
                    value=p.value,
                    net_invested=p.net_invested,
                    twr_index=p.twr_index,
                    drawdown=p.drawdown,
                )
                for p in result.series.points()
            ]
            fields = {
                name: getattr(result, name)
                for name in PerformancePublic.model_fields
                if name not in ("series", "benchmark", "warnings")
            }
            return (
                PerformancePublic(**fields, series=points, benchmark=None, warnings=[])
                .model_dump_json()
                .encode()
            )

        json_times = timed(serialise, 5)
        say("  " + figure("load (8 queries, closes packed per instrument)", loads))
        say("  " + figure("analytics (ledger replay, V(t), TWR, XIRR, risk)", maths))
        say("  " + figure(f"JSON ({len(result.series)} daily points)", json_times))
        if not args.skip_plain:
            gc.collect()
            plain = timed(lambda: plain_load(runtime, database.user_id, today), 1)
            ratio = plain[0] / statistics.median(loads)
            say(
                "  "
                + figure("plain load (a Decimal and a record per row)", plain)
                + f"  → the loader is {ratio:.1f}× faster"
            )
    finally:
        runtime.close()
        if args.redis_url:
            forget_keys(args.redis_url, prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
