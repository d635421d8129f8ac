"""Refresh jobs: the scheduled run happens once per due time across replicas; a job whose process
died is reported as failed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.cache import MemoryCache
from pms.db.models import Job
from pms.market.context import MarketContext
from pms.market.runner import JobRunner
from pms.runtime import Runtime
from pms.services import jobs
from tests.market.factories import make_account, make_buy, make_instrument, make_user
from tests.market.fake_yahoo import FakeYahoo, recorded_chart


def test_the_scheduled_refresh_runs_once_per_due_time(
    runtime: Runtime, session: Session, market: MarketContext, fake_yahoo: FakeYahoo
) -> None:
    fake_yahoo.add_chart("AAPL", recorded_chart("chart-AAPL-2020-08-31-to-2020-11-07.json"))
    make_buy(
        session,
        make_account(session, make_user(session, base_currency="USD")),
        make_instrument(session, "AAPL"),
        date(2020, 9, 1),
    )
    session.commit()

    first = jobs.run_scheduled_refresh(market, at="00:00", timezone="UTC")
    second = jobs.run_scheduled_refresh(market, at="00:00", timezone="UTC")

    assert first is not None
    assert first.startswith("scheduled-")
    assert second is None
    session.expire_all()
    job = session.get(Job, first)
    assert job is not None
    assert (job.kind, job.user_id, job.status, job.total, job.done, job.errors) == (
        "scheduled_refresh",
        None,
        "done",
        1,
        1,
        [],
    )


def test_a_run_another_process_finished_is_not_repeated_even_without_the_lock(
    runtime: Runtime, session: Session, market: MarketContext
) -> None:
    assert jobs.run_scheduled_refresh(market, at="00:00", timezone="UTC") is not None
    # Another process, with a cache (and lock) of its own, on the same database:
    elsewhere = MarketContext(
        provider=market.provider,
        cache=MemoryCache(),
        runner=JobRunner(inline=True),
        session_factory=market.session_factory,
    )

    assert jobs.run_scheduled_refresh(elsewhere, at="00:00", timezone="UTC") is None


def test_a_failed_scheduled_run_is_tried_again(
    runtime: Runtime, session: Session, market: MarketContext
) -> None:
    job_id = jobs.run_scheduled_refresh(market, at="00:00", timezone="UTC")
    session.expire_all()
    job = session.get(Job, job_id)
    assert job is not None
    job.status = "failed"
    session.commit()

    assert jobs.run_scheduled_refresh(market, at="00:00", timezone="UTC") == job_id
    session.expire_all()
    assert session.get(Job, job_id).status == "done"  # type: ignore[union-attr]


def test_another_replica_holding_the_lock_means_no_run(
    runtime: Runtime, market: MarketContext
) -> None:
    with market.cache.lock(jobs.SCHEDULED_LOCK, 60) as mine:
        assert mine
        assert jobs.run_scheduled_refresh(market, at="00:00", timezone="UTC") is None


def test_a_job_not_heard_from_for_long_is_reported_failed(
    runtime: Runtime, session: Session, market: MarketContext
) -> None:
    user = make_user(session)
    stale = datetime.now(UTC) - timedelta(hours=2)
    session.add(
        Job(
            id="a" * 32,
            user_id=user.id,
            kind="market_refresh",
            status="running",
            errors=[],
            created_at=stale,
            updated_at=stale,
        )
    )
    session.commit()

    job = jobs.get_job(session, market, user, "a" * 32)

    assert (job.status, job.message) == (
        "failed",
        "interrupted: the server stopped before the job finished",
    )
    assert session.scalars(select(Job)).one().status == "failed"
