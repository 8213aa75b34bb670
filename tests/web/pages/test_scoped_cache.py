"""A publish invalidates only the cached pages and embeds that show what it changed (issue 21).

An assistant's page and its default alternatives embed are cached under the scopes they are
made from (catalog.scopes): the assistant's own evidence and the head of the default ranking.
"Served from the cache" is observable: the stored copy comes back with at most one query (the
scopes' numbers), where building the page takes over ten.
"""
import pytest
from django.core.management import call_command

from catalog import revision
from catalog.models import (
    Assessment,
    Assistant,
    DeprecationEvent,
    OfferedModel,
    PoliticalTie,
    RegulatorAction,
    SearchRecord,
    Status,
    Vendor,
)
from catalog.scoring import scores as scoring
from tests.support.api import api  # noqa: F401,F811 (fixture)

PAGE = "/en/assistants/chatgpt/"
EMBED = "/embed/alternatives/?to=chatgpt"
WEIGHTED_EMBED = "/embed/alternatives/?to=chatgpt&weights=privacy:3"


def served_from_cache(client, path):
    """True when `path` answers from its stored copy; the same bytes either way."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
        assert response.status_code == 200
        response.content
    return len(context) <= 1


def publish_a_note_about(slug, note):
    """An editor's publish that changes no score: a published assessment's note."""
    claim = Assessment.objects.published().filter(assistant__slug=slug).first()
    claim.note = note
    claim.save()


def warm(client, *paths):
    for path in paths:
        client.get(path)
        assert served_from_cache(client, path), path  # the second read is a stored copy


def test_a_publish_about_another_assistant_leaves_this_page_in_the_cache(client, catalog):
    warm(client, PAGE, EMBED)
    publish_a_note_about("claude", "A clarified note about Claude.")
    assert served_from_cache(client, PAGE)
    assert served_from_cache(client, EMBED)
    assert not served_from_cache(client, "/en/assistants/claude/")


def test_a_publish_about_this_assistant_shows_on_its_page_at_once(client, catalog):
    warm(client, PAGE)
    claim = Assessment.objects.published().filter(assistant__slug="chatgpt").first()
    claim.verdict = "A verdict an editor just corrected."
    claim.save()
    assert "A verdict an editor just corrected." in client.get(PAGE).content.decode()


def shown_on(kind):
    """A record of `kind` and the slug of an assistant whose page shows it."""
    chatgpt = Assistant.objects.get(slug="chatgpt")
    if kind == "a regulator action":  # not every vendor has one
        action = RegulatorAction.objects.published().select_related("assistant").first()
        return action, (action.assistant or action.vendor.assistants.first()).slug
    if kind == "a model it offers":  # not every assistant offers other makers' models
        offer = OfferedModel.objects.published().select_related("assistant").first()
        return offer, offer.assistant.slug
    record = {
        "its assessment": lambda: Assessment.objects.filter(assistant=chatgpt).first(),
        "its vendor's assessment": lambda: Assessment.objects.filter(vendor=chatgpt.vendor).first(),
        "its vendor's political tie": lambda: PoliticalTie.objects.filter(vendor=chatgpt.vendor).first(),
        "a retirement of a model it uses": lambda: DeprecationEvent.objects.filter(model__assistants=chatgpt).first(),
        "a search for an unknown cell": lambda: SearchRecord.objects.filter(assistant=chatgpt).first()
        or SearchRecord.objects.filter(vendor=chatgpt.vendor).first(),
        "its vendor": lambda: chatgpt.vendor,
        "itself": lambda: chatgpt,
    }[kind]()
    return record, "chatgpt"


KINDS = [
    "its assessment", "its vendor's assessment", "its vendor's political tie", "a regulator action",
    "a retirement of a model it uses", "a model it offers", "a search for an unknown cell", "its vendor", "itself",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_record_the_page_shows_rebuilds_it_when_edited(client, catalog, kind):
    record, slug = shown_on(kind)
    assert record is not None, f"the catalog has {kind}"
    page = f"/en/assistants/{slug}/"
    warm(client, page)
    record.save()
    assert not served_from_cache(client, page), kind


def test_a_record_moved_to_another_assistant_rebuilds_the_page_it_left(client, catalog):
    claim = Assessment.objects.filter(assistant__slug="chatgpt").first()
    warm(client, PAGE)
    claim.assistant = Assistant.objects.get(slug="lumo")
    claim.save()
    assert not served_from_cache(client, PAGE)


def test_a_retraction_rebuilds_the_page(client, catalog):
    claim = Assessment.objects.published().filter(assistant__slug="chatgpt").first()
    warm(client, PAGE)
    claim.status = Status.RETRACTED
    claim.save()
    assert not served_from_cache(client, PAGE)


def last_of_the_default_ranking():
    weights = scoring.DEFAULT_CATEGORY_WEIGHTS
    ranked = Assistant.objects.filter(status=Assistant.State.ACTIVE).annotate(
        weighted_score=scoring.weighted_overall_expression(weights), **scoring.evidence_annotations(weights)
    )
    return ranked.order_by(*scoring.RANK_ORDER).last()


def lower_a_score(assistant):
    """Give one of its choice answers the worst value of its rubric; True if a score fell."""
    for claim in Assessment.objects.filter(assistant=assistant).select_related("criterion"):
        rubric = claim.criterion.rubric
        if "bands" in rubric:
            continue
        worst = min(rubric, key=lambda value: rubric[value])
        if rubric[worst] < claim.score:
            claim.value = worst
            claim.save()
            return True
    return False


@pytest.fixture
def long_catalog(catalog):
    call_command("seed_synthetic", assistants=300, per_assistant=10, stdout=open("/dev/null", "w"))


def test_a_score_change_far_down_the_ranking_leaves_default_alternatives_cached(client, long_catalog):
    scoring.recompute_stale()
    last = last_of_the_default_ranking()
    page = f"/en/assistants/{last.slug}/"
    warm(client, PAGE, EMBED, WEIGHTED_EMBED, page)
    head = scoring.ranking_head()
    before = last.score_overall, last.band_low_overall
    assert lower_a_score(last)
    assert scoring.recompute_stale() == 1
    last.refresh_from_db()
    assert (last.score_overall, last.band_low_overall) != before  # its stored scores changed
    assert scoring.ranking_head() == head  # not among the leaders, before or after
    assert served_from_cache(client, PAGE)
    assert served_from_cache(client, EMBED)
    # Ranked by other weights, any score may move it: that embed is rebuilt, and so is the
    # assistant's own page.
    assert not served_from_cache(client, WEIGHTED_EMBED)
    assert not served_from_cache(client, page)


def test_a_score_change_among_the_leaders_rebuilds_default_alternatives(client, catalog):
    scoring.recompute_stale()
    warm(client, PAGE, EMBED)
    leader = Assistant.objects.get(slug="claude")  # another vendor's, among ChatGPT's alternatives
    before = client.get(EMBED).content
    assert lower_a_score(leader)
    scoring.recompute_stale()
    assert not served_from_cache(client, PAGE)
    assert not served_from_cache(client, EMBED)
    assert client.get(EMBED).content != before


def test_scope_numbers_are_remembered_only_while_the_revision_is_current(catalog, settings):
    settings.CATALOG_REVISION_MEMO_SECONDS = 60
    revision.forget()
    _, first = revision.scope_numbers(["assistant:chatgpt"])
    Vendor.objects.filter(slug="openai").update(description="x")  # no signal: nothing touched
    _, again = revision.scope_numbers(["assistant:chatgpt"])
    assert again == first
    Assessment.objects.filter(assistant__slug="chatgpt").first().save()
    _, after = revision.scope_numbers(["assistant:chatgpt"])
    assert after["assistant:chatgpt"] > first["assistant:chatgpt"]


def test_the_api_detail_stays_cached_through_other_assistants_publishes(api, catalog):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = "/api/v1/assistants/chatgpt/"
    first = api.get(path)
    publish_a_note_about("claude", "Another assistant's note.")
    with CaptureQueriesContext(connection) as context:
        again = api.get(path)
    assert again.content == first.content and len(context) <= 1
    own = Assessment.objects.published().filter(assistant__slug="chatgpt").first()
    own.verdict = "A verdict the API must show at once."
    own.save()
    assert "A verdict the API must show at once." in api.get(path).content.decode()


def test_an_old_slug_answered_by_the_api_follows_the_renamed_assistants_edits(api, catalog):
    lumo = Assistant.objects.get(slug="lumo")
    lumo.slug = "lumo-renamed"
    lumo.save()
    old = "/api/v1/assistants/lumo/"
    assert api.get(old).status_code == 200
    claim = Assessment.objects.published().filter(assistant=lumo).first()
    claim.verdict = "Seen under the old slug too."
    claim.save()
    assert "Seen under the old slug too." in api.get(old).content.decode()


@pytest.mark.parametrize("path", ["/embed/assistant/chatgpt/?lang=fr", "/badge/chatgpt/overall.svg"])
def test_an_assistants_card_and_badge_follow_its_own_scores_only(client, catalog, path):
    warm(client, path)
    publish_a_note_about("claude", "Another assistant's note.")
    assert served_from_cache(client, path)
    own = Assessment.objects.published().filter(assistant__slug="chatgpt").first()
    assert lower_a_score(Assistant.objects.get(slug="chatgpt")) or own.save() is None
    scoring.recompute_stale()
    assert not served_from_cache(client, path)


def test_a_warm_process_answers_any_assistants_stored_page_without_a_query(
    client, catalog, django_assert_num_queries, settings
):
    """The scope numbers of every assistant come with the revision: a cached page of a
    different assistant each time costs no query while the revision stands."""
    settings.CATALOG_REVISION_MEMO_SECONDS = 60  # the revision stands for the whole test
    slugs = list(Assistant.objects.values_list("slug", flat=True)[:5])
    for slug in slugs:
        client.get(f"/en/assistants/{slug}/")
    revision.forget()
    revision.current()
    revision.scope_numbers([revision.EVERYTHING])
    for slug in slugs:
        with django_assert_num_queries(0):
            assert client.get(f"/en/assistants/{slug}/").status_code == 200


COMPARISONS = [
    "/api/v1/compare/?assistants=chatgpt,lumo",
    "/embed/compare/?assistants=chatgpt,lumo",
    "/en/compare/?assistants=chatgpt,lumo",
]


@pytest.mark.parametrize("path", COMPARISONS)
def test_a_comparison_stays_cached_through_publishes_about_others(client, catalog, path):
    warm(client, path)
    publish_a_note_about("claude", "A note about an assistant this comparison leaves out.")
    assert served_from_cache(client, path)
    compared = Assessment.objects.published().filter(assistant__slug="lumo").exclude(verdict="").first()
    compared.verdict = "A verdict about a compared assistant, just corrected."
    compared.save()
    assert not served_from_cache(client, path)
    if "/embed/" not in path:  # the embed shows scores and ranks, not verdicts
        assert "A verdict about a compared assistant, just corrected." in client.get(path).content.decode()


def test_the_compare_page_follows_the_coverage_its_picker_is_ordered_by(client, catalog):
    path = COMPARISONS[2]
    scoring.recompute_stale()
    warm(client, path)
    claude = Assistant.objects.get(slug="claude")
    coverage = claude.coverage
    assert lower_a_score(claude)  # another value: the same criteria answered
    scoring.recompute_stale()
    claude.refresh_from_db()
    assert claude.coverage == coverage
    assert served_from_cache(client, path)
    retracted = Assessment.objects.published().filter(assistant=claude).first()
    retracted.status = Status.RETRACTED  # one answer fewer: Claude's coverage falls
    retracted.save()
    scoring.recompute_stale()
    claude.refresh_from_db()
    assert claude.coverage < coverage
    assert not served_from_cache(client, path)  # the picker offers the best-covered first


def test_a_comparisons_api_answer_and_embed_ignore_other_assistants_rescoring(client, catalog):
    scoring.recompute_stale()
    warm(client, COMPARISONS[0], COMPARISONS[1])
    assert lower_a_score(Assistant.objects.get(slug="claude"))
    scoring.recompute_stale()
    assert served_from_cache(client, COMPARISONS[0])
    assert served_from_cache(client, COMPARISONS[1])


@pytest.mark.parametrize("path", ["/en/", "/fr/?min_privacy=10", "/api/v1/assistants/", "/api/v1/assistants/?ordering=-privacy"])
def test_lists_of_assistants_stay_cached_until_someone_is_rescored(client, catalog, path):
    scoring.recompute_stale()
    warm(client, path)
    publish_a_note_about("claude", "A note: no score moves.")
    assert served_from_cache(client, path)
    assert lower_a_score(Assistant.objects.get(slug="claude"))
    scoring.recompute_stale()
    assert not served_from_cache(client, path)
