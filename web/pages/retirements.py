"""Retirements: the deprecation timeline with countdowns, as a page, an Atom feed and a calendar."""
from itertools import groupby

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import selectors
from catalog.dates import Precision, days_until, display_partial, iso_partial, not_over
from catalog.models import AIModel, DeprecationEvent
from edge import parameters
from edge.conditional import today
from web.calendar import render_calendar
from web.feeds import RetirementFeed, event_anchor, event_title
from web.forms import RetirementFilter
from web.pages.common import bad_parameters, daily_public_page, public_page

# Kinds that take a model away; a future one gets a countdown.
ENDINGS = {
    DeprecationEvent.Kind.RETIRED,
    DeprecationEvent.Kind.SHUTDOWN_SCHEDULED,
    DeprecationEvent.Kind.DEPRECATED,
}


def countdowns(events, on_day):
    """(event, days to go) of the events that take a model away and are still ahead."""
    return [
        (event, days_until(event.date, event.date_precision, on_day))
        for event in events
        if event.kind in ENDINGS and not_over(event.date, event.date_precision, on_day)
    ]


def by_year_newest_first(events):
    return [(year, list(group)) for year, group in groupby(reversed(events), key=lambda e: e.date.year)]


@daily_public_page
def retirements_page(request):
    filters = RetirementFilter(
        request.GET, selectors.published_deprecations().prefetch_related("model__assistants")
    )
    if not filters.is_valid():
        return bad_parameters(request, parameters.form_errors(filters))
    events = list(filters.qs)
    on_day = today()
    return render(
        request,
        "catalog/retirements.html",
        {
            "form": filters.form,
            "filtered": filters.is_filtered(),
            "count": len(events),
            "upcoming": countdowns(events, on_day),
            "years": by_year_newest_first(events),
            "today": on_day,
        },
    )


def partial(value, precision):
    """{iso, display} of a partial date, or None when unknown."""
    return {"iso": iso_partial(value, precision), "display": display_partial(value, precision)} if value else None


@daily_public_page
def model_page(request, slug):
    """One model's whole ledger: what it is, who runs it, every event with its sources."""
    try:
        model = selectors.model_profile(slug)
    except AIModel.DoesNotExist:
        raise Http404(_("No model has this address.")) from None
    events = list(selectors.published_deprecations().filter(model=model))
    on_day = today()
    return render(
        request,
        "catalog/model.html",
        {
            "model": model,
            "released": partial(model.released, model.released_precision),
            "retired": partial(model.retired, model.retired_precision),
            "assistants": list(model.assistants.all()),
            "upcoming": countdowns(events, on_day),
            "years": by_year_newest_first(events),
            "count": len(events),
            "today": on_day,
        },
    )


retirement_feed = public_page(RetirementFeed())


@public_page
def retirement_calendar(request):
    """Every published deprecation event known to the day, as an all-day event (text/calendar).

    An event known only to its month or year is left out: as an all-day event it would fill
    the whole month (or year) of a reader's calendar; the page and the feed carry it.
    """
    page = request.build_absolute_uri(reverse("pages:retirements"))
    events = [event for event in selectors.published_deprecations() if event.date_precision == Precision.DAY]
    entries = [
        {
            "uid": f"{event.key}@candor",
            "date": event.date,
            "precision": event.date_precision,
            "summary": event_title(event),
            "description": "\n".join(
                [event.summary, *[f"{s.title} ({s.publisher}) {s.url}".strip() for s in event.sources.all()]]
            ),
            "url": f"{page}#{event_anchor(event)}",
            "last_modified": event.updated_at,
        }
        for event in events
    ]
    stamp = max((event.updated_at for event in events), default=timezone.now())
    body = render_calendar(
        _("Candor: AI model retirements"), entries, product_id="-//Candor//Retirements//EN", stamp=stamp
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="candor-retirements.ics"'
    return response
