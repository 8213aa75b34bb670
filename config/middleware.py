"""Answer 503 with Retry-After while the database is unreachable, instead of a 500.

Connections are health-checked on reuse (CONN_HEALTH_CHECKS), so when PostgreSQL comes back
the next request reconnects by itself: no application restart is needed.
"""
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            response = HttpResponse(
                "The catalog's database is briefly unavailable; please retry in a few seconds.\n",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "5"
            response["Cache-Control"] = "no-store"
            return response
        return None
