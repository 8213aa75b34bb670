"""GET /oembed: the oEmbed provider endpoint (JSON, type "rich")."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from edge import parameters
from web.embeds import oembed, options, snippets
from web.embeds.responses import embed_resource

CACHE_AGE = 300


def json_error(request, error):
    body = {"parameter": error.parameter, "message": error.message}
    if error.accepted is not None:
        body["accepted"] = error.accepted
    return allow_any_origin(JsonResponse(body, status=getattr(error, "status", 400)))


def allow_any_origin(response):
    """Public, credential-free data: any page's script may read it."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@embed_resource(render_errors=json_error)
def oembed_endpoint(request):
    response_format = request.GET.get("format", "json").strip().lower() or "json"
    if response_format == "xml":
        body = {"parameter": "format", "message": "XML is not implemented", "accepted": ["json"]}
        return allow_any_origin(JsonResponse(body, status=501))
    if response_format != "json":
        shown = parameters.shown(response_format)
        raise parameters.ParameterError("format", f"unknown format {shown}", ["json"])
    maxwidth = options.parse_dimension(request.GET.get("maxwidth"), "maxwidth")
    maxheight = options.parse_dimension(request.GET.get("maxheight"), "maxheight")
    target = oembed.resolve(request.GET.get("url"), request.get_host())
    width, height = oembed.fitted_size(target.widget, maxwidth, maxheight)
    origin = request.build_absolute_uri("/").rstrip("/")
    src = origin + target.widget.url(target.params)
    return allow_any_origin(
        JsonResponse(
            {
                "version": "1.0",
                "type": "rich",
                "provider_name": "Candor",
                "provider_url": origin + "/",
                "title": target.title,
                "html": snippets.iframe_html(src, target.title, width, height),
                "width": width,
                "height": height,
                "cache_age": CACHE_AGE,
            }
        )
    )
