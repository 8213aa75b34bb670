import pytest

from catalog.models import Assistant

SEED_SLUGS = ["alpine", "chatgpt", "claude", "confer", "gemini", "lumo"]


@pytest.fixture
def home(client, catalog):
    return client.get("/")


def test_home_lists_every_seed_assistant(home):
    assert home.status_code == 200
    html = home.content.decode()
    for slug in SEED_SLUGS:
        assert f'data-assistant="{slug}"' in html


def test_unknown_scores_show_as_unknown_not_zero(home):
    alpine = Assistant.objects.get(slug="alpine")
    assert alpine.score_overall is None
    html = home.content.decode()
    row = html[html.index('data-assistant="alpine"'):]
    row = row[: row.index("</tr>")]
    assert row.count("Unknown") == 5
    assert ">0<" not in row
    assert "unverified" in row


def test_anonymous_readers_get_no_cookie(home):
    assert not home.cookies
    assert "Set-Cookie" not in home.headers


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}



def test_a_database_outage_is_a_503_with_retry_after():
    from django.db import OperationalError
    from django.test import RequestFactory

    from edge.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/"), OperationalError("refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("other")) is None
