"""The data-health report (`GET /portfolio/health`): what makes the figures doubtful."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from pms.api.schemas.portfolio import Amount

HealthCode = Literal[
    "negative_cash",
    "valued_at_trade_price",
    "price_stale",
    "rate_missing",
    "rate_carried_forward",
    "suspected_split",
    "unmatched_transfer",
    "dividend_not_held",
    "possible_duplicate",
]
HealthSeverity = Literal["error", "warning", "info"]


class HealthFixPublic(BaseModel):
    """How to fix a finding: an instruction, and the page of the web app where it is done."""

    text: str = Field(description="A short instruction for a person")
    path: str = Field(
        description="A path of the web app with its query, e.g. `/holdings/12` (an instrument's "
        "page), `/transactions?account=3&from=2024-01-05&to=2024-01-05` (the transactions page "
        "filtered to the rows concerned), `/accounts`, `/settings`, or `/` (the dashboard, "
        "whose 'Refresh prices' fetches closes and exchange rates)"
    )


class SuggestedSplitPublic(BaseModel):
    """The split that would explain a jump in the closes (what `POST /instruments/{id}/splits`
    takes)."""

    date: date
    numerator: int
    denominator: int


class HealthItemPublic(BaseModel):
    code: HealthCode = Field(
        description="Stable: `negative_cash`, `valued_at_trade_price`, `price_stale`, "
        "`rate_missing`, `rate_carried_forward`, `suspected_split`, `unmatched_transfer`, "
        "`dividend_not_held`, `possible_duplicate` (docs/analytics.md, Data health, has each rule)"
    )
    severity: HealthSeverity = Field(
        description="`error`: figures are wrong or cannot be computed; `warning`: figures are "
        "likely off; `info`: worth a look"
    )
    message: str = Field(description="What was found, with its days and amounts")
    account_id: int | None = Field(None, description="The account concerned, if one")
    instrument_id: int | None = Field(None, description="The instrument concerned, if one")
    transaction_ids: list[int] = Field(
        default_factory=list, description="The transactions concerned (ascending)"
    )
    since: date | None = Field(
        None,
        description="When the problem starts: the first day below zero, the stale close's or "
        "the jump's day, the first day without a (current) rate, the transactions' day",
    )
    currency: str | None = Field(
        None,
        description="`negative_cash`: the cash's currency; `rate_*`: the currency converted "
        "from (into the report's `currency`)",
    )
    day: date | None = Field(
        None,
        description="`negative_cash`: the day of the lowest balance; `rate_carried_forward`: the "
        "day the oldest rate was used; `rate_missing` (a first rate standing in): that rate's day; "
        "`suspected_split`: the jump's day",
    )
    amount: Amount | None = Field(
        None, description="`negative_cash`: the lowest balance (negative), in `currency`"
    )
    split: SuggestedSplitPublic | None = Field(
        None, description="`suspected_split`: the split that would explain the jump"
    )
    fix: HealthFixPublic


class HealthCounts(BaseModel):
    error: int
    warning: int
    info: int


class HealthReportPublic(BaseModel):
    as_of: date
    currency: str = Field(description="The currency the portfolio is converted into (base)")
    counts: HealthCounts = Field(description="How many items of each severity")
    items: list[HealthItemPublic] = Field(
        description="Errors first, then warnings, then info; within each by code and day"
    )
    total: int
