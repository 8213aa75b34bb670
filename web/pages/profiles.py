"""Profiles: an assistant, a vendor, a campaign, each with its evidence and sources."""
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from catalog import comparison, selectors
from catalog.scoring import scores as scoring
from web.charts import Bar, Group, bar_chart
from catalog.models import CATEGORY_KEYS, Assistant, Campaign, Category, Vendor
from web.templatetags.candor import score_band
from web.pages.common import public_page

ALTERNATIVES_SHOWN = 3


@dataclass
class Answer:
    """One criterion for one subject: its assessment, or None when unknown."""

    criterion: object
    assessment: object = None
    inherited: bool = False


@dataclass
class CategoryEvidence:
    key: str
    label: str
    score: float | None
    answers: list = field(default_factory=list)

    @property
    def known(self):
        return [answer for answer in self.answers if answer.assessment is not None]

    @property
    def unknown(self):
        return [answer for answer in self.answers if answer.assessment is None]


def evidence_by_category(criteria, evidence, scores=None):
    """Every criterion grouped by category, answered from `evidence` {criterion id: (a, inherited)}."""
    groups = {
        key: CategoryEvidence(key, Category(key).label, (scores or {}).get(key)) for key in CATEGORY_KEYS
    }
    for criterion in criteria:
        assessment, inherited = evidence.get(criterion.id, (None, False))
        groups[criterion.category].answers.append(Answer(criterion, assessment, inherited))
    return list(groups.values())


def score_chart(assistant):
    bars = [
        Bar(Category(key).label, assistant.scores[key], f"band-{score_band(assistant.scores[key])}")
        for key in CATEGORY_KEYS
    ]
    return bar_chart(
        [Group("", bars)],
        title=_("Category scores of %(name)s, from 0 to 100") % {"name": assistant.name},
        unknown_text=_("Unknown"),
        rtl=get_language_bidi(),
        chart_id="scores",
    )


def deprecation_timeline(models):
    """Published deprecation events of these models, oldest first."""
    events = [event for model in models for event in model.published_deprecations]
    return sorted(events, key=lambda event: (event.date, event.key))


@public_page
def assistant_detail(request, slug):
    try:
        assistant = selectors.assistant_profile(slug)
    except Assistant.DoesNotExist:
        raise Http404(_("No assistant has the slug “%(slug)s”.") % {"slug": slug}) from None
    evidence = comparison.effective_evidence([assistant])[assistant.id]
    models = list(assistant.models_used.all())
    alternatives = list(comparison.alternatives(assistant, limit=ALTERNATIVES_SHOWN))
    return render(
        request,
        "catalog/assistant.html",
        {
            "assistant": assistant,
            "vendor": assistant.vendor,
            "categories": evidence_by_category(selectors.criteria(), evidence, assistant.scores),
            "chart": score_chart(assistant),
            "models": models,
            "timeline": deprecation_timeline(models),
            "ties": selectors.vendor_ties(assistant.vendor),
            "alternatives": alternatives,
            "compare_slugs": ",".join([assistant.slug, *[a.slug for a in alternatives]]),
        },
    )


@public_page
def vendor_detail(request, slug):
    try:
        vendor = selectors.vendor_profile(slug)
    except Vendor.DoesNotExist:
        raise Http404(_("No vendor has the slug “%(slug)s”.") % {"slug": slug}) from None
    own = {a.criterion_id: (a, False) for a in selectors.vendor_evidence(vendor)}
    criteria = [c for c in selectors.criteria() if c.id in own]
    events = list(selectors.published_deprecations().filter(model__vendor=vendor))
    return render(
        request,
        "catalog/vendor.html",
        {
            "vendor": vendor,
            "assistants": list(vendor.assistants.all()),
            "models": list(vendor.models.all()),
            "categories": [group for group in evidence_by_category(criteria, own) if group.answers],
            "timeline": events,
            "ties": selectors.vendor_ties(vendor),
        },
    )


def campaign_weights(campaign):
    """The campaign's category weights (unnamed categories count 0), or the default ones."""
    if not campaign.weights:
        return dict(scoring.DEFAULT_CATEGORY_WEIGHTS)
    return {key: float(campaign.weights.get(key, 0)) for key in CATEGORY_KEYS}


@public_page
def campaign_detail(request, slug):
    try:
        campaign = selectors.campaign_profile(slug)
    except Campaign.DoesNotExist:
        raise Http404(_("No campaign has the slug “%(slug)s”.") % {"slug": slug}) from None
    weights = campaign_weights(campaign)
    alternatives = selectors.campaign_alternatives(campaign, weights)
    leave = list(campaign.leave.all())
    compared = [a.slug for a in [*leave, *alternatives]][: comparison.MAX_COMPARED]
    return render(
        request,
        "catalog/campaign.html",
        {
            "campaign": campaign,
            "leave": leave,
            "alternatives": alternatives,
            "weights": [(Category(key).label, weights.get(key, 0)) for key in CATEGORY_KEYS],
            "weights_param": ",".join(f"{key}:{weights[key]:g}" for key in CATEGORY_KEYS if weights.get(key)),
            "compare_slugs": ",".join(compared) if len(compared) >= comparison.MIN_COMPARED else "",
        },
    )
