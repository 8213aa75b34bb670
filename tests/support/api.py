"""Helpers for the API tests: clients (anonymous, editor, plain token holder) and a bigger catalog.

Import the fixtures you use into the test module (pytest finds them there).
"""

import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

API = "/api/v1"


def token_client(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(catalog):
    """An anonymous client on the real catalog."""
    return APIClient()


@pytest.fixture
def editor_api(catalog, editor):
    """A client holding the token of a member of the editors group."""
    return token_client(editor)


@pytest.fixture
def reader_api(catalog, django_user_model):
    """A client with a valid token whose user is not an editor."""
    return token_client(
        django_user_model.objects.create_user("reader", password="not-used-in-tests")
    )


def grow_catalog(assistants=500):
    """Add synthetic assistants with vendors, assessments and sources (seed_synthetic)."""
    call_command("seed_synthetic", assistants=assistants, per_assistant=4, stdout=io.StringIO())


def errors_of(response):
    """{parameter: problem} of an error response, after checking the shared error shape."""
    body = response.json()
    assert set(body) == {"errors"}, body
    for problem in body["errors"]:
        assert set(problem) == {"parameter", "message", "accepted", "code"}, problem
        assert problem["message"]
    return {problem["parameter"]: problem for problem in body["errors"]}


def all_rows(client, path, **params):
    """Every row of a paginated list, following `next`."""
    rows, page = [], 1
    while True:
        response = client.get(path, {**params, "page": page, "page_size": 100})
        assert response.status_code == 200, response.content
        body = response.json()
        rows.extend(body["results"])
        if not body["next"]:
            return rows
        page += 1
