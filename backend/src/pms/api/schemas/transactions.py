from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pms.api.schemas.base import RequestModel
from pms.api.schemas.common import LedgerDate, Note
from pms.api.schemas.fields import Currency, Money, MoneyOut, Quantity, QuantityOut
from pms.enums import TransactionType
from pms.ledger_limits import (
    EXTERNAL_ID_LENGTH,
    TRANSFER_ID_LENGTH,
    TRANSFER_ID_PATTERN,
    has_id_control_characters,
)

TransferId = Annotated[
    str, Field(min_length=1, max_length=TRANSFER_ID_LENGTH, pattern=TRANSFER_ID_PATTERN)
]


def _plain_id(value: str) -> str:
    if has_id_control_characters(value):
        raise ValueError("must not contain control characters (tabs and line breaks included)")
    return value


ExternalId = Annotated[
    str, Field(min_length=1, max_length=EXTERNAL_ID_LENGTH), AfterValidator(_plain_id)
]


class TransactionCreate(RequestModel):
    """One ledger entry. Which fields a type needs is in ARCHITECTURE §5; the API refuses the rest."""

    account_id: int = Field(ge=1, le=2_147_483_647)
    instrument_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    type: TransactionType
    date: LedgerDate
    quantity: Quantity | None = None
    price: Money | None = None
    amount: Money | None = None
    fee: Money | None = None
    tax: Money | None = None
    currency: Currency | None = None
    fx_rate: Money | None = None
    transfer_id: TransferId | None = None
    note: Note | None = None
    external_id: ExternalId | None = None


class TransactionUpdate(RequestModel):
    """Fields to change; the result is checked as a whole, as on create."""

    account_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    instrument_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    type: TransactionType | None = None
    date: LedgerDate | None = None
    quantity: Quantity | None = None
    price: Money | None = None
    amount: Money | None = None
    fee: Money | None = None
    tax: Money | None = None
    currency: Currency | None = None
    fx_rate: Money | None = None
    transfer_id: TransferId | None = None
    note: Note | None = None
    external_id: ExternalId | None = None


class TransactionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    account_id: int
    instrument_id: int | None
    type: TransactionType
    date: date
    quantity: QuantityOut | None
    price: MoneyOut | None
    amount: MoneyOut | None
    fee: MoneyOut
    tax: MoneyOut
    currency: str
    fx_rate: MoneyOut | None
    transfer_id: str | None
    note: str | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime


class TransactionList(BaseModel):
    items: list[TransactionPublic]
    total: int
