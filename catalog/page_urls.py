"""Pages for people. Mounted twice by config/urls.py: under /<language>/ and without a prefix."""
from django.urls import path

from .pages import catalog, compare, corrections, methodology, profiles, retirements

app_name = "pages"

urlpatterns = [
    path("", catalog.home, name="home"),
    path("assistants/<slug:slug>/", profiles.assistant_detail, name="assistant"),
    path("vendors/<slug:slug>/", profiles.vendor_detail, name="vendor"),
    path("campaigns/<slug:slug>/", profiles.campaign_detail, name="campaign"),
    path("compare/", compare.compare_page, name="compare"),
    path("retirements/", retirements.retirements_page, name="retirements"),
    path("retirements/feed.atom", retirements.retirement_feed, name="retirements-feed"),
    path("retirements/calendar.ics", retirements.retirement_calendar, name="retirements-calendar"),
    path("methodology/", methodology.methodology_page, name="methodology"),
    path("corrections/new/", corrections.new_correction, name="correction-new"),
]
