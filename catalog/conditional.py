"""Conditional requests keyed by the catalog revision.

Every public response (API, page, embed, feed) changes only when the catalog does, so one
counter gives ETags and Last-Modified for all of them: a client revalidating an unchanged
resource gets a 304 for the price of one small query.
"""
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from . import revision

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
