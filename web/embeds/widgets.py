"""The kinds of widget a site can embed, and how their URLs are built.

One table serves the builder page, the snippets, oEmbed and the docs; widget.js mirrors the
path rule (`data-<name>` attributes become query parameters, the path parameter goes in the
path), so a `<div data-candor-widget=...>` and an iframe snippet point at the same URL.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import pgettext_lazy

from edge import parameters
from web.embeds import options

# Every option an embed reads, with the check it must pass; one definition for all callers.
CHECKS = {
    "to": lambda raw: parameters.parse_slug(raw, "to"),
    "assistants": parameters.parse_slugs,
    "assistant": lambda raw: parameters.parse_slug(raw, "assistant"),
    "model": lambda raw: parameters.parse_slug(raw, "model"),
    "campaign": lambda raw: parameters.parse_slug(raw, "campaign"),
    "weights": parameters.parse_weights,
    "limit": options.parse_limit,
    "lang": options.parse_lang,
    "theme": options.parse_theme,
}


@dataclass(frozen=True)
class Widget:
    kind: str  # the value of data-candor-widget
    label: str
    required: str  # the parameter that says what to show
    optional: tuple
    # The plain iframe's height, and the loader's before the frame reports its own: the
    # tallest the widget measured in Chromium, phone (358 px wide) and desktop, in every
    # language (tests/system/test_browser_embeds.py checks that nothing is clipped).
    height: int
    in_path: bool = False  # the required parameter is part of the path, not the query

    def path(self, params):
        if self.in_path:
            return f"/embed/{self.kind}/{quote(params[self.required], safe='')}/"
        return f"/embed/{self.kind}/"

    def query(self, params):
        """The query parameters, in a fixed order (one URL, one cache entry)."""
        names = self.optional if self.in_path else (self.required, *self.optional)
        return {name: params[name] for name in names if params.get(name)}

    def url(self, params):
        query = urlencode(self.query(params))
        return self.path(params) + (f"?{query}" if query else "")

    def validate(self, params):
        """Run the embed's own checks on the given options; ParameterError if one fails."""
        if not (params.get(self.required) or "").strip():
            raise parameters.ParameterError(self.required, f"{self.required} is required for this widget")
        for name in (self.required, *self.optional):
            if params.get(name):
                CHECKS[name](params[name])


LOOK = ("lang", "theme")
WIDGETS = {
    widget.kind: widget
    for widget in (
        Widget(
            "alternatives",
            pgettext_lazy("embed", "Alternatives to an assistant"),
            "to",
            ("weights", "limit", *LOOK),
            height=820,
        ),
        Widget(
            "compare",
            pgettext_lazy("embed", "Comparison card"),
            "assistants",
            ("weights", *LOOK),
            height=860,
        ),
        Widget(
            "retirement",
            pgettext_lazy("embed", "Retirement countdown"),
            "model",
            LOOK,
            height=3200,
            in_path=True,
        ),
        Widget(
            "campaign",
            pgettext_lazy("embed", "Campaign widget"),
            "campaign",
            ("limit", *LOOK),
            height=1160,
            in_path=True,
        ),
        Widget(
            "switch",
            pgettext_lazy("embed", "Switching kit (leaving an assistant)"),
            "assistant",
            ("weights", "limit", "campaign", *LOOK),
            height=640,
            in_path=True,
        ),
        Widget(
            "assistant",
            pgettext_lazy("embed", "Assistant scorecard"),
            "assistant",
            LOOK,
            height=400,
            in_path=True,
        ),
    )
}
