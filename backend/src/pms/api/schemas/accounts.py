from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from pms.api.schemas.base import RequestModel
from pms.api.schemas.common import Label
from pms.api.schemas.fields import Currency
from pms.enums import AccountKind


class AccountCreate(RequestModel):
    name: Label
    currency: Currency
    kind: AccountKind = AccountKind.BROKERAGE
    track_cash: bool = False


class AccountUpdate(RequestModel):
    """Fields to change; the currency only while the account has no transactions."""

    name: Label | None = None
    currency: Currency | None = None
    kind: AccountKind | None = None
    track_cash: bool | None = None


class AccountPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: AccountKind
    currency: str
    track_cash: bool
    created_at: datetime
    updated_at: datetime


class AccountList(BaseModel):
    items: list[AccountPublic]
    total: int
