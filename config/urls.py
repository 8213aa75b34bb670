"""URL map. Pages for people answer with and without a language prefix (catalog.locale)."""
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from django.contrib import admin

from catalog import views as catalog_views
from catalog.locale import NEGOTIATED_NAMESPACE

handler404 = "config.handlers.not_found"

urlpatterns = [
    path("healthz", catalog_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("subscriptions/", include("catalog.subscription_urls")),
    path("", include("catalog.embed_urls")),
    path("", include("catalog.urls")),
]

# /en/..., /fr/..., /ar/..., /uk/...: the language is in the address (the switcher links here).
urlpatterns += i18n_patterns(path("", include("catalog.page_urls")), prefix_default_language=True)

# The same pages without a prefix (the public contract's URLs): Accept-Language decides. Links
# rendered on them stay unprefixed because {% url %} follows the current namespace.
urlpatterns += [path("", include("catalog.page_urls", namespace=NEGOTIATED_NAMESPACE))]
