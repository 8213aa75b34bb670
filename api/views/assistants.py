"""GET /api/v1/assistants/ (list, detail with its dossier, alternatives, history)."""
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api import filtersets, serializers
from api.serializers.changes import AssistantChangesSerializer
from api.serializers.switching import SwitchPlanSerializer
from api.caching import revision_read
from api.history import HistoryMixin, history_schema

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
from api.views.base import MINIMUMS, SLUG_PATTERN, WEIGHTS, RevisionReadMixin, SlugAliasMixin
from catalog import differences
from catalog import comparison, selectors, switching
from catalog.scoring import bands
from catalog.scoring import scores as scoring
from catalog.models import (
    CATEGORY_KEYS,
    AIModel,
    Assistant,
    Criterion,
)
from catalog.selectors import cited_sources
from edge import asof, parameters


def ranks_on_page(rows, page):
    """{"ranks": {slug: rank}, "swaps": {slug: [slugs]}} for a page of ranked alternatives:
    the ranked come first in the full order, so a ranked row's rank is its place in it."""
    offset = (page.number - 1) * page.paginator.per_page
    ranked = [row for row in rows if row.rank_ranked]
    ranking = bands.Ranking(
        [row.slug for row in ranked], [], {row.slug: scoring.annotated_evidence(row) for row in ranked}
    )
    ranks = {row.slug: offset + index + 1 for index, row in enumerate(rows) if row.rank_ranked}
    return {"ranks": ranks, "swaps": bands.could_swap_with(ranking)}


def questions_on_page(rows, weights):
    """{"open_questions", "first_choice_share"} among a page of alternatives (three queries)."""
    weights = weights or dict(scoring.DEFAULT_CATEGORY_WEIGHTS)
    criteria = list(Criterion.objects.all())
    by_id = {c.id: c for c in criteria}
    evidence = scoring.load_effective(rows)
    candidates = [scoring.candidate(row, scoring.known_answers(evidence[row.id], by_id)) for row in rows]
    threshold = bands.evidence_threshold()
    questions = bands.open_questions(candidates, [scoring.method_criterion(c) for c in criteria], weights, threshold)
    first = next((row.slug for row in rows if row.rank_ranked), None)
    chosen = [key for key in CATEGORY_KEYS if weights.get(key, 0)]
    return {
        "open_questions": [
            {"assistant": q.assistant, "criterion": q.criterion, "categories": list(q.categories),
             "could_rank": list(q.positions), "changes": q.changes}
            for q in questions
        ],
        "first_choice_share": bands.first_choice_share(candidates, chosen, first),
    }


@extend_schema_view(
    list=extend_schema(
        summary="Assistants with their scores", description="Filter, search and sort the catalog."
    ),
    retrieve=extend_schema(
        summary="One assistant with its evidence",
        description="Assessments grouped by category (every criterion, null when unknown), with "
        "sources; retirements of the models it runs; its vendor's political ties.",
    ),
)
@extend_schema_view(history=history_schema(Assistant, "an assistant"))
class AssistantViewSet(SlugAliasMixin, HistoryMixin, RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    alias_kind = "assistant"
    queryset = Assistant.objects.select_related("vendor").order_by("name", "pk")
    detail_queryset = queryset.prefetch_related(
        Prefetch("models_used", queryset=AIModel.objects.order_by("released", "slug")), cited_sources()
    )
    serializer_class = serializers.AssistantSerializer
    filterset_class = filtersets.AssistantFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    action_parameters = {
        "alternatives": ("weights", *parameters.MINIMUM_PARAMETERS),
        "switch": ("weights",),
        "changes": ("from", "to"),
    }

    def get_queryset(self):
        return self.detail_queryset if self.action == "retrieve" else self.queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.AssistantDetailSerializer
        if self.action == "alternatives":
            return serializers.AlternativeSerializer
        if self.action == "switch":
            return SwitchPlanSerializer
        return self.serializer_class

    def get_object(self):
        assistant = super().get_object()
        if self.action == "retrieve":
            assistant.dossier = selectors.assistant_dossier(assistant)
        return assistant

    @extend_schema(
        summary="Alternatives from other vendors",
        description="Active assistants of other vendors ranked by the evidence method: those with enough "
        "evidence first (by the low end of their band under the weights, then coverage, then the high "
        "end), then the unranked, each with `rank` or `unranked` and its reason. `min_<category>` "
        "applies to the low end of the category's band. Beside `results`: `open_questions` and "
        "`first_choice_share` among the rows of the page.",
        parameters=[WEIGHTS, *MINIMUMS],
        # A list, paginated like every other (many=True makes drf-spectacular say so).
        responses=serializers.AlternativeSerializer(many=True),
    )
    @action(detail=True)
    def alternatives(self, request, slug=None):
        def produce():
            weights = parameters.parse_weights(request.query_params.get("weights"))
            minimums = parameters.parse_minimums(request.query_params)
            assistant = self.record_by_slug(Assistant.objects.all(), slug)
            page = self.paginate_queryset(comparison.alternatives(assistant, weights, minimums))
            context = {**self.get_serializer_context(), **ranks_on_page(page, self.paginator.page)}
            data = serializers.AlternativeSerializer(page, many=True, context=context).data
            response = self.get_paginated_response(data)
            response.data.update(questions_on_page(page, weights))
            return response

        return revision_read(request, produce)

    @extend_schema(
        summary="The switching plan: leaving this assistant",
        description="Why people leave it (its weakest published answers, its models' retirements, its "
        "vendor's political ties, each with sources); other vendors' assistants ranked with `weights` "
        "(as the alternatives are), each with the criteria where it does better or worse, its dated "
        "plans and prices and what it imports from this assistant; how to leave (export, training "
        "opt-out, deletion: steps, format, duration, sources; `known: false` when no source was found); "
        "where its retired models stay available, with the retirement ledger's events.",
        parameters=[WEIGHTS],
        responses=SwitchPlanSerializer,
    )
    @action(detail=True)
    def switch(self, request, slug=None):
        def produce():
            weights = parameters.parse_weights(request.query_params.get("weights"))
            assistant = self.record_by_slug(Assistant.objects.select_related("vendor"), slug)
            plan = switching.switch_plan(assistant, weights)
            return Response(SwitchPlanSerializer(plan).data)

        return revision_read(request, produce)

    @extend_schema(
        summary="What changed for this assistant between two moments",
        description="Its claims (assessments of the assistant, or of its vendor, published on either "
        "side) added, changed or retracted between `from` and `to`, each as it was before and after "
        "with the sources it cited then; and its scores before and after, computed with today's "
        "method from the records as they were. Both sides are read as `as_of` reads them.",
        parameters=[
            OpenApiParameter("from", str, description="A past date (YYYY-MM-DD: the end of that day, UTC) "
                             "or ISO 8601 time, as for as_of. Default: 30 days ago."),
            OpenApiParameter("to", str, description="A past date or time after `from`. Default: now."),
        ],
        responses=AssistantChangesSerializer,
    )
    @action(detail=True)
    def changes(self, request, slug=None):
        def produce():
            window = asof.changes_window(request.query_params)
            found = differences.assistant_changes(slug, window.start, window.end)
            if found.assistant is None:
                raise Http404
            return Response(AssistantChangesSerializer(found, context={"window": window}).data)

        return revision_read(request, produce)
