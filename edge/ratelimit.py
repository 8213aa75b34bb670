"""One rate limiter for every surface: fixed windows counted in the shared cache.

A window's counter costs one round trip on Redis (INCR and EXPIRE NX in a pipeline; Django's
generic add-then-incr takes three there) and holds across workers. Clients are told apart by
`client_fingerprint`: a keyed hash of the address DRF's proxy-aware `get_ident` picks (the
connection's, or the one API_NUM_PROXIES trusted proxies name), so the cache never holds an
address. The pages' form limits and the API's throttles (api/throttling.py) both count here.

Safe mode: while the shared cache is unreachable (edge/cache.py), each process counts in its own
memory instead. Every limit still holds per process, so a client gets at most the limit times
the number of web processes; no request is refused because Redis is away, none is let through
unlimited.
"""
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import BaseThrottle

from edge.cache import CacheUnavailable, ResilientRedisCache

# The safe mode's counters: this process's own, bounded (the oldest third goes when full).
in_process = LocMemCache("candor-ratelimit-safe-mode", {"OPTIONS": {"MAX_ENTRIES": 20000}})


def client_fingerprint(request):
    """A keyed hash of the client's address: stable per client, useless to anyone reading the cache."""
    address = str(BaseThrottle().get_ident(request) or "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def count_in_window(key, seconds, cache=default_cache):
    """Add one to the window's counter and return it; the counter expires with its window."""
    if cache is default_cache:  # a proxy to the configured backend
        cache = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(cache, ResilientRedisCache):
        try:
            return cache.call(_count_on_redis, key, seconds)
        except CacheUnavailable:
            cache = in_process
    elif isinstance(cache, RedisCache):
        return _count_on_redis(cache, key, seconds)
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window's key expired between add and incr
        cache.add(key, 1, seconds)
        return 1


def _count_on_redis(cache, key, seconds):
    full_key = cache.make_and_validate_key(key)
    client = cache._cache.get_client(full_key, write=True)
    pipeline = client.pipeline(transaction=False)
    pipeline.incr(full_key)
    pipeline.expire(full_key, seconds, nx=True)
    return pipeline.execute()[0]


def hit(key, limit, seconds, cache=default_cache):
    """Count one request of `key` in its current window of `seconds`.

    Returns (allowed, seconds until the window ends).
    """
    now = time.time()
    window = int(now // seconds)
    count = count_in_window(f"{key}:w{window}", seconds + 1, cache)
    return count <= limit, (window + 1) * seconds - now


def peek(key, seconds, cache=default_cache):
    """(count so far in `key`'s current window of `seconds`, seconds until it ends), counting
    nothing: for limits checked before the work they count (api/authentication.py)."""
    if cache is default_cache:
        cache = caches[DEFAULT_CACHE_ALIAS]
    now = time.time()
    window = int(now // seconds)
    full = f"{key}:w{window}"
    if isinstance(cache, ResilientRedisCache):
        try:
            value = cache.call(_read_count, full)
        except CacheUnavailable:
            value = in_process.get(full)
    elif isinstance(cache, RedisCache):
        value = _read_count(cache, full)
    else:
        value = cache.get(full)
    return int(value or 0), (window + 1) * seconds - now


def _read_count(cache, key):
    # The counter is a plain Redis integer (INCR), not one of the cache's pickled values.
    full_key = cache.make_and_validate_key(key)
    return cache._cache.get_client(full_key).get(full_key)
