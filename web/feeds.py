"""The Atom feeds (django.contrib.syndication): retirements (every published deprecation event),
and the change feeds (the latest published changes, all or about one assistant; catalog.changes)."""
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from catalog import changes, selectors
from catalog.models import Assistant, Category

FEED_SIZE = 50


def event_title(event):
    """'GPT-4o (OpenAI): Retired — Everyone, Consumer app'; 'GPT-5 (OpenAI): Shutdown
    scheduled — API' when the scope and the surface say the same thing."""
    scope, surface = str(event.get_scope_display()), str(event.get_surface_display())
    values = {"model": event.model.name, "vendor": event.model.vendor.name, "kind": event.get_kind_display()}
    if scope == surface:
        return _("%(model)s (%(vendor)s): %(kind)s — %(where)s") % {**values, "where": scope}
    return _("%(model)s (%(vendor)s): %(kind)s — %(scope)s, %(surface)s") % {
        **values,
        "scope": scope,
        "surface": surface,
    }


def not_after_now(moment):
    """A feed never dates anything in the future (HTTP forbids a future Last-Modified)."""
    now = timezone.now()
    return moment if moment <= now else now


def event_anchor(event):
    return f"event-{event.key}"


class RetirementFeed(Feed):
    feed_type = Atom1Feed
    # RFC 4287 wants an author for every entry: the catalog is the author of all of them.
    author_name = "Candor"
    title = gettext_lazy("Candor: AI model retirements")
    subtitle = gettext_lazy(
        "Announcements, retirements, reinstatements and extensions of the models behind AI "
        "assistants, each with its sources."
    )

    def link(self):
        return reverse("pages:retirements")

    def items(self):
        # The entries the catalog recorded or changed last, each dated by that (not by the
        # event's own date, which may be a shutdown months ahead and would pin it on top).
        events = list(selectors.published_deprecations().order_by("-updated_at", "key")[:FEED_SIZE])
        recorded = selectors.first_recorded(events)
        for event in events:
            event.recorded_at = recorded.get(event.pk, event.updated_at)
        return events

    def item_title(self, event):
        return event_title(event)

    def item_description(self, event):
        parts = [f"{event.date_display}: {event.summary}"]
        if event.notice_days is not None:
            days = event.notice_days
            parts.append(ngettext("%(days)s day of notice", "%(days)s days of notice", days) % {"days": days} + ".")
        parts.append(_("Confidence: %(level)s.") % {"level": event.get_confidence_display()})
        sources = "; ".join(f"{s.title} ({s.publisher})" for s in event.sources.all())
        if sources:
            parts.append(_("Sources: %(sources)s") % {"sources": sources})
        return " ".join(parts)

    def item_link(self, event):
        return f"{reverse('pages:retirements')}#{event_anchor(event)}"

    def item_pubdate(self, event):
        return not_after_now(min(event.recorded_at, event.updated_at))

    def item_updateddate(self, event):
        return not_after_now(event.updated_at)

    def item_categories(self, event):
        return [event.kind, event.model.slug]


# --- the change feeds: every published change, and those about one assistant ----------------

ACTION_TITLES = {
    "created": gettext_lazy("%(subject)s: %(what)s added"),
    "updated": gettext_lazy("%(subject)s: %(what)s changed"),
    "retracted": gettext_lazy("%(subject)s: %(what)s retracted"),
}


def _name(record):
    return getattr(record, "name", None) or ""


def change_subject_and_what(entry):
    """(subject, what) of a change in words, e.g. ('Claude', 'privacy assessment “Training
    on chats”'); the version holds the record's references as they were then."""
    version, kind = entry.version, entry.kind
    if kind == "assessment":
        criterion = version.criterion
        subject = _name(version.assistant) or _name(version.vendor)
        category = str(Category(criterion.category).label).lower() if criterion else ""
        return subject, pgettext("change feed", "%(category)s assessment “%(criterion)s”") % {
            "category": category, "criterion": _name(criterion)
        }
    if kind == "deprecation":
        return _name(version.model), pgettext("change feed", "deprecation event")
    if kind == "political-tie":
        return _name(version.vendor), pgettext("change feed", "political tie")
    if kind == "regulator-action":
        return _name(version.assistant) or _name(version.vendor), pgettext("change feed", "regulator action")
    if kind == "offered-model":
        return _name(version.assistant), pgettext("change feed", "offered model “%(model)s”") % {"model": _name(version.model)}
    if kind == "switching-fact":
        return _name(version.assistant), pgettext("change feed", "switching fact")
    if kind == "search":
        return _name(version.assistant) or _name(version.vendor), pgettext("change feed", "search record")
    if kind == "source":
        return version.title, pgettext("change feed", "source")
    nouns = {"assistant": pgettext("change feed", "assistant"), "vendor": pgettext("change feed", "vendor"), "model": pgettext("change feed", "AI model"), "criterion": pgettext("change feed", "criterion")}
    return version.name, nouns[kind]


def change_title(entry):
    subject, what = change_subject_and_what(entry)
    return str(ACTION_TITLES[entry.action]) % {"subject": subject, "what": what}


def change_link(entry):
    """The page that shows the record (or, retracted, the page it left)."""
    version, kind = entry.version, entry.kind
    if kind in ("assistant", "vendor", "model"):
        return reverse(f"pages:{kind}", args=[version.slug])
    if kind == "deprecation":
        return f"{reverse('pages:retirements')}#event-{version.key}"
    if kind in ("criterion", "source"):
        return reverse("pages:methodology")
    assistant = getattr(version, "assistant", None)
    if assistant is not None:
        return reverse("pages:assistant", args=[assistant.slug])
    return reverse("pages:vendor", args=[version.vendor.slug])


def ready_for_titles(versions):
    """The references the titles and links read, in one query per kind."""
    names = {field.name for field in versions.model.tracked_fields if field.is_relation}
    wanted = [name for name in ("assistant", "vendor", "criterion", "model") if name in names]
    return versions.select_related(*wanted)


class ChangeFeed(Feed):
    """The latest published changes, newest first (GET /api/v1/changes/ has them all)."""

    feed_type = Atom1Feed
    author_name = "Candor"
    title = gettext_lazy("Candor: changes to the catalog")
    subtitle = gettext_lazy("Every sourced record added, changed or retracted, newest first.")

    def link(self):
        return reverse("pages:home")

    def entries(self, obj):
        return changes.public_entries()

    def items(self, obj=None):
        entries = list(self.entries(obj).order_by("-revision", "-id")[:FEED_SIZE])
        changes.attach_versions(entries, ready_for_titles)
        entries = [entry for entry in entries if entry.version is not None]
        # The sources each version cited, in one query per kind of cited rows.
        for entry in entries:
            entry.cited = []
        cited = [e for e in entries if "sources" in {f.name for f in e.version._history_m2m_fields}]
        for entry in cited:
            entry.cited = [row.source for row in entry.version.sources.select_related("source")]
        return entries

    def item_title(self, entry):
        return change_title(entry)

    def item_description(self, entry):
        if entry.action == "retracted":
            return _("This record left the catalog.")
        sources = "; ".join(f"{s.title} ({s.publisher})" for s in entry.cited if s)
        return _("Sources: %(sources)s") % {"sources": sources} if sources else _("No source cited.")

    def item_link(self, entry):
        return change_link(entry)

    def item_guid(self, entry):
        return f"tag:candor,change:{entry.cursor}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return not_after_now(entry.changed_at)

    def item_categories(self, entry):
        return [entry.kind, entry.action]


class AssistantChangeFeed(ChangeFeed):
    """The latest published changes about one assistant: itself, its vendor, their records."""

    def get_object(self, request, slug):
        return get_object_or_404(Assistant, slug=slug)

    def title(self, assistant):
        return _("Candor: changes about %(assistant)s") % {"assistant": assistant.name}

    def link(self, assistant):
        return reverse("pages:assistant", args=[assistant.slug])

    def entries(self, assistant):
        return changes.public_entries() & changes.concerning(assistant)
