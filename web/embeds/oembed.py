"""oEmbed (https://oembed.com): which widget stands for a Candor address, and at what size.

Both embed addresses and the pages they belong to resolve: an assistant page gives its
scorecard, a comparison page the comparison card, a campaign page the campaign widget.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import QueryDict
from django.utils import translation

from catalog.models import AIModel, Assistant, Campaign
from edge import parameters
from web.embeds.labels import widget_title
from web.embeds.options import LANGUAGES, parse_lang
from web.embeds.widgets import WIDGETS

DEFAULT_WIDTH = 480
PREFIX = r"^/(?:(?P<lang>" + "|".join(LANGUAGES) + r")/)?"
# (pattern, widget kind, name of the path group that carries the widget's required option)
ROUTES = [
    (re.compile(r"^/embed/(?P<kind>alternatives|compare)/$"), None, None),
    (
        re.compile(r"^/embed/(?P<kind>retirement|campaign|assistant|switch)/(?P<slug>[^/]+)/$"),
        None,
        "slug",
    ),
    (re.compile(PREFIX + r"assistants/(?P<slug>[^/]+)/$"), "assistant", "slug"),
    (re.compile(PREFIX + r"compare/$"), "compare", None),
    (re.compile(PREFIX + r"campaigns/(?P<slug>[^/]+)/$"), "campaign", "slug"),
    (re.compile(PREFIX + r"switch/(?P<slug>[^/]+)/$"), "switch", "slug"),
]


@dataclass(frozen=True)
class Target:
    widget: object
    params: dict
    title: str


def route(path, query):
    """(widget, params) for a Candor path, or None when no widget stands for it."""
    for pattern, kind, slug_group in ROUTES:
        match = pattern.match(path)
        if not match:
            continue
        widget = WIDGETS[kind or match["kind"]]
        params = {name: query.get(name, "") for name in (widget.required, *widget.optional)}
        if slug_group:
            params[widget.required] = match[slug_group]
        if match.groupdict().get("lang") and not params.get("lang"):
            params["lang"] = match["lang"]
        return widget, {name: value for name, value in params.items() if value}
    return None


def title_for(widget, params):
    """The widget's title, read from the catalog; parameters.NotFound when what it names is absent."""
    slug = params[widget.required]
    if widget.kind == "compare":
        slugs = parameters.parse_slugs(slug)
        names = dict(Assistant.objects.filter(slug__in=slugs).values_list("slug", "name"))
        if len(names) < len(slugs):
            missing = ", ".join(s for s in slugs if s not in names)
            raise parameters.NotFound("assistants", f"Candor lists no assistant {missing}")
        return widget_title("compare", ", ".join(names[s] for s in slugs))
    model = {"retirement": AIModel, "campaign": Campaign}.get(widget.kind, Assistant)
    name = model.objects.filter(slug=slug).values_list("name", flat=True).first()
    if name is None:
        raise parameters.NotFound(widget.required, f"Candor lists no {widget.required} {slug!r}")
    return widget_title(widget.kind, name)


def resolve(url, host):
    """The Target for `url` if it is a Candor address on `host` with a widget; else an error."""
    parts = urlsplit(url or "")
    if not url:
        raise parameters.ParameterError("url", "url is required: the address of a Candor page or embed")
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
        raise parameters.NotFound("url", f"not a Candor address on {host}")
    found = route(parts.path, QueryDict(parts.query))
    if found is None:
        raise parameters.NotFound("url", "no widget stands for this Candor page")
    widget, params = found
    try:
        widget.validate(params)
        with translation.override(parse_lang(params.get("lang"))):
            title = title_for(widget, params)
    except parameters.ParameterError as error:
        # Reported against `url`, the parameter the consumer gave, saying which part is wrong.
        kind = type(error)
        raise kind("url", f"{error.parameter}: {error.message}", error.accepted) from None
    return Target(widget, params, title)


def fitted_size(widget, maxwidth, maxheight):
    """The widget's natural size, shrunk to the consumer's limits (never exceeding them)."""
    width = min(DEFAULT_WIDTH, maxwidth) if maxwidth else DEFAULT_WIDTH
    height = min(widget.height, maxheight) if maxheight else widget.height
    return width, height
