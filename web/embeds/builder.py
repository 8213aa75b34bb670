"""GET /embed/: choose a widget, then its options, preview it, copy the snippet.

A guided GET form in two steps, one widget at a time: first the widget ("Next"), then only
that widget's fields ("Show the snippet", which lands on the snippet's anchor). The server
validates the options with the embeds' own checks and writes the snippets, so it works
without JavaScript; a small script only adds copy buttons.
"""

from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from django.conf import settings
from django.utils.translation import pgettext_lazy

from catalog.models import CATEGORY_KEYS, AIModel, Assistant, Campaign
from edge import parameters
from edge.conditional import cache_control
from web.embeds import labels, oembed, options, snippets
from web.embeds.widgets import WIDGETS
from web.picker import FIND_ACTION, assistant_picker

BADGE = "badge"
CHOOSE_ACTION = "choose"  # step 1's button: show the chosen widget's fields, check nothing yet
# What each widget asks for, besides its language: the builder shows these fields only.
BADGE_FIELDS = ("assistant", "category", "lang")
LANGUAGE_NAMES = dict(settings.LANGUAGES)  # each language named in itself
THEME_NAMES = {
    "light": pgettext_lazy("embed", "Light"),
    "dark": pgettext_lazy("embed", "Dark"),
    "auto": pgettext_lazy("embed", "As the visitor's device is set"),
}
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
    """The form's values; `assistants` may come as ticked boxes or as one comma list, and
    the weights as one number per category (`weight_privacy=3`, empty = its default) or as
    one `weights=privacy:3` string."""
    params = {name: query.get(name, "").strip() for name in FIELDS}
    ticked = [value.strip() for value in query.getlist("assistants") if value.strip()]
    params["assistants"] = ",".join(ticked)
    per_category = {key: query.get(f"weight_{key}", "").strip() for key in CATEGORY_KEYS}
    if any(per_category.values()):
        params["weights"] = ",".join(f"{key}:{value}" for key, value in per_category.items() if value)
    return params


def weight_fields(params):
    """[(key, label, value)] for the per-category weight inputs, from `weights`."""
    given = {}
    for part in params["weights"].split(","):
        key, _sep, value = part.partition(":")
        given[key.strip()] = value.strip()
    return [(key, labels.CATEGORIES[key], given.get(key, "")) for key in CATEGORY_KEYS]


def fields_of(kind):
    """The names of the fields the chosen widget reads (what the builder shows)."""
    if kind == BADGE:
        return BADGE_FIELDS
    widget = WIDGETS.get(kind)
    return (widget.required, *widget.optional) if widget else ()


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


BADGE_LABEL = pgettext_lazy("embed", "Score badge (image)")


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
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in options.LANGUAGES],
        "themes": [(theme, THEME_NAMES[theme]) for theme in options.THEMES],
        "chosen_assistants": params["assistants"].split(","),
        "weight_fields": weight_fields(params),
        "fields": fields_of(params["widget"]),
        "widget_label": dict([(w.kind, w.label) for w in WIDGETS.values()] + [(BADGE, BADGE_LABEL)]).get(params["widget"]),
    }
    status = 200
    kind = params["widget"]
    # A search or the step-1 "Next" is not a request to preview.
    if kind and request.GET.get("action") not in (FIND_ACTION, CHOOSE_ACTION):
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
