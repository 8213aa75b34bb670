"""API routes under /api/v1/ (filled in by the REST API issue)."""
from .subscriptions import router as subscriptions_router

urlpatterns = []
urlpatterns += subscriptions_router.urls
