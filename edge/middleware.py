"""Middleware that keeps failures honest: 413 for oversized bodies, 503 while the database
is down, never a 500 for either.
"""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

from edge.handlers import api_error, is_api
from edge.parameters import ParameterError


def too_large(request):
    """413 in the API's error shape for API clients, in plain words for everyone else."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = f"the request body is larger than this server accepts ({limit} bytes)"
    if is_api(request):
        accepted = f"a body of at most {limit} bytes"
        return api_error(ParameterError(None, message, accepted, code="too_large", status=413))
    return HttpResponse(message + "\n", status=413, content_type="text/plain; charset=utf-8")


class RequestBodyLimitMiddleware:
    """Refuse a body over DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it.

    Django checks the limit only when a form body is parsed (and then answers 400); JSON read
    by the API is never checked at all. No client of ours sends more than the limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A body without Content-Length (chunked) is caught when Django parses it.
        return too_large(request) if isinstance(exception, RequestDataTooBig) else None


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After while the database is unreachable, instead of a 500.

    Connections are health-checked on reuse (CONN_HEALTH_CHECKS), so when PostgreSQL comes
    back the next request reconnects by itself: no application restart is needed.
    """

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
