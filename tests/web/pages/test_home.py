import re
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


def test_alpine_shows_its_full_band_with_not_enough_evidence_never_zero(home):
    alpine = Assistant.objects.get(slug="alpine")
    html = home.content.decode()
    row = html[html.index('data-assistant="alpine"'):]
    row = row[: row.index("</tr>")]
    assert row.count("not enough evidence") == 5
    for key in ("privacy", "political_ties", "safety", "deprecation", "overall"):
        band = f"{getattr(alpine, f'band_low_{key}'):.0f}–{getattr(alpine, f'band_high_{key}'):.0f}"
        assert band in row
    assert alpine.band_high_overall == 100
    assert ">0<" not in row and "score-good" not in row
    assert "unverified" in row


def test_no_assistant_without_enough_evidence_is_listed_above_one_with(home):
    html = home.content.decode()
    order = re.findall(r'<th scope="row" data-assistant="([a-z0-9-]+)"', html)
    enough = dict(Assistant.objects.values_list("slug", "enough_overall"))
    flags = [enough[slug] for slug in order]
    assert flags == sorted(flags, reverse=True)
    assert "listed after the others" in html  # the one sentence that says why


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
