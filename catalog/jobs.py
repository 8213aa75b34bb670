"""What every background job shares. Each feature's jobs live with it (scoring/tasks.py,
alerts/tasks.py, ingest/tasks.py); without a broker they run inline (eager), which the
embedded default uses.

Jobs take ids, not model instances, and are safe to run twice: a worker that dies mid-task
(acks late, rejected on worker loss) hands its message to the next one. Their names are
explicit and stay "catalog.tasks.<job>", the names the beat schedule and queued messages use.
"""
from celery import shared_task

# Safe to redeliver: each job checks the database before doing anything twice.
RELIABLE = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}
TASK_PREFIX = "catalog.tasks."


def job(name, **options):
    """A Celery task named catalog.tasks.<name>, redelivered when its worker is lost."""
    return shared_task(name=TASK_PREFIX + name, **RELIABLE, **options)
