"""Public corrections: anyone may suggest one; editors review them (admin, or this list).

POST /api/v1/corrections/        anyone; throttled per client ("corrections" rate, 10/min)
GET  /api/v1/corrections/<id>/   anyone: where a submitter follows the review (no contact,
                                 no claim: only what the submitter needs to see the outcome)
GET  /api/v1/corrections/        editors: every field, filtered by status and assistant

A submission is only ever stored as pending; the review (catalog.corrections) turns an
accepted one into a draft assessment that an editor still has to publish.
"""

import django_filters
from django.core.validators import URLValidator
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.parsers import FormParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer

from api.authentication import ThrottledTokenAuthentication
from api.filtersets import CatalogFilterBackend
from api.pagination import CatalogPagination
from api.parsers import StrictJSONParser
from api.permissions import is_editor
from api.throttling import FixedWindowRateThrottle
from catalog.models import Assistant, Correction, Criterion
from edge import ratelimit


class BoundedTextField(serializers.CharField):
    @property
    def accepted(self):
        return f"text of 1 to {self.max_length} characters"


class HttpUrlField(serializers.URLField):
    accepted = "an http:// or https:// address of a public page, at most 600 characters"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Only web addresses: an ftp:// or javascript: "source" is nothing a reader can open.
        web_only = URLValidator(
            schemes=["http", "https"], message="Enter an http:// or https:// address."
        )
        self.validators = [
            validator for validator in self.validators if not isinstance(validator, URLValidator)
        ] + [web_only]


class CorrectionSubmissionSerializer(serializers.ModelSerializer):
    """What anyone may send, and what they get back (never the contact they gave)."""

    assistant = serializers.SlugRelatedField(slug_field="slug", queryset=Assistant.objects.all())
    criterion = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Criterion.objects.all(),
        required=False,
        allow_null=True,
        help_text="The criterion the claim is about, if one is (see /api/v1/criteria/).",
    )
    claim = BoundedTextField(
        max_length=4000,
        write_only=True,
        help_text="What is wrong or missing, and what the source says instead.",
    )
    source_url = HttpUrlField(
        max_length=600, write_only=True, help_text="A public page that shows it."
    )
    contact = BoundedTextField(
        max_length=200,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Optional: how an editor may reach you. Editors see it; it is never published.",
    )
    status = serializers.CharField(source="review", read_only=True, help_text="pending first.")
    url = serializers.SerializerMethodField(help_text="Where to follow the review.")

    class Meta:
        model = Correction
        fields = [
            "id",
            "assistant",
            "criterion",
            "claim",
            "source_url",
            "contact",
            "status",
            "created_at",
            "reviewed_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "reviewed_at"]

    def get_url(self, correction) -> str:
        path = reverse("api:correction-detail", args=[correction.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CorrectionStatusSerializer(serializers.ModelSerializer):
    """A correction's review state, as anyone may follow it."""

    assistant = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    criterion = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    status = serializers.ChoiceField(source="review", choices=Correction.Review.choices)

    class Meta:
        model = Correction
        fields = ["id", "assistant", "criterion", "status", "created_at", "reviewed_at"]


class CorrectionReviewSerializer(CorrectionStatusSerializer):
    """Everything an editor needs to review a correction."""

    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta(CorrectionStatusSerializer.Meta):
        fields = CorrectionStatusSerializer.Meta.fields + [
            "claim",
            "source_url",
            "contact",
            "reviewer_note",
            "reviewed_by",
            "draft_assessment",
        ]


class CorrectionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(field_name="review", choices=Correction.Review.choices)
    assistant = django_filters.ModelChoiceFilter(
        field_name="assistant", to_field_name="slug", queryset=Assistant.objects.all()
    )

    class Meta:
        model = Correction
        fields = []


class SubmitOrFollowAnyoneListEditors(BasePermission):
    message = "Only editors (staff or the editors group) may list corrections."

    def has_permission(self, request, view):
        return view.action != "list" or is_editor(request)


class CorrectionThrottle(FixedWindowRateThrottle):
    """Submissions per client: a token holder by account, anyone else by address (a keyed hash
    of it, edge.ratelimit.client_fingerprint)."""

    scope = "corrections"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"throttle:corrections:user:{request.user.pk}"
        return f"throttle:corrections:{ratelimit.client_fingerprint(request)}"


@extend_schema_view(
    create=extend_schema(
        summary="Suggest a correction (anyone; 10 a minute per client)",
        description="Stored as pending for an editor. The answer's `url` shows the review.",
    ),
    retrieve=extend_schema(summary="Follow a correction's review (anyone)"),
    list=extend_schema(summary="Corrections to review (editors)"),
)
class CorrectionViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Correction.objects.select_related(
        "assistant", "criterion", "reviewed_by"
    ).order_by("-created_at", "-pk")
    # Tokens only (no session, so no CSRF): editors send theirs to list; submitters need none.
    authentication_classes = [ThrottledTokenAuthentication]
    permission_classes = [SubmitOrFollowAnyoneListEditors]
    parser_classes = [StrictJSONParser, FormParser]
    renderer_classes = [JSONRenderer]
    pagination_class = CatalogPagination
    filter_backends = [CatalogFilterBackend]
    filterset_class = CorrectionFilterSet
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        if self.action == "create":
            return CorrectionSubmissionSerializer
        if self.action == "list":
            return CorrectionReviewSerializer
        return CorrectionStatusSerializer

    def get_throttles(self):
        # Submissions have their own, tighter limit; reading a status only the general ones.
        throttles = super().get_throttles()
        if self.action == "create":
            throttles.append(CorrectionThrottle())
        return throttles

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def perform_create(self, serializer):
        serializer.save(review=Correction.Review.PENDING)

    def get_success_headers(self, data):
        return {"Location": data["url"]}
