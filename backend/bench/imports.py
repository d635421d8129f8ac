"""Benchmark: import a 25,000-row Portfolio Performance CSV into a fresh PostgreSQL database.

    cd backend && .venv/bin/python -m bench.imports [--rows 25000] [--url postgresql+psycopg://...]

Prints the time of the import itself (reading, checking, writing, the position check and the
commit), not of the setup. The target is 5 seconds for 25,000 rows.
"""

from __future__ import annotations

import argparse
import io
import random
import time
from datetime import date, timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pms.cache import MemoryCache
from pms.db.migrate import upgrade
from pms.db.models import Account, User
from pms.db.session import create_db_engine, make_session_factory
from pms.services.imports import ImportFormat, ImportOptions, run_import

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TARGET_SECONDS = 5.0
HEADER = (
    "Date,Type,Value,Transaction Currency,Gross Amount,Currency Gross Amount,Exchange Rate,"
    "Fees,Taxes,Shares,ISIN,WKN,Ticker Symbol,Security Name,Note\r\n"
)
# Fifty made-up securities with valid ISIN check digits are not needed: tickers identify them.
TICKERS = [f"BENCH{n:02d}.DE" for n in range(50)]


def make_file(rows: int, seed: int = 7) -> bytes:
    """Deposits, then buys, sells (never more than held), dividends and fees, in date order."""
    rng = random.Random(seed)
    held = dict.fromkeys(TICKERS, 0)
    day = date(2000, 1, 3)
    out = io.StringIO()
    out.write(HEADER)
    out.write(f'{day.isoformat()}T00:00,Deposit,"1,000,000.00",EUR,,,,,,,,,,,Start\r\n')
    for index in range(rows - 1):
        if index % 7 == 0:
            day += timedelta(days=1)
        ticker = rng.choice(TICKERS)
        kind = rng.random()
        price = rng.randint(1000, 50000) / 100
        if kind < 0.55 or held[ticker] < 10:
            shares = rng.randint(1, 40)
            fees = 4.90
            value = shares * price + fees
            held[ticker] += shares
            out.write(
                f'{day.isoformat()}T00:00,Buy,"-{value:,.2f}",EUR,,,,{fees:.2f},,{shares},,,'
                f"{ticker},Bench {ticker},\r\n"
            )
        elif kind < 0.8:
            shares = rng.randint(1, held[ticker] // 2)
            fees, taxes = 4.90, round(shares * price * 0.01, 2)
            value = shares * price - fees - taxes
            held[ticker] -= shares
            out.write(
                f'{day.isoformat()}T00:00,Sell,"{value:,.2f}",EUR,,,,{fees:.2f},{taxes:.2f},'
                f"{shares},,,{ticker},Bench {ticker},\r\n"
            )
        elif kind < 0.95:
            gross = round(held[ticker] * 0.37, 2)
            taxes = round(gross * 0.26375, 2)
            out.write(
                f'{day.isoformat()}T00:00,Dividend,"{gross - taxes:,.2f}",EUR,,,,,{taxes:.2f},'
                f"{held[ticker]},,,{ticker},Bench {ticker},\r\n"
            )
        else:
            out.write(f"{day.isoformat()}T00:00,Fees,-2.50,EUR,,,,,,,,,,,Custody fee {index}\r\n")
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=25_000)
    parser.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL server (admin database)")
    args = parser.parse_args()
    name = f"pms_bench_imports_{random.randint(0, 10**9)}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        engine = create_db_engine(url)
        factory = make_session_factory(engine)
        content = make_file(args.rows)
        with factory() as session:
            user = User(username="bench", password_hash="-")
            session.add(user)
            session.flush()
            account = Account(
                user_id=user.id, name="Bench", kind="brokerage", currency="EUR", track_cash=True
            )
            session.add(account)
            session.commit()
            options = ImportOptions(format=ImportFormat.PP_CSV, account_id=account.id)
            started = time.perf_counter()
            report = run_import(session, MemoryCache(), user, io.BytesIO(content), options)
            session.commit()
            elapsed = time.perf_counter() - started
        engine.dispose()
        counts = report.counts
        if not report.valid or counts.transactions != args.rows:
            raise SystemExit(f"the import was refused: {report.errors or report.rows[:3]}")
        verdict = "within" if elapsed <= TARGET_SECONDS else "OVER"
        print(
            f"imported {counts.rows} rows ({len(content) / 1e6:.1f} MB, {counts.transactions} "
            f"transactions, {counts.instruments_created} instruments) into PostgreSQL in "
            f"{elapsed:.2f} s — {verdict} the {TARGET_SECONDS:.0f} s target"
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
