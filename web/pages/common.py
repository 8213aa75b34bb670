"""What every public page shares: conditional GET, cache headers, the 400 page."""
import datetime
import functools

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import condition, require_safe

from edge.conditional import (
    catalog_etag,
    catalog_last_modified,
    public_cache,
    revision_cached,
    revision_conditional,
)
from web.forms import parameter_errors


def _shared_cache(view):
    """Public Cache-Control on answers that are the catalog (200 and its 304), not on errors."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            public_cache(response)
        return response

    return wrapper


def public_page(view):
    """GET/HEAD only, ETag/304 from the catalog revision, public Cache-Control, and the
    rendered page kept in the cache until the catalog changes."""
    return require_safe(_shared_cache(revision_conditional(revision_cached(view))))


def today():
    return timezone.localdate()


def _daily_etag(request, *args, **kwargs):
    return f"{catalog_etag(request)}-{today().isoformat()}"


def _daily_last_modified(request, *args, **kwargs):
    start_of_day = timezone.make_aware(datetime.datetime.combine(today(), datetime.time.min))
    return max(catalog_last_modified(request), start_of_day)


def daily_public_page(view):
    """Like public_page, for pages that count days (countdowns): they also change at midnight,
    so they are not kept in the revision-keyed response cache."""
    conditional = condition(etag_func=_daily_etag, last_modified_func=_daily_last_modified)
    return require_safe(_shared_cache(conditional(view)))


def bad_parameters(request, problems, status=400):
    """A page that names each bad parameter and what it accepts.

    `problems` is a bound invalid form or a list of {parameter, messages, accepted}.
    """
    if hasattr(problems, "errors"):
        problems = parameter_errors(problems)
    return render(request, "catalog/bad_parameters.html", {"problems": problems}, status=status)
