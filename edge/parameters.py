"""Request parameters: one error for a bad one, and the parsers the surfaces share.

Every parser raises ParameterError, naming the parameter at fault, what was wrong and what is
accepted; each surface only formats it: a 400 page listing the problems, an embed's framable
error page or error badge, the API's {"errors": [...]} body. Reading a request is HTTP, not
domain: the catalog's functions take parsed values.
"""
import re

from django import forms
from django.utils.translation import gettext as _

from catalog import comparison, scopes
from catalog.models import CATEGORY_KEYS, Assistant
from catalog.scoring.scores import DEFAULT_CATEGORY_WEIGHTS, MAX_WEIGHT

# A slug or a key, as the catalog stores them (and so as every URL and parameter names them).
SLUG = re.compile(r"[a-z0-9][-a-z0-9_]{0,119}")
SLUG_ACCEPTED = "lower-case letters, digits, - and _"


class ParameterError(ValueError):
    """A request refused because of the named parameter (query parameter, field or header).

    `accepted` says what would have worked: a list of values, a description, or None. One
    error may carry several `problems` (two bad filters in one request), each a ParameterError.
    """

    status = 400
    default_code = "invalid"

    def __init__(self, parameter, message, accepted=None, *, code=None, status=None):
        super().__init__(str(message))
        self.parameter = parameter
        self.message = str(message)
        self.accepted = accepted
        self.code = code or self.default_code
        if status:
            self.status = status
        self.problems = [self]

    @classmethod
    def many(cls, problems):
        """One error carrying several problems; it answers with the first one's status."""
        error = cls(problems[0].parameter, problems[0].message, problems[0].accepted, code=problems[0].code)
        error.problems = list(problems)
        return error

    def as_dict(self):
        return {"parameter": self.parameter, "message": self.message, "accepted": self.accepted, "code": self.code}


class NotFound(ParameterError):
    """The parameter is well formed but names nothing the catalog holds."""

    status = 404


NUL = "\x00"


def nul_byte_error(parameter):
    return ParameterError(
        parameter,
        _("%(parameter)s contains a NUL byte (\\u0000), which no value may hold.") % {"parameter": parameter},
        _("text without NUL bytes"),
        code="nul_byte",
    )


def nul_byte_problems(params):
    """A ParameterError for each name or value of a QueryDict that holds a NUL byte."""
    return [
        nul_byte_error(name)
        for name, values in params.lists()
        if NUL in name or any(NUL in value for value in values)
    ]


def shown(raw, length=40):
    """A user's value, shortened, for an error message (templates escape it)."""
    text = str(raw)
    return repr(text if len(text) <= length else text[:length] + "…")


def parse_slug(raw, parameter):
    """A required slug such as `to=chatgpt`."""
    slug = (raw or "").strip().lower()
    if not slug:
        raise ParameterError(parameter, f"{parameter} is required")
    if not SLUG.fullmatch(slug):
        raise ParameterError(
            parameter, f"{shown(raw)} is not a slug (lower-case letters, digits and hyphens)"
        )
    return slug


def parse_slugs(text, parameter="assistants"):
    """'a, b,a' -> ['a', 'b'] (order kept, duplicates dropped), with 2-10 enforced."""
    slugs = []
    for part in (text or "").split(","):
        slug = part.strip().lower()
        if slug and not SLUG.fullmatch(slug):
            raise ParameterError(parameter, f"{slug[:80]!r} is not a slug", accepted=SLUG_ACCEPTED)
        if slug and slug not in slugs:
            slugs.append(slug)
    low, high = comparison.MIN_COMPARED, comparison.MAX_COMPARED
    if not low <= len(slugs) <= high:
        raise ParameterError(
            parameter,
            f"give {low} to {high} distinct assistant slugs separated by commas (got {len(slugs)})",
            accepted=f"{low} to {high} assistant slugs, e.g. chatgpt,claude",
        )
    return slugs


def compared_scopes_of(text, parameter="assistants"):
    """What a comparison of the slugs in `text` is made from (catalog.scopes), or None when
    they are not 2-10 slugs: that answer is a 400, keyed by the whole revision."""
    try:
        return scopes.compared_scopes(parse_slugs(text, parameter))
    except ParameterError:
        return None


def parse_categories(text, parameter="categories"):
    """'privacy,safety' -> ['privacy', 'safety']; empty means all four."""
    if not text or not text.strip():
        return list(CATEGORY_KEYS)
    chosen = []
    for part in text.split(","):
        key = part.strip()
        if key not in CATEGORY_KEYS:
            raise ParameterError(parameter, f"unknown category {key!r}", accepted=list(CATEGORY_KEYS))
        if key not in chosen:
            chosen.append(key)
    return chosen


WEIGHTS_ACCEPTED = "category:weight pairs, e.g. privacy:3,safety:0 (a category left out keeps weight 1)"


def parse_weights(text, parameter="weights"):
    """'privacy:3,safety:0' -> {'privacy': 3, 'safety': 0, the others: their default}.

    A category the parameter leaves out keeps its default weight; only an explicit 0 leaves
    it out of the ranking (a hand-made `privacy:3` means "privacy counts more", not "privacy
    alone"). An empty string means the default (equal) weights.
    """
    if text is None or not str(text).strip():
        return dict(DEFAULT_CATEGORY_WEIGHTS)
    weights = dict(DEFAULT_CATEGORY_WEIGHTS)
    named = set()
    for part in str(text).split(","):
        key, sep, raw = part.strip().partition(":")
        key = key.strip()
        if not sep or key not in weights or key in named:
            raise ParameterError(
                parameter,
                f"{part.strip()!r} is not category:weight; categories: {', '.join(CATEGORY_KEYS)}",
                WEIGHTS_ACCEPTED,
            )
        try:
            weight = float(raw)
        except ValueError:
            weight = -1
        if not 0 <= weight <= MAX_WEIGHT or weight != weight:
            raise ParameterError(parameter, f"weight for {key} must be a number from 0 to {MAX_WEIGHT}", WEIGHTS_ACCEPTED)
        weights[key] = weight
        named.add(key)
    if not any(weights.values()):
        raise ParameterError(parameter, "at least one weight must be above 0", WEIGHTS_ACCEPTED)
    return weights


MINIMUM_PARAMETERS = tuple(f"min_{key}" for key in CATEGORY_KEYS)


def parse_minimums(params):
    """{'privacy': 50.0, ...} from min_<category> parameters, each from 0 to 100."""
    minimums = {}
    for key in CATEGORY_KEYS:
        name = f"min_{key}"
        raw = params.get(name)
        if raw in (None, ""):
            continue
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is None or not 0 <= value <= 100:
            raise ParameterError(
                name, f"{name} must be a number from 0 to 100, not {raw!r}", accepted="a number from 0 to 100"
            )
        minimums[key] = value
    return minimums


LISTED_SLUGS = 50


def known_slugs():
    """The assistant slugs, for error messages; a pointer instead when there are too many."""
    slugs = list(Assistant.objects.order_by("slug").values_list("slug", flat=True)[: LISTED_SLUGS + 1])
    return slugs if len(slugs) <= LISTED_SLUGS else "assistant slugs, listed by GET /api/v1/assistants/"


def comparison_of(slugs, categories=None, weights=None, parameter="assistants"):
    """catalog.comparison.compare, with slugs the catalog lacks refused as a bad `parameter`."""
    try:
        return comparison.compare(slugs, categories, weights)
    except comparison.UnknownAssistants as error:
        raise ParameterError(
            parameter, f"unknown assistant(s): {', '.join(error.slugs)}", accepted=known_slugs()
        ) from None


# --- what a form field accepts, and a form's errors as ParameterErrors ---------------------

# Above this many choices, `accepted` describes the values instead of listing them.
MAX_LISTED_CHOICES = 50


def queryset_choices(queryset, field_name, description):
    """The values of `field_name` in `queryset`, or `description` when there are too many."""
    values = list(queryset.order_by(field_name).values_list(field_name, flat=True)[: MAX_LISTED_CHOICES + 1])
    return values if len(values) <= MAX_LISTED_CHOICES else description


def accepted_for(field, declared=None):
    """What a form field (a page form's, or a django-filter filter's) accepts, for errors."""
    if declared is not None:
        return declared
    if isinstance(field, forms.ModelChoiceField):
        name = field.to_field_name or "pk"
        return queryset_choices(field.queryset, name, f"the {name} of an existing {field.queryset.model._meta.verbose_name}")
    if isinstance(field, forms.ChoiceField):
        return [str(value) for value, _ in field.choices if value not in ("", None)]
    if isinstance(field, forms.DateField):
        return "a date, YYYY-MM-DD"
    if isinstance(field, forms.CharField) and field.max_length:
        return f"text of at most {field.max_length} characters"
    return str(field.help_text) if getattr(field, "help_text", "") else None


def form_errors(form):
    """A ParameterError for each message of a bound, invalid form, or django-filter FilterSet
    (whose filters may declare what they accept, when their field cannot say)."""
    declared = {name: getattr(filter_, "accepted", None) for name, filter_ in getattr(form, "filters", {}).items()}
    form = getattr(form, "form", form)
    return [
        ParameterError(name, str(message), accepted_for(form.fields.get(name), declared.get(name)))
        for name, messages in form.errors.items()
        for message in messages
    ]


def grouped_for_display(errors):
    """[{parameter, messages, accepted}], one per parameter, for the pages' 400 template."""
    grouped = {}
    for error in errors:
        accepted = error.accepted
        if isinstance(accepted, (list, tuple)):
            accepted = ", ".join(str(value) for value in accepted)
        entry = grouped.setdefault(error.parameter, {"parameter": error.parameter, "messages": [], "accepted": accepted or ""})
        entry["messages"].append(error.message)
    return list(grouped.values())
