"""The catalog revision: one counter bumped by every write to public data.

ETags, Last-Modified and response caches key on it, so a publish invalidates them all at once.
"""
from django.db.models import F
from django.utils import timezone

from .models import CatalogRevision

REVISION_ID = 1


def current():
    """(number, changed_at) of the catalog; creates the row on first use."""
    revision, _ = CatalogRevision.objects.get_or_create(id=REVISION_ID)
    return revision.number, revision.changed_at


def bump():
    updated = CatalogRevision.objects.filter(id=REVISION_ID).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        CatalogRevision.objects.get_or_create(id=REVISION_ID)
