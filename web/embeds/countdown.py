"""Retirement countdowns, computed from absolute dates so a cached page never drifts.

A day count is shown only for dates known to the day: "August 2025" gives no count rather
than an invented one.
"""

from dataclasses import dataclass
from datetime import date

from catalog.dates import Precision, days_until, display_partial, iso_partial
from catalog.models import DeprecationEvent

# Events after which the model is no longer offered where the event applies.
ENDING_KINDS = (DeprecationEvent.Kind.RETIRED, DeprecationEvent.Kind.SHUTDOWN_SCHEDULED)


@dataclass(frozen=True)
class Countdown:
    day: date
    precision: str
    today: date
    event: DeprecationEvent | None = None  # None for the model's recorded retirement alone

    @property
    def upcoming(self):
        return self.day >= self.today if self.precision == Precision.DAY else self.day > self.today

    @property
    def days(self):
        """Whole days from today (negative when past); None unless known to the day."""
        return days_until(self.day, self.precision, self.today)

    @property
    def days_ago(self):
        return -self.days if self.days is not None and self.days < 0 else None

    @property
    def iso(self):
        return iso_partial(self.day, self.precision)

    @property
    def display(self):
        return display_partial(self.day, self.precision)


def retirement_countdown(model, events, today):
    """The next scheduled end of `model` if any, else the end it already had; None if none known.

    `events` are the model's published deprecation events.
    """
    candidates = [
        Countdown(e.date, e.date_precision, today, e) for e in events if e.kind in ENDING_KINDS
    ]
    recorded = None
    if model.retired:
        # The event that records it, when there is one, says where the model went away.
        retired = (model.retired, model.retired_precision)
        recorded = next(
            (c for c in candidates if (c.day, c.precision) == retired),
            Countdown(*retired, today),
        )
        candidates.append(recorded)
    upcoming = [c for c in candidates if c.upcoming]
    if upcoming:
        return min(upcoming, key=lambda c: c.day)
    return recorded or max(candidates, key=lambda c: c.day, default=None)
