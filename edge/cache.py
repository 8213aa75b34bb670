"""The shared cache (Redis) as an optimisation, never a dependency: when it is unreachable every
operation degrades instead of raising, so pages, the API and embeds still answer (slower).

- reads answer a miss (`get` the default, `get_many` nothing), so callers compute the value;
- writes are dropped; `add` answers True, so a coalescing guard (`add` as "am I first?") never
  drops work while Redis is away; `incr` raises ValueError as for a missing key;
- after a failure the backend stays "down" for DOWN_SECONDS and does not try Redis at all, so an
  outage costs one short connect timeout per process per interval, not one per call;
- keys whose write failed are deleted once Redis answers again: what it holds for them may be
  older than the database (the catalog revision bumped during the outage).

Every outage and recovery is logged (logger `candor.cache`). The rate limiter asks `is_down()`
and counts in the process meanwhile (edge/ratelimit.py).
"""
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

log = logging.getLogger("candor.cache")

DOWN_SECONDS = 5.0
# Redis answers within a millisecond on the same network: a slower answer is an outage.
CONNECT_TIMEOUT_SECONDS = 0.25
TIMEOUT_SECONDS = 0.5
# Keys kept for deletion after an outage; beyond this the cache is told to forget them all.
MAX_FAILED_KEYS = 1000


class CacheUnavailable(Exception):
    """Redis did not answer (raised only by `call`, for callers that need to know)."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", TIMEOUT_SECONDS)
        # redis-py retries three times with exponential backoff by default: seconds per call.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._failed_keys = set()
        self._lock = threading.Lock()

    # --- the breaker -----------------------------------------------------------------------

    def is_down(self):
        return time.monotonic() < self._down_until

    def _failed(self, operation, error, keys=()):
        with self._lock:
            was_up = not self.is_down()
            self._down_until = time.monotonic() + DOWN_SECONDS
            self._failed_keys.update(keys)
        if was_up:
            log.warning("cache unreachable during %s (%s): answering without it for %ss", operation, error, DOWN_SECONDS)

    def _recovered(self):
        with self._lock:
            keys, self._failed_keys = self._failed_keys, set()
            self._down_until = 0.0
        if keys:
            log.warning("cache reachable again: forgetting %d keys written during the outage", len(keys))
            try:
                if None in keys or len(keys) > MAX_FAILED_KEYS:
                    super().clear()
                else:
                    super().delete_many(list(keys))
            except RedisError as error:
                self._failed("recovery", error, keys)

    def call(self, operation, *args, **kwargs):
        """Run `operation` (a method of RedisCache); CacheUnavailable when Redis does not answer."""
        if self.is_down():
            raise CacheUnavailable(operation.__name__)
        try:
            result = operation(self, *args, **kwargs)
        except RedisError as error:
            self._failed(operation.__name__, error)
            raise CacheUnavailable(operation.__name__) from error
        if self._failed_keys:
            self._recovered()
        return result

    def _read(self, operation, default, *args, **kwargs):
        try:
            return self.call(operation, *args, **kwargs)
        except CacheUnavailable:
            return default

    def _write(self, operation, keys, default, *args, **kwargs):
        try:
            return self.call(operation, *args, **kwargs)
        except CacheUnavailable:
            with self._lock:
                if len(self._failed_keys) <= MAX_FAILED_KEYS:
                    self._failed_keys.update(keys)
                else:
                    self._failed_keys.add(None)  # too many: clear on recovery
            return default

    # --- reads: a miss ---------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._read(RedisCache.get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._read(RedisCache.get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._read(RedisCache.has_key, False, key, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._read(RedisCache.touch, False, key, timeout, version)

    # --- writes: dropped, and forgotten on recovery ---------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(RedisCache.add, [key], True, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._write(RedisCache.set, [key], None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(RedisCache.set_many, list(data), list(data), data, timeout, version)

    def delete(self, key, version=None):
        return self._write(RedisCache.delete, [key], False, key, version)

    def delete_many(self, keys, version=None):
        self._write(RedisCache.delete_many, list(keys), None, keys, version)

    def incr(self, key, delta=1, version=None):
        try:
            return self.call(RedisCache.incr, key, delta, version)
        except CacheUnavailable:
            raise ValueError(f"Key {key!r} not found (the cache is unreachable)") from None

    def clear(self):
        self._write(RedisCache.clear, [None], None)
