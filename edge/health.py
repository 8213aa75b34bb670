"""Server-rendered pages for people."""
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from catalog import selectors
from catalog.models import CATEGORY_KEYS, Category


def home(request):
    return render(
        request,
        "catalog/home.html",
        {
            "assistants": selectors.assistant_list(),
            "categories": [(key, Category(key).label) for key in CATEGORY_KEYS],
        },
    )


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(error.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok"})
