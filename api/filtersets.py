"""One FilterSet per resource, with explicit lookups.

A value a filter cannot use (an unknown vendor, a score above 100, an ordering we do not
offer) is a 400 that names the parameter and the accepted values, never an empty list.
"""

from django import forms
from django.db.models import F
from django_filters import rest_framework as filters

from catalog.filters import AssistantFilter
from catalog.scoring.scores import evidence_order
from catalog.models import (
    CATEGORY_KEYS,
    AIModel,
    Assessment,
    Assistant,
    Campaign,
    Category,
    Confidence,
    Criterion,
    DeprecationEvent,
    PoliticalTie,
    RegulatorAction,
    SearchRecord,
    Source,
    Status,
    Vendor,
)
from catalog.selectors import every_word_in
from edge.parameters import MAX_LISTED_CHOICES, ParameterError, form_errors


def known_countries():
    """The vendors' country codes (what `country` accepts), a description when too many."""
    codes = sorted(set(Vendor.objects.exclude(country="").values_list("country", flat=True)))
    return codes if len(codes) <= MAX_LISTED_CHOICES else "the two-letter code of a vendor's country"


class CountryCodeField(forms.RegexField):
    """ISO 3166-1 alpha-2, any case, of a country some vendor is in: a code no vendor has
    (`XX`) is an unknown value, refused like any other, never an empty list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "Enter a two-letter country code."})
        super().__init__(r"^[A-Za-z]{2}$", *args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        value = value.upper()
        known = known_countries()
        if isinstance(known, list) and value not in known:
            raise forms.ValidationError(f"No vendor in the catalog is in {value!r}.", code="invalid_choice")
        return value


class CountryFilter(filters.CharFilter):
    field_class = CountryCodeField

    @property
    def accepted(self):
        return known_countries()


class NullsLastOrderingFilter(filters.OrderingFilter):
    """Ordering where unknown scores always come last, then a unique tie-breaker.

    PostgreSQL sorts NULL first in descending order; readers sorting by "best" must not get
    the unassessed first. The tie-breaker keeps pages stable.
    """

    def __init__(self, *args, tie_breakers=("name", "pk"), **kwargs):
        self.tie_breakers = tie_breakers
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        name = self.param_map.get(param.lstrip("-"), param.lstrip("-"))
        return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*[self.get_ordering_value(p) for p in value if p], *self.tie_breakers)


class EvidenceOrderingFilter(NullsLastOrderingFilter):
    """`overall` and the category keys sort by the method (catalog/scoring/bands.py): with `-`
    (best first) enough evidence first, then band low, coverage and band high, descending;
    without `-` worst first (band low, then band high, ascending), but still the scores with
    enough evidence first, as unknown scores came last before. Other fields sort as stored."""

    SCORE_KEYS = ("overall", *CATEGORY_KEYS)

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in (p for p in value if p):
            key = param.lstrip("-")
            if key not in self.SCORE_KEYS:
                ordering.append(self.get_ordering_value(param))
                continue
            if param.startswith("-"):
                ordering += evidence_order(key)[:-1]
            else:  # worst first among those with enough evidence; too little evidence still last
                ordering += [F(f"enough_{key}").desc(), F(f"band_low_{key}").asc(),
                             F(f"coverage_{key}").desc(), F(f"band_high_{key}").asc()]
        return qs.order_by(*ordering, *self.tie_breakers)


class TimelineOrderingFilter(filters.OrderingFilter):
    """`date` / `-date` on a partial date: "August 2025" after "7 August 2025" (and before it
    in `-date`), then the events' explicit order."""

    def filter(self, qs, value):
        if not value:
            return qs
        descending = value[0].startswith("-")
        return qs.order_by(*(DeprecationEvent.NEWEST_FIRST if descending else DeprecationEvent.TIMELINE_ORDER))


class CatalogFilterBackend(filters.DjangoFilterBackend):
    """django-filter, with invalid values reported in the API's error shape."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ParameterError.many(form_errors(filterset))
        return filterset.qs


def confidence_filter():
    return filters.ChoiceFilter(choices=Confidence.choices)


def status_filter():
    """Editors filter by editorial status; the public only ever sees published records."""
    return filters.ChoiceFilter(choices=Status.choices)


class AssistantFilterSet(AssistantFilter):
    """The shared assistant filters (catalog.filters), plus the API's vendor, status, any
    country code and `ordering`."""

    vendor = filters.ModelChoiceFilter(
        field_name="vendor",
        to_field_name="slug",
        queryset=Vendor.objects.all(),
        help_text="Vendor slug.",
    )
    country = CountryFilter(
        field_name="vendor__country", help_text="The vendor's country (ISO 3166-1 alpha-2)."
    )
    status = filters.ChoiceFilter(choices=Assistant.State.choices)
    ordering = EvidenceOrderingFilter(
        fields=(
            ("name", "name"),
            ("score_overall", "overall"),
            ("score_privacy", "privacy"),
            ("score_political_ties", "political_ties"),
            ("score_safety", "safety"),
            ("score_deprecation", "deprecation"),
            ("coverage", "coverage"),
        ),
        help_text="name, overall, a category key or coverage; prefix - for descending. "
        "-overall and -<category> read best first by the evidence method: scores with enough "
        "evidence first, by the low end of their band, then coverage, then the high end.",
    )

    class Meta:
        model = Assistant
        fields = []


class VendorFilterSet(filters.FilterSet):
    country = CountryFilter(field_name="country")
    verified = filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="filter_verified"
    )
    q = filters.CharFilter(method="search", max_length=100, help_text="Words in the vendor's name.")
    ordering = NullsLastOrderingFilter(fields=(("name", "name"), ("country", "country")))

    class Meta:
        model = Vendor
        fields = []

    def filter_verified(self, queryset, name, value):
        return queryset.filter(verified=(value == "true"))

    def search(self, queryset, name, value):
        return queryset.filter(every_word_in(value, "name", "slug"))


class AIModelFilterSet(filters.FilterSet):
    vendor = filters.ModelChoiceFilter(
        field_name="vendor", to_field_name="slug", queryset=Vendor.objects.all(), help_text="Vendor slug."
    )
    status = filters.ChoiceFilter(choices=AIModel.State.choices)
    assistant = filters.ModelChoiceFilter(
        field_name="assistants",
        to_field_name="slug",
        queryset=Assistant.objects.all(),
        help_text="Models this assistant runs.",
    )
    q = filters.CharFilter(method="search", max_length=100, help_text="Words in the model's name or slug.")
    ordering = NullsLastOrderingFilter(
        fields=(("name", "name"), ("released", "released"), ("retired", "retired")), tie_breakers=("name", "slug")
    )

    class Meta:
        model = AIModel
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(every_word_in(value, "name", "slug"))


class CriterionFilterSet(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Category.choices)
    value_type = filters.ChoiceFilter(choices=Criterion.ValueType.choices)

    class Meta:
        model = Criterion
        fields = []


class SourceFilterSet(filters.FilterSet):
    publisher = filters.CharFilter(lookup_expr="icontains", max_length=200)
    language = filters.CharFilter(
        lookup_expr="iexact", max_length=12, help_text="Language code, e.g. en or fr."
    )
    published_after = filters.DateFilter(field_name="published", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published", lookup_expr="lte")
    q = filters.CharFilter(
        method="search", max_length=100, help_text="Words in the title or publisher."
    )
    ordering = NullsLastOrderingFilter(
        fields=(("published", "published"), ("title", "title")), tie_breakers=("title", "pk")
    )

    class Meta:
        model = Source
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(every_word_in(value, "title", "publisher"))


class DeprecationFilterSet(filters.FilterSet):
    vendor = filters.ModelChoiceFilter(
        field_name="model__vendor", to_field_name="slug", queryset=Vendor.objects.all()
    )
    model = filters.ModelChoiceFilter(
        field_name="model", to_field_name="slug", queryset=AIModel.objects.all()
    )
    kind = filters.ChoiceFilter(choices=DeprecationEvent.Kind.choices)
    scope = filters.ChoiceFilter(choices=DeprecationEvent.Scope.choices)
    surface = filters.ChoiceFilter(choices=DeprecationEvent.Surface.choices)
    confidence = confidence_filter()
    status = status_filter()
    date_after = filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="On or after this date."
    )
    date_before = filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="On or before this date."
    )
    ordering = TimelineOrderingFilter(fields=(("date", "date"),))

    class Meta:
        model = DeprecationEvent
        fields = []


class PoliticalTieFilterSet(filters.FilterSet):
    vendor = filters.ModelChoiceFilter(
        field_name="vendor", to_field_name="slug", queryset=Vendor.objects.all()
    )
    kind = filters.ChoiceFilter(choices=PoliticalTie.Kind.choices)
    confidence = confidence_filter()
    status = status_filter()
    date_after = filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="On or after this date."
    )
    date_before = filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="On or before this date."
    )
    q = filters.CharFilter(
        method="search", max_length=100, help_text="Words in the person, recipient or summary."
    )
    ordering = NullsLastOrderingFilter(
        fields=(("date", "date"), ("amount", "amount")), tie_breakers=("key",)
    )

    class Meta:
        model = PoliticalTie
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(every_word_in(value, "person", "recipient", "summary"))


class AssessmentFilterSet(filters.FilterSet):
    assistant = filters.ModelChoiceFilter(
        field_name="assistant",
        to_field_name="slug",
        queryset=Assistant.objects.all(),
        help_text="Assessments of this assistant itself (not those it inherits from its vendor).",
    )
    vendor = filters.ModelChoiceFilter(
        field_name="vendor",
        to_field_name="slug",
        queryset=Vendor.objects.all(),
        help_text="Vendor-wide assessments of this vendor.",
    )
    category = filters.ChoiceFilter(field_name="criterion__category", choices=Category.choices)
    criterion = filters.ModelChoiceFilter(
        field_name="criterion", to_field_name="slug", queryset=Criterion.objects.all()
    )
    confidence = confidence_filter()
    status = status_filter()

    class Meta:
        model = Assessment
        fields = []


class CampaignFilterSet(filters.FilterSet):
    leave = filters.ModelChoiceFilter(
        field_name="leave",
        to_field_name="slug",
        queryset=Assistant.objects.all(),
        help_text="Campaigns asking people to leave this assistant.",
    )

    class Meta:
        model = Campaign
        fields = []


class RegulatorActionFilterSet(filters.FilterSet):
    vendor = filters.ModelChoiceFilter(field_name="vendor", to_field_name="slug", queryset=Vendor.objects.all())
    assistant = filters.ModelChoiceFilter(
        field_name="assistant", to_field_name="slug", queryset=Assistant.objects.all()
    )
    kind = filters.ChoiceFilter(choices=RegulatorAction.Kind.choices)
    jurisdiction = filters.CharFilter(
        field_name="jurisdiction", max_length=12, help_text="ISO code of the authority's country, or EU."
    )
    confidence = confidence_filter()
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte", help_text="On or after this date.")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte", help_text="On or before this date.")

    class Meta:
        model = RegulatorAction
        fields = []


class SearchRecordFilterSet(filters.FilterSet):
    vendor = filters.ModelChoiceFilter(field_name="vendor", to_field_name="slug", queryset=Vendor.objects.all())
    assistant = filters.ModelChoiceFilter(
        field_name="assistant", to_field_name="slug", queryset=Assistant.objects.all()
    )
    criterion = filters.ModelChoiceFilter(
        field_name="criterion", to_field_name="slug", queryset=Criterion.objects.all()
    )
    category = filters.ChoiceFilter(choices=SearchRecord.SCOPES)
    outcome = filters.ChoiceFilter(choices=SearchRecord.Outcome.choices)
    coverage = filters.BooleanFilter(
        field_name="criterion", lookup_expr="isnull",
        help_text="true: only records of what a category's search covered; false: only unknown cells.",
    )

    class Meta:
        model = SearchRecord
        fields = []
