"""The corrections workflow: a public suggestion becomes a draft for an editor, never a
published claim by itself."""
import hashlib
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from catalog.models import Assessment, Correction, Source, Status


class CorrectionError(ValueError):
    pass


def source_for_url(url):
    """The Source for a submitted address, created on first use (editors complete it later)."""
    key = "submitted-" + hashlib.sha256(url.encode()).hexdigest()[:16]
    source, _ = Source.objects.get_or_create(
        key=key,
        defaults={"title": url[:400], "publisher": urlsplit(url).hostname or "unknown", "url": url},
    )
    return source


@transaction.atomic
def accept(correction, editor):
    """Turn a pending correction into a draft assessment citing its source.

    The draft starts from the currently published value (if any) so the editor edits the
    difference; it stays a draft until an editor publishes it.
    """
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.review != Correction.Review.PENDING:
        raise CorrectionError(f"correction {correction.pk} is already {correction.review}")
    if correction.criterion is None:
        raise CorrectionError(f"correction {correction.pk} names no criterion: choose one before accepting")
    current = Assessment.objects.filter(
        assistant=correction.assistant, criterion=correction.criterion, status=Status.PUBLISHED
    ).first()
    value = current.value if current else next(iter(sorted(correction.criterion.rubric)))
    draft = Assessment.objects.create(
        assistant=correction.assistant,
        criterion=correction.criterion,
        value=value,
        verdict=correction.claim[:300],
        note=f"From public correction {correction.pk}: {correction.claim}",
        confidence=current.confidence if current else "reported",
        as_of=timezone.now().date(),
        status=Status.DRAFT,
    )
    draft.sources.add(source_for_url(correction.source_url))
    correction.review = Correction.Review.ACCEPTED
    correction.reviewed_by = editor
    correction.reviewed_at = timezone.now()
    correction.draft_assessment = draft
    correction.save()
    return draft


def reject(correction, editor, note=""):
    if correction.review != Correction.Review.PENDING:
        raise CorrectionError(f"correction {correction.pk} is already {correction.review}")
    correction.review = Correction.Review.REJECTED
    correction.reviewer_note = note
    correction.reviewed_by = editor
    correction.reviewed_at = timezone.now()
    correction.save()
