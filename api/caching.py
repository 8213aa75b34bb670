"""How the API's views answer conditionally (the mechanism is edge.conditional's).

Catalog reads (lists, details, compare, alternatives, history) carry the revision ETag of the
"api" variant, qualified by the format DRF negotiated and the audience (editors also see
drafts); editable records carry the ETag of their own representation, which editors send back
in If-Match. Repeat anonymous reads never reach these views: api/urls.py wraps every route in
edge.conditional.cached.
"""
from django.utils.cache import patch_vary_headers
from rest_framework.response import Response

from api.permissions import is_editor
from api.throttling import AnonymousRateThrottle
from edge import conditional


def audience(request):
    """Editors also see drafts, so their responses differ from the public's."""
    return "editor" if is_editor(request) else "public"


def cache_headers(request, response):
    """Public data may be kept by shared caches; anything asked with credentials may not."""
    conditional.cache_control(response, "api", personal=conditional.is_personal(request))
    patch_vary_headers(response, ["Accept", "Accept-Language", "Authorization"])
    return response


def revision_read(request, produce):
    """Answer a GET from the catalog revision: 304 when unchanged, else `produce()`."""
    etag = conditional.revision_etag(request, "api", request.accepted_renderer.format, audience(request))
    response = conditional.answer(request, etag, produce, modified=conditional.last_modified(request))
    return cache_headers(request, response) if response.status_code in (200, 304) else response


def record_read(request, data):
    """A record's representation with its ETag; 304 when the client already has it."""
    response = conditional.answer(request, conditional.record_etag(data), lambda: Response(data))
    return cache_headers(request, response) if response.status_code in (200, 304) else response


def admitted(request):
    """A stored answer still counts against the anonymous rate limit."""
    return AnonymousRateThrottle().allow_request(request, None)


def cached(view, made_from=None):
    """edge.conditional.cached, counting every stored answer against the rate limit; keyed by
    the scopes `made_from` names, if given (catalog.scopes)."""
    # Keyed by the whole query: pagination links repeat it as sent.
    return conditional.cached(view, admit=admitted, whole_query=True, made_from=made_from)
