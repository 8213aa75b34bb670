"""Middleware that keeps failures honest: 413 for oversized bodies, 411 for bodies WSGI cannot
read (chunked), 400 for NUL bytes, 503 while the database is down; never a 500 for any.
"""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

from edge.handlers import api_error, is_api, refused, unavailable
from edge.parameters import ParameterError, nul_byte_problems


def too_large(request):
    """413 in the API's error shape for API clients, in plain words for everyone else."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = f"the request body is larger than this server accepts ({limit} bytes)"
    if is_api(request):
        accepted = f"a body of at most {limit} bytes"
        return api_error(ParameterError(None, message, accepted, code="too_large", status=413))
    return HttpResponse(message + "\n", status=413, content_type="text/plain; charset=utf-8")


# Features no page or embed of ours uses: a framed embed or an injected script gets none.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "usb", "xr-spatial-tracking",
    )
)
# The methods any resource answers; every other one (TRACE, which echoes the request, headers
# and all, back to the caller; CONNECT; QUERY; made-up ones) is a 405 before anything runs.
ANSWERED_METHODS = {"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"}


class ProtocolMiddleware:
    """Permissions-Policy on every answer; 405 for TRACE, CONNECT and any other method no
    resource answers, before anything runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ANSWERED_METHODS:
            response = method_not_allowed(request)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def method_not_allowed(request):
    message = f"method {request.method} is not allowed here"
    accepted = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]
    if is_api(request):
        response = api_error(ParameterError(None, message, accepted, code="method_not_allowed", status=405))
    else:
        response = HttpResponse(message + "\n", status=405, content_type="text/plain; charset=utf-8")
    response["Allow"] = "GET, HEAD, OPTIONS, POST, PUT, PATCH"
    return response


def length_required(request):
    """411 in the API's error shape for API clients, in plain words for everyone else."""
    message = "a request body must be sent with Content-Length; chunked transfer encoding is not accepted"
    if is_api(request):
        accepted = "the body with a Content-Length header"
        return api_error(ParameterError("Content-Length", message, accepted, code="length_required", status=411))
    return HttpResponse(message + "\n", status=411, content_type="text/plain; charset=utf-8")


class RequestBodyLimitMiddleware:
    """Refuse a body over DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads it.

    Django checks the limit only when a form body is parsed (and then answers 400); JSON read
    by the API is never checked at all. No client of ours sends more than the limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            # WSGI gives an application no body without Content-Length: Django would read an
            # empty one, so a chunked PATCH would "succeed" without writing anything, and a
            # chunked body would escape the size limit. Refuse it before any view runs.
            return length_required(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        return too_large(request) if isinstance(exception, RequestDataTooBig) else None


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NulByteMiddleware:
    """400 for a NUL byte in a query parameter or a form field, naming it.

    PostgreSQL cannot store or compare text holding NUL (psycopg refuses to send it), so any
    view that filters on such a value would answer 500; no legitimate value holds one. JSON
    bodies are checked by the API's parser (api/parsers.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problems = nul_byte_problems(request.GET)
        if not problems and request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                problems = nul_byte_problems(request.POST)
            except RequestDataTooBig:
                return too_large(request)
        if problems:
            return refused(request, ParameterError.many(problems))
        return self.get_response(request)


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
            return unavailable(request)
        return None
