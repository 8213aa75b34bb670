"""Embed pages, the HTML campaigns frame: alternatives, comparison, countdown, campaign, scorecard.

Embeds take their language from `lang`, never from the visitor's headers: the URL alone
decides what is shown, so it is also the cache key.
"""

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from catalog import scopes, selectors
from catalog.comparison import alternatives
from catalog.models import CATEGORY_KEYS, AIModel, Assistant, Campaign
from catalog.scoring.scores import (
    DEFAULT_CATEGORY_WEIGHTS,
    annotated_evidence,
    rank_assistants,
    stored_evidence,
)
from catalog.switching import switch_plan
from edge import parameters
from edge.parameters import ParameterError, parse_minimums, parse_slugs, parse_weights
from web.embeds import labels, options
from web.embeds.countdown import retirement_countdown
from web.embeds.responses import embed_view, frame_sources, render_embed

# The latest events of a model's history; older ones are on its Candor page (size budget).
MAX_EVENTS = 8
# Alternatives in the switching kit unless `limit` says otherwise (size budget).
SWITCH_LIMIT = 3


def page_path(look, path):
    """A Candor page in the embed's language: pages carry non-default languages as a prefix."""
    return path if look.lang == "en" else f"/{look.lang}{path}"


@dataclass(frozen=True)
class Card:
    """One assistant as an embed shows it: its overall under the weights asked for and its four
    category scores, each a bands.Evidence; `ranked` False when it has not enough evidence."""

    assistant: Assistant
    overall: object
    cells: list
    link: str
    ranked: bool = True


def card(assistant, overall, look, ranked=None):
    evidence = stored_evidence(assistant)
    cells = [(labels.CATEGORIES[key], evidence[key]) for key in CATEGORY_KEYS]
    ranked = overall.enough if ranked is None else ranked
    return Card(assistant, overall, cells, page_path(look, f"/assistants/{assistant.slug}/"), ranked)


def ranked_cards(ranked, look):
    """Cards of rows from comparison.alternatives (annotated): the ranked, then the others."""
    return [card(a, annotated_evidence(a), look, a.rank_ranked) for a in ranked]


def title(look, kind, name):
    """The widget's title in the embed's language."""
    with translation.override(look.lang):
        return labels.widget_title(kind, name)


def weights_in_words(weights, look):
    """How much each category counts, as a reader says it: "Ranked by weighted score: Privacy
    50%, Safety 17%, Deprecation 33%. Left out: Political ties." "" for the equal weights."""
    if weights == DEFAULT_CATEGORY_WEIGHTS:
        return ""
    total = sum(weights.values())
    with translation.override(look.lang):
        counted = sorted(((w, str(labels.CATEGORIES[k])) for k, w in weights.items() if w), key=lambda p: -p[0])
        shares = ", ".join(
            pgettext("embed", "%(category)s %(share)s%%") % {"category": label, "share": round(100 * w / total)}
            for w, label in counted
        )
        text = pgettext("embed", "Ranked by weighted score: %(shares)s.") % {"shares": shares}
        left_out = [str(labels.CATEGORIES[k]) for k, w in weights.items() if not w]
        if left_out:
            text += " " + pgettext("embed", "Left out: %(categories)s.") % {"categories": ", ".join(left_out)}
    return text


def unknown_assistant(parameter, slug):
    accepted = list(Assistant.objects.order_by("slug").values_list("slug", flat=True)[:100])
    return parameters.NotFound(parameter, f"Candor lists no assistant {slug!r}", accepted=accepted)


def alternatives_made_from(request):
    """An embed of the default alternatives is made from the ranking's head; one with its own
    weights or minimums, from every score (catalog.scopes)."""
    try:
        slug = parameters.parse_slug(request.GET.get("to"), "to")
        default = parse_weights(request.GET.get("weights")) == DEFAULT_CATEGORY_WEIGHTS and not parse_minimums(request.GET)
    except ParameterError:
        return None  # answered with its 400, which is never kept
    return scopes.alternatives_scopes(slug, default)


@require_safe
@embed_view(made_from=alternatives_made_from)
def alternatives_embed(request):
    look = options.parse_look(request.GET)
    slug = parameters.parse_slug(request.GET.get("to"), "to")
    weights = parse_weights(request.GET.get("weights"))
    minimums = parse_minimums(request.GET)
    limit = options.parse_limit(request.GET.get("limit"))
    leaving = Assistant.objects.select_related("vendor").filter(slug=slug).first()
    if leaving is None:
        raise unknown_assistant("to", slug)
    ranked = alternatives(leaving, weights, minimums, limit)
    return render_embed(
        request,
        "embed/alternatives.html",
        look,
        {
            "title": title(look, "alternatives", leaving.name),
            "cards": ranked_cards(ranked, look),
            "weights": weights_in_words(weights, look),
            "page": page_path(look, f"/assistants/{leaving.slug}/"),
        },
    )


def compare_made_from(request):
    """A comparison embed ranks its assistants among themselves (catalog.scopes)."""
    return parameters.compared_scopes_of(request.GET.get("assistants"))


@require_safe
@embed_view(made_from=compare_made_from)
def compare_embed(request):
    look = options.parse_look(request.GET)
    slugs = parse_slugs(request.GET.get("assistants"))
    weights = parse_weights(request.GET.get("weights"))
    comparison = parameters.comparison_of(slugs, weights=weights)
    by_slug = {a.slug: a for a in comparison.assistants}
    cards = [
        card(by_slug[s], comparison.evidence[s]["overall"], look, comparison.position(s) is not None)
        for s in comparison.ranking
    ]
    return render_embed(
        request,
        "embed/compare.html",
        look,
        {
            "title": title(look, "compare", ", ".join(a.name for a in comparison.assistants)),
            "cards": cards,
            "categories": [labels.CATEGORIES[key] for key in CATEGORY_KEYS],
            "weights": weights_in_words(weights, look),
            "page": page_path(look, f"/compare/?assistants={','.join(slugs)}"),
        },
    )


@require_safe
@embed_view(made_from=lambda request, slug: scopes.own_scopes(slug))
def assistant_embed(request, slug):
    look = options.parse_look(request.GET)
    assistant = Assistant.objects.select_related("vendor").filter(slug=slug).first()
    if assistant is None:
        raise unknown_assistant("assistant", slug)
    return render_embed(
        request,
        "embed/assistant.html",
        look,
        {
            "title": title(look, "assistant", assistant.name),
            "card": card(assistant, stored_evidence(assistant)["overall"], look),
        },
    )


@require_safe
@embed_view(daily=True)
def retirement_embed(request, model):
    look = options.parse_look(request.GET)
    ai_model = AIModel.objects.select_related("vendor", "successor").filter(slug=model).first()
    if ai_model is None:
        raise parameters.NotFound("model", f"Candor lists no model {model!r}")
    events = list(
        ai_model.deprecations.published().prefetch_related(selectors.cited_sources())
    )
    countdown = retirement_countdown(ai_model, events, timezone.now().date())
    ending_where = labels.where(countdown.event) if countdown and countdown.event else []
    return render_embed(
        request,
        "embed/retirement.html",
        look,
        {
            "title": title(look, "retirement", ai_model.name),
            "model": ai_model,
            "countdown": countdown,
            "countdown_where": ending_where,
            "events": [
                (event, labels.EVENT_KINDS[event.kind], labels.where(event))
                for event in events[-MAX_EVENTS:]
            ],
            "earlier_events": max(0, len(events) - MAX_EVENTS),
            "page": page_path(look, "/retirements/"),
        },
    )


def campaign_for(request, slug):
    """The campaign, looked up once per request (its framing policy and page both need it)."""
    if not hasattr(request, "_candor_campaign"):
        request._candor_campaign = Campaign.objects.filter(slug=slug).first()
    return request._candor_campaign


def campaign_frame_ancestors(request, slug):
    campaign = campaign_for(request, slug)
    return frame_sources(campaign.allowed_origins) if campaign else ["*"]


def campaign_weights(campaign):
    """The campaign's category weights; as in a link's `weights`, a category it leaves out
    keeps its default weight, and only an explicit 0 leaves it out."""
    return {key: float(campaign.weights.get(key, DEFAULT_CATEGORY_WEIGHTS[key])) for key in CATEGORY_KEYS}


def campaign_cards(campaign, leaving, weights, limit, look):
    """The campaign's own list ranked by its weights; without a list, alternatives to what it
    asks people to leave."""
    recommended = [a for a in campaign.alternatives.select_related("vendor") if a not in leaving]
    if recommended:
        by_slug = {a.slug: a for a in recommended}
        ranking = rank_assistants(recommended, weights)
        order = ranking.ranked + [slug for slug, _ in ranking.unranked]
        return [
            card(by_slug[slug], ranking.overall[slug], look, slug in ranking.ranked) for slug in order[:limit]
        ]
    if leaving:
        vendors = [a.vendor_id for a in leaving]
        return ranked_cards(alternatives(leaving[0], weights).exclude(vendor__in=vendors)[:limit], look)
    return []


@require_safe
@embed_view(frame_ancestors=campaign_frame_ancestors)
def campaign_embed(request, slug):
    campaign = campaign_for(request, slug)
    if campaign is None:
        raise parameters.NotFound("campaign", f"Candor has no campaign {slug!r}")
    offered = [code for code in campaign.languages if code in options.LANGUAGES]
    languages = offered or options.LANGUAGES
    look = options.parse_look(request.GET, languages, default_theme=campaign.theme)
    limit = options.parse_limit(request.GET.get("limit"), default=options.MAX_LIMIT)
    weights = campaign_weights(campaign)
    leaving = list(campaign.leave.select_related("vendor"))
    return render_embed(
        request,
        "embed/campaign.html",
        look,
        {
            "title": campaign.name,
            "leaving_names": ", ".join(a.name for a in leaving),
            "cards": campaign_cards(campaign, leaving, weights, limit, look),
            "weights": weights_in_words(weights, look),
            "page": page_path(look, f"/campaigns/{campaign.slug}/"),
        },
    )


def switch_campaign(request):
    """The campaign named by `campaign`, if any: it decides framing and the default weights."""
    if not hasattr(request, "_candor_switch_campaign"):
        slug = parameters.parse_slug(request.GET["campaign"], "campaign") if request.GET.get("campaign") else None
        request._candor_switch_campaign = Campaign.objects.filter(slug=slug).first() if slug else None
        if slug and request._candor_switch_campaign is None:
            request._candor_switch_campaign = False
    return request._candor_switch_campaign


def switch_frame_ancestors(request, slug):
    """Framed where the named campaign allows; without a campaign, anywhere (as alternatives)."""
    try:
        campaign = switch_campaign(request)
    except parameters.ParameterError:
        return ["'self'"]
    if campaign is False:
        return ["'self'"]
    return frame_sources(campaign.allowed_origins) if campaign else ["*"]


@require_safe
@embed_view(frame_ancestors=switch_frame_ancestors)
def switch_embed(request, slug):
    """The switching kit: alternatives with their reasons, free tier, price and import, and the
    first steps of leaving, for a campaign's page."""
    campaign = switch_campaign(request)
    if campaign is False:
        raise parameters.NotFound("campaign", f"Candor has no campaign {request.GET['campaign']!r}")
    offered = [code for code in campaign.languages if code in options.LANGUAGES] if campaign else []
    look = options.parse_look(request.GET, offered or options.LANGUAGES, default_theme=campaign.theme if campaign else "auto")
    if request.GET.get("weights"):
        weights = parse_weights(request.GET["weights"])
    else:
        weights = campaign_weights(campaign) if campaign else dict(DEFAULT_CATEGORY_WEIGHTS)
    limit = options.parse_limit(request.GET.get("limit"), default=SWITCH_LIMIT)
    leaving = Assistant.objects.select_related("vendor").filter(slug=slug).first()
    if leaving is None:
        raise unknown_assistant("assistant", slug)
    plan = switch_plan(leaving, weights, limit=limit)
    return render_embed(
        request,
        "embed/switch.html",
        look,
        {
            "title": title(look, "switch", leaving.name),
            "leaving": leaving,
            "plan": plan,
            "links": {a.assistant.slug: page_path(look, f"/assistants/{a.assistant.slug}/") for a in plan.alternatives},
            "weights": weights_in_words(weights, look),
            "page": page_path(look, f"/switch/{leaving.slug}/"),
        },
    )
