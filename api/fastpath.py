"""Serve repeat anonymous reads of the API without running DRF.

The public API is read far more often than the catalog changes. Rendered responses are kept
in the cache under the catalog revision (catalog.conditional.response_cache_key: address,
language, Accept), so the next anonymous GET of the same address is answered from the cache:
a 304 if the client already has it, the stored bytes otherwise. The per-client rate limit
still counts every request. Anything sent with credentials goes through DRF untouched.
"""
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from catalog.conditional import RESPONSE_CACHE_SECONDS, response_cache_key, revision_for

from .throttling import AnonymousRateThrottle


def _personal(request):
    return "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES


def _storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and "public" in cache_control
        and response.has_header("ETag")
        and not response.cookies
    )


def _answer_from(request, stored):
    """The stored response, or a 304 carrying its validators when the client has it."""
    last_modified = parse_http_date_safe(stored.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=stored["ETag"], last_modified=last_modified, response=stored
    )


def public_read_cache(view):
    """Wrap an API view (a router's callback) with the revision-keyed response cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _personal(request):
            return view(request, *args, **kwargs)
        key = "api-" + response_cache_key(request, revision_for(request)[0])
        stored = cache.get(key)
        if stored is not None and AnonymousRateThrottle().allow_request(request, None):
            return _answer_from(request, stored)
        response = view(request, *args, **kwargs)
        if stored is None and hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(
                lambda rendered: cache.set(key, rendered, RESPONSE_CACHE_SECONDS) if _storable(rendered) else None
            )
        return response

    return wrapped
