"""What every embed and badge response carries: caching, framing policy and privacy headers.

Each embed URL holds all its options (language, theme, weights...), so the ETag is the catalog
revision plus a digest of the URL: a CDN or browser revalidates with one small query and gets
a 304 until the catalog changes. The same framing headers go on a 304 as on the 200, because
a cache refreshes its stored headers from the 304.
"""

import hashlib
import re
from functools import wraps

from csp.decorators import csp_replace
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import condition

from catalog.comparison import ComparisonError
from edge.conditional import REPRESENTATION_VERSION, public_cache, revision_cached, revision_for
from web.embeds import labels, options

# Bump when an embed template or badge changes shape, so old ETags stop matching.
EMBED_VERSION = "1"
ANY_ORIGIN = ["*"]
# An origin as campaigns list it: scheme, host (optionally *.host) and port; nothing that
# could smuggle another directive into the header.
ORIGIN = re.compile(r"https?://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?\Z", re.IGNORECASE)


def frame_sources(origins):
    """CSP frame-ancestors sources for a campaign: ourselves plus its well-formed origins."""
    return ["'self'", *[origin for origin in origins if ORIGIN.match(str(origin))]]


def url_etag(request, daily=False):
    """Catalog revision + representation versions + the URL (+ today for countdowns)."""
    number, _changed = revision_for(request)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16]
    day = f"-{timezone.now().date().isoformat()}" if daily else ""
    return f"e{number}-v{REPRESENTATION_VERSION}.{EMBED_VERSION}-{digest}{day}"


def cache_headers(response):
    """Public caching for successes and 304s; a short life for errors so fixes show quickly."""
    if response.status_code < 400:
        public_cache(response, max_age=300, shared_max_age=900, stale=3600)
    else:
        public_cache(response, max_age=60, shared_max_age=60, stale=0)
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Referrer-Policy"] = "no-referrer"
    return response


def render_embed(request, template, look, context=None, status=200):
    """Render an embed template in the embed's own language (not the visitor's)."""
    shared = {"look": look, "overall_label": labels.CATEGORIES["overall"]}
    with translation.override(look.lang):
        html = render_to_string(template, {**shared, **(context or {})}, request=request)
    response = HttpResponse(html, status=status)
    response["Content-Language"] = look.lang
    return response


def error_page(request, error):
    """A framable page naming the bad parameter and what it accepts."""
    return render_embed(
        request,
        "embed/error.html",
        options.look_or_default(request.GET),
        {"error": error, "title": pgettext_lazy("embed", "This widget could not be shown")},
        status=getattr(error, "status", 400),
    )


def public_resource(render_errors=error_page, daily=False):
    """Decorate a public view: ComparisonError -> 4xx from `render_errors`, ETag/304, caching.

    Successes are kept in the response cache until the catalog changes, except `daily` ones
    (countdowns), whose ETag carries today's date instead.
    """

    def decorator(view):
        @wraps(view)
        def answering_errors(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except ComparisonError as error:
                return render_errors(request, error)

        rendering = answering_errors if daily else revision_cached(answering_errors)
        conditional = condition(etag_func=lambda request, *a, **kw: url_etag(request, daily))(
            rendering
        )

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return cache_headers(conditional(request, *args, **kwargs))

        return wrapped

    return decorator


def embed_view(frame_ancestors=None, daily=False):
    """Decorate an embed page: a public resource that may be framed.

    `frame_ancestors(request, **kwargs)` gives the CSP frame-ancestors sources; by default any
    origin may frame the embed. X-Frame-Options is dropped here and only here.
    """

    def decorator(view):
        resource = public_resource(error_page, daily)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = resource(request, *args, **kwargs)
            sources = frame_ancestors(request, *args, **kwargs) if frame_ancestors else ANY_ORIGIN
            # csp_replace is django-csp's per-view decorator, applied per response here
            # because a campaign's allowed origins are known only at request time.
            return csp_replace({"frame-ancestors": sources})(lambda: response)()

        return xframe_options_exempt(wrapped)

    return decorator
