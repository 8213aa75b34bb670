"""URL map. Pages for people answer with and without a language prefix (edge.locale)."""
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from edge import health
from edge.locale import NEGOTIATED_NAMESPACE
from web import urls as web

handler400 = "edge.handlers.bad_request"
handler404 = "edge.handlers.not_found"
handler500 = "edge.handlers.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("subscriptions/", include(web.subscription_pages)),
    path("", include(web.embeds)),
]

# /en/..., /fr/..., /ar/..., /uk/...: the language is in the address (the switcher links here).
urlpatterns += i18n_patterns(path("", include((web.pages, web.PAGES_APP))), prefix_default_language=True)

# The same pages without a prefix (the public contract's URLs): Accept-Language decides. Links
# rendered on them stay unprefixed because {% url %} follows the current namespace.
urlpatterns += [path("", include((web.pages, web.PAGES_APP), namespace=NEGOTIATED_NAMESPACE))]
