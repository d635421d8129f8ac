"""Password hashing with Argon2id (argon2-cffi's RFC 9106 low-memory profile).

Each hash or check takes 64 MiB and four lanes of CPU for a good part of a second, so a process runs
only `MAX_CONCURRENT_HASHES` of them at a time. A request that cannot get a slot within
`HASH_WAIT_SECONDS` is refused with 503 "busy, retry" (and `Retry-After`) instead of queueing without
bound. The routes that hash are plain `def` routes: FastAPI runs them in its threadpool, so hashing
never blocks the event loop.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pms.errors import Busy

_hasher = PasswordHasher()
# Verifying against this keeps a failed login for an unknown user as slow as for a known one.
_DUMMY_HASH = _hasher.hash("pms-timing-equaliser")

#: Argon2 computations at once in this process: one per CPU, at least 2 and at most 4 (256 MiB).
MAX_CONCURRENT_HASHES = max(2, min(4, os.cpu_count() or 2))
#: How long a request waits for a free slot before it answers 503.
HASH_WAIT_SECONDS = 3.0
#: What `Retry-After` tells a refused client.
RETRY_AFTER_SECONDS = 2

_slots = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)


@contextmanager
def _hash_slot() -> Iterator[None]:
    if not _slots.acquire(timeout=HASH_WAIT_SECONDS):
        raise Busy(
            detail="the server is busy checking other passwords; retry in a moment",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    try:
        yield
    finally:
        _slots.release()


def hash_password(password: str) -> str:
    with _hash_slot():
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    with _hash_slot():
        try:
            return (
                _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
            )
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
