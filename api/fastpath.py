"""Serve repeat anonymous reads of the API without running DRF.

The public API is read far more often than the catalog changes. Rendered responses are kept
in the cache under the catalog revision (edge.conditional.response_cache_key: address,
language, Accept), so the next anonymous GET of the same address is answered from the cache:
a 304 if the client already has it, the stored bytes otherwise. The per-client rate limit
still counts every request. Anything sent with credentials goes through DRF untouched.
"""
from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from edge import response_cache
from edge.conditional import RESPONSE_CACHE_SECONDS, response_cache_key, revision_for

from api.throttling import AnonymousRateThrottle


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


# What a 304 must repeat (RFC 9110 15.4.5); kept apart from the body so that revalidating
# never loads the stored response.
VALIDATOR_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language")


def _validators(response):
    return {name: response[name] for name in VALIDATOR_HEADERS if response.has_header(name)}


def _not_modified(validators):
    response = HttpResponseNotModified()
    for name, value in validators.items():
        response[name] = value
    return response


def _store(key, rendered):
    if _storable(rendered):
        response_cache.set_many({key: rendered, key + ":validators": _validators(rendered)}, RESPONSE_CACHE_SECONDS)


def _client_has(request, validators):
    """True when If-None-Match names the stored ETag (weak comparison, as for GET)."""
    sent = request.META.get("HTTP_IF_NONE_MATCH", "")
    etag = validators.get("ETag", "").removeprefix("W/")
    return bool(etag) and any(tag.strip().removeprefix("W/") in (etag, "*") for tag in sent.split(","))


def _answer_from(request, stored):
    """The stored response, or a 304 carrying its validators when the client has it."""
    last_modified = parse_http_date_safe(stored.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=stored["ETag"], last_modified=last_modified, response=stored
    )


def _allowed(request):
    return AnonymousRateThrottle().allow_request(request, None)


def public_read_cache(view):
    """Wrap an API view (a router's callback) with the revision-keyed response cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _personal(request):
            return view(request, *args, **kwargs)
        key = "api-" + response_cache_key(request, revision_for(request)[0])
        if "HTTP_IF_NONE_MATCH" in request.META:
            validators = response_cache.get(key + ":validators")
            if validators and _client_has(request, validators) and _allowed(request):
                return _not_modified(validators)
        stored = response_cache.get(key)
        if stored is not None and _allowed(request):
            return _answer_from(request, stored)
        response = view(request, *args, **kwargs)
        if stored is None and hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(lambda rendered: _store(key, rendered))
        return response

    return wrapped
