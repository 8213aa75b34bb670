"""What every embed and badge response carries: caching, framing policy and privacy headers.

Each embed URL holds all its options (language, theme, weights...), so its ETag (the "embed"
variant of edge.conditional) is the catalog revision plus a digest of the URL: a CDN or browser
revalidates with one small query and gets a 304 until the catalog changes. The same framing
headers go on a 304 as on the 200, because a cache refreshes its stored headers from the 304.
"""

import re
from functools import wraps

from csp.decorators import csp_replace
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import pgettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt

from edge.conditional import public_resource
from edge.parameters import ParameterError
from web.embeds import labels, options

ANY_ORIGIN = ["*"]
# An origin as campaigns list it: scheme, host (optionally *.host) and port; nothing that
# could smuggle another directive into the header.
ORIGIN = re.compile(r"https?://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?\Z", re.IGNORECASE)


def frame_sources(origins):
    """CSP frame-ancestors sources for a campaign: ourselves plus its well-formed origins."""
    return ["'self'", *[origin for origin in origins if ORIGIN.match(str(origin))]]


def privacy_headers(response):
    """Hosts load embeds and badges cross-origin, and nothing of theirs is passed on."""
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
        status=error.status,
    )


def embed_resource(render_errors=error_page, daily=False, made_from=None):
    """Decorate a public view: ParameterError -> 4xx from `render_errors`, then the "embed" kind
    of edge.conditional (ETag/304, Cache-Control, the response cache except for `daily` ones:
    countdowns, whose ETag carries today's date instead; keyed by the scopes `made_from`
    names, if given), and the privacy headers on all."""

    def decorator(view):
        @wraps(view)
        def answering_errors(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except ParameterError as error:
                return render_errors(request, error)

        resource = public_resource("embed", daily=daily, made_from=made_from)(answering_errors)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return privacy_headers(resource(request, *args, **kwargs))

        return wrapped

    return decorator


def embed_view(frame_ancestors=None, daily=False, made_from=None):
    """Decorate an embed page: a public resource that may be framed.

    `frame_ancestors(request, **kwargs)` gives the CSP frame-ancestors sources; by default any
    origin may frame the embed. X-Frame-Options is dropped here and only here. `made_from`:
    see embed_resource.
    """

    def decorator(view):
        resource = embed_resource(error_page, daily, made_from)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = resource(request, *args, **kwargs)
            sources = frame_ancestors(request, *args, **kwargs) if frame_ancestors else ANY_ORIGIN
            # csp_replace is django-csp's per-view decorator, applied per response here
            # because a campaign's allowed origins are known only at request time.
            return csp_replace({"frame-ancestors": sources})(lambda: response)()

        return xframe_options_exempt(wrapped)

    return decorator
