"""API routes under /api/v1/: a router for the resources, plus compare, the schema and its docs."""

from django.urls import URLPattern, path
from rest_framework.routers import DefaultRouter

from api import changes, corrections, subscriptions
from api.caching import cached
from api.views import assistants, compare, docs, editorial, references, releases, research
from catalog import scopes
from catalog.releases.licence import licence_data
from edge import parameters

app_name = "api"



class LicensedRootView(DefaultRouter.APIRootView):
    """The API root: every resource, plus the licence of the data (additive)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {**response.data, "licence": licence_data()}
        return response


class CatalogRouter(DefaultRouter):
    APIRootView = LicensedRootView


router = CatalogRouter()
router.register("assistants", assistants.AssistantViewSet, basename="assistant")
router.register("vendors", references.VendorViewSet, basename="vendor")
router.register("models", references.AIModelViewSet, basename="model")
router.register("criteria", references.CriterionViewSet, basename="criterion")
router.register("sources", editorial.SourceViewSet, basename="source")
router.register("deprecations", editorial.DeprecationViewSet, basename="deprecation")
router.register("political-ties", editorial.PoliticalTieViewSet, basename="political-tie")
router.register("assessments", editorial.AssessmentViewSet, basename="assessment")
router.register("campaigns", references.CampaignViewSet, basename="campaign")
router.register("regulator-actions", references.RegulatorActionViewSet, basename="regulator-action")
router.register("searches", references.SearchRecordViewSet, basename="search")
router.register("subscriptions", subscriptions.SubscriptionViewSet, basename="subscription")
router.register("corrections", corrections.CorrectionViewSet, basename="correction")
router.register("deliveries", subscriptions.DeliveryViewSet, basename="delivery")
router.register("releases", releases.ReleaseViewSet, basename="release")


def assistant_detail_made_from(request, slug=None, **kwargs):
    return scopes.own_scopes(slug) if slug else None


def compare_made_from(request, **kwargs):
    return parameters.compared_scopes_of(request.GET.get("assistants"))


# Routes whose answers show only some of the catalog: cached until that part changes.
MADE_FROM = {
    "assistant-list": lambda request, **kwargs: scopes.assistant_list_scopes(),
    "assistant-detail": assistant_detail_made_from,
}


def cached_reads(patterns):
    """The router's routes, each answering repeat anonymous reads from the response cache."""
    return [
        URLPattern(p.pattern, cached(p.callback, MADE_FROM.get(p.name)), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]


urlpatterns = [
    path("compare/", cached(compare.CompareView.as_view(), compare_made_from), name="compare"),
    path("changes/", cached(changes.ChangeFeedView.as_view()), name="changes"),
    path("research-queue/", research.ResearchQueueView.as_view(), name="research-queue"),
    path("releases/<str:release>/files/<str:name>", releases.release_file, name="release-file"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: our CSP allows no inline script.
    path(
        "docs/",
        docs.DocsView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    *cached_reads(router.urls),
]
