"""The corrections form: the only page that sets a cookie (CSRF), stores pending, rate-limited."""
import pytest
from django.test import Client

from catalog.models import Correction
from web.pages.corrections import LIMIT

VALID = {
    "assistant": "claude",
    "criterion": "",
    "claim": "The retention period changed in the latest policy.",
    "source_url": "https://example.org/policy",
    "contact": "",
}


@pytest.fixture
def browser_client():
    return Client(enforce_csrf_checks=True)


def csrf_post(client, data, path="/corrections/new/"):
    form = client.get(path)
    token = form.cookies["csrftoken"].value
    return client.post(path, {**data, "csrfmiddlewaretoken": token})


def test_the_form_sets_only_the_csrf_cookie_and_is_not_cached(browser_client, catalog):
    response = browser_client.get("/corrections/new/?assistant=lumo")
    assert response.status_code == 200
    assert set(response.cookies) == {"csrftoken"}
    assert "no-cache" in response.headers["Cache-Control"] or "max-age=0" in response.headers["Cache-Control"]
    html = response.content.decode()
    assert '<option value="lumo" selected>' in html
    # Each hint is tied to its field for screen readers.
    for name in ("claim", "source_url", "contact"):
        assert f'aria-describedby="id_{name}_helptext"' in html and f'id="id_{name}_helptext"' in html


def test_a_valid_correction_is_stored_as_pending(browser_client, catalog):
    response = csrf_post(browser_client, {**VALID, "criterion": "training-by-default"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/corrections/new/?sent=1"
    correction = Correction.objects.get()
    assert correction.review == Correction.Review.PENDING
    assert correction.assistant.slug == "claude" and correction.criterion.slug == "training-by-default"
    thanks = browser_client.get(response.headers["Location"]).content.decode()
    assert "Your correction is waiting for an editor" in thanks


def test_an_invalid_correction_is_shown_back_with_its_errors(browser_client, catalog):
    response = csrf_post(browser_client, {**VALID, "assistant": "nobody", "source_url": "not a url", "claim": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="errors" id=') == 3
    assert not Correction.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(browser_client, catalog):
    response = browser_client.post("/corrections/new/", VALID)
    assert response.status_code == 403
    assert "The form expired" in response.content.decode()
    assert not Correction.objects.exists()


def test_posting_too_often_gets_a_429_page(browser_client, catalog):
    for _ in range(LIMIT):
        assert csrf_post(browser_client, VALID).status_code == 303
    response = csrf_post(browser_client, VALID)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 600
    assert "Too many corrections at once" in response.content.decode()
    assert Correction.objects.count() == LIMIT


def test_the_limit_is_per_client(catalog):
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for _ in range(LIMIT):
        first.post("/corrections/new/", VALID)
    assert first.post("/corrections/new/", VALID).status_code == 429
    assert second.post("/corrections/new/", VALID).status_code == 303


def test_the_language_is_kept_after_posting(client, catalog):
    response = client.post("/fr/corrections/new/", VALID)
    assert response.headers["Location"] == "/fr/corrections/new/?sent=1"
