from django.contrib import admin
from django.urls import include, path

from catalog import views as catalog_views

urlpatterns = [
    path("healthz", catalog_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("subscriptions/", include("catalog.subscription_urls")),
    path("", include("catalog.embed_urls")),
    path("", include("catalog.urls")),
]
