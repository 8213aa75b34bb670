"""Conditional requests keyed by the catalog revision.

Every public response (API, page, embed, feed) changes only when the catalog does, so one
counter gives ETags and Last-Modified for all of them: a client revalidating an unchanged
resource gets a 304 for the price of one small query.
"""
import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from catalog import revision
from edge import response_cache

# Bump when templates or serializers change shape, so old ETags stop matching.
REPRESENTATION_VERSION = "1"


def revision_for(request):
    """(number, changed_at), read once per request."""
    cached = getattr(request, "_candor_revision", None)
    if cached is None:
        cached = revision.current()
        request._candor_revision = cached
    return cached


def catalog_etag(request, *args, **kwargs):
    number, _ = revision_for(request)
    return f"r{number}-{get_language() or 'en'}-v{REPRESENTATION_VERSION}"


def variant_etag(request, *variants):
    """The catalog ETag refined by what else shapes a response (format, audience...).

    One URL can answer in several representations (JSON or CSV by `Accept`, editors' view or
    the public one); each needs its own ETag or a cache would hand one out for the other.
    """
    return "-".join([catalog_etag(request), *variants])


def catalog_last_modified(request, *args, **kwargs):
    return revision_for(request)[1]


def public_cache(response, max_age=60, shared_max_age=300, stale=600):
    """Cache-Control for public catalog data: shared caches may keep it a little longer."""
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        s_maxage=shared_max_age,
        stale_while_revalidate=stale,
    )
    patch_vary_headers(response, ["Accept-Language"])
    return response


def revision_conditional(view):
    """Decorate a view: ETag/Last-Modified from the revision, 304 when unchanged."""
    return condition(etag_func=catalog_etag, last_modified_func=catalog_last_modified)(view)


RESPONSE_CACHE_SECONDS = 3600


def response_cache_key(request, number):
    """Everything that can change a public response's bytes: address (host included, since
    API pagination links are absolute), language, Accept, revision."""
    varying = "\n".join(
        [request.build_absolute_uri(), get_language() or "en", request.META.get("HTTP_ACCEPT", "")]
    )
    digest = hashlib.sha256(varying.encode()).hexdigest()[:32]
    return f"response:r{number}:v{REPRESENTATION_VERSION}:{digest}"


def revision_cached(view):
    """Serve anonymous GETs from the cache until the catalog revision changes.

    A publish bumps the revision, so old entries are never read again (they expire on their
    own); there is nothing to purge. Only 200 responses are kept.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        personal = "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES
        if request.method not in ("GET", "HEAD") or personal:
            return view(request, *args, **kwargs)
        key = response_cache_key(request, revision_for(request)[0])
        cached = response_cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming or response.has_header("Set-Cookie"):
            return response

        def store(rendered):
            response_cache.set(key, rendered, RESPONSE_CACHE_SECONDS)

        if hasattr(response, "add_post_render_callback") and not getattr(response, "is_rendered", True):
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return wrapped
