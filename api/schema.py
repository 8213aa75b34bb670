"""OpenAPI additions: the one error shape, documented on every operation.

A postprocessing hook (drf-spectacular's public extension point) rather than per-view
decorators, so endpoints added later get the same documentation.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework.request import Request

PROBLEM = {
    "type": "object",
    "required": ["parameter", "message", "accepted", "code"],
    "properties": {
        "parameter": {
            "type": "string",
            "nullable": True,
            "description": "The query parameter, body field or header at fault; null when none is.",
        },
        "message": {"type": "string"},
        "accepted": {
            "description": "What would have worked: a list of values or a description.",
            # OpenAPI 3.0 allows `nullable` only beside a `type`: the string branch takes null.
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "string", "nullable": True},
            ],
        },
        "code": {"type": "string", "example": "invalid"},
    },
}
ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {"errors": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}},
    "example": {
        "errors": [
            {
                "parameter": "min_privacy",
                "message": "Ensure this value is less than or equal to 100.",
                "accepted": "a number from 0 to 100",
                "code": "invalid",
            }
        ]
    },
}
WRITES = {"post", "put", "patch", "delete"}


def refused_to_anonymous(generator):
    """(path, method) of the operations whose permissions refuse an anonymous client (401).

    Asked of each view's own permission classes with an anonymous request, so a view that
    needs a token for some actions (editors' lists) is documented as it behaves.
    """
    refused = set()
    for path, _regex, method, callback in generator.endpoints or []:
        view = generator.create_view(callback, method)
        bare = HttpRequest()
        bare.method = method
        request = Request(bare)
        request.user = AnonymousUser()
        view.request = request
        if any(not p.has_permission(request, view) for p in view.get_permissions()):
            refused.add((generator.coerce_path(path, method, view), method.lower()))
    return refused


def _error(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def document_errors(result, generator, request, public):
    """Add the error responses each operation can give, all in the shared shape."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    schemas["Errors"] = ERRORS
    needs_token = refused_to_anonymous(generator)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "400", _error("A parameter or field is invalid; `accepted` says what works.")
            )
            responses.setdefault("429", _error("Too many requests; see Retry-After."))
            if "{" in path:
                responses.setdefault("404", _error("No such record."))
            elif any(p.get("name") == "page" for p in operation.get("parameters", [])):
                responses.setdefault("404", _error("No such page: `accepted` says which exist."))
            if method == "get":
                responses.setdefault(
                    "304",
                    {"description": "Not modified: the copy named by If-None-Match is current."},
                )
            if method in WRITES or (path, method) in needs_token:
                responses.setdefault("401", _error("No valid token (Authorization: Token <key>)."))
                responses.setdefault("403", _error("The token's user is not an editor."))
            if (path, method) not in needs_token:
                # Anyone may call it: the empty requirement says no token is needed (and Swagger
                # UI then shows no lock). An editor's token still works on it.
                operation["security"] = [{}]
            if method in ("put", "patch") and any(
                p.get("name") == "If-Match" for p in operation.get("parameters", [])
            ):
                responses.setdefault(
                    "412", _error("The record changed since your GET (stale If-Match).")
                )
                responses.setdefault("428", _error("If-Match is missing."))
    return result


SCORE_MINIMUMS = {"type": "number", "minimum": 0, "maximum": 100}


def document_bounds(result, generator, request, public):
    """Postprocessing hook: every min_<category> filter carries its 0-100 bounds (django-filter's
    min_value/max_value do not reach the schema)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and parameter.get("name", "").startswith("min_"):
                    parameter["schema"] = {**parameter.get("schema", {}), **SCORE_MINIMUMS}
    return result


AS_OF = {
    "name": "as_of",
    "in": "query",
    "required": False,
    "description": "The catalog as published at a past moment: a date, YYYY-MM-DD (the end of that day, "
    "UTC; a day that has ended), or a past ISO 8601 time. Records, scores, bands and rankings as they "
    "were (scores computed with today's method); before the catalog's first record, the empty catalog. "
    "Answers for the past never change: `Cache-Control: public, max-age=31536000, immutable`, with an "
    "ETag naming the snapshot. A date not yet past is a 400.",
    "schema": {"type": "string", "example": "2026-02-01"},
}
# Reads that are not of the catalog: accounts' own records, moderation, the schema itself.
NOT_CATALOG_READS = ("/api/v1/subscriptions/", "/api/v1/deliveries/", "/api/v1/corrections/", "/api/v1/schema/", "/api/v1/docs/")


def document_as_of(result, generator, request, public):
    """Postprocessing hook: `as_of` on every read of the catalog (edge.asof answers it before any
    view, so no view declares it)."""
    for path, operations in result.get("paths", {}).items():
        if path.startswith(NOT_CATALOG_READS):
            continue
        operation = operations.get("get")
        if operation is not None and not any(p.get("name") == "as_of" for p in operation.get("parameters", [])):
            operation.setdefault("parameters", []).append(dict(AS_OF))
    return result
