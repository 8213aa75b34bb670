"""Routes that are not pages for people (embeds, badges...). Pages are in catalog.page_urls."""

urlpatterns = []
