"""Market data over HTTP: symbol lookup, CSV price upload, the on-demand refresh and its job, what
is stale, and the demo portfolio.

`GET /instruments/lookup` is declared here; this router must be included before the instruments
router, or `/instruments/{id}` would take the path."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Path, Query, UploadFile, status

from pms.api.deps import CacheDep, CurrentUser, MarketDep, ResourceId, SessionDep
from pms.api.problems import problem_responses
from pms.api.schemas.common import LedgerDate
from pms.api.schemas.market import (
    DemoLoaded,
    InstrumentCandidate,
    InstrumentCandidateList,
    JobAccepted,
    JobError,
    JobPublic,
    MarketStatus,
    PriceImportResult,
    RefreshRequest,
    StaleInstrumentPublic,
)
from pms.db.models import Job
from pms.market.price_csv import MAX_BYTES
from pms.market.states import JobStatus
from pms.services import demo, jobs, market_data, market_lookup, price_import

router = APIRouter(responses=problem_responses(401))


@router.get(
    "/instruments/lookup",
    tags=["instruments"],
    response_model=InstrumentCandidateList,
    responses=problem_responses(422, 502, 503),
    summary="Search the market data provider for a symbol, name or ISIN",
)
def lookup_instruments(
    q: Annotated[str, Query(min_length=1, max_length=64, description="Symbol, name or ISIN")],
    _user: CurrentUser,
    market: MarketDep,
) -> InstrumentCandidateList:
    found = market_lookup.lookup(market, q)
    items = [
        InstrumentCandidate(
            symbol=c.symbol,
            name=c.name,
            currency=c.currency,
            exchange=c.exchange,
            asset_class=c.asset_class,
            sector=c.sector,
            country=c.country,
            data_source=c.data_source,
        )
        for c in found
    ]
    return InstrumentCandidateList(items=items, total=len(items))


@router.post(
    "/instruments/{instrument_id}/prices/csv",
    tags=["instruments"],
    response_model=PriceImportResult,
    responses=problem_responses(403, 404, 409, 413, 422),
    summary="Upload a price history (CSV with Date and Close columns) to a manual instrument",
)
def upload_price_csv(
    instrument_id: ResourceId,
    file: Annotated[UploadFile, File(description="CSV: Date and Close columns")],
    user: CurrentUser,
    session: SessionDep,
    cache: CacheDep,
    market: MarketDep,
    split_adjusted: Annotated[
        bool,
        Query(description="The closes are split-adjusted (a Yahoo download): un-adjust them"),
    ] = False,
) -> PriceImportResult:
    data = file.file.read(MAX_BYTES + 1)
    result = price_import.import_price_csv(
        session, user, instrument_id, data, today=market.today(), split_adjusted=split_adjusted
    )
    return PriceImportResult(
        instrument_id=result.instrument_id,
        imported=result.imported,
        first_date=result.first_date,
        last_date=result.last_date,
        skipped_rows=list(result.skipped_rows),
        date_format=result.date_format,
        decimal_separator=result.decimal_separator,
    )


@router.post(
    "/market/refresh",
    tags=["market"],
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobAccepted,
    responses=problem_responses(422),
    summary="Refresh prices and exchange rates now; follow the job at /jobs/{job_id}",
    description="One refresh per user runs at a time: while yours is queued or running, asking "
    "again answers that job.",
)
def refresh_market(
    user: CurrentUser,
    session: SessionDep,
    market: MarketDep,
    body: RefreshRequest | None = None,
) -> JobAccepted:
    ids = body.instrument_ids if body is not None else None
    job, created = jobs.start_refresh(session, market, user, instrument_ids=ids)
    return JobAccepted(job_id=job.id, already_running=not created)


@router.get(
    "/market/status",
    tags=["market"],
    response_model=MarketStatus,
    summary="Your instruments whose last price is stale, with its date and why",
)
def market_status(
    user: CurrentUser,
    session: SessionDep,
    market: MarketDep,
    as_of: Annotated[
        LedgerDate | None, Query(description="Default: today; from 1900-01-01 to tomorrow")
    ] = None,
) -> MarketStatus:
    day = as_of or market.today()
    stale = market_data.stale_instruments(
        session, market_data.user_instrument_ids(session, user.id), day, user_id=user.id
    )
    items = [
        StaleInstrumentPublic(
            instrument_id=s.instrument_id,
            symbol=s.symbol,
            last_date=s.last_date,
            reason=s.reason,
            message=s.message,
        )
        for s in stale
    ]
    return MarketStatus(as_of=day, items=items, total=len(items))


def _job_public(job: Job) -> JobPublic:
    return JobPublic(
        id=job.id,
        kind=job.kind,
        status=JobStatus(job.status),
        progress=jobs.progress_of(job),
        total=job.total,
        done=job.done,
        errors=[JobError.model_validate(e) for e in job.errors or []],
        message=job.message,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.get(
    "/jobs/{job_id}",
    tags=["jobs"],
    response_model=JobPublic,
    responses=problem_responses(404),
    summary="A background job you started: status, progress and errors per symbol",
)
def read_job(
    job_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    user: CurrentUser,
    session: SessionDep,
    market: MarketDep,
) -> JobPublic:
    return _job_public(jobs.get_job(session, market, user, job_id))


@router.post(
    "/demo",
    tags=["demo"],
    status_code=status.HTTP_201_CREATED,
    response_model=DemoLoaded,
    responses=problem_responses(409),
    summary="Load the demo portfolio (real historical prices, no network) into your empty account",
)
def load_demo(user: CurrentUser, session: SessionDep, cache: CacheDep) -> DemoLoaded:
    loaded = demo.load_demo(session, user)
    return DemoLoaded(
        accounts=loaded.accounts,
        instruments=loaded.instruments,
        transactions=loaded.transactions,
        prices=loaded.prices,
        fx_rates=loaded.fx_rates,
        first_date=loaded.first_date,
        last_date=loaded.last_date,
    )
