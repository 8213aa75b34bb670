"""Token authentication whose failures are rate-limited.

DRF authenticates before it throttles, so a client sending made-up tokens got a 401 (and cost
a database lookup) on every request, never a 429. Here each client (edge.ratelimit's
fingerprint) may fail at the "bad_token" rate; beyond it the answer is 429 with Retry-After,
and no token is looked up until the window ends.
"""
import math

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from edge import ratelimit


def _rate():
    rate = api_settings.DEFAULT_THROTTLE_RATES.get("bad_token")
    return SimpleRateThrottle.parse_rate(None, rate) if rate else (None, None)


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        limit, seconds = _rate()
        if limit is None:
            return super().authenticate(request)
        key = f"throttle:bad-token:{ratelimit.client_fingerprint(request)}"
        if "HTTP_AUTHORIZATION" in request.META:
            count, seconds_left = ratelimit.peek(key, seconds)
            if count >= limit:
                raise exceptions.Throttled(math.ceil(seconds_left))
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            ratelimit.hit(key, limit, seconds)
            raise
