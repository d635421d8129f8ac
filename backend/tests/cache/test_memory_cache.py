"""The in-process cache is bounded by the bytes it holds, least recently used first out."""

from __future__ import annotations

from pathlib import Path

from pms.cache.memory import DEFAULT_MAX_BYTES, ENTRY_OVERHEAD_BYTES, MemoryCache
from pms.runtime import Runtime
from pms.settings import Settings

KIB = 1024


def _value(i: int, size: int = 10 * KIB) -> bytes:
    return bytes([i % 251]) * size


def test_the_cache_stays_under_its_byte_budget_and_evicts_the_oldest() -> None:
    cache = MemoryCache(max_bytes=100 * KIB)
    for i in range(30):  # 300 KiB offered to a 100 KiB cache
        cache.set(f"report:{i}", _value(i), 60)
        assert cache.size_bytes <= 100 * KIB
    kept = [i for i in range(30) if cache.get(f"report:{i}") is not None]
    assert kept == list(range(21, 30))  # nine entries of 10 KiB (+ overhead) fit
    assert cache.get("report:29") == _value(29)
    assert cache.size_bytes == sum(
        len(f"report:{i}") + 10 * KIB + ENTRY_OVERHEAD_BYTES for i in kept
    )


def test_reading_an_entry_keeps_it_over_older_ones() -> None:
    cache = MemoryCache(max_bytes=50 * KIB)
    for i in range(4):
        cache.set(f"k{i}", _value(i), 60)
    assert cache.get("k0") == _value(0)  # now the most recently used
    cache.set("k4", _value(4), 60)
    cache.set("k5", _value(5), 60)
    assert cache.get("k0") == _value(0)
    assert cache.get("k1") is None
    assert cache.get("k2") is None


def test_replacing_and_deleting_entries_give_their_bytes_back() -> None:
    cache = MemoryCache(max_bytes=100 * KIB)
    cache.set("a", _value(1, 40 * KIB), 60)
    cache.set("a", _value(2, 5 * KIB), 60)
    assert cache.size_bytes == len("a") + 5 * KIB + ENTRY_OVERHEAD_BYTES
    cache.delete("a")
    assert cache.size_bytes == 0
    assert cache.incr("n", 60) == 1
    assert cache.incr("n", 60) == 2
    assert cache.size_bytes == len("n") + 1 + ENTRY_OVERHEAD_BYTES
    cache.clear()
    assert cache.size_bytes == 0


def test_a_value_larger_than_the_budget_is_not_kept() -> None:
    cache = MemoryCache(max_bytes=20 * KIB)
    cache.set("small", _value(1, KIB), 60)
    cache.set("huge", _value(2, 30 * KIB), 60)
    assert cache.get("huge") is None
    assert cache.get("small") == _value(1, KIB)
    assert cache.size_bytes <= 20 * KIB


def test_many_large_reports_do_not_grow_the_cache_past_the_default_budget() -> None:
    cache = MemoryCache()
    report = b"x" * (300 * KIB)  # 1,500 of these took 446 MiB with an entry bound alone
    for i in range(1_500):
        cache.set(f"portfolio:report:{i}", report, 600)
    stored = sum(len(value) for _, value in cache._data.values())
    assert stored <= DEFAULT_MAX_BYTES
    assert 200 <= len(cache._data) < 1_500


def test_the_embedded_runtime_sizes_its_cache_from_the_settings(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        secret_key="test-secret-key-that-is-long-enough-for-pms",
        market_refresh=False,
        market_offline=True,
        cache_memory_max_bytes=2 * 1024 * KIB,
    )
    runtime = Runtime.build(settings)
    try:
        cache = runtime.cache
        assert isinstance(cache, MemoryCache)
        for i in range(10):
            cache.set(f"r{i}", _value(i, 512 * KIB), 60)
        assert cache.size_bytes <= 2 * 1024 * KIB
        assert cache.get("r9") is not None
        assert cache.get("r0") is None
    finally:
        runtime.close()
