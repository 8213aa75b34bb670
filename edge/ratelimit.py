"""A small per-client rate limit on the shared cache (Redis in production, memory otherwise).

Clients are told apart by a keyed hash of their address, so the cache never holds an IP.
Fixed windows: simple, and good enough to stop a flood of form posts.
"""
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def client_fingerprint(request):
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def hit(request, scope, limit, window):
    """Count one attempt; (allowed, seconds until the window resets)."""
    now = int(time.time())
    window_index = now // window
    key = f"ratelimit:{scope}:{client_fingerprint(request)}:{window_index}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit, window - now % window
