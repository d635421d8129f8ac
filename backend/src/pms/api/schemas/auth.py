from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pms.api.schemas.base import RequestModel
from pms.api.schemas.fields import Currency, Money
from pms.enums import CostBasisMethod, Role, Theme
from pms.ledger_limits import (
    DECIMAL_PLACES,
    LOCALE_LENGTH,
    LOCALE_PATTERN,
    RISK_FREE_RATE_MAX,
    RISK_FREE_RATE_MIN,
    is_month_day,
)

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}$")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024


def _check_username(value: str) -> str:
    if not USERNAME_PATTERN.fullmatch(value):
        raise ValueError(
            "must be 3 to 64 characters: letters, digits and . _ @ -, starting with a letter or digit"
        )
    return value


def _check_password(value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Username = Annotated[str, Field(max_length=64, examples=["alice"]), AfterValidator(_check_username)]
NewPassword = Annotated[
    str,
    Field(max_length=MAX_PASSWORD_LENGTH, examples=["correct horse battery"]),
    AfterValidator(_check_password),
]


class Credentials(RequestModel):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)]


class Registration(RequestModel):
    username: Username
    password: NewPassword
    base_currency: Currency | None = None


class AuthStatus(BaseModel):
    """What the sign-in screen needs to know before anyone is signed in."""

    needs_setup: bool = Field(description="No user exists yet: the first to register becomes admin")
    allow_signup: bool = Field(description="Anyone may register (`PMS_ALLOW_SIGNUP`)")


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the scheme, not a secret
    expires_at: datetime


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    role: Role
    is_active: bool
    base_currency: str
    cost_basis_method: CostBasisMethod
    theme: Theme
    locale: str | None
    risk_free_rate: Money
    long_term_days: int = Field(
        description="A lot sold after more than this many days is long-term; 0: no distinction"
    )
    tax_year_start: str = Field(
        description="The first day of the tax year, MM-DD (01-01; 04-06 in the UK)"
    )
    created_at: datetime


def _month_day(value: str | None) -> str | None:
    """A day that exists in every year: MM-DD, not 02-29."""
    if value is not None and not is_month_day(value):
        raise ValueError(f"{value} is not a day of every year")
    return value


class MeUpdate(RequestModel):
    """The signed-in user's own settings; a password change needs the current password."""

    base_currency: Currency | None = None
    cost_basis_method: CostBasisMethod | None = None
    theme: Theme | None = None
    locale: Annotated[str | None, Field(max_length=LOCALE_LENGTH, pattern=LOCALE_PATTERN)] = None
    risk_free_rate: Annotated[
        Decimal | None,
        Field(
            ge=RISK_FREE_RATE_MIN,
            le=RISK_FREE_RATE_MAX,
            allow_inf_nan=False,
            decimal_places=DECIMAL_PLACES,
        ),
    ] = None
    long_term_days: Annotated[int | None, Field(ge=0, le=36500)] = None
    tax_year_start: Annotated[
        str | None,
        Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", examples=["04-06"]),
        AfterValidator(_month_day),
    ] = None
    current_password: Annotated[str | None, Field(max_length=MAX_PASSWORD_LENGTH)] = None
    new_password: NewPassword | None = None


class UserCreate(RequestModel):
    username: Username
    password: NewPassword
    role: Role = Role.USER
    base_currency: Currency | None = None


class UserUpdate(RequestModel):
    password: NewPassword | None = None
    role: Role | None = None
    is_active: bool | None = None


class UserList(BaseModel):
    items: list[UserPublic]
    total: int
