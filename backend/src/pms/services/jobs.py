"""Background jobs with progress: the on-demand market refresh a user starts, and the scheduled
refresh after the markets close. A job's state lives in the database (not the cache), so a job
survives a Redis outage and any replica can answer `GET /jobs/{id}`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pms.db.models import Job, User
from pms.db.session import session_scope
from pms.errors import not_found
from pms.logs import get_logger
from pms.market.context import MarketContext
from pms.market.scheduler import RefreshScheduler, last_due
from pms.market.states import JobStatus
from pms.services.market_refresh import ItemResult, plan_refresh, refresh
from pms.settings import Settings

log = get_logger(__name__)

KIND_REFRESH = "market_refresh"
KIND_SCHEDULED = "scheduled_refresh"
#: A queued or running job not heard from for this long died with its process.
STALLED_AFTER = timedelta(minutes=30)
SCHEDULED_LOCK = "market:refresh:scheduled"
SCHEDULED_LOCK_SECONDS = 6 * 3600


def progress_of(job: Job) -> float:
    if job.status == JobStatus.DONE:
        return 1.0
    return job.done / job.total if job.total else 0.0


def _stalled(market: MarketContext, job: Job) -> bool:
    active = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    return active and market.now() - job.updated_at > STALLED_AFTER


def start_refresh(
    session: Session,
    market: MarketContext,
    user: User,
    *,
    instrument_ids: Sequence[int] | None = None,
) -> tuple[Job, bool]:
    """Queue a refresh of the user's instruments and currency pairs; it starts after commit.

    A user has one refresh queued or running at a time: asking again while one is under way
    answers that job (`created` false) instead of queueing another. A partial unique index makes
    this hold between parallel requests too."""
    active = _active_refresh(session, market, user)
    if active is not None:
        return active, False
    job = Job(id=uuid.uuid4().hex, user_id=user.id, kind=KIND_REFRESH, status=JobStatus.QUEUED)
    job.errors = []
    try:
        with session.begin_nested():
            session.add(job)
            session.flush()
    except IntegrityError:
        # Another request queued one between the check and the insert: follow that one.
        active = _active_refresh(session, market, user)
        if active is None:
            raise
        return active, False
    job_id, user_id = job.id, user.id
    ids = list(instrument_ids) if instrument_ids is not None else None
    market.runner.submit_after_commit(
        session, lambda: run_refresh_job(market, job_id, user_id=user_id, instrument_ids=ids)
    )
    return job, True


def _active_refresh(session: Session, market: MarketContext, user: User) -> Job | None:
    """The user's queued or running refresh, if one is alive (a stalled one is closed as failed)."""
    job = session.scalar(
        select(Job).where(
            Job.user_id == user.id,
            Job.kind == KIND_REFRESH,
            Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
        )
    )
    if job is not None and _stalled(market, job):
        _close_stalled(market, job)
        session.flush()
        return None
    return job


def _close_stalled(market: MarketContext, job: Job) -> None:
    job.status = JobStatus.FAILED
    job.message = "interrupted: the server stopped before the job finished"
    job.finished_at = market.now()


def get_job(session: Session, market: MarketContext, user: User, job_id: str) -> Job:
    """One of the user's jobs (another user's job is not found)."""
    job = session.get(Job, job_id) if len(job_id) <= 32 else None
    if job is None or job.user_id != user.id:
        raise not_found("job", job_id)
    if _stalled(market, job):
        _close_stalled(market, job)
        session.flush()
    return job


def run_refresh_job(
    market: MarketContext,
    job_id: str,
    *,
    user_id: int | None,
    instrument_ids: Sequence[int] | None = None,
) -> None:
    """Do the work of a refresh job, recording progress and per-symbol errors as it goes. The job
    ends `done` even when symbols failed (they are in `errors`); `failed` only if the job itself
    could not run."""
    sessions = market.sessions()
    with session_scope(sessions) as session:
        job = session.get(Job, job_id)
        if job is None:
            return
        job.status = JobStatus.RUNNING
        job.started_at = market.now()
        plan = plan_refresh(session, market.today(), user_id=user_id, instrument_ids=instrument_ids)
        job.total = plan.total
    errors: list[dict[str, object]] = []

    def on_item(result: ItemResult, done: int, total: int) -> None:
        if not result.ok:
            errors.append(result.as_error())
        with session_scope(sessions) as session:
            row = session.get(Job, job_id)
            if row is not None:
                row.done = done
                row.errors = list(errors)

    try:
        report = refresh(market, plan, on_item=on_item)
    except Exception as exc:
        log.exception("market_refresh_job_failed", job_id=job_id)
        with session_scope(sessions) as session:
            row = session.get(Job, job_id)
            if row is not None:
                row.status = JobStatus.FAILED
                row.message = f"the refresh stopped: {type(exc).__name__}"
                row.finished_at = market.now()
        return
    with session_scope(sessions) as session:
        row = session.get(Job, job_id)
        if row is not None:
            row.status = JobStatus.DONE
            row.done = row.total
            failed = len(report.errors)
            row.message = f"{len(report.results) - failed} refreshed, {failed} failed"
            row.finished_at = market.now()
    log.info("market_refresh_done", job_id=job_id, items=len(report.results), failed=len(errors))


def run_scheduled_refresh(market: MarketContext, *, at: str, timezone: str) -> str | None:
    """The daily refresh, if no process ran it since it fell due. Returns the job id, or None when
    there was nothing to do.

    The job's id is made of the due time, so two processes that both decide to run it cannot both
    create it (the database refuses the second), even when the cache lock is only in-process."""
    due = last_due(market.now(), at, timezone)
    job_id = f"scheduled-{due:%Y%m%dT%H%M}"
    with market.cache.lock(SCHEDULED_LOCK, SCHEDULED_LOCK_SECONDS) as mine:
        if not mine:
            log.info("scheduled_refresh_elsewhere")
            return None
        try:
            with session_scope(market.sessions()) as session:
                job = session.get(Job, job_id)
                if job is None:
                    job = Job(id=job_id, user_id=None, kind=KIND_SCHEDULED)
                    job.created_at = market.now()
                    session.add(job)
                elif job.status != JobStatus.FAILED and not _stalled(market, job):
                    return None
                job.status = JobStatus.QUEUED
                job.errors = []
                job.done = 0
                job.message = None
                job.finished_at = None
        except IntegrityError:
            log.info("scheduled_refresh_elsewhere")
            return None
        run_refresh_job(market, job_id, user_id=None)
        return job_id


def start_scheduler(market: MarketContext, settings: Settings) -> RefreshScheduler | None:
    """Start the daily refresh thread, unless switched off (`PMS_MARKET_REFRESH=false`) or offline."""
    if not settings.market_refresh or settings.market_offline:
        return None
    at, timezone = settings.market_refresh_time, settings.market_refresh_timezone
    scheduler = RefreshScheduler(
        lambda: run_scheduled_refresh(market, at=at, timezone=timezone), at=at, timezone=timezone
    )
    scheduler.start()
    return scheduler
