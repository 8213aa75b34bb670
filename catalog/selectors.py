"""Read queries shared by pages, API, embeds and feeds: each prefetches what its callers use.

Every function here costs a fixed number of queries, whatever the size of the catalog.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Min, Prefetch, Q

from catalog import revision, scopes, timemachine
from catalog.models import (
    CATEGORY_KEYS,
    AIModel,
    Assessment,
    Assistant,
    Campaign,
    CampaignSuggestion,
    Criterion,
    DeprecationEvent,
    OfferedModel,
    PoliticalTie,
    RegulatorAction,
    SearchRecord,
    Source,
    Vendor,
)
from catalog.scoring.scores import (
    RANK_ORDER,
    effective_assessments,
    evidence_annotations,
    weighted_overall_expression,
)


def assistant_list():
    """Assistants with their vendor: one query, whatever the catalog's size."""
    return Assistant.objects.select_related("vendor").order_by("name")


def every_word_in(text, *fields):
    """A filter keeping rows where each word of `text` appears in at least one of `fields`.

    One search behaviour for the pages and every API list: "open ai" finds "OpenAI's
    assistant" as well as "an assistant open to AI"; case is ignored.
    """
    query = Q()
    for word in str(text).split():
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        query &= match
    return query


def vendor_countries():
    """ISO codes of the countries vendors are in, sorted; one query."""
    return list(
        Vendor.objects.exclude(country="").order_by("country").values_list("country", flat=True).distinct()
    )


def cited_sources():
    """A record's sources in reading order (newest first), prefetched: for every record shown
    or serialized with what it cites. The key breaks ties (undated sources with one title), so
    the order is the same after a restore."""
    return Prefetch("sources", queryset=Source.objects.order_by("-published", "title", "key"))


def published_deprecations():
    """Published deprecation events with their model, vendor and sources, oldest first (a
    partial date after the precise dates of its period, then by explicit order)."""
    return (
        DeprecationEvent.objects.published()
        .select_related("model__vendor", "assistant")
        .prefetch_related(cited_sources())
        .order_by(*DeprecationEvent.TIMELINE_ORDER)
    )


def model_profile(slug):
    """A model with its vendor, successor and the assistants that run it (for its page).
    Raises AIModel.DoesNotExist."""
    return (
        AIModel.objects.select_related("vendor", "successor")
        .prefetch_related(Prefetch("assistants", queryset=Assistant.objects.order_by("name")))
        .get(slug=slug)
    )


def first_recorded(events):
    """{event pk: when the catalog first recorded it}, from its history (one query)."""
    rows = (
        DeprecationEvent.history.model.objects.filter(id__in=[event.pk for event in events])
        .values("id")
        .annotate(first=Min("history_date"))
    )
    return {row["id"]: row["first"] for row in rows}


def published_ties():
    """Published political ties with their sources, newest first (undated last)."""
    return (
        PoliticalTie.objects.published()
        .select_related("vendor")
        .prefetch_related(cited_sources())
        .order_by(F("date").desc(nulls_last=True), "key")
    )


def assistant_profile(slug):
    """An assistant with vendor, models (and their successors), sources and campaigns, for its
    page (its Dossier has the rest). Raises Assistant.DoesNotExist. Four queries.
    """
    models = AIModel.objects.select_related("successor").order_by("released", "name")
    return (
        Assistant.objects.select_related("vendor")
        .prefetch_related(
            Prefetch("models_used", queryset=models),
            cited_sources(),
            Prefetch("campaigns_leaving", queryset=Campaign.objects.order_by("name")),
        )
        .get(slug=slug)
    )


def vendor_ties(vendor):
    return list(published_ties().filter(vendor=vendor))


def vendor_profile(slug):
    """A vendor with its assistants, models, sources and data-storage sources. Raises Vendor.DoesNotExist."""
    return Vendor.objects.prefetch_related(
        Prefetch("assistants", queryset=Assistant.objects.order_by("name")),
        Prefetch("models", queryset=AIModel.objects.select_related("successor").order_by("released", "name")),
        cited_sources(),
        Prefetch("data_storage_sources", queryset=Source.objects.order_by("-published", "title", "key")),
    ).get(slug=slug)


def published_evidence():
    """Published assessments with their criterion and, as a list in `cited`, their sources:
    ready to show as Answers (Answer.sources).

    A list, not the related manager's cache: Django then sets one attribute per assessment
    instead of building a queryset for each, a fifth of a comparison's time at four
    assistants (about 95 assessments; docs/benchmarks.md)."""
    cited = Prefetch("sources", queryset=Source.objects.order_by("-published", "title", "key"), to_attr="cited")
    return Assessment.objects.published().select_related("criterion").prefetch_related(cited)


def effective_evidence(assistants):
    """{assistant id: {criterion id: (assessment, inherited)}} in two queries: each assistant's
    own published answers, else its vendor's (scores.effective_assessments)."""
    vendor_ids = {a.vendor_id for a in assistants}
    evidence = published_evidence().filter(Q(assistant__in=[a.id for a in assistants]) | Q(vendor__in=vendor_ids))
    by_assistant, by_vendor = defaultdict(list), defaultdict(list)
    for assessment in evidence:
        if assessment.assistant_id:
            by_assistant[assessment.assistant_id].append(assessment)
        else:
            by_vendor[assessment.vendor_id].append(assessment)
    return {a.id: effective_assessments(by_assistant[a.id], by_vendor[a.vendor_id]) for a in assistants}


@dataclass
class Answer:
    """One subject's answer to one criterion: its assessment, or None when unknown.

    `inherited` is True when the answer is the vendor's, shared by its assistants. Pages,
    comparisons, embeds and the API all show answers in this shape.
    """

    criterion: Criterion
    assessment: Assessment | None = None
    inherited: bool = False
    # For an unknown answer: the search that looked for a source and found none, if recorded.
    search: SearchRecord | None = None

    @property
    def sources(self):
        """The answer's (prefetched) sources, newest first; none when the answer is unknown."""
        if self.assessment is None:
            return []
        cited = getattr(self.assessment, "cited", None)  # published_evidence's list
        return cited if cited is not None else list(self.assessment.sources.all())


def answer_to(criterion, evidence):
    """The Answer to `criterion` in `evidence` {criterion id: (assessment, inherited)}."""
    assessment, inherited = evidence.get(criterion.id, (None, False))
    return Answer(criterion, assessment, inherited)


def answers_by_category(criteria, evidence):
    """{category: [Answer]} for `criteria` (in their order), every category present."""
    grouped = {key: [] for key in CATEGORY_KEYS}
    for criterion in criteria:
        grouped[criterion.category].append(answer_to(criterion, evidence))
    return grouped


@dataclass
class Dossier:
    """What the catalog publishes about one assistant, beyond its own row: every criterion
    answered or not, per category; the retirements of the models it runs; its vendor's ties."""

    answers: dict = field(default_factory=dict)  # {category: [Answer]}
    deprecations: list = field(default_factory=list)
    ties: list = field(default_factory=list)
    regulator_actions: list = field(default_factory=list)
    offered_models: list = field(default_factory=list)


def unknown_cell_searches(assistant=None, vendor=None):
    """{criterion id: the latest not-found search} for an assistant (and its vendor) or a vendor."""
    condition = Q(vendor=vendor or assistant.vendor)
    if assistant is not None:
        condition |= Q(assistant=assistant)
    records = SearchRecord.objects.filter(
        condition, criterion__isnull=False, outcome=SearchRecord.Outcome.NOT_FOUND
    ).order_by("searched", "key")
    # The assistant's own search wins over its vendor's; a later one over an earlier one.
    found = {}
    for record in sorted(records, key=lambda r: (r.assistant_id is not None, r.searched, r.key)):
        found[record.criterion_id] = record
    return found


def attach_searches(answers, searches):
    """Give each unknown Answer in {category: [Answer]} its recorded search, if any."""
    for group in answers.values():
        for answer in group:
            if answer.assessment is None:
                answer.search = searches.get(answer.criterion.id)
    return answers


def published_regulator_actions():
    """Published regulator actions with vendor, assistant and sources, newest first."""
    return (
        RegulatorAction.objects.published()
        .select_related("vendor", "assistant")
        .prefetch_related(cited_sources())
        .order_by("-date", "key")
    )


def assistant_regulator_actions(assistant):
    """Actions aimed at the assistant, or at its vendor without naming an assistant."""
    return list(
        published_regulator_actions().filter(
            Q(assistant=assistant) | Q(vendor=assistant.vendor, assistant__isnull=True)
        )
    )


def offered_models(assistant):
    """The other makers' models an assistant offers (current first, then removed), with the
    maker, the terms, the sources and the maker's retirement that removed a model."""
    return list(
        OfferedModel.objects.published()
        .filter(assistant=assistant)
        .select_related("model__vendor", "removed_by__model")
        .prefetch_related(cited_sources(), Prefetch("removed_by__sources", queryset=Source.objects.order_by("-published", "title", "key")))
        .order_by(F("until").desc(nulls_first=True), "model__vendor__name", "model__name", "key")
    )


DOSSIER_SECONDS = 3600  # as rendered responses: the key names its state, so this only bounds memory


def assistant_dossier(assistant):
    """The Dossier of an assistant (with its vendor loaded), built once per state of what it is
    made from and shared by its page in every language and its API detail.

    The key names those scopes' numbers (catalog/scopes.py: the assistant's own and `*`), so a
    publish elsewhere leaves it valid and nothing needs purging. The past (a snapshot) and a
    transaction that has just changed the catalog read it afresh.
    """
    if timemachine.is_snapshot_alias(assistant._state.db) or not revision.settled():
        return build_assistant_dossier(assistant)
    _, numbers = revision.scope_numbers(scopes.own_scopes(assistant.slug))
    key = "dossier:v1:" + ",".join(f"{name}={number}" for name, number in numbers.items())
    dossier = cache.get(key)
    if dossier is None:
        dossier = build_assistant_dossier(assistant)
        cache.set(key, dossier, DOSSIER_SECONDS)
    return dossier


def build_assistant_dossier(assistant):
    """The Dossier of an assistant (with its vendor loaded): thirteen queries, whatever the catalog."""
    evidence = effective_evidence([assistant])[assistant.id]
    answers = answers_by_category(criteria(), evidence)
    return Dossier(
        answers=attach_searches(answers, unknown_cell_searches(assistant=assistant)),
        deprecations=list(published_deprecations().filter(model__assistants=assistant)),
        ties=vendor_ties(assistant.vendor),
        regulator_actions=assistant_regulator_actions(assistant),
        offered_models=offered_models(assistant),
    )


def campaign_suggestions(campaign):
    """What each source says the campaign suggests, in the fixture's order, with that source."""
    suggestions = list(
        CampaignSuggestion.objects.filter(campaign=campaign)
        .select_related("source")
        .prefetch_related(Prefetch("assistants", queryset=Assistant.objects.order_by("name")))
        .order_by("position", "id")
    )
    for suggestion in suggestions:
        suggestion.cited = [suggestion.source]  # shown like any record's sources
    return suggestions


def vendor_evidence(vendor):
    """The vendor's own published assessments (shared by its assistants), with sources."""
    return list(published_evidence().filter(vendor=vendor))


def criteria():
    """Every criterion in display order (category, position)."""
    return list(Criterion.objects.order_by("category", "position", "slug"))


def campaign_profile(slug):
    """A campaign with the assistants it asks people to leave, and its sources."""
    return Campaign.objects.prefetch_related(
        Prefetch("leave", queryset=Assistant.objects.select_related("vendor").order_by("name")),
        cited_sources(),
    ).get(slug=slug)


def campaign_alternatives(campaign, weights):
    """The campaign's suggested assistants ranked by the method under `weights` (those with
    enough evidence first; `rank_ranked` says which), as in comparison.alternatives."""
    return list(
        Assistant.objects.select_related("vendor")
        .filter(campaigns_recommending=campaign)
        .annotate(weighted_score=weighted_overall_expression(weights), **evidence_annotations(weights))
        .order_by(*RANK_ORDER)
    )
