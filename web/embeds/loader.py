"""GET /widget.js: the loader script, served from our origin at a stable address.

Its ETag is a digest of the file, not the catalog revision: the script changes only with a
deploy. Hosts load it cross-origin, hence Cross-Origin-Resource-Policy.
"""

import hashlib
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.http import condition, require_safe

from edge.conditional import cache_control

SOURCE = "widget.js"


@lru_cache(maxsize=1)
def loader_source():
    """(bytes, etag) of static/widget.js, read once per process."""
    with open(finders.find(SOURCE), "rb") as source:
        content = source.read()
    return content, hashlib.sha256(content).hexdigest()[:20]


@require_safe
@condition(etag_func=lambda request: loader_source()[1])
def loader_or_not_modified(request):
    return HttpResponse(loader_source()[0], content_type="text/javascript; charset=utf-8")


def widget_js(request):
    """The loader, or a 304; cache and cross-origin headers on both."""
    response = loader_or_not_modified(request)
    cache_control(response, "script")
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
