"""The HTML a site pastes to embed Candor: loader markup, a plain iframe, a badge.

None of it needs the host to allow inline styles or scripts: sizes are attributes, and the
loader sets what it must through element.style.
"""

from urllib.parse import urlencode

from django.utils.html import format_html, format_html_join

# No top navigation: the widget can open Candor in a new tab, never redirect the host page.
# allow-same-origin keeps the frame's real (Candor) origin, distinct from the host's, so the
# host can check where resize messages come from; it gives the frame no access to the host.
SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"


def iframe_html(src, title, width, height):
    """A plain iframe: for hosts that strip scripts, and for oEmbed."""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" sandbox="{}" '
        'referrerpolicy="no-referrer" frameborder="0"></iframe>',
        src,
        title,
        width,
        height,
        SANDBOX,
    )


def loader_html(widget, params, origin, title):
    """A <div> widget.js turns into an auto-sized iframe; without JavaScript, a link."""
    attributes = [("data-candor-widget", widget.kind)]
    names = (widget.required, *widget.optional)
    attributes += [(f"data-{name}", params[name]) for name in names if params.get(name)]
    return format_html(
        '<div{}><a href="{}">{}</a></div>\n<script async src="{}/widget.js"></script>',
        format_html_join("", ' {}="{}"', attributes),
        origin + widget.url(params),
        title,
        origin,
    )


def badge_html(origin, assistant, category, alt, lang):
    query = f"?{urlencode({'lang': lang})}" if lang != "en" else ""
    return format_html(
        '<a href="{}/assistants/{}/"><img src="{}/badge/{}/{}.svg{}" alt="{}" height="20"></a>',
        origin,
        assistant.slug,
        origin,
        assistant.slug,
        category,
        query,
        alt,
    )


def oembed_url(origin, page_url):
    return f"{origin}/oembed?{urlencode({'url': page_url, 'format': 'json'})}"
