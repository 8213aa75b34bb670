"""The catalog revision: remembered briefly, never shared before its transaction commits."""
import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from catalog import revision
from catalog.models import CatalogRevision


def bump_elsewhere():
    """What another process's bump looks like from here: the row and the shared cache change,
    this process's memo does not."""
    CatalogRevision.objects.filter(id=revision.REVISION_ID).update(number=F("number") + 1)
    cache.delete(revision.CACHE_KEY)


def test_a_read_is_remembered_then_read_again(db, settings, django_assert_num_queries):
    settings.CATALOG_REVISION_MEMO_SECONDS = 0.2
    first = revision.current()
    with django_assert_num_queries(0):
        assert revision.current() == first
    bump_elsewhere()
    assert revision.current() == first  # another process's bump: not seen yet...
    time.sleep(0.25)
    assert revision.current()[0] == first[0] + 1  # ...but within the memo's lifetime


def test_a_bump_in_this_process_is_seen_at_once(db):
    number = revision.current()[0]
    revision.bump()
    assert revision.current()[0] == number + 1


def test_memo_off_reads_every_time(db, settings):
    settings.CATALOG_REVISION_MEMO_SECONDS = 0
    number = revision.current()[0]
    bump_elsewhere()
    assert revision.current()[0] == number + 1


def test_an_uncommitted_bump_is_remembered_by_nobody(db):
    """A rolled-back bump's number comes back with the next bump, for other content: it
    must not stay in the memo or the shared cache."""
    number = revision.current()[0]
    with pytest.raises(RuntimeError), transaction.atomic():
        revision.bump()
        assert revision.current()[0] == number + 1  # this transaction sees its own bump
        assert revision._memo is None
        assert cache.get(revision.CACHE_KEY) is None
        raise RuntimeError("roll back")
    assert revision.current()[0] == number


def test_a_commit_publishes_the_new_number(transactional_db, settings):
    number = revision.current()[0]
    with transaction.atomic():
        revision.bump()
    assert revision.current()[0] == number + 1
    if settings.CACHE_URL:  # Redis: the other processes read it from there
        assert cache.get(revision.CACHE_KEY)[0] == number + 1
