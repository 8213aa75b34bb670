"""Rate limits that cost O(1) per request and hold across workers.

DRF's stock throttles keep a list of timestamps per client and rewrite it on every request,
so their cost grows with the rate, and concurrent workers overwrite each other's lists. A
fixed window counter is one atomic `incr` in the shared cache (Redis in production).
Anonymous clients are limited by address (the "anon" rate), token holders by account (the
"user" rate); neither limit applies to the other kind of client.
"""
import hashlib
import hmac
import time

from django.conf import settings

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle


def address_digest(address):
    return hmac.new(settings.SECRET_KEY.encode(), str(address).encode(), hashlib.sha256).hexdigest()[:24]


def count_in_window(cache, key, seconds):
    """Add one to the window's counter and return it; the counter expires with its window.

    On Redis this is one round trip (INCR and EXPIRE NX in a pipeline); Django's generic
    add-then-incr takes three there. Other backends use the generic calls.
    """
    if cache is default_cache:  # a proxy to the configured backend
        cache = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(cache, RedisCache):
        full_key = cache.make_and_validate_key(key)
        client = cache._cache.get_client(full_key, write=True)
        pipeline = client.pipeline(transaction=False)
        pipeline.incr(full_key)
        pipeline.expire(full_key, seconds, nx=True)
        return pipeline.execute()[0]
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window's key expired between add and incr
        cache.add(key, 1, seconds)
        return 1


class FixedWindowRateThrottle(SimpleRateThrottle):
    """At most N requests per client in each period (second, minute, hour or day)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        client = self.get_cache_key(request, view)
        if client is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        self.window_ends = (window + 1) * self.duration
        count = count_in_window(self.cache, f"{client}:w{window}", self.duration + 1)
        return count <= self.num_requests

    def wait(self):
        return max(0.0, self.window_ends - time.time())


class AnonymousRateThrottle(FixedWindowRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        # A keyed hash: the cache never holds a visitor's address in the clear.
        return f"throttle:anon:{address_digest(self.get_ident(request))}"


class TokenHolderRateThrottle(FixedWindowRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return f"throttle:user:{request.user.pk}"
