"""Request and response bodies of the market-data endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from pms.enums import AssetClass, DataSource
from pms.market.states import JobStatus, StaleReason


class InstrumentCandidate(BaseModel):
    """A provider's answer to a symbol search: what `POST /instruments` needs to add it."""

    symbol: str
    name: str | None
    currency: str | None = Field(
        description="The major currency prices are stored in (GBP for pence)"
    )
    exchange: str | None
    asset_class: AssetClass
    sector: str | None
    country: str | None
    data_source: DataSource


class InstrumentCandidateList(BaseModel):
    items: list[InstrumentCandidate]
    total: int


class PriceImportResult(BaseModel):
    instrument_id: int
    imported: int = Field(description="Days stored (a stored price of the same day is replaced)")
    first_date: date
    last_date: date
    skipped_rows: list[int] = Field(description="Rows without a close (e.g. Yahoo's 'null' days)")
    date_format: str = Field(
        description="The date format read from the file, as strptime writes it"
    )
    decimal_separator: str


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instrument_ids: (
        Annotated[list[Annotated[int, Field(ge=1, le=2_147_483_647)]], Field(max_length=1000)]
        | None
    ) = Field(default=None, description="Only these instruments (default: all of yours)")


class JobAccepted(BaseModel):
    job_id: str
    already_running: bool = Field(
        False,
        description="A refresh you started was still queued or running: this is that job (one "
        "refresh per user at a time)",
    )


class JobError(BaseModel):
    symbol: str
    instrument_id: int | None
    reason: str
    message: str


class JobPublic(BaseModel):
    id: str
    kind: str
    status: JobStatus
    progress: float = Field(ge=0, le=1)
    total: int
    done: int
    errors: list[JobError]
    message: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class StaleInstrumentPublic(BaseModel):
    """An instrument whose last close is older than the last business day before `as_of`."""

    instrument_id: int
    symbol: str
    last_date: date | None
    reason: StaleReason
    message: str


class MarketStatus(BaseModel):
    as_of: date
    items: list[StaleInstrumentPublic]
    total: int


class DemoLoaded(BaseModel):
    accounts: int
    instruments: int
    transactions: int
    prices: int
    fx_rates: int
    first_date: date
    last_date: date
