"""Error answers given outside the API's views, in the API's error shape for /api/ addresses.

A URL under /api/ that matches no route (a slug with characters no slug has, a misspelt
resource) is answered like any other API 404, in JSON; pages keep their HTML 404.
"""
import json

from django.http import HttpResponse
from django.views.defaults import page_not_found

from edge.parameters import ParameterError


def is_api(request):
    return request.path.startswith("/api/")


def error_body(problems):
    """The API's error shape, {"errors": [{parameter, message, accepted, code}]}, of ParameterErrors."""
    return {"errors": [problem.as_dict() for problem in problems]}


def api_error(error):
    """A ParameterError as a JSON response shaped like every API error."""
    return HttpResponse(json.dumps(error_body(error.problems)), status=error.status, content_type="application/json")


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


def server_error(request):
    """handler500: JSON under /api/, the site's 500 page elsewhere."""
    if is_api(request):
        return api_error(
            ParameterError(None, "the server failed to answer this request", None, code="server_error", status=500)
        )
    from django.views.defaults import server_error as page_server_error

    return page_server_error(request)


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
