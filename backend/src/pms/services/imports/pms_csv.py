"""Our own CSV: one column per transaction field (docs/import-formats.md). `GET /export?format=
transactions-csv` writes it; text cells that a spreadsheet would evaluate carry a leading `'`,
which is taken off again here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pms.enums import TransactionType
from pms.ledger_limits import EXTERNAL_ID_LENGTH, NOTE_LENGTH, TRANSFER_ID_LENGTH
from pms.services.csv_cells import unescape_formula
from pms.services.imports.csv_table import Cells, Column, CsvFile, Layout, detected
from pms.services.imports.records import AccountRef, InstrumentRef, Record, TxnDraft
from pms.services.imports.source import Source

#: The columns in the order the export writes them.
COLUMNS = (
    "date",
    "type",
    "account",
    "symbol",
    "isin",
    "instrument_name",
    "instrument_currency",
    "quantity",
    "price",
    "amount",
    "fee",
    "tax",
    "currency",
    "fx_rate",
    "transfer_id",
    "note",
    "external_id",
)
_NUMBERS = {"quantity", "price", "amount", "fee", "tax", "fx_rate"}

LAYOUT = Layout(
    (
        Column("date", ("date",), "date", required=True),
        Column("type", ("type",), required=True),
        Column("account", ("account",)),
        Column("account_id", ("account_id",), "number"),
        Column("instrument_id", ("instrument_id",), "number"),
        *(
            Column(name, (name,), "number" if name in _NUMBERS else "text")
            for name in COLUMNS
            if name not in ("date", "type", "account")
        ),
    )
)


class PmsCsvReader:
    def __init__(self, source: Source, options: Any) -> None:
        self.file = CsvFile(source, LAYOUT, options.date_format, options.decimal_separator)
        self.detected: dict[str, str] = {}

    def records(self) -> Iterator[Record]:
        self.file.scan()
        self.detected = detected(self.file)
        for cells in self.file.rows():
            yield _row(cells)


def _text(cells: Cells, name: str, limit: int = 200) -> str | None:
    value = cells.text(name, limit)
    return unescape_formula(value) if value is not None else None


def _row(cells: Cells) -> Any:
    row = cells.row
    day = cells.date("date")
    cells.need("date", day)
    raw_type = cells.raw("type").upper()
    kind = None
    if raw_type in set(TransactionType):
        kind = TransactionType(raw_type)
    else:
        row.error(cells.label("type"), f"'{cells.raw('type')}' is not a transaction type", "type")
    fields: dict[str, Any] = {"type": kind, "date": day}
    for name in _NUMBERS:
        fields[name] = cells.number(name)
    currency = cells.text("currency", 3)
    fields["currency"] = currency.upper() if currency else None
    fields["note"] = _text(cells, "note", NOTE_LENGTH)
    fields["transfer_id"] = _text(cells, "transfer_id", TRANSFER_ID_LENGTH)
    fields["external_id"] = _text(cells, "external_id", EXTERNAL_ID_LENGTH)
    account = None
    account_id = cells.number("account_id")
    if account_id is not None:
        account = AccountRef(id=int(account_id))
    elif (account_name := _text(cells, "account", 100)) is not None:
        account = AccountRef(name=account_name)
    instrument = None
    instrument_id = cells.number("instrument_id")
    symbol, isin = _text(cells, "symbol", 32), _text(cells, "isin", 12)
    if instrument_id is not None:
        instrument = InstrumentRef(id=int(instrument_id))
    elif symbol or isin:
        instrument_currency = cells.text("instrument_currency", 3)
        instrument = InstrumentRef(
            symbol=symbol,
            isin=isin,
            name=_text(cells, "instrument_name", 200),
            currency=(instrument_currency or currency or "").upper() or None,
        )
    row.drafts.append(TxnDraft(account, instrument, fields))
    return row
