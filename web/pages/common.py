"""What every public page shares: conditional GET, caching and Cache-Control (edge.conditional),
and the 400 page that names each bad parameter."""
from django.shortcuts import render
from django.views.decorators.http import require_safe

from edge.conditional import public_resource
from edge.parameters import form_errors, grouped_for_display


def public_page(view):
    """GET/HEAD only, ETag/304 from the catalog revision, the page's Cache-Control, and the
    rendered page kept in the response cache until the catalog changes."""
    return require_safe(public_resource("page")(view))


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
