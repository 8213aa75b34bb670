"""Forms behind the pages: catalog filters, comparison settings, public corrections.

The GET forms double as parameter validators: an invalid one becomes a 400 page that names
each parameter at fault and what it accepts (edge.parameters.form_errors).
"""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.filters import AssistantFilter
from catalog.models import (
    CATEGORY_KEYS,
    AIModel,
    Assistant,
    Category,
    Correction,
    Criterion,
    DeprecationEvent,
    Vendor,
)
from catalog.scoring import scores as scoring
from catalog.scoring.scores import evidence_order
from edge import parameters


class CatalogForm(forms.Form):
    """The home page's filter form, rendered from CatalogFilter (all in the query string)."""

    page = forms.IntegerField(required=False, min_value=1, label=_("Page"), help_text=_("a page number from 1"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The shared filters' help texts document the API; the page shows its own hints.
        for name in AssistantFilter.base_filters:
            self.fields[name].help_text = ""
        # Keep the order a reader meets them in.
        self.order_fields(["q", "country", "open_weights", *AssistantFilter.MINIMUMS, "ordering"])

    def minimum_fields(self):
        return [self[name] for name in AssistantFilter.MINIMUMS]

    def is_filtered(self):
        data = self.cleaned_data
        return any(data.get(name) not in (None, "") for name in data if name not in ("ordering", "page"))


ORDERINGS = [("overall", _("Overall score")), *[(key, Category(key).label) for key in CATEGORY_KEYS], ("name", _("Name"))]


class CatalogFilter(AssistantFilter):
    """The catalog page's filters: the shared ones, a menu of the vendors' countries, and a
    sort that puts the best first (unknown last), or by name."""

    country = django_filters.ChoiceFilter(field_name="vendor__country", empty_label=_("Any"), label=_("Vendor's country"))
    ordering = django_filters.ChoiceFilter(choices=ORDERINGS, method="best_first", empty_label=None, label=_("Sort by"))

    class Meta:
        model = Assistant
        fields = []
        form = CatalogForm

    def __init__(self, data=None, queryset=None, *, countries=(), country_names=None, **kwargs):
        names = country_names or {}
        # Unsorted, the catalog reads best first too.
        queryset = queryset.order_by(*evidence_order("overall"))
        super().__init__(data, queryset, **kwargs)
        self.filters["country"].extra["choices"] = [(code, names.get(code, code)) for code in countries]

    def filter_queryset(self, queryset):
        # The form also reads `page`, which is the paginator's, not a filter.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def best_first(self, queryset, name, value):
        if value == "name":
            return queryset.order_by("name")
        return queryset.order_by(*evidence_order(value))


class RetirementFilter(django_filters.FilterSet):
    """/retirements/ narrowed to a vendor, a model, a surface or a kind of event (GET, no
    JavaScript). Vendors and models are offered only where the ledger has events."""

    vendor = django_filters.ModelChoiceFilter(
        field_name="model__vendor",
        to_field_name="slug",
        queryset=Vendor.objects.filter(models__deprecations__status="published").distinct().order_by("name"),
        empty_label=_("Any"),
        label=_("Vendor"),
    )
    model = django_filters.ModelChoiceFilter(
        field_name="model",
        to_field_name="slug",
        queryset=AIModel.objects.filter(deprecations__status="published").distinct().order_by("name"),
        empty_label=_("Any"),
        label=_("Model"),
    )
    surface = django_filters.ChoiceFilter(
        choices=DeprecationEvent.Surface.choices, empty_label=_("Any"), label=_("Where")
    )
    kind = django_filters.ChoiceFilter(
        choices=DeprecationEvent.Kind.choices, empty_label=_("Any"), label=_("Kind of event")
    )

    class Meta:
        model = DeprecationEvent
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The menus show names; the address keeps the stable slugs.
        self.form.fields["vendor"].label_from_instance = lambda vendor: vendor.name
        self.form.fields["model"].label_from_instance = lambda model: model.name

    def is_filtered(self):
        return any(self.form.cleaned_data.get(name) not in (None, "") for name in self.filters)


class CompareForm(forms.Form):
    """Which assistants to compare and how to weigh the categories.

    `weights=privacy:3,safety:1` (the API's form) or one `weight_<category>` field per
    category (what the page's own form submits) are both accepted.
    """

    assistants = forms.CharField(
        label=_("Assistants"),
        help_text=_("2 to 10 assistant slugs separated by commas"),
    )
    categories = forms.CharField(
        required=False, label=_("Categories"), help_text=", ".join(CATEGORY_KEYS)
    )
    weights = forms.CharField(
        required=False,
        label=_("Weights"),
        help_text=_("category:weight pairs, e.g. privacy:3,safety:1"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in CATEGORY_KEYS:
            self.fields[f"weight_{key}"] = forms.FloatField(
                required=False,
                min_value=0,
                max_value=scoring.MAX_WEIGHT,
                label=Category(key).label,
                help_text=_("a number from 0 to 100"),
            )

    def weight_fields(self):
        return [self[f"weight_{key}"] for key in CATEGORY_KEYS]

    def clean(self):
        data = super().clean()
        for name, parse in (("assistants", parameters.parse_slugs), ("categories", parameters.parse_categories)):
            if name in data:
                try:
                    data[name] = parse(data[name], parameter=name)
                except parameters.ParameterError as error:
                    self.add_error(name, error.message)
        per_field = {key: data.get(f"weight_{key}") for key in CATEGORY_KEYS}
        if any(value is not None for value in per_field.values()):
            # As in `weights=`: a category left out (or left empty) keeps its default weight.
            weights = {
                key: scoring.DEFAULT_CATEGORY_WEIGHTS[key] if value is None else value
                for key, value in per_field.items()
            }
            if not any(weights.values()):
                self.add_error(f"weight_{CATEGORY_KEYS[0]}", _("At least one weight must be above 0."))
            data["weights"] = weights
        elif "weights" in data:
            try:
                data["weights"] = parameters.parse_weights(data["weights"])
            except parameters.ParameterError as error:
                self.add_error("weights", error.message)
        return data


class CorrectionForm(forms.ModelForm):
    """A reader's suggestion; stored as pending for an editor to review."""

    assistant = forms.ModelChoiceField(
        queryset=Assistant.objects.order_by("name"), to_field_name="slug", label=_("Assistant")
    )
    criterion = forms.ModelChoiceField(
        queryset=Criterion.objects.order_by("category", "position", "slug"),
        to_field_name="slug",
        required=False,
        label=_("Criterion (optional)"),
        empty_label=_("Not about one criterion"),
    )
    # A source typed without a scheme is most likely on the web today: assume https. A text
    # box, not type=url: it takes "example.org/page" and shows back whatever was typed.
    source_url = forms.URLField(
        max_length=600,
        assume_scheme="https",
        widget=forms.TextInput(
            attrs={"inputmode": "url", "autocomplete": "url", "spellcheck": "false", "dir": "ltr"}
        ),
        label=_("Address of a source that shows it"),
        help_text=_("A public web page, starting with https://"),
    )

    class Meta:
        model = Correction
        fields = ["assistant", "criterion", "claim", "source_url", "contact"]
        labels = {
            "claim": _("What is wrong or missing?"),
            "contact": _("How to reach you (optional)"),
        }
        help_texts = {
            "claim": _("Say what the page claims and what the source says instead."),
            "contact": _("An e-mail address or handle, only if you want an answer. Editors see it; it is never published."),
        }
        # dir=auto: typed text runs in its own direction, whatever the page's language.
        widgets = {
            "claim": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            "contact": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, offered=None, **kwargs):
        """`offered`: the (slug, name) pairs the assistant list shows (web.picker);
        any assistant's slug is still accepted."""
        super().__init__(*args, **kwargs)
        if offered is not None:
            field = self.fields["assistant"]
            field.widget.choices = [("", field.empty_label), *offered]


class SwitchForm(CompareForm):
    """The switching page's "what matters to you": the compare page's weights, nothing else
    (`weight_<category>` fields or the API's `weights=privacy:3,safety:1`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["assistants"]
        del self.fields["categories"]
