"""Shared test set-up.

The real catalog (fixtures/) is loaded once into the test database; each test runs in a
transaction that is rolled back. A test with a live server flushes the database instead; the
next one gets the rows as loaded put back (tests/support/catalog_copy.py). Tests that need a service (PostgreSQL, Redis, a worker,
Chromium) use `require_service`: under CI=true a missing one fails the run, elsewhere it skips
with the reason.
"""
from pathlib import Path

import pytest

from tests.support import BROKER_URL, CHROMIUM, EMBEDDED_RUN, IN_CI, catalog_copy, missing_checker

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def pytest_collection_modifyitems(config, items):
    """Decide once what this run can exercise.

    The embedded-default run (CANDOR_EMBEDDED_RUN) proves SQLite + eager tasks, so worker
    tests are deselected there; they belong to the PostgreSQL + Redis run. Outside CI a
    missing broker, Chromium or outside checker skips with the reason; under CI=true nothing is
    skipped, so a missing service makes its tests fail.
    """
    if EMBEDDED_RUN:
        dropped = [item for item in items if item.get_closest_marker("services")]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if not item.get_closest_marker("services")]
    if IN_CI:
        return
    for item in items:
        if item.get_closest_marker("services") and not BROKER_URL:
            item.add_marker(pytest.mark.skipif(True, reason="CELERY_BROKER_URL is not set (no Redis broker)"))
        if item.get_closest_marker("browser") and not CHROMIUM:
            item.add_marker(pytest.mark.skipif(True, reason="Chromium is not installed (apt-get install chromium)"))
        checker = item.get_closest_marker("checker")
        if checker and (reason := missing_checker(checker.args[0])):
            item.add_marker(pytest.mark.skipif(True, reason=reason))


def load_real_catalog():
    from catalog.ingest.loading import load_catalog

    return load_catalog(FIXTURES)


def reload_real_catalog():
    """After a transactional test's flush: the rows as loaded, put back (tests/support/catalog_copy.py)."""
    if not catalog_copy.put_back():
        load_real_catalog()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_real_catalog()
        catalog_copy.keep()


@pytest.fixture(scope="session", autouse=True)
def snapshot_directory(tmp_path_factory):
    """Each run builds its own snapshots of the catalog (catalog.timemachine, for as_of)."""
    from django.conf import settings

    settings.CANDOR_SNAPSHOT_DIR = str(tmp_path_factory.mktemp("snapshots"))


@pytest.fixture
def catalog(db):
    """The real catalog; reloaded if a transactional test flushed it."""
    from catalog.models import Assistant

    if not Assistant.objects.exists():
        reload_real_catalog()


@pytest.fixture
def live_catalog(transactional_db):
    from catalog.models import Assistant

    if not Assistant.objects.exists():
        reload_real_catalog()


@pytest.fixture
def editor(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password="not-used-in-tests")
    group, _ = Group.objects.get_or_create(name="editors")
    user.groups.add(group)
    return user


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    from catalog import revision

    for cache in caches.all(initialized_only=True):
        cache.clear()
    revision.forget()  # a flushed or rolled-back database may hold another number
    yield


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Unit tests run tasks inline; tests marked `services` go through the real broker."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = not request.node.get_closest_marker("services")
    yield
    app.conf.task_always_eager = previous
