"""The database itself refuses data that would break the catalog's promises."""
import pytest
from django.db import IntegrityError, connection, transaction

from catalog.models import Assessment, Assistant, Criterion, Source, Status, Vendor
from tests.support import postgres_only


@pytest.fixture
def subject(db):
    vendor = Vendor.objects.create(slug="acme", name="Acme")
    assistant = Assistant.objects.create(slug="acme-chat", name="Acme Chat", vendor=vendor)
    criterion = Criterion.objects.create(
        slug="c-test", category="privacy", name="c", question="?", value_type="choice",
        rubric={"yes": 100, "no": 0}, rubric_text="r",
    )
    return vendor, assistant, criterion


def new_assessment(criterion, status=Status.DRAFT, **subject):
    return Assessment.objects.create(
        criterion=criterion, value="yes", verdict="v", confidence="reported",
        as_of="2026-01-01", status=status, **subject,
    )


def test_duplicate_slugs_are_refused(subject):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vendor.objects.create(slug="acme", name="Another Acme")


def test_scores_outside_0_100_are_refused(subject):
    _, assistant, criterion = subject
    assessment = new_assessment(criterion, assistant=assistant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(score=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assistant.objects.filter(pk=assistant.pk).update(score_privacy=-5)


def test_an_assessment_has_exactly_one_subject(subject):
    vendor, assistant, criterion = subject
    with pytest.raises(IntegrityError), transaction.atomic():
        new_assessment(criterion, assistant=assistant, vendor=vendor)
    with pytest.raises(IntegrityError), transaction.atomic():
        new_assessment(criterion)


def test_one_published_assessment_per_subject_and_criterion(subject):
    _, assistant, criterion = subject
    source = Source.objects.create(key="s", title="t", publisher="p")
    new_assessment(criterion, status=Status.PUBLISHED, assistant=assistant).sources.add(source)
    new_assessment(criterion, status=Status.DRAFT, assistant=assistant)  # a draft may wait beside it
    with pytest.raises(IntegrityError), transaction.atomic():
        new_assessment(criterion, status=Status.PUBLISHED, assistant=assistant)


def test_criterion_weights_stay_between_1_and_10(subject):
    _, _, criterion = subject
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.filter(pk=criterion.pk).update(default_weight=0)


def test_saving_an_assessment_scores_it_from_the_rubric(subject):
    _, assistant, criterion = subject
    assessment = new_assessment(criterion, assistant=assistant)
    assert assessment.score == 100


@postgres_only
def test_published_assessment_without_source_fails_at_commit_on_postgresql(subject):
    _, assistant, criterion = subject
    with pytest.raises(IntegrityError, match="needs at least one source"), transaction.atomic():
        new_assessment(criterion, status=Status.PUBLISHED, assistant=assistant)
        with connection.cursor() as cursor:  # what COMMIT would do
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@postgres_only
def test_published_assessment_with_source_passes_the_commit_check(subject):
    _, assistant, criterion = subject
    source = Source.objects.create(key="s", title="t", publisher="p")
    with transaction.atomic():
        assessment = new_assessment(criterion, status=Status.PUBLISHED, assistant=assistant)
        assessment.sources.add(source)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError), transaction.atomic():
        assessment.sources.clear()  # removing the last source of a published record
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def second_round_claims(vendor, assistant):
    """One published record of each second-round claim kind, without a source."""
    import datetime

    from catalog.models import AIModel, OfferedModel, RegulatorAction, SwitchingFact

    model = AIModel.objects.create(slug="acme-1", name="Acme 1", vendor=vendor)
    common = {"confidence": "reported", "status": Status.PUBLISHED}
    return [
        lambda: RegulatorAction.objects.create(
            key="ra", vendor=vendor, authority="A", jurisdiction="IT", kind="block",
            date=datetime.date(2025, 1, 1), summary="s", **common,
        ),
        lambda: OfferedModel.objects.create(key="om", assistant=assistant, model=model, terms="t", **common),
        lambda: SwitchingFact.objects.create(
            key="sf", assistant=assistant, kind="plan", summary="s", as_of=datetime.date(2026, 1, 1), **common
        ),
    ]


@postgres_only
@pytest.mark.parametrize("which", [0, 1, 2], ids=["regulator-action", "offered-model", "switching-fact"])
def test_second_round_claims_published_without_source_fail_at_commit_on_postgresql(subject, which):
    vendor, assistant, _ = subject
    create = second_round_claims(vendor, assistant)[which]
    with pytest.raises(IntegrityError, match="needs at least one source"), transaction.atomic():
        create()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_search_record_has_exactly_one_subject(subject):
    import datetime

    from catalog.models import SearchRecord

    vendor, assistant, criterion = subject
    with pytest.raises(IntegrityError), transaction.atomic():
        SearchRecord.objects.create(
            key="both", assistant=assistant, vendor=vendor, criterion=criterion, category="privacy",
            searched=datetime.date(2026, 12, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SearchRecord.objects.create(key="none", category="privacy", searched=datetime.date(2026, 12, 1))
