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


def typed_text_is_shown_back(html):
    assert '<option value="claude" selected>' in html
    assert VALID["claim"] in html
    assert f'value="{VALID["source_url"]}"' in html


def test_a_post_without_the_csrf_token_is_refused_and_the_text_kept(browser_client, catalog):
    response = browser_client.post("/corrections/new/", VALID)
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form expired" in html and "nothing was sent" in html
    typed_text_is_shown_back(html)
    assert 'name="csrfmiddlewaretoken"' in html and "csrftoken" in response.cookies  # a fresh token
    assert not Correction.objects.exists()
    # Sent again from the page it got back, it goes through.
    token = response.cookies["csrftoken"].value
    again = browser_client.post("/corrections/new/", {**VALID, "csrfmiddlewaretoken": token})
    assert again.status_code == 303 and Correction.objects.count() == 1


def test_the_admins_expired_form_page_does_not_talk_about_corrections(catalog):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": "x"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form expired" in html
    assert "correction" not in html.split("<main", 1)[1].split("</main>", 1)[0].lower()
    assert 'href="/admin/login/?next=/admin/"' in html


def test_posting_too_often_gets_a_429_and_keeps_the_text(browser_client, catalog):
    for _ in range(LIMIT):
        assert csrf_post(browser_client, VALID).status_code == 303
    response = csrf_post(browser_client, VALID)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 600
    html = response.content.decode()
    assert "Too many corrections at once" in html
    typed_text_is_shown_back(html)
    assert Correction.objects.count() == LIMIT


def test_an_invalid_post_keeps_the_text(browser_client, catalog):
    response = csrf_post(browser_client, {**VALID, "source_url": "not a web address"})
    assert response.status_code == 400
    html = response.content.decode()
    assert VALID["claim"] in html and 'value="not a web address"' in html


def test_the_limit_is_per_client(catalog):
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for _ in range(LIMIT):
        first.post("/corrections/new/", VALID)
    assert first.post("/corrections/new/", VALID).status_code == 429
    assert second.post("/corrections/new/", VALID).status_code == 303


def test_the_language_is_kept_after_posting(client, catalog):
    response = client.post("/fr/corrections/new/", VALID)
    assert response.headers["Location"] == "/fr/corrections/new/?sent=1"


def test_behind_a_proxy_the_limit_tells_visitors_apart_as_the_api_does(catalog, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.1"  # every request arrives from the proxy, which names the visitor
    first = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    for _ in range(LIMIT):
        assert first.post("/corrections/new/", VALID).status_code == 303
    assert first.post("/corrections/new/", VALID).status_code == 429
    assert second.post("/corrections/new/", VALID).status_code == 303
    # A visitor's own made-up X-Forwarded-For entry comes before the proxy's: it changes nothing.
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    assert forged.post("/corrections/new/", VALID).status_code == 429
