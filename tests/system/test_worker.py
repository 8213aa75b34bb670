"""Background jobs on a real Celery worker, Redis broker and the PostgreSQL test database.

Each test starts `celery -A config worker` as a subprocess pointed at pytest-django's test
database, with a short broker visibility timeout so a message held by a killed worker comes
back within seconds. Rows are committed (transactional_db) so the worker sees them.
"""
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from catalog.alerts import webhooks
from catalog.models import Assistant, Delivery
from catalog.scoring.tasks import RECOMPUTE_PENDING_KEY
from tests.support.jobs import SECRET, make_world, publish_assessment, receiver, wait_for, webhook  # noqa: F401
from tests.support import BROKER_URL, postgres_only

pytestmark = [pytest.mark.services, postgres_only]

ROOT = Path(__file__).resolve().parents[2]
WORKER_ENV = {
    "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",  # the receiver listens on 127.0.0.1
    "CELERY_VISIBILITY_TIMEOUT": "3",
    "CELERY_RESTORE_INTERVAL": "1",
    "CELERY_RESTORE_THROTTLE": "1",
    "WEBHOOK_RETRY_BASE_SECONDS": "0.5",
    "WEBHOOK_MAX_ATTEMPTS": "3",
    "LOG_LEVEL": "INFO",
}


def worker_database_url():
    """DATABASE_URL of the database this test run uses (test_<name>), for the worker."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """A Celery worker subprocess in its own process group, so killing it kills its children."""

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.process = None
        self.runs = 0

    @property
    def log(self):
        return self.log_dir / f"worker-{self.runs}.log"

    def start(self):
        self.runs += 1
        env = {**os.environ, **WORKER_ENV, "DATABASE_URL": worker_database_url()}
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
            "-n", f"candor-test-{uuid.uuid4().hex[:8]}@%h",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
        )
        wait_for(lambda: " ready." in self.output() or self.process.poll() is not None, timeout=60, what="the worker")
        assert self.process.poll() is None, f"the worker exited:\n{self.output()}"

    def output(self):
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.log_dir.glob("worker-*.log")))

    def kill(self):
        """SIGKILL the whole worker, as a crash or an OOM kill would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


@pytest.fixture
def worker(transactional_db, tmp_path):
    # Messages left by an earlier, interrupted run must not leak into this one.
    broker = redis.Redis.from_url(BROKER_URL)
    broker.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    started = Worker(tmp_path)
    yield started
    started.kill()


@pytest.fixture
def live_world(worker):
    """Built after the broker is cleared, so the work its writes queue is not thrown away."""
    return make_world()


def publish(world, **subject):
    with transaction.atomic():  # the sources are attached before the worker hears of it
        return publish_assessment(world, **subject)


def delivery_in(state):
    return lambda: Delivery.objects.filter(state=state).first()


def test_a_webhook_reaches_a_local_receiver_with_a_valid_signature(live_world, worker, receiver):
    server = receiver()
    webhook(server.url(), assistant=live_world.assistant)
    worker.start()
    publish(live_world)

    delivery = wait_for(delivery_in("delivered"), timeout=60, what="the delivery")
    request = server.requests[0]
    assert webhooks.verify(request.body, SECRET, request.headers["x-candor-signature"])
    assert request.headers["x-candor-event"] == "assessment.published"
    assert request.headers["x-candor-delivery"] == str(delivery.id)
    assert (delivery.attempts, delivery.last_status_code) == (1, 200)
    assert len(server.requests) == 1


def test_a_worker_killed_during_delivery_and_restarted_delivers_exactly_once(live_world, worker, receiver):
    server = receiver(hold_first=5)  # keeps the first delivery in flight while the worker dies
    webhook(server.url(), assistant=live_world.assistant)
    worker.start()
    publish(live_world)
    assert server.arrived.wait(timeout=60), "the first delivery never arrived"
    worker.kill()
    assert Delivery.objects.get().state == "pending"  # the killed attempt left no false success

    worker.start()
    delivery = wait_for(delivery_in("delivered"), timeout=60, what="the redelivery")
    ids = {r.headers["x-candor-delivery"] for r in server.requests}
    assert ids == {str(delivery.id)}  # every attempt carried the same idempotency key
    assert list(server.processed) == [str(delivery.id)]  # so the receiver acted once
    assert len(server.requests) == 2  # the killed attempt and the redelivery; nothing after
    assert "catalog.tasks.deliver" in worker.output()


def test_a_failing_receiver_is_retried_then_marked_failed(live_world, worker, receiver):
    server = receiver(default_status=500)
    webhook(server.url(), assistant=live_world.assistant)
    worker.start()
    publish(live_world)

    delivery = wait_for(delivery_in("failed"), timeout=60, what="the delivery to fail")
    assert (delivery.attempts, delivery.last_status_code) == (3, 500)
    assert len(server.requests) == 3
    assert len({r.headers["x-candor-delivery"] for r in server.requests}) == 1
    assert server.processed == {}


def test_score_recomputes_are_coalesced(live_world, worker):
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower(), "set REDIS_URL: the worker shares the cache"

    def settled():
        stale = Assistant.objects.filter(scores_updated_at__isnull=True).exists()
        return not stale and cache.get(RECOMPUTE_PENDING_KEY) is None

    def runs():
        return len(re.findall(r"Task catalog\.tasks\.recompute_scores\[[-0-9a-f]+\] received", worker.output()))

    worker.start()
    wait_for(settled, what="the set-up recompute")
    before = runs()

    assessment = publish(live_world)
    for value in ("never", "always", "opt_out", "never"):  # five commits in quick succession
        assessment.value = value
        assessment.save()

    wait_for(settled, what="the recompute")
    live_world.assistant.refresh_from_db()
    assert live_world.assistant.score_privacy == 100.0  # the last value, "never"
    assert runs() == before + 1, worker.output()
