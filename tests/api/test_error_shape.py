"""Every answer under /api/ that is an error is JSON in the documented shape, including those
given before or outside any API view: too many parameters, a Host not served, a server error,
the database outage."""
import json

from django.db import OperationalError
from django.test import Client, RequestFactory

from config import urls
from edge.middleware import DatabaseUnavailableMiddleware
from tests.support.api import API, errors_of


def problems(response):
    body = json.loads(response.content)
    assert set(body) == {"errors"} and response["Content-Type"] == "application/json"
    return {problem["parameter"]: problem for problem in body["errors"]}


def test_too_many_parameters_is_a_400_in_the_error_shape(catalog):
    query = "&".join(f"p{n}=1" for n in range(300))
    response = Client().get(f"{API}/assistants/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "200 parameters" in errors_of(response)[None]["accepted"]


def test_a_host_not_served_is_a_400_naming_the_host_header(catalog):
    response = Client().get(f"{API}/assistants/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert errors_of(response)["Host"]["code"] == "bad_request"
    page = Client().get("/", HTTP_HOST="attacker.example")
    assert page.status_code == 400 and not page["Content-Type"].startswith("application/json")


def test_a_server_error_under_the_api_is_json():
    assert urls.handler500 == "edge.handlers.server_error"
    from edge.handlers import server_error

    response = server_error(RequestFactory().get(f"{API}/assistants/"))
    assert response.status_code == 500
    assert problems(response)[None]["code"] == "server_error"
    assert not server_error(RequestFactory().get("/"))["Content-Type"].startswith("application/json")


def test_the_database_outage_is_a_503_in_the_error_shape():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get(f"{API}/assistants/"), OperationalError("refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert problems(response)[None]["code"] == "unavailable"


def test_trace_and_other_unanswered_methods_are_a_405(catalog):
    for path in (f"{API}/assistants/", "/", "/embed/alternatives/?to=chatgpt"):
        for method in ("TRACE", "CONNECT", "QUERY", "BREW"):
            response = Client().generic(method, path)
            assert response.status_code == 405, (method, path)
    assert errors_of(Client().generic("TRACE", f"{API}/assistants/"))[None]["code"] == "method_not_allowed"


def test_every_answer_carries_a_permissions_policy(catalog):
    for path in (f"{API}/assistants/", "/", "/embed/alternatives/?to=chatgpt", "/healthz"):
        policy = Client().get(path)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "interest-cohort=()" not in policy
