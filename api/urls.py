"""API routes under /api/v1/ (filled in by the REST API issue)."""
urlpatterns = []
