from __future__ import annotations

import threading
from datetime import UTC, datetime

from pms.market.scheduler import RefreshScheduler, last_due, next_due


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_daily_time_in_utc() -> None:
    now = utc(2024, 3, 1, 21, 0)

    assert last_due(now, "22:30", "UTC") == utc(2024, 2, 29, 22, 30)
    assert next_due(now, "22:30", "UTC") == utc(2024, 3, 1, 22, 30)
    assert last_due(utc(2024, 3, 1, 22, 30), "22:30", "UTC") == utc(2024, 3, 1, 22, 30)


def test_the_daily_time_follows_the_zone_across_daylight_saving() -> None:
    # 17:00 in New York is 22:00 UTC in winter (EST) and 21:00 UTC in summer (EDT, from 2024-03-10).
    assert next_due(utc(2024, 3, 8, 12), "17:00", "America/New_York") == utc(2024, 3, 8, 22)
    assert next_due(utc(2024, 3, 11, 12), "17:00", "America/New_York") == utc(2024, 3, 11, 21)


def test_the_scheduler_catches_up_at_start_and_stops_promptly() -> None:
    ran = threading.Event()
    scheduler = RefreshScheduler(ran.set, at="22:30", timezone="UTC", startup_delay=0.01)

    scheduler.start()
    assert ran.wait(5)
    scheduler.stop(timeout=5)

    assert scheduler._thread is None


def test_a_failing_run_does_not_kill_the_scheduler() -> None:
    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        raise RuntimeError("boom")

    scheduler = RefreshScheduler(work, at="00:00", timezone="UTC", startup_delay=0.01)
    scheduler.start()
    deadline = datetime.now(UTC).timestamp() + 5
    while not calls and datetime.now(UTC).timestamp() < deadline:
        threading.Event().wait(0.01)
    scheduler.stop(timeout=5)

    assert calls == [1]
