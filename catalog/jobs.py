"""What every background job shares. Each feature's jobs live with it (scoring/tasks.py,
alerts/tasks.py, ingest/tasks.py); without a broker they run inline (eager), which the
embedded default uses.

Jobs take ids, not model instances, and are safe to run twice: a worker that dies mid-task
(acks late, rejected on worker loss) hands its message to the next one. Their names are
explicit and stay "catalog.tasks.<job>", the names the beat schedule and queued messages use.
"""
import logging

from celery import shared_task
from django.core.cache import cache
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# Safe to redeliver: each job checks the database before doing anything twice.
RELIABLE = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}
TASK_PREFIX = "catalog.tasks."


def job(name, **options):
    """A Celery task named catalog.tasks.<name>, redelivered when its worker is lost."""
    return shared_task(name=TASK_PREFIX + name, **RELIABLE, **options)


def schedule_coalesced(task, pending_key, delay, *, fallback):
    """Enqueue `task` in `delay` seconds unless a run is already waiting: every change in that
    window is seen by one run. The task deletes `pending_key` when it starts, so changes
    committed after that schedule the next run. Returns False when nothing was enqueued; a
    broker that cannot be reached is logged and left to `fallback` (the periodic run)."""
    if not cache.add(pending_key, True, timeout=delay + 60):
        return False
    try:
        task.apply_async(countdown=delay)
    except OperationalError:
        cache.delete(pending_key)
        logger.exception("could not enqueue %s; %s will do it", task.name, fallback)
        return False
    return True
