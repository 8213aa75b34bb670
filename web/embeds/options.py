"""Embed options read from the query string, each checked against an allowlist.

Errors are edge.parameters.ParameterError, as every parser's, so every bad parameter is
reported the same way: its name, what was wrong, what is accepted.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info

from edge.parameters import ParameterError, shown

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
THEMES = ("light", "dark", "auto")
COLOR_SCHEMES = {"light": "light", "dark": "dark", "auto": "light dark"}
MIN_LIMIT, MAX_LIMIT, DEFAULT_LIMIT = 1, 10, 5
MAX_DIMENSION = 4000


@dataclass(frozen=True)
class Look:
    """How an embed is presented: its language and colour theme."""

    lang: str = "en"
    theme: str = "auto"

    @property
    def direction(self):
        return "rtl" if get_language_info(self.lang)["bidi"] else "ltr"

    @property
    def color_scheme(self):
        return COLOR_SCHEMES[self.theme]


def parse_lang(raw, accepted=LANGUAGES, default=None):
    """'fr', 'FR' or 'fr-CA' -> 'fr'; empty -> default (else the first accepted)."""
    if raw is None or not raw.strip():
        return default or accepted[0]
    code = raw.strip().lower().replace("_", "-").split("-")[0]
    if code not in accepted:
        raise ParameterError("lang", f"unsupported language {shown(raw)}", accepted=list(accepted))
    return code


def parse_theme(raw, default="auto"):
    if raw is None or not raw.strip():
        return default
    theme = raw.strip().lower()
    if theme not in THEMES:
        raise ParameterError("theme", f"unknown theme {shown(raw)}", accepted=list(THEMES))
    return theme


def parse_look(params, languages=LANGUAGES, default_lang=None, default_theme="auto"):
    """The Look asked for by `lang` and `theme`, within the languages offered."""
    return Look(
        lang=parse_lang(params.get("lang"), languages, default_lang),
        theme=parse_theme(params.get("theme"), default_theme),
    )


def look_or_default(params):
    """The Look asked for if valid, else the default: for error pages, which must render."""
    try:
        return parse_look(params)
    except ParameterError:
        return Look()


def parse_integer(raw, parameter, minimum, maximum, default=None):
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise ParameterError(
            parameter,
            f"{parameter} must be a whole number from {minimum} to {maximum}, not {shown(raw)}",
        )
    return value


def parse_limit(raw, default=DEFAULT_LIMIT):
    return parse_integer(raw, "limit", MIN_LIMIT, MAX_LIMIT, default)


def parse_dimension(raw, parameter):
    """oEmbed maxwidth / maxheight: None when absent."""
    return parse_integer(raw, parameter, 1, MAX_DIMENSION)
