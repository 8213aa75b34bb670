"""Webhook alerts, run eagerly: signed, sent once, retried, refused for inside addresses."""
import datetime
import json

import pytest

from catalog.alerts import notifications
from catalog.alerts import outbound
from catalog.alerts import webhooks
from catalog.models import Delivery, Status
from catalog.alerts.tasks import deliver, send_retirement_reminders
from tests.support.jobs import (
    SECRET,
    publish_assessment,
    receiver,
    record_retirement,
    webhook,
    world,
)


@pytest.fixture
def private_targets(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.WEBHOOK_MAX_ATTEMPTS = 3


def test_signature_is_hmac_sha256_of_the_raw_body():
    # RFC 4231, test case 2: an independent known answer, not our own computation again.
    body = b"what do ya want for nothing?"
    expected = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert webhooks.sign(body, "Jefe") == expected
    assert webhooks.verify(body, "Jefe", expected)
    assert not webhooks.verify(body + b" ", "Jefe", expected)
    assert not webhooks.verify(body, "Jefe", None)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[fe80::1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        # Special-purpose blocks ipaddress' is_global lets through on Python 3.11, and
        # IPv6 addresses that wrap an inside IPv4 address.
        "http://192.0.0.9/hook",
        "http://192.0.0.200/hook",
        "http://192.31.196.1/hook",
        "http://192.52.193.1/hook",
        "http://192.175.48.1/hook",
        "http://[2002:7f00:1::]/hook",  # 6to4 wrapping 127.0.0.1
        "http://[2002:808:808::1]/hook",  # 6to4 wrapping even a public address: a relay
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",  # Teredo wrapping 127.0.0.1
        "http://[64:ff9b::7f00:1]/hook",  # NAT64 wrapping 127.0.0.1
        "http://[64:ff9b:1::a00:1]/hook",  # local NAT64 wrapping 10.0.0.1
        "http://[::127.0.0.1]/hook",  # IPv4-compatible
        "http://[100::1]/hook",  # discard-only
        "http://[2001:db8::1]/hook",
        "http://[3fff::1]/hook",
        "http://[5f00::1]/hook",
        "http://[2620:4f:8000::1]/hook",
        "http://[fc00::1]/hook",
        "http://[ff02::1]/hook",
    ],
)
def test_inside_addresses_are_refused(url, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(outbound.RefusedTarget, match="private, loopback, link-local or reserved"):
        outbound.resolve_target(url)


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://example.invalid/x", "must start with http:// or https://"),
        ("http://user:pw@127.0.0.1/x", "user name or password"),
        ("http:///x", "no host name"),
        ("http://no-such-host.invalid/x", "does not resolve"),
    ],
)
def test_malformed_targets_are_refused_with_the_reason(url, reason, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    with pytest.raises(outbound.RefusedTarget, match=reason):
        outbound.resolve_target(url)


def test_a_refusal_names_the_address_a_wrapper_carries(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(outbound.RefusedTarget, match="which wraps 127.0.0.1"):
        outbound.resolve_target("http://[2002:7f00:1::]/hook")


def test_only_globally_routable_addresses_count_as_public():
    assert outbound.is_public_address("8.8.8.8")
    assert outbound.is_public_address("2001:4860:4860::8888")
    assert not outbound.is_public_address("100.64.0.1")  # carrier-grade NAT
    assert not outbound.is_public_address("::ffff:10.0.0.1")


def test_private_targets_are_allowed_when_the_setting_says_so(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    target = outbound.resolve_target("http://127.0.0.1:9/hook?x=1")
    assert (target.address, target.port, target.path) == ("127.0.0.1", 9, "/hook?x=1")


def test_a_published_assessment_reaches_its_followers_signed(
    world, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver()
    follower = webhook(server.url("/acme"), assistant=world.assistant)
    vendor_follower = webhook(server.url("/vendor"), vendor=world.vendor)
    webhook(server.url("/globex"), vendor=world.other_vendor)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = publish_assessment(world)

    assert sorted(r.path for r in server.requests) == ["/acme", "/vendor"]
    request = next(r for r in server.requests if r.path == "/acme")
    assert request.headers["x-candor-event"] == "assessment.published"
    assert request.headers["content-type"].startswith("application/json")
    assert webhooks.verify(request.body, SECRET, request.headers["x-candor-signature"])
    payload = json.loads(request.body)
    assert payload["event"] == "assessment.published"
    data = payload["data"]["assessment"]
    assert data["subject"] == {
        "type": "assistant", "slug": "acme-chat", "name": "Acme Chat",
        "url": "http://127.0.0.1:8000/assistants/acme-chat/",
    }
    assert (data["value"], data["score"], data["criterion"]["slug"]) == ("opt_out", 40, "t-training")
    assert data["sources"][0]["title"] == "Acme policy"
    assert payload["data"]["previous"] is None

    delivery = Delivery.objects.get(subscription=follower)
    assert str(delivery.id) == request.headers["x-candor-delivery"]
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert Delivery.objects.get(subscription=vendor_follower).state == "delivered"
    assert assessment.id == data["id"]


def test_a_change_to_a_published_assessment_says_what_it_was(
    world, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver()
    with django_capture_on_commit_callbacks(execute=True):
        assessment = publish_assessment(world)
    webhook(server.url(), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        assessment.value = "never"
        assessment.save()
    with django_capture_on_commit_callbacks(execute=True):
        assessment.verdict = "Same verdict, saved again"
        assessment.save()
        assessment.save()  # nothing changed this time: no event
    events = [json.loads(r.body) for r in server.requests]
    assert [e["event"] for e in events] == ["assessment.changed", "assessment.changed"]
    assert events[0]["data"]["previous"]["value"] == "opt_out"
    assert events[0]["data"]["assessment"]["score"] == 100
    assert len({r.headers["x-candor-delivery"] for r in server.requests}) == 2


def test_drafts_say_nothing(world, receiver, private_targets, django_capture_on_commit_callbacks):
    server = receiver()
    webhook(server.url())
    with django_capture_on_commit_callbacks(execute=True):
        record_retirement(world, datetime.date(2030, 1, 1), status=Status.DRAFT)
    assert server.requests == [] and not Delivery.objects.exists()


def test_a_recorded_deprecation_reaches_followers_of_assistants_on_that_model(
    world, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook(server.url("/assistant"), assistant=world.assistant)
    webhook(server.url("/other"), assistant=world.other_assistant)
    with django_capture_on_commit_callbacks(execute=True):
        event = record_retirement(world, datetime.date(2030, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        event.summary = "Edited summary"
        event.save()  # already published: not recorded again
    assert [r.path for r in server.requests] == ["/assistant"]
    data = json.loads(server.requests[0].body)["data"]
    assert data["deprecation"]["key"] == "acme-1-retired"
    assert data["deprecation"]["date"] == "2030-01-01"
    assert data["model"]["slug"] == "acme-1"
    assert [a["slug"] for a in data["assistants"]] == ["acme-chat"]


def test_a_failing_receiver_is_retried_then_marked_failed(
    world, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver(default_status=500)
    subscription = webhook(server.url(), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    delivery = Delivery.objects.get(subscription=subscription)
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("failed", 3, 500)
    assert "HTTP 500" in delivery.last_error
    assert len(server.requests) == 3
    assert len({r.headers["x-candor-delivery"] for r in server.requests}) == 1
    assert len({r.body for r in server.requests}) == 1  # a retry sends the same bytes


def test_a_receiver_that_recovers_gets_the_delivery_once(
    world, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver(statuses=[503])
    subscription = webhook(server.url(), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    delivery = Delivery.objects.get(subscription=subscription)
    assert (delivery.state, delivery.attempts) == ("delivered", 2)
    deliver.delay(str(delivery.id))  # a duplicate message: the delivered row is not sent again
    assert len(server.requests) == 2 and len(server.processed) == 1


def test_an_inside_target_is_refused_at_send_time_without_retrying(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    server = receiver()
    subscription = webhook(server.url(), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    delivery = Delivery.objects.get(subscription=subscription)
    assert (delivery.state, delivery.attempts) == ("failed", 1)
    assert delivery.last_error.startswith("refused:")
    assert server.requests == []


def test_backoff_doubles_up_to_the_cap(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RETRY_MAX_SECONDS = 1800
    assert [notifications.backoff_seconds(n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1800, 1800]


def test_reminders_go_out_30_7_and_1_days_before_once_each(
    world, receiver, private_targets, settings, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook(server.url(), vendor=world.vendor)
    retirement = datetime.date(2030, 3, 31)
    with django_capture_on_commit_callbacks(execute=True):
        record_retirement(world, retirement)
    server.requests.clear()

    sent = []
    for days_before in (45, 30, 29, 10, 7, 7, 2, 1, 0):
        today = retirement - datetime.timedelta(days=days_before)
        sent.extend((days_before, r) for r in _remind(today, server))
    assert [(days, reminder) for days, reminder in sent] == [(30, 30), (7, 7), (1, 1)]
    payload = json.loads(server.requests[0].body)
    assert payload["event"] == "retirement.reminder"
    assert payload["data"]["days_left"] == 30
    assert payload["data"]["deprecation"]["date"] == "2030-03-31"


def test_a_late_recorded_retirement_gets_the_reminder_that_is_due(world, receiver, private_targets):
    retirement = datetime.date(2030, 3, 31)
    record_retirement(world, retirement)
    due = list(notifications.reminders_due(retirement - datetime.timedelta(days=20)))
    assert [(days_left, reminder) for _, days_left, reminder in due] == [(20, 30)]


def _remind(today, server):
    """Run the daily reminder task as if today were `today`; the reminders it sent."""
    before = len(server.requests)
    send_retirement_reminders.delay(today.isoformat())
    return [json.loads(r.body)["data"]["reminder"] for r in server.requests[before:]]


def test_chatgpt_followers_are_reminded_a_week_before_the_gpt_4o_api_shutdown(
    catalog, receiver, private_targets, django_capture_on_commit_callbacks
):
    from catalog.models import Assistant, DeprecationEvent, Vendor

    # The fixtures keep this shutdown as a draft (read only in copies of OpenAI's page): an
    # editor publishes it once confirmed, and only then are followers reminded.
    shutdown = DeprecationEvent.objects.get(key="gpt-4o-api-shutdown-2027-01-14")
    shutdown.status = "published"
    shutdown.save()
    server = receiver()
    webhook(server.url("/chatgpt"), assistant=Assistant.objects.get(slug="chatgpt"))
    webhook(server.url("/openai"), vendor=Vendor.objects.get(slug="openai"))
    webhook(server.url("/claude"), assistant=Assistant.objects.get(slug="claude"))

    reminded = _remind(shutdown.date - datetime.timedelta(days=7), server)
    assert 7 in reminded
    about_gpt_4o = [
        (r.path, payload["data"]) for r in server.requests
        if (payload := json.loads(r.body))["data"]["deprecation"]["key"] == shutdown.key
    ]
    assert sorted(path for path, _ in about_gpt_4o) == ["/chatgpt", "/openai"]
    data = about_gpt_4o[0][1]
    assert (data["days_left"], data["reminder"], data["model"]["slug"]) == (7, 7, "gpt-4o")
    assert (data["deprecation"]["surface"], data["deprecation"]["date"]) == ("api", "2027-01-14")
    assert "chatgpt" in [a["slug"] for a in data["assistants"]]
    assert not any(r.path == "/claude" for r in server.requests)
