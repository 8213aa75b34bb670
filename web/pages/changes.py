"""Changes, for people: what changed for an assistant between two moments (catalog.differences),
as a page, and the change feeds (Atom) of every published change and of one assistant's."""
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from catalog import differences
from catalog.models import CATEGORY_KEYS, Category
from catalog.scoring import scores as scoring
from edge import asof
from edge.parameters import ParameterError
from web.feeds import AssistantChangeFeed, ChangeFeed
from web.pages.common import bad_parameters, public_page


def score_rows(found):
    """(label, before, after) per category and overall: bands.Evidence, None when the assistant
    was not in the catalog on that side."""
    before = scoring.stored_evidence(found.before.assistant) if found.before.assistant else {}
    after = scoring.stored_evidence(found.after.assistant) if found.after.assistant else {}
    labels = [(key, Category(key).label) for key in CATEGORY_KEYS] + [("overall", _("Overall"))]
    return [(label, before.get(key), after.get(key)) for key, label in labels]


@public_page
def assistant_changes(request, slug):
    try:
        window = asof.changes_window(request.GET)
    except ParameterError as error:
        return bad_parameters(request, error.problems)
    found = differences.assistant_changes(slug, window.start, window.end)
    if found.assistant is None:
        raise Http404(_("No assistant has the slug “%(slug)s”.") % {"slug": slug})
    return render(
        request,
        "catalog/changes.html",
        {
            "assistant": found.assistant,
            "window": window,
            "start": window.start.moment,
            "end": window.end.moment if window.end else None,
            # A date field shows only a date: a time given in the address is left out of it.
            "start_day": window.start_label if len(window.start_label) == 10 else "",
            "end_day": window.end_label if window.end_label and len(window.end_label) == 10 else "",
            "scores": score_rows(found),
            "claims": found.claims,
        },
    )


change_feed = public_page(ChangeFeed())
assistant_change_feed = public_page(AssistantChangeFeed())
