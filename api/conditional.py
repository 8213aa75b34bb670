"""Conditional requests and caching for the API.

Catalog reads (lists, assistant detail, compare, alternatives) are keyed by the catalog
revision: a client revalidating gets a 304 for the price of one small query, and anonymous
responses are kept in the cache until the next write. Editable records (assessments,
sources, deprecation events, political ties) carry their own ETag, a digest of their
representation, which editors send back in If-Match.
"""

import hashlib
import json
from calendar import timegm

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from rest_framework.response import Response

from edge import conditional as catalog_conditional

from api.permissions import is_editor

CACHE_SECONDS = 600


def audience(request):
    """Editors also see drafts, so their responses differ from the public's."""
    return "editor" if is_editor(request) else "public"


def cache_headers(request, response):
    """Public data may be kept by shared caches; anything asked with credentials may not."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        catalog_conditional.public_cache(response)
    patch_vary_headers(response, ["Accept", "Accept-Language", "Authorization"])
    return response


def revision_read(request, produce):
    """Answer a GET from the catalog revision: 304 when unchanged, cached data when anonymous.

    `produce()` builds the Response on a miss. Its data is cached under the full address
    (host and query included: pagination links are absolute) and rendered again per request.
    """
    etag = quote_etag(
        catalog_conditional.variant_etag(
            request, request.accepted_renderer.format, audience(request)
        )
    )
    last_modified = timegm(catalog_conditional.catalog_last_modified(request).utctimetuple())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = _cached(request, produce) if not request.user.is_authenticated else produce()
    if response.status_code in (200, 304):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        cache_headers(request, response)
    return response


def _cached(request, produce):
    number, _ = catalog_conditional.revision_for(request)
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    key = f"candor:api:r{number}:{get_language() or 'en'}:{address}"
    data = cache.get(key)
    if data is not None:
        return Response(data)
    response = produce()
    if response.status_code == 200:
        cache.set(key, response.data, CACHE_SECONDS)
    return response


def record_etag(data):
    """A strong ETag from a record's representation: any change to it gives a new one."""
    body = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return quote_etag(hashlib.sha256(body.encode()).hexdigest()[:32])


def record_read(request, data):
    """A record's representation with its ETag; 304 when the client already has it."""
    etag = record_etag(data)
    response = get_conditional_response(request, etag=etag) or Response(data)
    if response.status_code in (200, 304):
        response["ETag"] = etag
        cache_headers(request, response)
    return response
