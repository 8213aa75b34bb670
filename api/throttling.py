"""The API's rate limits: DRF throttles counting in edge.ratelimit's fixed windows.

DRF's stock throttles keep a list of timestamps per client and rewrite it on every request,
so their cost grows with the rate, and concurrent workers overwrite each other's lists. These
count with one atomic increment in the shared cache (Redis in production). Anonymous clients
are limited by address (the "anon" rate, by edge.ratelimit.client_fingerprint), token holders
by account (the "user" rate); neither limit applies to the other kind of client.
"""
import time

from rest_framework.throttling import SimpleRateThrottle

from edge import ratelimit


class FixedWindowRateThrottle(SimpleRateThrottle):
    """At most N requests per client in each period (second, minute, hour or day)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        client = self.get_cache_key(request, view)
        if client is None:
            return True
        allowed, seconds_left = ratelimit.hit(client, self.num_requests, self.duration, self.cache)
        self.window_ends = time.time() + seconds_left
        return allowed

    def wait(self):
        return max(0.0, self.window_ends - time.time())


class AnonymousRateThrottle(FixedWindowRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return f"throttle:anon:{ratelimit.client_fingerprint(request)}"


class TokenHolderRateThrottle(FixedWindowRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return f"throttle:user:{request.user.pk}"
