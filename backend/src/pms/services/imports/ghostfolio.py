"""Ghostfolio's export (JSON with `accounts`, `assetProfiles` and `activities`) and its CSV import
layout (`Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note`, with Ghostfolio's aliases).

Activities map to our types: BUY and SELL as they are; DIVIDEND and INTEREST with amount =
quantity × unitPrice (unitPrice alone when quantity is 0); FEE with amount = fee; ITEM (a valuable)
as a BUY of a manual instrument. A dividend's or interest's fee becomes a FEE entry of its own.
LIABILITY has no counterpart in our ledger and is refused. Ghostfolio dates are UTC timestamps;
their date part is the trade date. Accounts of a JSON export are matched by name and created when
missing. Prices in minor units (GBp) are converted to the major currency.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pms.currencies import normalise_currency
from pms.enums import AccountKind, AssetClass, DataSource
from pms.enums import TransactionType as T
from pms.ledger_limits import NOTE_LENGTH
from pms.services.imports import json_stream
from pms.services.imports.csv_table import Cells, Column, CsvFile, Layout, detected
from pms.services.imports.locale_values import quantize
from pms.services.imports.records import (
    AccountRecord,
    AccountRef,
    InstrumentRef,
    Record,
    Row,
    TxnDraft,
)
from pms.services.imports.source import Source, file_error

ZERO = Decimal(0)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_ASSET_CLASSES = {
    "EQUITY": AssetClass.EQUITY,
    "FIXED_INCOME": AssetClass.BOND,
    "COMMODITY": AssetClass.COMMODITY,
    "REAL_ESTATE": AssetClass.REAL_ESTATE,
    "LIQUIDITY": AssetClass.CASH,
    "ALTERNATIVE_INVESTMENT": AssetClass.OTHER,
}
_SUB_CLASSES = {
    "ETF": AssetClass.ETF,
    "MUTUALFUND": AssetClass.FUND,
    "CRYPTOCURRENCY": AssetClass.CRYPTO,
    "BOND": AssetClass.BOND,
}
TYPES = {"BUY", "SELL", "DIVIDEND", "INTEREST", "FEE", "ITEM", "LIABILITY"}


@dataclass
class Activity:
    type: str | None
    day: date | None
    quantity: Decimal | None
    unit_price: Decimal | None
    fee: Decimal | None
    currency: str | None
    data_source: str | None
    symbol: str | None
    account: AccountRef | None
    comment: str | None
    external_id: str | None
    profile: dict[str, Any] | None = None


def _instrument(activity: Activity, currency: str | None, manual: bool) -> InstrumentRef | None:
    profile = activity.profile or {}
    symbol = activity.symbol
    name = profile.get("name") if isinstance(profile.get("name"), str) else None
    if manual and symbol and (_UUID.fullmatch(symbol) or len(symbol) > 32):
        # Ghostfolio names its manual assets by a UUID; ours go by a readable symbol.
        symbol = (name or symbol)[:32].strip()
    if not symbol and not name:
        return None
    asset_class = _SUB_CLASSES.get(str(profile.get("assetSubClass"))) or _ASSET_CLASSES.get(
        str(profile.get("assetClass"))
    )
    source = activity.data_source
    return InstrumentRef(
        symbol=symbol,
        isin=profile.get("isin") if isinstance(profile.get("isin"), str) else None,
        name=name,
        currency=currency,
        data_source=DataSource.MANUAL
        if manual
        else DataSource.YAHOO
        if source == "YAHOO"
        else None,
        asset_class=(AssetClass.OTHER if activity.type == "ITEM" else asset_class),
    )


def activity_row(activity: Activity, row: Row) -> Row:
    kind = activity.type
    if kind not in TYPES:
        row.error("type", f"'{kind}' is not a Ghostfolio activity type", "type")
    if activity.day is None and not any(e.field == "date" for e in row.errors):
        row.error("date", "is required", "missing")
    if row.errors or kind is None or activity.day is None:
        return row
    if kind == "LIABILITY":
        row.error("type", "liabilities have no counterpart in the PMS ledger", "unsupported")
        return row
    currency, divisor = normalise_currency(activity.currency) if activity.currency else (None, 1)
    quantity = abs(activity.quantity or ZERO)
    price = abs(activity.unit_price or ZERO) / divisor
    fee = abs(activity.fee or ZERO) / divisor
    manual = activity.data_source == "MANUAL" or kind == "ITEM"
    instrument = _instrument(activity, currency, manual)
    note = activity.comment
    base = {"date": activity.day, "currency": currency, "note": note}

    def add(kind: T, target: InstrumentRef | None, external_id: str | None, **fields: Any) -> None:
        values = base | {"type": kind, "external_id": external_id} | fields
        row.drafts.append(TxnDraft(activity.account, target, values))

    fee_id = f"{activity.external_id}:fee" if activity.external_id else None
    if kind in ("BUY", "SELL", "ITEM"):
        if instrument is None:
            row.error("symbol", "is required", "missing")
            return row
        add(
            T.SELL if kind == "SELL" else T.BUY,
            instrument,
            activity.external_id,
            quantity=quantity,
            price=_q(price),
            fee=_q(fee),
        )
    elif kind in ("DIVIDEND", "INTEREST"):
        amount = _q(quantity * price if quantity else price)
        if kind == "DIVIDEND":
            if instrument is None:
                row.error("symbol", "a dividend needs the symbol that paid it", "missing")
                return row
            add(T.DIVIDEND, instrument, activity.external_id, amount=amount)
        else:
            target = None if manual else instrument
            if manual and instrument is not None and not note:
                base["note"] = instrument.name or instrument.symbol
            add(T.INTEREST, target, activity.external_id, amount=amount)
        if fee:
            add(T.FEE, None if manual else instrument, fee_id, amount=_q(fee))
    elif kind == "FEE":
        amount = _q(fee if fee else quantity * price)
        if manual and instrument is not None and not note:
            base["note"] = instrument.name or instrument.symbol
        add(T.FEE, None if manual else instrument, activity.external_id, amount=amount)
    return row


def _q(value: Decimal) -> Decimal:
    return quantize(value)


class GhostfolioJsonReader:
    def __init__(self, source: Source, options: Any) -> None:
        self.source = source
        self.override_account = options.account_id is not None
        self.detected: dict[str, str] = {"encoding": source.encoding}

    def records(self) -> Iterator[Record]:
        if "activities" not in json_stream.member_names(self.source):
            raise file_error("has no 'activities' list: is this a Ghostfolio export?", "format")
        accounts: dict[str, AccountRef] = {}
        for position, item in enumerate(json_stream.items(self.source, "accounts.item"), 1):
            if not isinstance(item, dict) or not item.get("id"):
                continue
            currency = item.get("currency")
            ref = AccountRef(
                name=str(item.get("name") or item["id"])[:100],
                currency=str(currency).upper() if currency else None,
                kind=AccountKind.BROKERAGE,
                track_cash=False,
            )
            accounts[str(item["id"])] = ref
            if not self.override_account:
                yield AccountRecord(ref, position)
        profiles: dict[tuple[str, str], dict[str, Any]] = {}
        for item in json_stream.items(self.source, "assetProfiles.item"):
            if isinstance(item, dict) and item.get("symbol"):
                item.pop("marketData", None)
                profiles[(str(item.get("dataSource")), str(item["symbol"]))] = item
        for position, item in enumerate(json_stream.items(self.source, "activities.item"), 1):
            row = Row(line=position)
            if not isinstance(item, dict):
                row.error("activity", "is not an object", "type")
                yield row
                continue
            account_id = item.get("accountId")
            account = None
            if account_id is not None and not self.override_account:
                account = accounts.get(str(account_id)) or AccountRef(name=str(account_id)[:100])
            activity = Activity(
                type=str(item.get("type") or "").upper() or None,
                day=json_stream.day(row, item, "date"),
                quantity=json_stream.number(row, item, "quantity"),
                unit_price=json_stream.number(row, item, "unitPrice"),
                fee=json_stream.number(row, item, "fee"),
                currency=json_stream.text(row, item, "currency", 3),
                data_source=str(item.get("dataSource") or "").upper() or None,
                symbol=json_stream.text(row, item, "symbol", 64),
                account=account,
                comment=json_stream.text(row, item, "comment", NOTE_LENGTH),
                external_id=json_stream.text(row, item, "id", 120),
                profile=profiles.get((str(item.get("dataSource")), str(item.get("symbol")))),
            )
            yield activity_row(activity, row)


CSV_LAYOUT = Layout(
    (
        Column("date", ("Date", "TradeDate"), "date", required=True),
        Column("symbol", ("Code", "Symbol", "Ticker")),
        Column("data_source", ("DataSource",)),
        Column("currency", ("Currency", "Ccy", "CurrencyPrimary")),
        Column("price", ("Price", "UnitPrice", "TradePrice", "Value"), "number"),
        Column("quantity", ("Quantity", "Qty", "Shares", "Units"), "number"),
        Column("type", ("Action", "Type", "Buy/Sell"), required=True),
        Column("fee", ("Fee", "Commission", "IBCommission"), "number"),
        Column("note", ("Note", "Comment")),
        Column("account", ("Account", "AccountId")),
    )
)


class GhostfolioCsvReader:
    def __init__(self, source: Source, options: Any) -> None:
        self.file = CsvFile(source, CSV_LAYOUT, options.date_format, options.decimal_separator)
        self.override_account = options.account_id is not None
        self.detected: dict[str, str] = {}

    def records(self) -> Iterator[Record]:
        self.file.scan()
        self.detected = detected(self.file)
        for cells in self.file.rows():
            yield self.row(cells)

    def row(self, cells: Cells) -> Row:
        account_name = None if self.override_account else cells.text("account", 100)
        symbol = cells.text("symbol", 64)
        data_source = (cells.text("data_source", 32) or "").upper() or None
        kind = cells.raw("type").upper() or None
        if data_source is None:
            data_source = "MANUAL" if kind in ("FEE", "INTEREST", "LIABILITY") else "YAHOO"
        activity = Activity(
            type=kind,
            day=cells.date("date"),
            quantity=cells.number("quantity"),
            unit_price=cells.number("price"),
            fee=cells.number("fee"),
            currency=cells.text("currency", 3),
            data_source=data_source,
            symbol=symbol,
            account=AccountRef(name=account_name) if account_name else None,
            comment=cells.text("note", NOTE_LENGTH),
            external_id=None,
            profile={"name": symbol} if data_source == "MANUAL" else None,
        )
        return activity_row(activity, cells.row)
