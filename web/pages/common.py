"""What every public page shares: conditional GET, caching and Cache-Control (edge.conditional),
the 400 page that names each bad parameter, and old slugs redirected to new ones."""
import functools

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog import aliases
from edge.conditional import public_resource
from edge.parameters import form_errors, grouped_for_display


def public_page(view):
    """GET/HEAD only, ETag/304 from the catalog revision, the page's Cache-Control, and the
    rendered page kept in the response cache until the catalog changes."""
    return require_safe(public_resource("page")(view))


def scoped_public_page(made_from):
    """Like public_page, for a page that shows only some of the catalog: its rendered copy is
    kept until one of the scopes `made_from(request, **kwargs)` names changes (catalog.scopes)."""
    return lambda view: require_safe(public_resource("page", made_from=made_from)(view))


def daily_public_page(view):
    """Like public_page, for pages that count days (countdowns): they also change at midnight,
    so they are not kept in the revision-keyed response cache."""
    return require_safe(public_resource("page", daily=True)(view))


def bad_parameters(request, errors, status=400):
    """A page that names each bad parameter and what it accepts.

    `errors` is a bound invalid form or a list of ParameterError.
    """
    if hasattr(errors, "errors"):
        errors = form_errors(errors)
    return render(request, "catalog/bad_parameters.html", {"problems": grouped_for_display(errors)}, status=status)


def follows_slug_aliases(kind, url_name):
    """A page addressed by an old slug (the record was renamed) answers a 301 to its new
    address, in the same language, with the same query; the lookup costs nothing on a hit."""
    def wrap(view):
        @functools.wraps(view)
        def page(request, slug, **kwargs):
            try:
                return view(request, slug=slug, **kwargs)
            except Http404:
                new = aliases.current_slug(kind, slug)
                if new is None or new == slug:
                    raise
                url = reverse(f"pages:{url_name}", args=[new])
                query = request.META.get("QUERY_STRING")
                return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

        return page

    return wrap
