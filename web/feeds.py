"""The retirements feed (Atom, django.contrib.syndication): every published deprecation event."""
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from catalog import selectors

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
