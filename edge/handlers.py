"""Error answers given outside the API's views, in the API's error shape for /api/ addresses.

A URL under /api/ that matches no route (a slug with characters no slug has, a misspelt
resource) is answered like any other API 404, in JSON; pages keep their HTML 404.
"""
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.defaults import page_not_found

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
