"""Where background work runs: one worker thread per process, so refreshes queue behind each other
instead of asking the provider in parallel. Work asked for inside a database transaction starts only
after that transaction commits (it reads what the transaction wrote)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from pms.logs import get_logger

log = get_logger(__name__)
Work = Callable[[], None]


class JobRunner:
    """Runs work on a background thread, or at once in the caller's thread when `inline` (tests, the
    command line)."""

    def __init__(self, *, inline: bool = False) -> None:
        self.inline = inline
        self._pool = None if inline else ThreadPoolExecutor(1, thread_name_prefix="market-job")

    def submit(self, work: Work) -> None:
        if self._pool is None:
            self._run(work)
            return
        self._pool.submit(self._run, work)

    def submit_after_commit(self, session: Session, work: Work) -> None:
        """Submit `work` once `session` commits; forget it if the session rolls back first."""
        cancelled = False

        def on_commit(_session: Session) -> None:
            if not cancelled:
                self.submit(work)

        def on_rollback(_session: Session, previous: SessionTransaction) -> None:
            nonlocal cancelled
            if not previous.nested:
                cancelled = True

        event.listen(session, "after_commit", on_commit, once=True)
        event.listen(session, "after_soft_rollback", on_rollback, once=True)

    @staticmethod
    def _run(work: Work) -> None:
        try:
            work()
        except Exception:
            log.exception("background_work_failed")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
