"""Which language a page speaks: the URL prefix (/fr/, /ar/, /uk/, /en/), else Accept-Language.

Pages live twice in the URL map (see config/urls.py): under a language prefix, and without one
(the public contract's URLs). Without a prefix the browser's Accept-Language decides and the
response says `Vary: Accept-Language`. Nothing is remembered between requests: no cookie is
read or set, and no redirect is needed, so shared caches can keep every variant.
"""
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from edge.conditional import read_query

PAGES_NAMESPACE = "pages"
NEGOTIATED_NAMESPACE = "negotiated"


def language_from_accept_header(header):
    """The best supported language in an Accept-Language header, or None."""
    for code, _quality in parse_accept_lang_header(header or ""):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class LanguageMiddleware:
    """Activate the language of the URL prefix, else of Accept-Language, else the default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from_path = translation.get_language_from_path(request.path_info)
        language = (
            from_path
            or language_from_accept_header(request.META.get("HTTP_ACCEPT_LANGUAGE"))
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if not from_path:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def page_url_in(request, language):
    """The address of the current page in `language` (prefixed), query string kept.

    Pages that cannot be resolved (a 404, a 500) point to the home page in that language.
    """
    # Only the parameters the page read: they are what it shows (edge.conditional.read_query).
    query = read_query(request) if request is not None else ""
    with translation.override(language):
        try:
            match = resolve(request.path_info) if request is not None else None
        except Resolver404:
            match = None
        if match is None or match.namespace not in (PAGES_NAMESPACE, NEGOTIATED_NAMESPACE):
            return reverse(f"{PAGES_NAMESPACE}:home")
        try:
            path = reverse(f"{PAGES_NAMESPACE}:{match.url_name}", args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            path = reverse(f"{PAGES_NAMESPACE}:home")
    return f"{path}?{query}" if query else path
