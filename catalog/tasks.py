"""Background jobs. Without a broker they run inline (eager), which the embedded default uses."""
from celery import shared_task

from . import scoring


@shared_task(ignore_result=True)
def recompute_scores(assistant_ids=None):
    """Recompute stored scores; idempotent, so running it twice is harmless."""
    return scoring.recompute_scores(assistant_ids)
