import pytest

from catalog.scoring import scores as scoring
from catalog.models import Assessment, Assistant, Criterion, Source, Status, Vendor


def test_weighted_mean_ignores_unknowns_and_zero_weights():
    assert scoring.weighted_mean([(100, 1), (0, 3), (None, 5), (50, 0)]) == 25.0
    assert scoring.weighted_mean([(None, 1)]) is None
    assert scoring.weighted_mean([]) is None


def test_overall_uses_only_the_categories_present():
    scores = {"privacy": 80, "political_ties": None, "safety": 40, "deprecation": None}
    assert scoring.overall_score(scores) == 60.0
    assert scoring.overall_score(scores, {"privacy": 3, "safety": 1, "political_ties": 0, "deprecation": 0}) == 70.0
    assert scoring.overall_score(dict.fromkeys(scores)) is None


@pytest.fixture
def small_world(db):
    vendor = Vendor.objects.create(slug="acme", name="Acme")
    first = Assistant.objects.create(slug="acme-chat", name="Acme Chat", vendor=vendor)
    second = Assistant.objects.create(slug="acme-pro", name="Acme Pro", vendor=vendor)
    source = Source.objects.create(key="acme-doc", title="Acme policy", publisher="Acme")
    return vendor, first, second, source


def make_criterion(slug, category, weight=1):
    return Criterion.objects.create(
        slug=slug, category=category, name=slug, question="?", value_type="choice",
        rubric={"good": 100, "bad": 0, "half": 50}, rubric_text="good is good", default_weight=weight,
    )


def publish(source, value, criterion, **subject):
    assessment = Assessment.objects.create(
        criterion=criterion, value=value, verdict="v", confidence="confirmed",
        as_of="2026-01-01", status=Status.PUBLISHED, **subject,
    )
    assessment.sources.add(source)
    return assessment


def test_assistant_inherits_vendor_assessments_unless_it_has_its_own(small_world, django_capture_on_commit_callbacks):
    vendor, first, second, source = small_world
    ties = make_criterion("t-donations", "political_ties")
    privacy = make_criterion("t-training", "privacy", weight=3)
    other_privacy = make_criterion("t-retention", "privacy", weight=1)
    with django_capture_on_commit_callbacks(execute=True):
        publish(source, "bad", ties, vendor=vendor)
        publish(source, "good", privacy, vendor=vendor)
        publish(source, "bad", privacy, assistant=first)  # overrides the vendor's answer
        publish(source, "good", other_privacy, assistant=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.score_political_ties == 0
    assert first.score_privacy == 25.0  # (0*3 + 100*1) / 4
    assert second.score_privacy == 100.0
    assert first.score_safety is None and first.score_deprecation is None
    assert first.score_overall == 12.5


def test_drafts_and_retracted_assessments_do_not_count(small_world, django_capture_on_commit_callbacks):
    vendor, first, _, source = small_world
    criterion = make_criterion("t-safety", "safety")
    with django_capture_on_commit_callbacks(execute=True):
        assessment = publish(source, "good", criterion, assistant=first)
    first.refresh_from_db()
    assert first.score_safety == 100.0
    with django_capture_on_commit_callbacks(execute=True):
        assessment.status = Status.RETRACTED
        assessment.save()
    first.refresh_from_db()
    assert first.score_safety is None
    assert first.score_overall is None


def test_changing_a_value_updates_the_stored_score(small_world, django_capture_on_commit_callbacks):
    _, first, _, source = small_world
    criterion = make_criterion("t-dep", "deprecation")
    with django_capture_on_commit_callbacks(execute=True):
        assessment = publish(source, "good", criterion, assistant=first)
    with django_capture_on_commit_callbacks(execute=True):
        assessment.value = "half"
        assessment.save()
    assessment.refresh_from_db()
    first.refresh_from_db()
    assert assessment.score == 50
    assert first.score_deprecation == 50.0


def test_coverage_is_the_share_of_criteria_assessed(catalog):
    total = Criterion.objects.count()
    chatgpt = Assistant.objects.get(slug="chatgpt")
    effective = scoring.effective_assessments(
        chatgpt.assessments.published(), chatgpt.vendor.assessments.published()
    )
    assert chatgpt.coverage == round(len(effective) / total, 3)
    assert Assistant.objects.get(slug="alpine").coverage == 0


def test_recompute_is_idempotent(catalog):
    before = list(Assistant.objects.order_by("slug").values_list("slug", "score_overall", "coverage"))
    scoring.recompute_scores()
    scoring.recompute_scores()
    after = list(Assistant.objects.order_by("slug").values_list("slug", "score_overall", "coverage"))
    assert before == after
