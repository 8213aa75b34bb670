"""Fuzzing: every GET operation of the OpenAPI schema, driven by schemathesis and Hypothesis.

The schema is the one the app serves (generated in-process, no network); requests go to the
Django WSGI application in the test's own transaction, on the real catalog. Each answer must
not be a server error and must match what the schema promises: a documented status code, the
documented content type and headers, and a body valid against the response schema.

Bounded for CI: MAX_EXAMPLES per operation, derandomized (the same cases every run, so a
failure is reproducible and never flaky), no example database written to the work tree.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks as schemathesis_checks
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 60
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# The schema as /api/v1/schema/ serves it; building it touches no database.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = WSGIHandler()


@pytest.fixture
def in_test_transaction(catalog, monkeypatch):
    """Serve WSGI requests inside the test's transaction, without rate limits.

    Django closes "old" connections around each request; inside a test transaction that
    would close the test's own connection (Django's test client disconnects it the same way).
    The rate limits have their own tests; here they would only turn cases into 429s.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {scope: "100000/min" for scope in SimpleRateThrottle.THROTTLE_RATES},
    )
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.include(method="GET").parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_get_operation_answers_as_its_schema_says(case, in_test_transaction):
    case.call_and_validate(checks=CHECKS)


# --- every operation, every check, with an editor's token --------------------------------------

# Fewer examples: every method of every operation, and every check schemathesis has
# (negative data rejected, auth not ignored, unsupported methods answered 405, ...) except:
# - positive_data_acceptance: a schema-valid slug or key may name nothing the catalog holds
#   (a 400 naming the parameter and the accepted values is the right answer);
# - ignored_auth, missing_required_header: the schema does not yet say that public reads need
#   no token (a security `[]` alternative), so a read answered without one looks like a
#   leak. Remove them from EXCLUDED once it does;
# - negative_data_rejection: besides the same missing-token cases, the API accepts what its
#   schema does not declare (an empty date filter taken as no filter, parameters it does not
#   know); remove it once unknown and empty parameters are refused or declared.
WRITE_EXAMPLES = 25
EXCLUDED = [
    schemathesis_checks.positive_data_acceptance,
    schemathesis_checks.ignored_auth,
    schemathesis_checks.missing_required_header,
    schemathesis_checks.negative_data_rejection,
]


@pytest.fixture
def editor_token(in_test_transaction, editor):
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=editor)[0].key


@schema.parametrize()
@settings(
    max_examples=WRITE_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_with_an_editors_token_passes_every_check(case, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, excluded_checks=EXCLUDED)


@schema.include(method="GET").parametrize()
@settings(
    max_examples=WRITE_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_read_anonymously_passes_every_check(case, in_test_transaction):
    case.call_and_validate(excluded_checks=EXCLUDED)
