"""Embeds, badges, oEmbed and the widget loader: never language-prefixed (`lang` says it)."""

from django.urls import path

from .embeds import badge_view, builder, loader, oembed_view, views

urlpatterns = [
    path("embed/", builder.builder, name="embed-builder"),
    path("embed/alternatives/", views.alternatives_embed, name="embed-alternatives"),
    path("embed/compare/", views.compare_embed, name="embed-compare"),
    path("embed/retirement/<slug:model>/", views.retirement_embed, name="embed-retirement"),
    path("embed/campaign/<slug:slug>/", views.campaign_embed, name="embed-campaign"),
    path("embed/assistant/<slug:slug>/", views.assistant_embed, name="embed-assistant"),
    path("badge/<slug:assistant>/<slug:category>.svg", badge_view.badge, name="badge"),
    path("oembed", oembed_view.oembed_endpoint, name="oembed"),
    path("widget.js", loader.widget_js, name="widget-js"),
]
