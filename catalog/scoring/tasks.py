"""The score recompute job, coalesced: one run for every change within a few seconds."""
import logging

from django.conf import settings
from django.core.cache import cache

from catalog.jobs import job, schedule_coalesced
from catalog.scoring import scores

logger = logging.getLogger(__name__)

RECOMPUTE_PENDING_KEY = "jobs:recompute-scores-pending"


@job("recompute_scores")
def recompute_scores():
    """Recompute the scores flagged stale (see scores.mark_stale); idempotent."""
    cache.delete(RECOMPUTE_PENDING_KEY)  # changes committed from now on schedule a new run
    return scores.recompute_stale()


def schedule_score_recompute():
    """Enqueue one recompute for every change in the next SCORE_RECOMPUTE_DELAY_SECONDS.

    Returns False when a run is already waiting (it will see this change too). Should the
    broker be unreachable, the stale flags stay in the database for the periodic run.
    """
    return schedule_coalesced(
        recompute_scores, RECOMPUTE_PENDING_KEY, settings.SCORE_RECOMPUTE_DELAY_SECONDS,
        fallback="the periodic run",
    )
