"""Profiles: an assistant, a vendor, a campaign, each with its evidence and sources."""
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from catalog import comparison, scopes, selectors
from catalog.models import CATEGORY_KEYS, Assistant, Campaign, Category, Vendor
from catalog.scoring import scores as scoring
from web.charts import Group, bar_chart, evidence_bar
from web.evidence import no_score_sentence, short_of_evidence, unranked_heading, unranked_reason
from web.formatting import score_band
from web.pages.common import public_page, scoped_public_page

ALTERNATIVES_SHOWN = 3


@dataclass
class CategoryEvidence:
    key: str
    label: str
    score: object  # bands.Evidence, or None
    answers: list = field(default_factory=list)

    @property
    def known(self):
        return [answer for answer in self.answers if answer.assessment is not None]

    @property
    def unknown(self):
        return [answer for answer in self.answers if answer.assessment is None]


def evidence_by_category(answers, scores=None):
    """The answers {category: [Answer]} as the page shows them: with the category's label and score."""
    scores = scores or {}
    return [CategoryEvidence(key, Category(key).label, scores.get(key), answers[key]) for key in CATEGORY_KEYS]


def score_chart(assistant):
    evidence = scoring.stored_evidence(assistant)
    bars = [
        evidence_bar(Category(key).label, evidence[key], f"band-{score_band(evidence[key])}", _("Not enough evidence"))
        for key in CATEGORY_KEYS
    ]
    return bar_chart(
        [Group("", bars)],
        title=_("Category scores of %(name)s, from 0 to 100") % {"name": assistant.name},
        unknown_text=_("Unknown"),
        rtl=get_language_bidi(),
        chart_id="scores",
    )


def with_evidence(rows):
    """Rows annotated with scoring.evidence_annotations(), each given its overall `evidence`."""
    rows = list(rows)
    for row in rows:
        row.evidence = scoring.annotated_evidence(row)
    return rows


def assistant_page_made_from(request, slug):
    return scopes.assistant_page_scopes(slug)


@scoped_public_page(assistant_page_made_from)
def assistant_detail(request, slug):
    try:
        assistant = selectors.assistant_profile(slug)
    except Assistant.DoesNotExist:
        raise Http404(_("No assistant has the slug “%(slug)s”.") % {"slug": slug}) from None
    dossier = selectors.assistant_dossier(assistant)
    alternatives = with_evidence(comparison.alternatives(assistant, limit=ALTERNATIVES_SHOWN))
    overall = scoring.stored_evidence(assistant)["overall"]
    return render(
        request,
        "catalog/assistant.html",
        {
            "assistant": assistant,
            "vendor": assistant.vendor,
            "categories": evidence_by_category(dossier.answers, scoring.stored_evidence(assistant)),
            "no_score": no_score_sentence(assistant.name, overall),
            "chart": score_chart(assistant),
            "models": list(assistant.models_used.all()),
            "timeline": dossier.deprecations,
            "ties": dossier.ties,
            "regulator_actions": dossier.regulator_actions,
            "offered_models": dossier.offered_models,
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
    answers = selectors.answers_by_category([c for c in selectors.criteria() if c.id in own], own)
    regulator_actions = list(selectors.published_regulator_actions().filter(vendor=vendor))
    events = list(selectors.published_deprecations().filter(model__vendor=vendor))
    return render(
        request,
        "catalog/vendor.html",
        {
            "vendor": vendor,
            "assistants": list(vendor.assistants.all()),
            "models": list(vendor.models.all()),
            "categories": [group for group in evidence_by_category(answers) if group.answers],
            "timeline": events,
            "ties": selectors.vendor_ties(vendor),
            "regulator_actions": regulator_actions,
            "storage_sources": list(vendor.data_storage_sources.all()),
        },
    )


def campaign_weights(campaign):
    """The campaign's category weights: a category it leaves out keeps its default weight,
    only an explicit 0 leaves it out (as in a link's `weights`)."""
    return {key: float((campaign.weights or {}).get(key, scoring.DEFAULT_CATEGORY_WEIGHTS[key])) for key in CATEGORY_KEYS}


@public_page
def campaign_detail(request, slug):
    try:
        campaign = selectors.campaign_profile(slug)
    except Campaign.DoesNotExist:
        raise Http404(_("No campaign has the slug “%(slug)s”.") % {"slug": slug}) from None
    weights = campaign_weights(campaign)
    alternatives = with_evidence(selectors.campaign_alternatives(campaign, weights))
    leave = list(campaign.leave.all())
    compared = [a.slug for a in [*leave, *alternatives]][: comparison.MAX_COMPARED]
    return render(
        request,
        "catalog/campaign.html",
        {
            "campaign": campaign,
            "leave": leave,
            "suggestions": selectors.campaign_suggestions(campaign),
            "alternatives": [a for a in alternatives if a.rank_ranked],
            "unranked": [(a, unranked_reason(a.name, a.evidence, scoring.annotated_reason(a),
                                             short_of_evidence(scoring.stored_evidence(a), weights)))
                         for a in alternatives if not a.rank_ranked],
            "unranked_heading": unranked_heading(),
            "weights": [(Category(key).label, weights.get(key, 0)) for key in CATEGORY_KEYS],
            "weights_param": ",".join(f"{key}:{weights[key]:g}" for key in CATEGORY_KEYS if weights.get(key)),
            "compare_slugs": ",".join(compared) if len(compared) >= comparison.MIN_COMPARED else "",
        },
    )
