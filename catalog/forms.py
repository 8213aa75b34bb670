"""Forms behind the pages: catalog filters, comparison settings, public corrections.

The GET forms double as parameter validators: an invalid one becomes a 400 page that names
each parameter at fault and what it accepts (see `parameter_errors`).
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from . import comparison, scoring
from .models import CATEGORY_KEYS, Assistant, Category, Correction, Criterion
from .selectors import CATALOG_ORDERINGS

SCORE_RANGE = _("a number from 0 to 100")


def score_field(label):
    return forms.FloatField(
        required=False, min_value=0, max_value=100, label=label, help_text=SCORE_RANGE
    )


def parameter_errors(form):
    """[{parameter, messages, accepted}] for each invalid parameter of a bound form."""
    problems = []
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        accepted = ""
        if isinstance(field, forms.ChoiceField):
            accepted = ", ".join(str(value) for value, _label in field.choices if value != "")
        elif field is not None:
            accepted = field.help_text
        problems.append({"parameter": name, "messages": list(messages), "accepted": accepted})
    return problems


class CatalogFilterForm(forms.Form):
    """Filters of the catalog on the home page (all optional, all in the query string)."""

    OPEN_WEIGHTS = [
        ("", _("Any")),
        ("true", _("Yes")),
        ("false", _("No")),
        ("unknown", _("Not known")),
    ]

    q = forms.CharField(
        required=False, max_length=100, label=_("Search"), help_text=_("up to 100 characters")
    )
    country = forms.ChoiceField(required=False, label=_("Vendor's country"))
    open_weights = forms.ChoiceField(required=False, choices=OPEN_WEIGHTS, label=_("Open weights"))
    ordering = forms.ChoiceField(required=False, label=_("Sort by"))
    page = forms.IntegerField(required=False, min_value=1, label=_("Page"), help_text=_("a page number from 1"))

    def __init__(self, *args, countries=(), country_names=None, **kwargs):
        super().__init__(*args, **kwargs)
        names = country_names or {}
        self.fields["country"].choices = [("", _("Any"))] + [
            (code, names.get(code, code)) for code in countries
        ]
        self.fields["ordering"].choices = [
            ("overall", _("Overall score")),
            *[(key, Category(key).label) for key in CATEGORY_KEYS],
            ("name", _("Name")),
        ]
        for key in CATEGORY_KEYS:
            self.fields[f"min_{key}"] = score_field(Category(key).label)
        # Keep the order a reader meets them in.
        self.order_fields(["q", "country", "open_weights", *[f"min_{k}" for k in CATEGORY_KEYS], "ordering"])

    def minimum_fields(self):
        return [self[f"min_{key}"] for key in CATEGORY_KEYS]

    def filters(self):
        """Keyword arguments for selectors.filtered_assistants (call after is_valid())."""
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "country": data["country"],
            "open_weights": data["open_weights"],
            "minimums": {
                key: data[f"min_{key}"] for key in CATEGORY_KEYS if data.get(f"min_{key}") is not None
            },
            "ordering": data["ordering"] or CATALOG_ORDERINGS[0],
        }

    def is_filtered(self):
        data = self.cleaned_data
        return any(data.get(name) not in (None, "") for name in data if name not in ("ordering", "page"))


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
        for name, parse in (("assistants", comparison.parse_slugs), ("categories", comparison.parse_categories)):
            if name in data:
                try:
                    data[name] = parse(data[name], parameter=name)
                except comparison.ComparisonError as error:
                    self.add_error(name, error.message)
        per_field = {key: data.get(f"weight_{key}") for key in CATEGORY_KEYS}
        if any(value is not None for value in per_field.values()):
            weights = {key: value or 0 for key, value in per_field.items()}
            if not any(weights.values()):
                self.add_error(f"weight_{CATEGORY_KEYS[0]}", _("At least one weight must be above 0."))
            data["weights"] = weights
        elif "weights" in data:
            try:
                data["weights"] = comparison.parse_weights(data["weights"])
            except comparison.ComparisonError as error:
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
        """`offered`: the (slug, name) pairs the assistant list shows (catalog.picker);
        any assistant's slug is still accepted."""
        super().__init__(*args, **kwargs)
        if offered is not None:
            field = self.fields["assistant"]
            field.widget.choices = [("", field.empty_label), *offered]
