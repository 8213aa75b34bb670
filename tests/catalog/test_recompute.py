"""Score recomputation: flagged in the writer's transaction, coalesced, idempotent."""
import pytest
from django.core.cache import cache
from django.db import transaction

from catalog import revision
from catalog.scoring import scores as scoring
from catalog.models import Assistant
from catalog.scoring.tasks import RECOMPUTE_PENDING_KEY, recompute_scores, schedule_score_recompute
from tests.support.jobs import publish_assessment, world  # noqa: F401


def test_a_change_flags_its_assistants_and_the_commit_recomputes_them(world, django_capture_on_commit_callbacks):
    scoring.recompute_stale()  # setting up the world (a new criterion) flagged everyone
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_assessment(world, vendor=world.vendor)
    flagged = set(Assistant.objects.filter(scores_updated_at__isnull=True).values_list("slug", flat=True))
    assert flagged == {"acme-chat"}  # the vendor's only assistant; globex untouched
    for callback in callbacks:
        callback()
    world.assistant.refresh_from_db()
    assert world.assistant.scores_updated_at is not None
    assert world.assistant.score_privacy == 40.0


def test_a_rolled_back_change_flags_nothing(world, django_capture_on_commit_callbacks):
    scoring.recompute_stale()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_assessment(world)
        raise RuntimeError("editor gave up")
    assert not Assistant.objects.filter(scores_updated_at__isnull=True).exists()


def test_changes_while_a_run_is_waiting_join_that_run(world, django_capture_on_commit_callbacks):
    scoring.recompute_stale()
    cache.set(RECOMPUTE_PENDING_KEY, True)  # a run is already queued
    with django_capture_on_commit_callbacks(execute=True):
        publish_assessment(world)
    assert schedule_score_recompute() is False
    world.assistant.refresh_from_db()
    assert world.assistant.scores_updated_at is None  # still waiting for the queued run
    recompute_scores.delay()  # the queued run arrives
    world.assistant.refresh_from_db()
    assert world.assistant.score_privacy == 40.0
    assert cache.get(RECOMPUTE_PENDING_KEY) is None
    assert schedule_score_recompute() is True  # the next change schedules a new run


def test_recomputing_twice_changes_nothing_the_second_time(world, django_capture_on_commit_callbacks):
    scoring.recompute_stale()
    publish_assessment(world)  # flagged; commit callbacks not run
    number = revision.current()[0]
    assert scoring.recompute_stale() == 1
    assert revision.current()[0] == number + 1  # new scores: cached answers are stale
    scoring.mark_stale([world.assistant.id])
    assert scoring.recompute_stale() == 0
    assert revision.current()[0] == number + 1
