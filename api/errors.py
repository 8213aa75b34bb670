"""One shape for every API error, so clients handle all of them the same way.

    {"errors": [{"parameter": "min_privacy", "message": "...", "accepted": "a number from 0 to 100",
                 "code": "invalid"}]}

`parameter` names the query parameter, body field or header at fault (null when none is),
`accepted` says what would have worked (a list of values, a description, or null). Every
parser raises edge.parameters.ParameterError; this module only formats errors, DRF's as well.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from edge.handlers import error_body
from edge.parameters import ParameterError, queryset_choices


def accepted_for_field(field):
    """What a serializer field accepts, for error bodies."""
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    if isinstance(field, serializers.ChoiceField):
        return [str(value) for value in field.choices]
    if isinstance(field, serializers.SlugRelatedField) and isinstance(field.queryset, QuerySet):
        name = field.queryset.model._meta.verbose_name
        return queryset_choices(
            field.queryset, field.slug_field, f"the {field.slug_field} of an existing {name}"
        )
    if isinstance(field, serializers.BooleanField):
        return ["true", "false"]
    if isinstance(field, serializers.DateField):
        return "a date, YYYY-MM-DD"
    return getattr(field, "accepted", None)


def _flatten(detail, prefix=None):
    """(parameter, message, code) for every message in a DRF error detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "detail") else str(key)
            if prefix and name is not None:
                name = f"{prefix}.{name}"
            yield from _flatten(value, name or prefix)
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, prefix)
    else:
        yield prefix, str(detail), getattr(detail, "code", None) or "invalid"


def _serializer_fields(context):
    view = context.get("view")
    get_class = getattr(view, "get_serializer_class", None)
    if get_class is None:
        return {}
    try:
        return get_class()().fields
    except (AssertionError, AttributeError, TypeError):  # a view without a usable serializer
        return {}


def problems_for(exc, context):
    """The problems an exception stands for, with accepted values where we know them."""
    if isinstance(exc, ParameterError):
        return exc.problems
    if isinstance(exc, exceptions.ValidationError):
        fields = _serializer_fields(context)
        problems = []
        for parameter, message, code in _flatten(exc.detail):
            field = fields.get(parameter.split(".")[0]) if parameter else None
            problems.append(
                ParameterError(parameter, message, accepted_for_field(field) if field else None, code=code)
            )
        return problems
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        return [
            ParameterError("Authorization", str(exc.detail), "Token <key>; reads need none", code=exc.get_codes())
        ]
    if isinstance(exc, exceptions.MethodNotAllowed):
        view = context.get("view")
        allowed = list(getattr(view, "allowed_methods", [])) if view else None
        return [ParameterError(None, str(exc.detail), allowed, code=exc.get_codes())]
    detail = getattr(exc, "detail", str(exc))
    return [ParameterError(None, message, None, code=code) for _, message, code in _flatten(detail)]


def exception_handler(exc, context):
    """DRF's handler, with the body reshaped to {"errors": [...]}."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    # Imported here: rest_framework.views reads the renderer setting at import time, and our
    # renderers import this module (a cycle when a system check loads pagination first).
    from rest_framework.views import exception_handler as drf_exception_handler
    from rest_framework.views import set_rollback

    if isinstance(exc, ParameterError):
        set_rollback()
        return Response(error_body(exc.problems), status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = error_body(problems_for(exc, context))
    return response
