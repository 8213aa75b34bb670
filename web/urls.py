"""The routes of web/: pages for people, embeds, and the two e-mail subscription pages.

config/urls.py mounts `pages` twice (under /<language>/ and without a prefix), `embeds` at the
root (never language-prefixed: an embed's `lang` says its language) and `subscriptions` under
/subscriptions/.
"""
from django.urls import path

from web.embeds import badge_view, builder, loader, oembed_view
from web.embeds import views as embed_views
from web.pages.common import follows_slug_aliases
from web.pages import changes, compare, corrections, data, home, methodology, profiles, retirements, subscriptions, switching

PAGES_APP = "pages"

pages = [
    path("", home.home, name="home"),
    path("assistants/<slug:slug>/", follows_slug_aliases("assistant", "assistant")(profiles.assistant_detail), name="assistant"),
    path("assistants/<slug:slug>/changes/", follows_slug_aliases("assistant", "assistant-changes")(changes.assistant_changes), name="assistant-changes"),
    path("assistants/<slug:slug>/changes.atom", changes.assistant_change_feed, name="assistant-changes-feed"),
    path("changes/feed.atom", changes.change_feed, name="changes-feed"),
    path("vendors/<slug:slug>/", follows_slug_aliases("vendor", "vendor")(profiles.vendor_detail), name="vendor"),
    path("campaigns/<slug:slug>/", profiles.campaign_detail, name="campaign"),
    path("compare/", compare.compare_page, name="compare"),
    path("switch/", switching.switch_index, name="switch-index"),
    path("switch/<slug:slug>/", follows_slug_aliases("assistant", "switch")(switching.switch_page), name="switch"),
    path("retirements/", retirements.retirements_page, name="retirements"),
    path("retirements/feed.atom", retirements.retirement_feed, name="retirements-feed"),
    path("retirements/calendar.ics", retirements.retirement_calendar, name="retirements-calendar"),
    path("models/<slug:slug>/", follows_slug_aliases("model", "model")(retirements.model_page), name="model"),
    path("methodology/", methodology.methodology_page, name="methodology"),
    path("data/", data.data_page, name="data"),
    path("corrections/new/", corrections.new_correction, name="correction-new"),
]

embeds = [
    path("embed/", builder.builder, name="embed-builder"),
    path("embed/alternatives/", embed_views.alternatives_embed, name="embed-alternatives"),
    path("embed/compare/", embed_views.compare_embed, name="embed-compare"),
    path("embed/retirement/<slug:model>/", embed_views.retirement_embed, name="embed-retirement"),
    path("embed/campaign/<slug:slug>/", embed_views.campaign_embed, name="embed-campaign"),
    path("embed/assistant/<slug:slug>/", embed_views.assistant_embed, name="embed-assistant"),
    path("embed/switch/<slug:slug>/", embed_views.switch_embed, name="embed-switch"),
    path("badge/<slug:assistant>/<slug:category>.svg", badge_view.badge, name="badge"),
    path("oembed", oembed_view.oembed_endpoint, name="oembed"),
    path("widget.js", loader.widget_js, name="widget-js"),
]

subscription_pages = [
    path("confirm/<uuid:token>/", subscriptions.confirm, name="subscription-confirm"),
    path("unsubscribe/<uuid:token>/", subscriptions.unsubscribe, name="subscription-unsubscribe"),
]
