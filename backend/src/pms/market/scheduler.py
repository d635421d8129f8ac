"""The daily refresh after the markets close, inside the backend process.

A daemon thread wakes at `PMS_MARKET_REFRESH_TIME` in `PMS_MARKET_REFRESH_TIMEZONE` (and once shortly
after start-up, to catch up on a run the process was not up for) and calls the work it was given.
The work decides whether a run is due and takes the cache lock, so that with several replicas only
one of them refreshes (see `pms.services.jobs.run_scheduled_refresh`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pms.logs import get_logger

log = get_logger(__name__)

#: Seconds between start-up and the catch-up check (lets the server finish starting).
STARTUP_DELAY_SECONDS = 30.0


def _clock_time(at: str) -> time:
    hours, minutes = at.split(":")
    return time(int(hours), int(minutes))


def last_due(now: datetime, at: str, timezone: str) -> datetime:
    """The latest moment ≤ `now` at which the daily refresh was due (aware, UTC)."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    due = datetime.combine(local.date(), _clock_time(at), tzinfo=zone)
    if due > local:
        due = datetime.combine(local.date() - timedelta(days=1), _clock_time(at), tzinfo=zone)
    return due.astimezone(UTC)


def next_due(now: datetime, at: str, timezone: str) -> datetime:
    """The first moment > `now` at which the daily refresh is due (aware, UTC)."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    due = datetime.combine(local.date(), _clock_time(at), tzinfo=zone)
    if due <= local:
        due = datetime.combine(local.date() + timedelta(days=1), _clock_time(at), tzinfo=zone)
    return due.astimezone(UTC)


class RefreshScheduler:
    def __init__(
        self,
        work: Callable[[], object],
        *,
        at: str,
        timezone: str,
        startup_delay: float = STARTUP_DELAY_SECONDS,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._work = work
        self.at = at
        self.timezone = timezone
        self._startup_delay = startup_delay
        self._now = now
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="market-scheduler", daemon=True)
        self._thread.start()
        log.info("market_scheduler_started", at=self.at, timezone=self.timezone)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run_once(self) -> None:
        try:
            self._work()
        except Exception:
            log.exception("market_scheduled_refresh_failed")

    def _loop(self) -> None:
        if self._stop.wait(self._startup_delay):
            return
        self._run_once()
        while not self._stop.is_set():
            wait = (next_due(self._now(), self.at, self.timezone) - self._now()).total_seconds()
            if self._stop.wait(max(1.0, wait)):
                return
            self._run_once()
