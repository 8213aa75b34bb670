"""GET /badge/<assistant>/<category>.svg: a score badge for READMEs, articles and campaign pages."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from catalog import scopes
from catalog.models import Assistant
from edge import parameters
from web.embeds import badges, labels, options
from web.embeds.responses import embed_resource

SVG = "image/svg+xml; charset=utf-8"


def svg_response(svg, lang, status=200):
    response = HttpResponse(svg, content_type=SVG, status=status)
    response["Content-Language"] = lang
    return response


def badge_error(request, error):
    """Errors are badges too: an <img> shows a badge, never a JSON body."""
    lang = options.look_or_default(request.GET).lang
    return svg_response(badges.error_badge(error, lang), lang, getattr(error, "status", 400))


@require_safe
@embed_resource(render_errors=badge_error, made_from=lambda request, assistant, category: scopes.own_scopes(assistant))
def badge(request, assistant, category):
    lang = options.parse_lang(request.GET.get("lang"))
    if category not in labels.CATEGORIES:
        raise parameters.NotFound("category", f"no category {category!r}", accepted=list(labels.CATEGORIES))
    subject = Assistant.objects.filter(slug=assistant).first()
    if subject is None:
        raise parameters.NotFound("assistant", f"Candor lists no assistant {assistant!r}")
    return svg_response(badges.score_badge(subject, category, lang), lang)
