"""The demo portfolio shipped with PMS (`demo_data/`): real daily closes of six instruments and the
ECB's reference rates from 2020-01-02 to 2024-02-16, and a fictional investor's accounts and
transactions priced at those closes. Sources: docs/data-sources.md.

The price files are Yahoo downloads (`Date,Close`, split-adjusted as of their download, quoted as
Yahoo quotes them: SHEL.L in pence); they go through the same un-adjustment and minor-unit
normalisation as live Yahoo data, so what is stored is as traded, in the major currency."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from pms.enums import AccountKind, AssetClass, TransactionType
from pms.market.adjust import (
    decimal_from_float,
    major_currency,
    unadjust_bars,
    unadjust_dividends,
)
from pms.market.providers.base import Bar, Dividend, RatePoint, SplitEvent

SOURCE = "demo"


@dataclass(frozen=True)
class DemoInstrument:
    symbol: str
    name: str
    currency: str
    asset_class: AssetClass
    sector: str | None
    country: str | None
    exchange: str | None
    isin: str | None
    bars: tuple[Bar, ...]
    splits: tuple[SplitEvent, ...]
    dividends: tuple[Dividend, ...]


@dataclass(frozen=True)
class DemoAccount:
    key: str
    name: str
    currency: str
    kind: AccountKind
    track_cash: bool


@dataclass(frozen=True)
class DemoTransaction:
    account: str
    instrument: str | None
    type: TransactionType
    date: date
    quantity: Decimal | None
    price: Decimal | None
    amount: Decimal | None
    fee: Decimal
    tax: Decimal


@dataclass(frozen=True)
class DemoData:
    first_date: date
    last_date: date
    instruments: tuple[DemoInstrument, ...]
    rates: dict[tuple[str, str], tuple[RatePoint, ...]]
    rates_source: str
    accounts: tuple[DemoAccount, ...]
    transactions: tuple[DemoTransaction, ...]


def _files() -> Traversable:
    return resources.files("pms.market").joinpath("demo_data")


def _csv(path: str) -> list[dict[str, str]]:
    text = _files().joinpath(path).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _instrument(spec: dict[str, Any]) -> DemoInstrument:
    currency, divisor = major_currency(spec["quote_currency"])
    splits = tuple(SplitEvent(date.fromisoformat(d), n, m) for d, n, m in spec["splits"])
    served = []
    for row in _csv(spec["prices"]):
        close = decimal_from_float(float(row["Close"]))
        if close is not None and close > 0:
            served.append(Bar(date.fromisoformat(row["Date"]), close))
    dividends = [
        Dividend(date.fromisoformat(row["Date"]), value)
        for row in (_csv(spec["dividends"]) if spec.get("dividends") else [])
        if (value := decimal_from_float(float(row["Dividends"]))) is not None
    ]
    return DemoInstrument(
        symbol=spec["symbol"],
        name=spec["name"],
        currency=currency,
        asset_class=AssetClass(spec["asset_class"]),
        sector=spec.get("sector"),
        country=spec.get("country"),
        exchange=spec.get("exchange"),
        isin=spec.get("isin"),
        bars=tuple(unadjust_bars(served, splits, divisor)),
        splits=splits,
        dividends=tuple(unadjust_dividends(dividends, splits, divisor)),
    )


def _rates(spec: dict[str, Any]) -> dict[tuple[str, str], tuple[RatePoint, ...]]:
    base = spec["base"]
    series: dict[tuple[str, str], list[RatePoint]] = {(base, q): [] for q in spec["quotes"]}
    for row in _csv(spec["file"]):
        day = date.fromisoformat(row["Date"])
        for quote in spec["quotes"]:
            value = row.get(quote, "").strip()
            if value and value.upper() != "N/A":
                series[(base, quote)].append(RatePoint(day, Decimal(value)))
    return {pair: tuple(points) for pair, points in series.items()}


def read_demo() -> DemoData:
    doc = json.loads(_files().joinpath("portfolio.json").read_text(encoding="utf-8"))
    return DemoData(
        first_date=date.fromisoformat(doc["first_date"]),
        last_date=date.fromisoformat(doc["last_date"]),
        instruments=tuple(_instrument(spec) for spec in doc["instruments"]),
        rates=_rates(doc["fx"]),
        rates_source=doc["fx"].get("source", SOURCE),
        accounts=tuple(
            DemoAccount(a["key"], a["name"], a["currency"], AccountKind(a["kind"]), a["track_cash"])
            for a in doc["accounts"]
        ),
        transactions=tuple(
            DemoTransaction(
                account=t["account"],
                instrument=t.get("instrument"),
                type=TransactionType(t["type"]),
                date=date.fromisoformat(t["date"]),
                quantity=_decimal(t.get("quantity")),
                price=_decimal(t.get("price")),
                amount=_decimal(t.get("amount")),
                fee=_decimal(t.get("fee")) or Decimal(0),
                tax=_decimal(t.get("tax")) or Decimal(0),
            )
            for t in doc["transactions"]
        ),
    )
