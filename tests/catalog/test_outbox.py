"""The event outbox: an edit committed while the broker is down is not lost; the sweep hands
it on once the broker is back, and each follower gets it once however often the sweep runs.

The broker is a real Redis client aimed at a port nothing listens on (an outage); once "back",
tasks run inline as in the embedded default.
"""
import socket

import pytest

from catalog.alerts.tasks import sweep_outbox
from catalog.models import Delivery, OutboxEvent
from config.celery import app
from tests.support.jobs import publish_assessment, receiver, webhook, world  # noqa: F401


@pytest.fixture
def private_targets(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0


@pytest.fixture
def broker_down():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = f"redis://127.0.0.1:{port}/5", False
    app._pool = None

    def back():
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._pool = None

    yield back
    back()


def test_an_edit_committed_while_the_broker_is_down_is_delivered_once_it_is_back(
    world, receiver, private_targets, broker_down, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook(server.url("/acme"), assistant=world.assistant)
    webhook(server.url("/vendor"), vendor=world.vendor)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = publish_assessment(world)
    # The write stood; its event waits in the outbox, nothing was sent.
    outbox = OutboxEvent.objects.get(record_id=assessment.pk)
    assert outbox.dispatched_at is None and outbox.event == "assessment.published"
    assert server.requests == [] and not Delivery.objects.exists()

    broker_down()  # the broker is back
    assert sweep_outbox.delay().get() == (1, 0)
    assert sorted(r.path for r in server.requests) == ["/acme", "/vendor"]
    assert sweep_outbox.delay().get() == (0, 0)
    sweep_outbox.delay()
    assert len(server.requests) == 2
    assert set(Delivery.objects.values_list("state", flat=True)) == {"delivered"}
    outbox.refresh_from_db()
    assert outbox.dispatched_at is not None


def test_a_late_fan_out_reaches_only_who_followed_when_it_happened(
    world, receiver, private_targets, broker_down, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook(server.url("/before"), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    broker_down()
    webhook(server.url("/after"), assistant=world.assistant)
    sweep_outbox.delay()
    assert [r.path for r in server.requests] == ["/before"]


def test_a_delivery_left_pending_is_resent_by_the_sweep_once(
    world, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver()
    follower = webhook(server.url("/acme"), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    delivered = Delivery.objects.get(subscription=follower)
    # As if the broker lost the message after the fan-out: the row is pending, nobody sends it.
    Delivery.objects.filter(pk=delivered.pk).update(state=Delivery.State.PENDING)
    assert sweep_outbox.delay().get() == (0, 1)
    assert sweep_outbox.delay().get() == (0, 0)
    assert len(server.requests) == 2  # the first send, and the one the sweep made for the lost one
    assert {r.headers["x-candor-delivery"] for r in server.requests} == {str(delivered.pk)}
