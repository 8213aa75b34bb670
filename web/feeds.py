"""The retirements feed (Atom, django.contrib.syndication): every published deprecation event."""
import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from catalog import selectors

FEED_SIZE = 50


def event_title(event):
    """'GPT-4o (OpenAI): Retired — Everyone, Consumer app'."""
    return _("%(model)s (%(vendor)s): %(kind)s — %(scope)s, %(surface)s") % {
        "model": event.model.name,
        "vendor": event.model.vendor.name,
        "kind": event.get_kind_display(),
        "scope": event.get_scope_display(),
        "surface": event.get_surface_display(),
    }


def event_anchor(event):
    return f"event-{event.key}"


class RetirementFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Candor: AI model retirements")
    subtitle = gettext_lazy(
        "Announcements, retirements, reinstatements and extensions of the models behind AI "
        "assistants, each with its sources."
    )

    def link(self):
        return reverse("pages:retirements")

    def items(self):
        events = selectors.published_deprecations().order_by("-date", "-updated_at", "key")
        return list(events[:FEED_SIZE])

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
        return timezone.make_aware(datetime.datetime.combine(event.date, datetime.time.min))

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [event.kind, event.model.slug]
