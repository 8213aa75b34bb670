"""A parameter the API does not take, or a filter value nothing matches, is a 400 in the error
shape naming it and listing what is accepted, never the whole list as if it had filtered; every
answer under /api/ is JSON, with DEBUG on too."""

import pytest

from tests.support.api import API, api, errors_of  # noqa: F401 (fixtures)


@pytest.mark.parametrize(
    "path, params, parameter, expected",
    [
        ("assistants", {"min_privcy": "50"}, "min_privcy", "min_privacy"),
        ("vendors", {"contry": "US"}, "contry", "country"),
        ("deprecations", {"modle": "gpt-4o"}, "modle", "model"),
        ("assistants/chatgpt", {"weights": "privacy:3"}, "weights", "format"),
        ("assistants/chatgpt/alternatives", {"weight": "privacy:3"}, "weight", "weights"),
        ("compare", {"assistants": "chatgpt,claude", "categoris": "privacy"}, "categoris", "categories"),
    ],
)
def test_an_unknown_parameter_is_a_400_listing_the_accepted_ones(api, path, params, parameter, expected):
    response = api.get(f"{API}/{path}/", params)
    assert response.status_code == 400
    problem = errors_of(response)[parameter]
    assert problem["code"] == "unknown_parameter"
    assert expected in problem["accepted"]


def test_format_paging_and_the_cache_buster_still_work(api):
    response = api.get(f"{API}/assistants/", {"format": "json", "page": "1", "page_size": "5", "_": "1700000000"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5
    assert api.get(f"{API}/assistants/", {"format": "csv"}).status_code == 200
    assert api.get(f"{API}/assistants/chatgpt/", {"format": "json"}).status_code == 200


@pytest.mark.parametrize("path", ["assistants", "vendors"])
def test_a_country_no_vendor_is_in_is_refused_with_the_known_ones(api, path):
    response = api.get(f"{API}/{path}/", {"country": "XX"})
    assert response.status_code == 400
    accepted = errors_of(response)["country"]["accepted"]
    assert "US" in accepted and "XX" not in accepted
    # A known code in any case still filters.
    listed = api.get(f"{API}/{path}/", {"country": "us"})
    assert listed.status_code == 200 and listed.json()["count"] > 0


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/nothing/", "/api/elsewhere"])
def test_an_address_under_api_that_matches_nothing_is_json(api, settings, debug, path):
    settings.DEBUG = debug
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert errors_of(response)[None]["code"] == "not_found"


def test_a_missing_slash_still_redirects(api, settings):
    settings.DEBUG = True
    response = api.get(f"{API}/assistants")
    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/assistants/")
