"""Error answers given outside the API's views, in the API's error shape for /api/ addresses.

A URL under /api/ that matches no route (a slug with characters no slug has, a misspelt
resource) is answered like any other API 404, in JSON; pages keep their HTML 404.
"""
import json

from django.http import HttpResponse
from django.views.defaults import page_not_found


def is_api(request):
    return request.path.startswith("/api/")


def api_error(status, message, *, parameter=None, accepted=None, code="invalid"):
    """A JSON response shaped like every API error: {"errors": [{...}]}."""
    problem = {"parameter": parameter, "message": message, "accepted": accepted, "code": code}
    return HttpResponse(
        json.dumps({"errors": [problem]}), status=status, content_type="application/json"
    )


def not_found(request, exception):
    """handler404: JSON under /api/, the site's 404 page elsewhere."""
    if is_api(request):
        return api_error(
            404,
            f"nothing at {request.path}",
            accepted="an address listed in /api/v1/ or in the schema at /api/v1/schema/",
            code="not_found",
        )
    return page_not_found(request, exception)
