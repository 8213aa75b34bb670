"""Every document Candor shows a person, in every language: what the outside checkers read.

The Nu HTML Checker reads them all (one batch). axe-core in Chromium (`for_browser`) reads
each kind of page and embed in every language, one instance each (each language another), and
each state of a page (filtered, refused, ...) in one language, the languages taking turns.
A page route with no document here fails `test_every_route_has_a_document`, so a new page
cannot escape the checkers.
"""

from dataclasses import dataclass, field

from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Routes that are not documents for a person to read: feeds, calendar, loader, oEmbed JSON.
NOT_DOCUMENTS = {"retirements-feed", "changes-feed", "assistant-changes-feed", "retirements-calendar", "widget-js", "oembed"}


@dataclass(frozen=True)
class Document:
    name: str  # unique, safe as a file name
    path: str
    lang: str
    data: dict = field(default_factory=dict)  # POSTed when set (see `refusal`)
    refusal: str = ""  # "throttled": posted until the limit refuses; "csrf": without its token
    status: int = 200  # what the server answers
    ready: str = ""  # a selector that is there once the page's own script has drawn it
    representative: bool = True  # also read in Chromium (see the module's docstring)

    @property
    def suffix(self):
        return ".svg" if self.path.split("?")[0].endswith(".svg") else ".html"


def _rotate(slugs, lang):
    """The slug this language's browser check takes: each language a different one."""
    return slugs[LANGUAGES.index(lang) % len(slugs)]


def documents(facts, subscription_token=None):
    """[Document] for every page, embed and badge in every language.

    facts: what catalog_facts() finds in the catalog (slugs, and the campaigns' languages).
    """
    from catalog.comparison import MAX_COMPARED

    assistants, vendors = facts["assistants"], facts["vendors"]
    # The widest comparison a page allows (the catalog holds more assistants than that).
    widest = ",".join(assistants[:MAX_COMPARED])
    campaigns, models = facts["campaigns"], facts["models"]
    retiring = facts["retiring_models"]
    found = []

    def add(name, path, lang, **options):
        found.append(Document(f"{lang}-{name}", path, lang, **options))

    def state(name, path, lang, **options):
        """A state of a page: read in Chromium in one language, the next state in the next."""
        states.append(name)
        turn = (len(states) - 1) % len(LANGUAGES) == LANGUAGES.index(lang)
        add(name, path, lang, representative=turn, **options)

    for lang in LANGUAGES:
        states = []
        prefix = f"/{lang}"
        add("home", f"{prefix}/", lang)
        state(
            "home-filtered", f"{prefix}/?min_privacy=60&ordering=privacy&open_weights=false", lang
        )
        state("home-empty", f"{prefix}/?q=no-such-assistant-anywhere", lang)
        add("home-bad-parameter", f"{prefix}/?min_privacy=500", lang, status=400)
        for kind, slugs in (
            ("assistants", assistants),
            ("vendors", vendors),
            ("campaigns", campaigns),
        ):
            for slug in slugs:
                add(
                    f"{kind}-{slug}",
                    f"{prefix}/{kind}/{slug}/",
                    lang,
                    representative=slug == _rotate(slugs, lang),
                )
        # The catalog as published at a past moment (the last change: a state it really had),
        # and what changed for an assistant.
        as_of = facts["as_of"]
        add("assistant-as-of", f"{prefix}/assistants/{_rotate(assistants, lang)}/?as_of={as_of}", lang)
        state("home-as-of", f"{prefix}/?as_of={as_of}", lang)
        state("as-of-refused", f"{prefix}/assistants/{assistants[0]}/?as_of=2999-01-01", lang, status=400)
        add("assistant-changes", f"{prefix}/assistants/{_rotate(assistants, lang)}/changes/", lang)
        state("assistant-changes-since-the-start", f"{prefix}/assistants/{assistants[0]}/changes/?from=2001-01-01", lang)
        add("compare-empty", f"{prefix}/compare/", lang)
        add("compare", f"{prefix}/compare/?assistants={','.join(assistants[:4])}", lang)
        weighted = "weight_privacy=3&weight_political_ties=0&weight_safety=1&weight_deprecation=1"
        state(
            "compare-weighted",
            f"{prefix}/compare/?assistants={widest}&{weighted}",
            lang,
        )
        add("switch-index", f"{prefix}/switch/", lang)
        for slug in assistants:
            add(
                f"switch-{slug}",
                f"{prefix}/switch/{slug}/",
                lang,
                representative=slug == _rotate(assistants, lang),
            )
        state("switch-weighted", f"{prefix}/switch/{assistants[0]}/?{weighted}", lang)
        add("retirements", f"{prefix}/retirements/", lang)
        state("retirements-filtered", f"{prefix}/retirements/?vendor=openai&surface=api&kind=retired", lang)
        state("retirements-none", f"{prefix}/retirements/?model=gpt-4o&kind=weights_preserved", lang)
        for slug in models:
            add(f"models-{slug}", f"{prefix}/models/{slug}/", lang, representative=slug == _rotate(retiring, lang))
        add("methodology", f"{prefix}/methodology/", lang)
        add("data", f"{prefix}/data/", lang)  # with a release: the checkers' fixtures build one
        add("correction", f"{prefix}/corrections/new/?assistant={_rotate(assistants, lang)}", lang)
        state("correction-sent", f"{prefix}/corrections/new/?sent=1", lang)
        invalid = {"assistant": assistants[0], "claim": "", "source_url": "not a web address"}
        state("correction-invalid", f"{prefix}/corrections/new/", lang, data=invalid, status=400)
        typed = {
            "assistant": assistants[0],
            "claim": "The page says X; the source says Y.",
            "source_url": "https://example.org/source",
        }
        state(
            "correction-throttled",
            f"{prefix}/corrections/new/",
            lang,
            data=typed,
            refusal="throttled",
            status=429,
        )
        state(
            "correction-expired",
            f"{prefix}/corrections/new/",
            lang,
            data=typed,
            refusal="csrf",
            status=403,
        )
        add("not-found", f"{prefix}/assistants/nobody-by-this-name/", lang, status=404)

        # Embeds, the builder and badges take their language from `lang`.
        embed = f"lang={lang}"
        add(
            "embed-alternatives",
            f"/embed/alternatives/?to={_rotate(assistants, lang)}&{embed}",
            lang,
        )
        state(
            "embed-alternatives-dark",
            f"/embed/alternatives/?to={assistants[0]}&theme=dark&weights=privacy:3,safety:1&{embed}",
            lang,
        )
        add("embed-compare", f"/embed/compare/?assistants={widest}&{embed}", lang)
        for slug in models:
            add(
                f"embed-retirement-{slug}",
                f"/embed/retirement/{slug}/?{embed}",
                lang,
                representative=slug == _rotate(retiring, lang),
            )
        speaking = [slug for slug in campaigns if lang in facts["campaign_languages"][slug]]
        for slug in speaking:
            add(
                f"embed-campaign-{slug}",
                f"/embed/campaign/{slug}/?{embed}",
                lang,
                representative=slug == _rotate(speaking, lang),
            )
        for slug in assistants:
            add(
                f"embed-assistant-{slug}",
                f"/embed/assistant/{slug}/?{embed}",
                lang,
                representative=slug == _rotate(assistants, lang),
            )
        add(
            "embed-switch",
            f"/embed/switch/{_rotate(assistants, lang)}/?{embed}",
            lang,
        )
        add("embed-error", f"/embed/alternatives/?to=nobody-by-this-name&{embed}", lang, status=404)
        for category in ("privacy", "political_ties", "safety", "deprecation", "overall"):
            for slug in assistants:
                add(
                    f"badge-{slug}-{category}",
                    f"/badge/{slug}/{category}.svg?{embed}",
                    lang,
                    representative=False,
                )
        add(
            "badge-error",
            f"/badge/nobody-by-this-name/overall.svg?{embed}",
            lang,
            representative=False,
            status=404,
        )

        # The builder: nothing chosen, each widget chosen, a badge, an error.
        add("builder", f"/embed/?{embed}", lang)
        state(
            "builder-alternatives", f"/embed/?widget=alternatives&to={assistants[0]}&{embed}", lang
        )
        state(
            "builder-compare",
            f"/embed/?widget=compare&assistants={assistants[0]}&assistants={assistants[1]}&{embed}",
            lang,
        )
        state("builder-retirement", f"/embed/?widget=retirement&model={retiring[0]}&{embed}", lang)
        state("builder-campaign", f"/embed/?widget=campaign&campaign={campaigns[0]}&{embed}", lang)
        state(
            "builder-assistant", f"/embed/?widget=assistant&assistant={assistants[0]}&{embed}", lang
        )
        state(
            "builder-badge",
            f"/embed/?widget=badge&assistant={assistants[0]}&category=privacy&{embed}",
            lang,
        )
        state("builder-error", f"/embed/?widget=alternatives&to=&{embed}", lang, status=400)

        if subscription_token:
            add("subscription-confirm", f"/subscriptions/confirm/{subscription_token}/", lang)
            add(
                "subscription-unsubscribe",
                f"/subscriptions/unsubscribe/{subscription_token}/",
                lang,
            )

        add("admin-login", "/admin/login/", lang)
        add(
            "csrf-refused",
            "/admin/login/",
            lang,
            data={"username": "editor", "password": "not-sent"},
            refusal="csrf",
            status=403,
        )

    add("api-docs", "/api/v1/docs/", "en", ready=".opblock-summary-path")
    return found


def for_browser(all_documents):
    return [document for document in all_documents if document.representative]


def catalog_facts():
    from django.utils import timezone

    from catalog import timemachine
    from catalog.models import AIModel, Assistant, Campaign, Vendor

    last_change = timemachine.last_change_at_or_before(timezone.now())
    return {
        "as_of": last_change.isoformat().replace("+00:00", "Z"),
        "assistants": list(Assistant.objects.order_by("slug").values_list("slug", flat=True)),
        "vendors": list(Vendor.objects.order_by("slug").values_list("slug", flat=True)),
        "campaigns": list(Campaign.objects.order_by("slug").values_list("slug", flat=True)),
        # A campaign's embed speaks only the campaign's languages (any, when it names none).
        "campaign_languages": {
            slug: languages or LANGUAGES
            for slug, languages in Campaign.objects.values_list("slug", "languages")
        },
        "models": list(AIModel.objects.order_by("slug").values_list("slug", flat=True)),
        "retiring_models": list(
            AIModel.objects.filter(deprecations__isnull=False)
            .distinct()
            .order_by("slug")
            .values_list("slug", flat=True)
        ),
    }


def email_subscription():
    """A pending e-mail subscription, for its confirm and unsubscribe pages."""
    from catalog.models import Subscription

    return Subscription.objects.create(
        channel=Subscription.Channel.EMAIL, email="reader@example.org", follows_all=True
    )


def fetch(document, address="192.0.2.10"):
    """The server's answer to the document's request, from Django's test client.

    `address`: the client's address; a throttled document needs one of its own."""
    from django.test import Client

    from web.pages.corrections import LIMIT

    language = {"HTTP_ACCEPT_LANGUAGE": document.lang}
    if not document.data:
        return Client(REMOTE_ADDR=address).get(document.path, **language)
    if document.refusal == "csrf":
        client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
        return client.post(document.path, document.data, **language)
    client = Client(REMOTE_ADDR=address)
    posts = LIMIT + 1 if document.refusal == "throttled" else 1
    for _ in range(posts):
        response = client.post(document.path, document.data, **language)
    return response
