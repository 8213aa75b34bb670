"""A public correction reaches the public only through an editor, as a draft first."""
import pytest

from catalog import corrections
from catalog.models import Assessment, Assistant, Correction, Criterion, Status


@pytest.fixture
def pending(catalog):
    return Correction.objects.create(
        assistant=Assistant.objects.get(slug="chatgpt"),
        criterion=Criterion.objects.get(slug="training-by-default"),
        claim="The opt-out now also covers past chats.",
        source_url="https://help.openai.com/en/articles/7730893-data-controls-faq",
    )


def test_accepting_creates_a_draft_citing_the_submitted_source(pending, editor):
    published_before = Assessment.objects.published().count()
    draft = corrections.accept(pending, editor)
    pending.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert list(draft.sources.values_list("url", flat=True)) == [pending.source_url]
    assert pending.review == Correction.Review.ACCEPTED and pending.draft_assessment == draft
    assert pending.reviewed_by == editor
    assert Assessment.objects.published().count() == published_before  # nothing public changed


def test_a_correction_is_reviewed_once(pending, editor):
    corrections.reject(pending, editor, "not supported by the source")
    with pytest.raises(corrections.CorrectionError, match="already rejected"):
        corrections.accept(pending, editor)


def test_accepting_needs_a_criterion(pending, editor):
    pending.criterion = None
    pending.save()
    with pytest.raises(corrections.CorrectionError, match="names no criterion"):
        corrections.accept(pending, editor)


def test_editors_accept_from_the_admin(pending, admin_client):
    response = admin_client.post(
        "/admin/catalog/correction/",
        {"action": "accept_as_draft", "_selected_action": [pending.pk]},
        follow=True,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.review == Correction.Review.ACCEPTED
