from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from stdnum import isin as isin_check

from pms.api.schemas.base import RequestModel
from pms.api.schemas.common import Label, LedgerDate, LongLabel
from pms.api.schemas.fields import Currency, Money, MoneyOut, Quantity, QuantityOut
from pms.enums import AssetClass, DataSource

MAX_PRICE_ROWS = 50_000


def _symbol(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _check_symbol(value: str) -> str:
    if any(c.isspace() and c != " " for c in value) or any(ord(c) < 32 for c in value):
        raise ValueError("must not contain tabs, line breaks or control characters")
    return value


def _check_isin(value: str) -> str:
    value = value.strip().upper()
    if not isin_check.is_valid(value):
        raise ValueError(
            f"'{value}' is not a valid ISIN (12 characters with a correct check digit)"
        )
    return value


Symbol = Annotated[
    str,
    BeforeValidator(_symbol),
    Field(min_length=1, max_length=32, examples=["AAPL", "VWCE.DE"]),
    AfterValidator(_check_symbol),
]
Isin = Annotated[str, Field(max_length=12, examples=["US0378331005"]), AfterValidator(_check_isin)]


class InstrumentCreate(RequestModel):
    """A manual instrument needs `name` and `currency`; a provider (`yahoo`) instrument takes what
    the provider knows for the fields left out."""

    symbol: Symbol
    name: LongLabel | None = None
    currency: Currency | None = None
    asset_class: AssetClass | None = None
    data_source: DataSource = DataSource.MANUAL
    sector: Label | None = None
    country: Label | None = None
    exchange: Label | None = None
    isin: Isin | None = None


class InstrumentUpdate(RequestModel):
    name: LongLabel | None = None
    currency: Currency | None = None
    asset_class: AssetClass | None = None
    sector: Label | None = None
    country: Label | None = None
    exchange: Label | None = None
    isin: Isin | None = None


class InstrumentPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    symbol: str
    name: str
    currency: str
    asset_class: AssetClass
    data_source: DataSource
    sector: str | None
    country: str | None
    exchange: str | None
    isin: str | None
    is_own: bool = Field(description="A manual instrument of the signed-in user")
    created_at: datetime
    updated_at: datetime


class InstrumentList(BaseModel):
    items: list[InstrumentPublic]
    total: int


class PriceIn(RequestModel):
    date: LedgerDate
    close: Money = Field(ge=0)
    open: Money | None = Field(default=None, ge=0)
    high: Money | None = Field(default=None, ge=0)
    low: Money | None = Field(default=None, ge=0)
    volume: Quantity | None = Field(default=None, ge=0)


class PricePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    date: date
    close: MoneyOut
    open: MoneyOut | None = None
    high: MoneyOut | None = None
    low: MoneyOut | None = None
    volume: QuantityOut | None = None
    source: str


class PriceList(BaseModel):
    items: list[PricePublic]
    total: int


class OwnPriceIn(RequestModel):
    date: LedgerDate
    close: Money = Field(ge=0)


class OwnPricePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    date: date
    close: MoneyOut


class OwnPriceList(BaseModel):
    instrument_id: int
    items: list[OwnPricePublic]
    total: int


class SplitIn(RequestModel):
    """`numerator` new units for `denominator` old ones: 4 and 1 for 4-for-1, 1 and 10 for 1-for-10."""

    date: LedgerDate
    numerator: int = Field(ge=1, le=1_000_000)
    denominator: int = Field(ge=1, le=1_000_000)


class SplitPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    date: date
    numerator: int
    denominator: int
    ratio: float
    source: str


class SplitList(BaseModel):
    items: list[SplitPublic]
    total: int
