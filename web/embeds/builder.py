"""GET /embed/: choose a widget and its options, preview it, copy the snippet.

A plain GET form: the server validates the options with the embeds' own checks and writes the
snippets, so it works without JavaScript; a small script only adds copy buttons.
"""

from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from catalog.models import AIModel, Assistant, Campaign
from edge import parameters
from edge.conditional import cache_control
from web.embeds import labels, oembed, options, snippets
from web.embeds.widgets import WIDGETS
from web.picker import FIND_ACTION, assistant_picker

BADGE = "badge"
FIELDS = (
    "widget",
    "to",
    "assistants",
    "model",
    "campaign",
    "assistant",
    "category",
    "weights",
    "limit",
    "lang",
    "theme",
)


def read_form(query):
    """The form's values; `assistants` may come as ticked boxes or as one comma list."""
    params = {name: query.get(name, "").strip() for name in FIELDS}
    ticked = [value.strip() for value in query.getlist("assistants") if value.strip()]
    params["assistants"] = ",".join(ticked)
    return params


def badge_result(params, origin):
    slug = parameters.parse_slug(params["assistant"], "assistant")
    category = params["category"] or "overall"
    if category not in labels.CATEGORIES:
        accepted = list(labels.CATEGORIES)
        raise parameters.ParameterError("category", f"no category {category!r}", accepted=accepted)
    lang = options.parse_lang(params["lang"])
    assistant = Assistant.objects.filter(slug=slug).first()
    if assistant is None:
        raise parameters.NotFound("assistant", f"Candor lists no assistant {slug!r}")
    with translation.override(lang):
        alt = labels.badge_alt(category, assistant.name)
    snippet = snippets.badge_html(origin, assistant, category, alt, lang)
    return {
        "badge_snippet": snippet,
        "badge_alt": alt,
        "badge_src": f"/badge/{slug}/{category}.svg?lang={lang}",
    }


def widget_result(widget, params, origin):
    widget.validate(params)
    with translation.override(options.parse_lang(params.get("lang"))):
        title = oembed.title_for(widget, params)
    path = widget.url(params)
    return {
        "widget": widget,
        "preview": path,
        "title": title,
        "loader_snippet": snippets.loader_html(widget, params, origin, title),
        "iframe_snippet": snippets.iframe_html(origin + path, title, "100%", widget.height),
        "oembed": snippets.oembed_url(origin, origin + path),
    }


@require_safe
def builder(request):
    params = read_form(request.GET)
    chosen = [params["to"], params["assistant"], *params["assistants"].split(",")]
    picker = assistant_picker(request.GET.get("find", ""), chosen)
    context = {
        "params": params,
        "widgets": list(WIDGETS.values()),
        "picker": picker,
        "models": list(AIModel.objects.order_by("name").values_list("slug", "name")),
        "campaigns": list(Campaign.objects.order_by("name").values_list("slug", "name")),
        "categories": list(labels.CATEGORIES.items()),
        "languages": options.LANGUAGES,
        "themes": options.THEMES,
        "chosen_assistants": params["assistants"].split(","),
    }
    status = 200
    kind = params["widget"]
    if kind and request.GET.get("action") != FIND_ACTION:  # a search is not a request to preview
        origin = request.build_absolute_uri("/").rstrip("/")
        try:
            if kind == BADGE:
                context.update(badge_result(params, origin))
            elif kind in WIDGETS:
                context.update(widget_result(WIDGETS[kind], params, origin))
            else:
                raise parameters.ParameterError("widget", f"no widget {kind!r}", accepted=[*WIDGETS, BADGE])
        except parameters.ParameterError as error:
            context["error"] = error
            status = 400
    return cache_control(render(request, "embed/builder.html", context, status=status), "builder")
