from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from pms.api.schemas.base import RequestModel
from pms.api.schemas.common import Label
from pms.api.schemas.fields import Currency
from pms.enums import AccountKind, CostBasisMethod

_METHOD = (
    "How sales take lots in this account: fifo, lifo, hifo (highest cost per unit first) or "
    "average; null: the user's method. A change re-reports the account's history"
)


class AccountCreate(RequestModel):
    name: Label
    currency: Currency
    kind: AccountKind = AccountKind.BROKERAGE
    track_cash: bool = False
    cost_basis_method: CostBasisMethod | None = Field(default=None, description=_METHOD)


class AccountUpdate(RequestModel):
    """Fields to change; the currency only while the account has no transactions."""

    name: Label | None = None
    currency: Currency | None = None
    kind: AccountKind | None = None
    track_cash: bool | None = None
    cost_basis_method: CostBasisMethod | None = Field(default=None, description=_METHOD)


class AccountPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: AccountKind
    currency: str
    track_cash: bool
    cost_basis_method: CostBasisMethod | None = Field(description=_METHOD)
    created_at: datetime
    updated_at: datetime


class AccountList(BaseModel):
    items: list[AccountPublic]
    total: int
