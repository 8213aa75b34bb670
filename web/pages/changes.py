"""Changes, for people: what changed for an assistant between two moments (catalog.differences),
as a page, and the change feeds (Atom) of every published change and of one assistant's."""
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

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


# The name of a field that changed, as a reader knows it (catalog.differences.RecordKind.compared).
FIELD_LABELS = {
    "model": pgettext_lazy("changed field", "Model"),
    "kind": pgettext_lazy("changed field", "Kind"),
    "date": pgettext_lazy("changed field", "Date"),
    "date_precision": pgettext_lazy("changed field", "Date precision"),
    "scope": pgettext_lazy("changed field", "Scope"),
    "surface": pgettext_lazy("changed field", "Surface"),
    "notice_days": pgettext_lazy("changed field", "Notice (days)"),
    "summary": pgettext_lazy("changed field", "Summary"),
    "note": pgettext_lazy("changed field", "Note"),
    "confidence": pgettext_lazy("changed field", "Confidence"),
    "person": pgettext_lazy("changed field", "Person"),
    "recipient": pgettext_lazy("changed field", "Recipient"),
    "amount": pgettext_lazy("changed field", "Amount"),
    "currency": pgettext_lazy("changed field", "Currency"),
    "jurisdiction": pgettext_lazy("changed field", "Jurisdiction"),
    "assistant": pgettext_lazy("changed field", "Assistant"),
    "authority": pgettext_lazy("changed field", "Authority"),
    "outcome": pgettext_lazy("changed field", "Outcome"),
    "steps": pgettext_lazy("changed field", "Steps"),
    "format": pgettext_lazy("changed field", "Format"),
    "duration": pgettext_lazy("changed field", "Duration"),
    "plan": pgettext_lazy("changed field", "Plan"),
    "price": pgettext_lazy("changed field", "Price"),
    "period": pgettext_lazy("changed field", "Period"),
    "from_assistant": pgettext_lazy("changed field", "Imports from"),
    "what": pgettext_lazy("changed field", "What is imported"),
    "regions": pgettext_lazy("changed field", "Regions"),
    "where": pgettext_lazy("changed field", "Where"),
    "until": pgettext_lazy("changed field", "Until"),
    "as_of": pgettext_lazy("changed field", "As of"),
}


def _headline(kind, record):
    """The parts naming a record (shown apart, so a name and a translated kind keep their own
    direction)."""
    if kind == differences.DEPRECATIONS.name:
        parts = (record.model.name, record.get_kind_display(), record.date_display)
    elif kind == differences.POLITICAL_TIES.name:
        parts = (str(record),)
    elif kind == differences.REGULATOR_ACTIONS.name:
        parts = (record.authority, record.get_kind_display(), record.date_display)
    else:
        parts = (record.get_kind_display(), record.plan)
    return [str(part) for part in parts if part]


def _shown(record, name):
    """A field's value as a reader reads it: the label of a choice, a partial date as known."""
    if hasattr(record, f"get_{name}_display"):
        value = getattr(record, f"get_{name}_display")()
    elif hasattr(record, f"{name}_display"):
        value = getattr(record, f"{name}_display")
    else:
        value = getattr(record, name)
    if isinstance(value, list):
        value = "; ".join(str(step) for step in value)
    return "—" if value in (None, "") else str(value)


# (kind name, heading): the sections below the claims, in this order.
RECORD_SECTIONS = (
    (differences.DEPRECATIONS.name, gettext_lazy("Deprecation events of its models")),
    (differences.POLITICAL_TIES.name, gettext_lazy("Political ties of its vendor")),
    (differences.REGULATOR_ACTIONS.name, gettext_lazy("Regulator actions concerning it or its vendor")),
    (differences.SWITCHING_FACTS.name, gettext_lazy("Switching facts")),
)


def record_sections(found):
    """[{kind, heading, entries}], each entry a RecordChange with its headline and, for a
    changed record, (label, before, after) per changed field."""
    sections = []
    for kind, heading in RECORD_SECTIONS:
        entries = []
        for change in found.records[kind]:
            change.headline = _headline(kind, change.record)
            change.rows = [
                (FIELD_LABELS[name], _shown(change.before, name), _shown(change.after, name))
                for name in change.fields
                if name != "sources"
            ]
            change.sources_changed = "sources" in change.fields
            entries.append(change)
        sections.append({"kind": kind, "heading": heading, "entries": entries})
    return sections


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
            "sections": record_sections(found),
        },
    )


change_feed = public_page(ChangeFeed())
assistant_change_feed = public_page(AssistantChangeFeed())
