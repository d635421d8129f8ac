from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pms.api.schemas.base import RequestModel
from pms.api.schemas.common import LedgerDate
from pms.api.schemas.fields import Money, MoneyOut


class FxRateIn(RequestModel):
    date: LedgerDate
    rate: Money = Field(gt=0)


class FxRatePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    date: date
    rate: MoneyOut
    source: str


class FxRateList(BaseModel):
    base: str
    quote: str
    items: list[FxRatePublic]
    total: int


class OwnRatePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    date: date
    rate: MoneyOut


class OwnRateList(BaseModel):
    """The signed-in user's own rates of a pair: used over the shared ones in their reports."""

    base: str
    quote: str
    items: list[OwnRatePublic]
    total: int


class CoveragePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    first: date
    last: date
    count: int = Field(description="Rates stored (0 for the ECB bundle: every publication day)")


class FxNeedPublic(BaseModel):
    """A currency the portfolio converts from, and where its rate comes from."""

    model_config = ConfigDict(from_attributes=True)

    currency: str
    pair: str = Field(description="`USD/EUR`: the currency into the reporting one")
    rate: MoneyOut | None = Field(description="Today's rate; null when no rate connects them")
    rate_date: date | None = Field(description="The day of the rate used (older: carried)")
    source: Literal["own", "stored", "ecb", "transactions", "cross", "none"] = Field(
        description="What gives today's rate: your own rates, the shared stored series (provider "
        "or an administrator), the ECB rates bundled with PMS, the rates your transactions in "
        "that currency carry (`fx_rate`), a cross through USD or EUR, or nothing (the currency "
        "is left out of the reports)"
    )
    stored: CoveragePublic | None = Field(description="The shared series (either direction)")
    stored_source: str | None = Field(description="Where the shared series' latest rate came from")
    own: CoveragePublic | None = Field(description="Your own rates of the pair")
    ecb: CoveragePublic | None = Field(description="The bundled ECB rates of the pair")


class FxNeedList(BaseModel):
    currency: str
    items: list[FxNeedPublic]
    total: int
