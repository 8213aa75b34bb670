"""Read queries shared by pages, API, embeds and feeds: each prefetches what its callers use.

Every function here costs a fixed number of queries, whatever the size of the catalog.
"""
from django.db.models import F, Prefetch, Q

from catalog.comparison import weighted_overall_expression
from catalog.models import (
    CATEGORY_KEYS,
    AIModel,
    Assistant,
    Campaign,
    Criterion,
    DeprecationEvent,
    PoliticalTie,
    Source,
    Vendor,
)

CATALOG_ORDERINGS = ("overall", *CATEGORY_KEYS, "name")


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


def filtered_assistants(*, q="", country="", open_weights="", minimums=None, ordering="overall"):
    """The catalog as filtered on the home page; one query.

    `open_weights` is "true", "false", "unknown" or "" (any); `minimums` maps a category to the
    lowest stored score kept (assistants whose score there is unknown are dropped by it).
    Ordering by a score puts unknown scores last.
    """
    queryset = assistant_list()
    if q:
        queryset = queryset.filter(every_word_in(q, "name", "vendor__name", "description"))
    if country:
        queryset = queryset.filter(vendor__country=country)
    if open_weights == "unknown":
        queryset = queryset.filter(open_weights__isnull=True)
    elif open_weights in ("true", "false"):
        queryset = queryset.filter(open_weights=open_weights == "true")
    for key, minimum in (minimums or {}).items():
        queryset = queryset.filter(**{f"score_{key}__gte": minimum})
    if ordering == "name":
        return queryset.order_by("name")
    return queryset.order_by(F(f"score_{ordering}").desc(nulls_last=True), "name")


def vendor_countries():
    """ISO codes of the countries vendors are in, sorted; one query."""
    return list(
        Vendor.objects.exclude(country="").order_by("country").values_list("country", flat=True).distinct()
    )


def sources_in_order():
    return Source.objects.order_by("-published", "title")


def published_deprecations():
    """Published deprecation events with their model, vendor and sources, oldest first."""
    return (
        DeprecationEvent.objects.published()
        .select_related("model__vendor")
        .prefetch_related(Prefetch("sources", queryset=sources_in_order()))
        .order_by("date", "key")
    )


def published_ties():
    """Published political ties with their sources, newest first (undated last)."""
    return (
        PoliticalTie.objects.published()
        .select_related("vendor")
        .prefetch_related(Prefetch("sources", queryset=sources_in_order()))
        .order_by(F("date").desc(nulls_last=True), "key")
    )


def assistant_profile(slug):
    """An assistant with vendor, models (and their deprecation events), sources and campaigns.

    Raises Assistant.DoesNotExist. Six queries.
    """
    models = AIModel.objects.select_related("successor").prefetch_related(
        Prefetch("deprecations", queryset=published_deprecations(), to_attr="published_deprecations")
    )
    return (
        Assistant.objects.select_related("vendor")
        .prefetch_related(
            Prefetch("models_used", queryset=models.order_by("released", "name")),
            Prefetch("sources", queryset=sources_in_order()),
            Prefetch("campaigns_leaving", queryset=Campaign.objects.order_by("name")),
        )
        .get(slug=slug)
    )


def vendor_ties(vendor):
    return list(published_ties().filter(vendor=vendor))


def vendor_profile(slug):
    """A vendor with its assistants, models and sources. Raises Vendor.DoesNotExist."""
    return Vendor.objects.prefetch_related(
        Prefetch("assistants", queryset=Assistant.objects.order_by("name")),
        Prefetch("models", queryset=AIModel.objects.select_related("successor").order_by("released", "name")),
        Prefetch("sources", queryset=sources_in_order()),
    ).get(slug=slug)


def vendor_evidence(vendor):
    """The vendor's own published assessments (shared by its assistants), with sources."""
    from catalog.comparison import published_evidence

    return list(published_evidence().filter(vendor=vendor))


def criteria():
    """Every criterion in display order (category, position)."""
    return list(Criterion.objects.order_by("category", "position", "slug"))


def campaign_profile(slug):
    """A campaign with the assistants it asks people to leave, and its sources."""
    return Campaign.objects.prefetch_related(
        Prefetch("leave", queryset=Assistant.objects.select_related("vendor").order_by("name")),
        Prefetch("sources", queryset=sources_in_order()),
    ).get(slug=slug)


def campaign_alternatives(campaign, weights):
    """The campaign's suggested assistants, best score under `weights` first (unknown last)."""
    return list(
        Assistant.objects.select_related("vendor")
        .filter(campaigns_recommending=campaign)
        .annotate(weighted_score=weighted_overall_expression(weights))
        .order_by(F("weighted_score").desc(nulls_last=True), "name")
    )
