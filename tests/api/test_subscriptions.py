"""The subscriptions API and delivery log, and the e-mail confirmation step."""
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalog.models import Delivery, Subscription
from tests.support.api import errors_of
from tests.support.jobs import SECRET, publish_assessment, receiver, webhook, world  # noqa: F401

URL = "/api/v1/subscriptions/"


@pytest.fixture
def client_for(db):
    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    return make


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="not-used-in-tests")


@pytest.fixture
def api(client_for, alice):
    return client_for(alice)


@pytest.fixture
def private_targets(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0


def test_subscribing_needs_a_token(world):
    response = APIClient().post(URL, {"target_url": "https://acme.invalid/", "secret": SECRET, "follows": "all"})
    assert response.status_code == 401


def test_a_token_holder_subscribes_a_webhook_to_an_assistant(world, api, alice, private_targets):
    response = api.post(
        URL, {"target_url": "http://127.0.0.1:9/hook", "secret": SECRET, "follows": "acme-chat"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["follows"] == "assistant:acme-chat"
    assert body["channel"] == "webhook" and body["confirmed"] is True
    assert "secret" not in body  # never echoed back
    subscription = Subscription.objects.get(id=body["id"])
    assert (subscription.owner, subscription.assistant, subscription.secret) == (alice, world.assistant, SECRET)


@pytest.mark.parametrize(
    "follows, expected",
    [("all", "all"), ("globex", "vendor:globex"), ("vendor:acme", "vendor:acme"), ("assistant:globex-chat", "assistant:globex-chat")],
)
def test_follows_takes_all_an_assistant_or_a_vendor(world, api, private_targets, follows, expected):
    response = api.post(URL, {"target_url": "http://127.0.0.1:9/", "secret": SECRET, "follows": follows}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["follows"] == expected


@pytest.mark.parametrize(
    "changes, field, fragment",
    [
        ({"follows": "nobody"}, "follows", "'all', an assistant slug"),
        ({"follows": "model:acme-1"}, "follows", "'all', an assistant slug"),
        ({"follows": None}, "follows", "may not be null"),
        ({"target_url": "http://127.0.0.1:9/hook"}, "target_url", "private, loopback, link-local or reserved"),
        ({"target_url": "http://[2002:7f00:1::]/hook"}, "target_url", "which wraps 127.0.0.1"),
        ({"target_url": "http://192.0.0.200/hook"}, "target_url", "private, loopback, link-local or reserved"),
        ({"target_url": "not an address"}, "target_url", "valid URL"),
        ({"secret": "short"}, "secret", "at least 16"),
        ({"secret": ""}, "secret", "blank"),
        ({"channel": "pigeon"}, "channel", "not one of: webhook, email"),
    ],
)
def test_bad_subscriptions_get_a_400_naming_the_field(world, api, settings, changes, field, fragment):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    data = {"target_url": "https://acme.invalid/hook", "secret": SECRET, "follows": "all", **changes}
    data = {k: v for k, v in data.items()}
    response = api.post(URL, data, format="json")
    assert response.status_code == 400
    errors = errors_of(response)
    assert field in errors, errors
    assert fragment in errors[field]["message"]
    assert not Subscription.objects.exists()


def test_a_webhook_needs_an_address_and_a_secret(world, api):
    response = api.post(URL, {"follows": "all"}, format="json")
    assert response.status_code == 400
    errors = errors_of(response)
    assert set(errors) == {"target_url", "secret"}
    assert all(e["message"] == "required for a webhook" for e in errors.values())


def test_each_token_holder_sees_only_their_subscriptions(world, api, alice, client_for, django_user_model):
    mine = webhook("https://acme.invalid/mine", owner=alice)
    bob = django_user_model.objects.create_user("bob", password="not-used-in-tests")
    theirs = webhook("https://acme.invalid/theirs", owner=bob, vendor=world.vendor)
    listed = api.get(URL).json()
    assert listed["count"] == 1 and [s["id"] for s in listed["results"]] == [mine.id]
    assert api.get(f"{URL}{theirs.id}/").status_code == 404
    assert api.delete(f"{URL}{theirs.id}/").status_code == 404
    assert api.patch(f"{URL}{mine.id}/", {"active": False}, format="json").json()["active"] is False
    assert api.delete(f"{URL}{mine.id}/").status_code == 204
    assert Subscription.objects.filter(id=theirs.id).exists()


def test_the_delivery_log_shows_owners_their_own_and_editors_everything(
    world, alice, client_for, editor, django_user_model, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver()
    bob = django_user_model.objects.create_user("bob", password="not-used-in-tests")
    webhook(server.url("/alice"), owner=alice, assistant=world.assistant)
    webhook(server.url("/bob"), owner=bob, vendor=world.vendor)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    assert Delivery.objects.count() == 2

    alice_log = client_for(alice).get("/api/v1/deliveries/").json()
    assert [d["target"] for d in alice_log["results"]] == [server.url("/alice")]
    entry = alice_log["results"][0]
    assert (entry["event"], entry["state"], entry["attempts"], entry["last_status_code"]) == (
        "assessment.published", "delivered", 1, 200,
    )
    assert entry["payload"]["data"]["assessment"]["subject"]["slug"] == "acme-chat"
    editor_log = client_for(editor).get("/api/v1/deliveries/?state=delivered").json()
    assert editor_log["count"] == 2


def test_the_delivery_log_answers_in_constant_queries(
    world, editor, client_for, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver()
    client = client_for(editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/deliveries/").status_code == 200
        return len(captured)

    webhook(server.url(), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    few = queries()
    for n in range(5):
        webhook(server.url(f"/{n}"), vendor=world.vendor)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world, vendor=world.vendor)
    assert Delivery.objects.count() == 7
    assert queries() == few <= 5


def test_bad_delivery_filters_get_a_400_naming_the_accepted_values(world, api):
    response = api.get("/api/v1/deliveries/?state=lost")
    assert response.status_code == 400
    assert "pending, delivered, failed" in str(errors_of(response)["state"])
    response = api.get("/api/v1/deliveries/?event=anything")
    assert response.status_code == 400
    assert "deprecation.recorded" in str(errors_of(response)["event"])


def test_email_subscriptions_send_nothing_until_confirmed(
    world, api, client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, {"channel": "email", "email": "reader@acme.invalid", "follows": "acme"}, format="json")
    assert response.status_code == 201, response.json()
    subscription = Subscription.objects.get(id=response.json()["id"])
    assert not subscription.confirmed
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reader@acme.invalid"]
    confirm_path = f"/subscriptions/confirm/{subscription.confirm_token}/"
    assert f"{settings.SITE_URL}{confirm_path}" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    assert len(mail.outbox) == 1 and not Delivery.objects.exists()

    page = client.get(confirm_path)  # a mail scanner following the link confirms nothing
    assert page.status_code == 200 and not page.cookies
    subscription.refresh_from_db()
    assert not subscription.confirmed
    assert client.post(confirm_path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed

    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world, vendor=world.vendor)
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.subject == "Candor: new assessment of Acme (Training on chats)"
    assert "Trains unless you opt out" in message.body
    unsubscribe = f"{settings.SITE_URL}/subscriptions/unsubscribe/{subscription.confirm_token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert Delivery.objects.get().state == "delivered"

    assert client.post(unsubscribe.removeprefix(settings.SITE_URL)).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.active


def test_email_subscriptions_take_no_webhook_fields(world, api):
    response = api.post(
        URL, {"channel": "email", "email": "reader@acme.invalid", "secret": SECRET, "follows": "all"}, format="json"
    )
    assert response.status_code == 400
    errors = errors_of(response)
    assert list(errors) == ["secret"] and errors["secret"]["message"] == "only for channel webhook"


@pytest.mark.parametrize("follows, expected", [("chatgpt", "assistant:chatgpt"), ("openai", "vendor:openai")])
def test_seed_slugs_can_be_followed(catalog, api, settings, follows, expected):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    response = api.post(URL, {"target_url": "http://127.0.0.1:9/", "secret": SECRET, "follows": follows}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["follows"] == expected


def test_editors_read_the_delivery_log_in_the_admin(
    world, admin_client, receiver, private_targets, django_capture_on_commit_callbacks
):
    server = receiver(default_status=500)
    webhook(server.url(), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    page = admin_client.get("/admin/catalog/delivery/?state=failed")
    assert page.status_code == 200
    assert "assessment.published" in page.content.decode()
    delivery = Delivery.objects.get()
    detail = admin_client.get(f"/admin/catalog/delivery/{delivery.id}/change/").content.decode()
    assert "answered HTTP 500" in detail


@pytest.mark.parametrize("value", ["99999999999999999999999", "1.5", "0"])
def test_a_delivery_filter_by_a_subscription_id_out_of_range_is_a_400(api, alice, value):
    from tests.support.api import token_client

    response = token_client(alice).get("/api/v1/deliveries/", {"subscription": value})
    assert response.status_code == 400
    assert "subscription" in errors_of(response)
