"""The cache: Redis when `PMS_REDIS_URL` is set, an in-process TTL cache otherwise.

Both implement `Cache`. A Redis outage is never an outage of the app: `RedisCache` logs it, reports it
through `status()`, and serves from an in-process fallback until Redis answers again.
"""

from pms.cache.base import Cache, CacheStatus
from pms.cache.memory import MemoryCache
from pms.cache.redis import RedisCache, create_cache

__all__ = ["Cache", "CacheStatus", "MemoryCache", "RedisCache", "create_cache"]
