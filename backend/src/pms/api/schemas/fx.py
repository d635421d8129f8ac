from __future__ import annotations

from datetime import date

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
