"""Rate limits that cost O(1) per request and hold across workers.

DRF's stock throttles keep a list of timestamps per client and rewrite it on every request,
so their cost grows with the rate, and concurrent workers overwrite each other's lists. A
fixed window counter is one atomic `incr` in the shared cache (Redis in production).
Anonymous clients are limited by address (the "anon" rate), token holders by account (the
"user" rate); neither limit applies to the other kind of client.
"""
import time

from rest_framework.throttling import SimpleRateThrottle


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
        key = f"{client}:w{window}"
        if self.cache.add(key, 1, self.duration + 1):
            return True
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's key expired between add and incr
            self.cache.add(key, 1, self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return max(0.0, self.window_ends - time.time())


class AnonymousRateThrottle(FixedWindowRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return f"throttle:anon:{self.get_ident(request)}"


class TokenHolderRateThrottle(FixedWindowRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return f"throttle:user:{request.user.pk}"
