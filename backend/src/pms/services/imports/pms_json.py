"""Our lossless JSON backup (written by `services.exports.backup`), restored by name: accounts by
name, manual instruments by symbol, provider instruments by (data source, symbol); entries by
external id or content (see `dedup`). Restoring twice changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from pms.enums import TransactionType
from pms.ledger_limits import EXTERNAL_ID_LENGTH, NOTE_LENGTH, TRANSFER_ID_LENGTH
from pms.services.imports import json_stream
from pms.services.imports.locale_values import to_decimal
from pms.services.imports.records import (
    AccountRecord,
    AccountRef,
    FxRecord,
    InstrumentRecord,
    InstrumentRef,
    PriceDraft,
    Record,
    Row,
    SettingsRecord,
    TxnDraft,
)
from pms.services.imports.source import Source, file_error

BACKUP_FORMAT = "pms-backup"
BACKUP_VERSION = 1
_DECIMALS = ("quantity", "price", "amount", "fee", "tax", "fx_rate")
_TEXTS = {
    "currency": 3,
    "transfer_id": TRANSFER_ID_LENGTH,
    "note": NOTE_LENGTH,
    "external_id": EXTERNAL_ID_LENGTH,
}


def _text(item: dict[str, Any], name: str, limit: int = 200) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    return str(value)[:limit]


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return to_decimal(value)
    except ValueError:
        return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class BackupReader:
    def __init__(self, source: Source, options: Any) -> None:
        self.source = source
        self.detected: dict[str, str] = {"encoding": source.encoding}

    def records(self) -> Iterator[Record]:
        names = json_stream.member_names(self.source)
        kind = json_stream.scalar(self.source, "format") if "format" in names else None
        if kind != BACKUP_FORMAT:
            raise file_error(
                f"is not a PMS backup (its 'format' is not '{BACKUP_FORMAT}')", "format"
            )
        version = json_stream.scalar(self.source, "version")
        if not isinstance(version, int) or version > BACKUP_VERSION:
            raise file_error(
                f"is a backup of version {version}; this PMS reads version {BACKUP_VERSION}",
                "version",
            )
        self.detected["version"] = str(version)
        settings = json_stream.scalar(self.source, "user") if "user" in names else None
        if isinstance(settings, dict):
            yield SettingsRecord(settings)
        accounts: dict[str, AccountRef] = {}
        for line, item in enumerate(json_stream.items(self.source, "accounts.item"), 1):
            if not isinstance(item, dict):
                continue
            ref = AccountRef(
                name=_text(item, "name", 100),
                currency=_text(item, "currency", 3),
                kind=_text(item, "kind", 16),
                track_cash=bool(item.get("track_cash")),
                cost_basis_method=_text(item, "cost_basis_method", 16),
            )
            accounts[str(item.get("ref"))] = ref
            yield AccountRecord(ref, line)
        instruments: dict[str, InstrumentRef] = {}
        for line, item in enumerate(json_stream.items(self.source, "instruments.item"), 1):
            if isinstance(item, dict):
                record = _instrument(item, line)
                instruments[str(item.get("ref"))] = record.ref
                yield record
        for key, own in (("fx_rates", False), ("own_fx_rates", True)):
            for line, item in enumerate(json_stream.items(self.source, f"{key}.item"), 1):
                if isinstance(item, dict):
                    rates = [
                        (d, r)
                        for entry in item.get("rates") or []
                        if isinstance(entry, dict)
                        and (d := _date(entry.get("date"))) is not None
                        and (r := _decimal(entry.get("rate"))) is not None
                    ]
                    yield FxRecord(
                        str(item.get("base") or ""),
                        str(item.get("quote") or ""),
                        rates,
                        line,
                        own=own,
                    )
        for line, item in enumerate(json_stream.items(self.source, "transactions.item"), 1):
            yield _transaction(item, line, accounts, instruments)


def _instrument(item: dict[str, Any], line: int) -> InstrumentRecord:
    source = _text(item, "data_source", 16)
    ref = InstrumentRef(
        symbol=_text(item, "symbol", 64),
        isin=_text(item, "isin", 12),
        name=_text(item, "name", 200),
        currency=_text(item, "currency", 3),
        data_source=source,
        asset_class=_text(item, "asset_class", 16),
        sector=_text(item, "sector", 100),
        country=_text(item, "country", 100),
        exchange=_text(item, "exchange", 100),
        trusted=True,
    )
    prices = [
        PriceDraft(
            d,
            close,
            _decimal(p.get("open")),
            _decimal(p.get("high")),
            _decimal(p.get("low")),
            _decimal(p.get("volume")),
        )
        for p in item.get("prices") or []
        if isinstance(p, dict)
        and (d := _date(p.get("date"))) is not None
        and (close := _decimal(p.get("close"))) is not None
        and close >= 0
    ]
    splits = [
        (d, int(s["numerator"]), int(s["denominator"]))
        for s in item.get("splits") or []
        if isinstance(s, dict)
        and (d := _date(s.get("date"))) is not None
        and isinstance(s.get("numerator"), int)
        and isinstance(s.get("denominator"), int)
    ]
    own_prices = [
        (d, close)
        for p in item.get("own_prices") or []
        if isinstance(p, dict)
        and (d := _date(p.get("date"))) is not None
        and (close := _decimal(p.get("close"))) is not None
        and close >= 0
    ]
    return InstrumentRecord(ref, line, prices, splits, own_prices)


def _transaction(
    item: Any, line: int, accounts: dict[str, AccountRef], instruments: dict[str, InstrumentRef]
) -> Row:
    row = Row(line=line)
    if not isinstance(item, dict):
        row.error("transaction", "is not an object", "type")
        return row
    account = accounts.get(str(item.get("account")))
    if account is None:
        row.error(
            "account", f"'{item.get('account')}' is not an account of the backup", "not_found"
        )
    instrument = None
    if item.get("instrument") is not None:
        instrument = instruments.get(str(item["instrument"]))
        if instrument is None:
            row.error(
                "instrument",
                f"'{item['instrument']}' is not an instrument of the backup",
                "not_found",
            )
    kind = str(item.get("type") or "")
    if kind not in set(TransactionType):
        row.error("type", f"'{kind}' is not a transaction type", "type")
    fields: dict[str, Any] = {
        "type": TransactionType(kind) if kind in set(TransactionType) else None
    }
    fields["date"] = json_stream.day(row, item, "date")
    for name in _DECIMALS:
        fields[name] = json_stream.number(row, item, name)
    for name, limit in _TEXTS.items():
        value = item.get(name)
        if value is not None and not isinstance(value, str):
            row.error(name, "must be text", "type")
        elif value is not None and len(value) > limit:
            row.error(name, f"is longer than {limit} characters", "too_long")
        else:
            fields[name] = value
    row.drafts.append(TxnDraft(account, instrument, fields))
    return row
