"""Error answers given outside the API's views, in the API's error shape for /api/ addresses.

A URL under /api/ that matches no route (a slug with characters no slug has, a misspelt
resource) is answered like any other API 404, in JSON; so are a request Django refuses before
any view (400: too many parameters, a Host it does not serve), a server error (500) and a
database outage (503). Pages keep their HTML.
"""
import json

from django.conf import settings
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.http import HttpResponse
from django.shortcuts import render
from django.views.defaults import bad_request as _django_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import server_error as _django_server_error

from edge.parameters import ParameterError, grouped_for_display


def is_api(request):
    return request.path.startswith("/api/")


def error_body(problems):
    """The API's error shape, {"errors": [{parameter, message, accepted, code}]}, of ParameterErrors."""
    return {"errors": [problem.as_dict() for problem in problems]}


def api_error(error):
    """A ParameterError as a JSON response shaped like every API error."""
    return HttpResponse(json.dumps(error_body(error.problems)), status=error.status, content_type="application/json")


def refused(request, error):
    """A ParameterError refused before any view ran: JSON under /api/, the pages' 400 page
    (naming each parameter) elsewhere."""
    if is_api(request):
        return api_error(error)
    response = render(
        request, "catalog/bad_parameters.html", {"problems": grouped_for_display(error.problems)}, status=error.status
    )
    response["Cache-Control"] = "no-store"
    return response


def not_found(request, exception):
    """handler404: JSON under /api/, the site's 404 page elsewhere."""
    if is_api(request):
        return api_error(
            ParameterError(
                None,
                f"nothing at {request.path}",
                "an address listed in /api/v1/ or in the schema at /api/v1/schema/",
                code="not_found",
                status=404,
            )
        )
    return page_not_found(request, exception)


def _bad_request_message(exception):
    if isinstance(exception, TooManyFieldsSent):
        return None, "too many parameters", f"at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} parameters"
    if isinstance(exception, DisallowedHost):
        return "Host", "this host name is not served here", "the host name of this API"
    return None, "the request could not be read", None


def bad_request(request, exception):
    """handler400 (requests Django refuses before any view: too many parameters, a Host it does
    not serve): JSON under /api/, the site's 400 page elsewhere."""
    if is_api(request):
        parameter, message, accepted = _bad_request_message(exception)
        return api_error(ParameterError(parameter, message, accepted, code="bad_request"))
    return _django_bad_request(request, exception)


def server_error(request):
    """handler500: JSON under /api/ (no HTML page for a client that parses JSON)."""
    if is_api(request):
        return api_error(
            ParameterError(
                None, "the server failed to answer this request; it has been logged", None, code="server_error", status=500
            )
        )
    return _django_server_error(request)


def unavailable(request):
    """503 while the database is unreachable: JSON under /api/, plain words elsewhere."""
    message = "The catalog's database is briefly unavailable; please retry in a few seconds."
    if is_api(request):
        response = api_error(ParameterError(None, message, None, code="unavailable", status=503))
    else:
        response = HttpResponse(message + "\n", status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


class ApiErrorShapeMiddleware:
    """Every error under /api/ in the API's shape, in DEBUG too.

    With DEBUG on, Django answers an unmatched address (and an unhandled exception) with its
    HTML debug page instead of calling handler404/handler500; an API client then gets HTML it
    cannot read. Placed just outside CommonMiddleware, so its slash redirect comes first and the
    security headers still apply.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            is_api(request)
            and response.status_code in (404, 500)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return not_found(request, None) if response.status_code == 404 else server_error(request)
        return response
