"""The answer of `POST /imports`: every row with what was read from it and its errors."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from pms.api.problems import Problem, ProblemFieldError
from pms.api.schemas.fields import MoneyOut, QuantityOut
from pms.enums import TransactionType
from pms.services.imports import ImportFormat, RowStatus
from pms.services.imports.report import LISTED_REFUSED_ROWS, LISTED_ROWS


class ImportedTransaction(BaseModel):
    """A ledger entry as read from a row (for a refused row, as far as it could be read).
    Ids are null for what a dry run would create."""

    account_id: int | None = None
    account: str | None = Field(default=None, description="The account's name")
    instrument_id: int | None = None
    symbol: str | None = None
    type: TransactionType | None = None
    date: dt.date | None = None
    quantity: QuantityOut | None = None
    price: MoneyOut | None = None
    amount: MoneyOut | None = None
    fee: MoneyOut | None = None
    tax: MoneyOut | None = None
    currency: str | None = None
    fx_rate: MoneyOut | None = None
    transfer_id: str | None = None
    note: str | None = None
    external_id: str | None = None


class ImportedPrice(BaseModel):
    date: dt.date
    close: MoneyOut
    open: MoneyOut | None = None
    high: MoneyOut | None = None
    low: MoneyOut | None = None
    volume: QuantityOut | None = None


class ImportRow(BaseModel):
    line: int = Field(
        description="Line of a CSV file where the row starts; for JSON, the 1-based position "
        "of the element in its list"
    )
    status: RowStatus = Field(
        description="`new` (written, or would be), `duplicate` (already stored), `update` (a "
        "price that overwrites another), `invalid` (refused: see errors)"
    )
    transactions: list[ImportedTransaction]
    prices: list[ImportedPrice]
    errors: list[ProblemFieldError]


class ImportCounts(BaseModel):
    rows: int
    new: int
    duplicates: int
    updates: int
    invalid: int
    transactions: int = Field(description="Ledger entries written (or that a dry run would write)")
    prices: int
    splits: int
    fx_rates: int
    accounts_created: int
    instruments_created: int
    shared_skipped: int = Field(
        0,
        description="Prices, splits and exchange rates of shared market data the file carries and "
        "the import left out: shared rows are an administrator's to write",
    )


class CreatedAccount(BaseModel):
    id: int | None
    name: str
    currency: str


class CreatedInstrument(BaseModel):
    id: int | None
    symbol: str
    name: str
    currency: str
    data_source: str
    isin: str | None


class ImportResult(BaseModel):
    format: ImportFormat
    dry_run: bool
    skip_invalid: bool
    written: bool = Field(description="Whether anything was stored")
    valid: bool = Field(description="No row and nothing else was refused")
    detected: dict[str, str] = Field(
        description="What was found out about the file: encoding, delimiter, date_format, "
        "decimal_separator, language"
    )
    counts: ImportCounts
    errors: list[ProblemFieldError] = Field(
        description="Problems of the file as a whole or of a backup's accounts, instruments and "
        "rates (row problems are in `rows`)"
    )
    accounts_created: list[CreatedAccount]
    instruments_created: list[CreatedInstrument]
    rows: list[ImportRow] = Field(
        description="The rows `rows` asks for, in the file's order, up to a bound: the first "
        f"{LISTED_ROWS} rows of the file, then the first {LISTED_REFUSED_ROWS} refused rows "
        "after them"
    )
    rows_omitted: int = Field(
        description="Rows `rows` asks for that are left out of `rows` by its bound (`counts` "
        "cover every row)"
    )


class ImportProblem(Problem):
    """A refused import: nothing was written. `errors` lists each refused row's problems as
    `line.<n>.<field>`; `result` is the full report."""

    result: ImportResult
