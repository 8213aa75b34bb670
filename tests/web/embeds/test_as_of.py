"""Embeds and badges as of a past moment: what they showed then, cached for a year."""
from urllib.parse import quote

from django.utils import timezone

from catalog.models import Assessment, Criterion, Status
from catalog.scoring import scores as scoring

IMMUTABLE = "public, max-age=31536000, immutable"


def test_a_badge_as_of_a_moment_shows_the_score_of_then(client, catalog):
    before = timezone.now()
    badge_then = client.get("/badge/chatgpt/privacy.svg").content
    claim = (
        Assessment.objects.filter(assistant__slug="chatgpt", status=Status.PUBLISHED, criterion__category="privacy")
        .filter(criterion__value_type=Criterion.ValueType.BOOLEAN)
        .select_related("criterion")
        .first()
    )
    claim.status = Status.RETRACTED
    claim.save()
    scoring.recompute_stale()  # the live badge changes with the job
    assert client.get("/badge/chatgpt/privacy.svg").content != badge_then
    past = client.get(f"/badge/chatgpt/privacy.svg?as_of={quote(before.isoformat())}")
    assert past.status_code == 200 and past.content == badge_then
    assert past["Cache-Control"] == IMMUTABLE


def test_before_the_first_record_a_badge_is_not_found(client, catalog):
    assert client.get("/badge/chatgpt/overall.svg?as_of=2001-01-01").status_code == 404


def test_an_embed_as_of_now_is_a_past_snapshot_cached_for_a_year(client, catalog):
    when = quote(timezone.now().isoformat())
    response = client.get(f"/embed/alternatives/?to=chatgpt&as_of={when}")
    assert response.status_code == 200 and response["Cache-Control"] == IMMUTABLE
    again = client.get(f"/embed/alternatives/?to=chatgpt&as_of={when}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_countdowns_count_from_the_day_asked(client, catalog):
    """A countdown as of a past day counts from that day, so its answer never changes either."""
    from catalog import timemachine
    from edge import asof, conditional

    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    moment, _label = asof.parse_as_of(yesterday.isoformat())
    with timemachine.reading(timemachine.snapshot_for(moment)):
        assert conditional.today() == yesterday
    assert conditional.today() == timezone.localdate()
    response = client.get(f"/en/retirements/?as_of={yesterday.isoformat()}")
    assert response.status_code == 200 and response["Cache-Control"] == IMMUTABLE


def test_an_embed_as_of_a_moment_says_which_moment_it_shows(client, catalog):
    when = quote(timezone.now().isoformat())
    french = client.get(f"/embed/alternatives/?to=chatgpt&as_of={when}&lang=fr").content.decode()
    assert 'class="as-of"' in french and "Le catalogue tel que publié le" in french
    english = client.get(f"/embed/compare/?assistants=chatgpt,claude&as_of={when}").content.decode()
    assert "The catalog as published at" in english
    assert 'class="as-of"' not in client.get("/embed/alternatives/?to=chatgpt").content.decode()
