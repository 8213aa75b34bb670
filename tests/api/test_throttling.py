"""Each kind of client has its own limit, counted once per request in the shared cache."""
from api.throttling import AnonymousRateThrottle, TokenHolderRateThrottle
from tests.support.api import API, api, editor_api  # noqa: F401 (fixtures)


def test_anonymous_clients_are_not_held_to_the_token_holders_limit(api, catalog, monkeypatch):
    monkeypatch.setattr(TokenHolderRateThrottle, "rate", "2/min", raising=False)
    assert all(api.get(f"{API}/criteria/").status_code == 200 for _ in range(5))


def test_token_holders_have_their_own_limit(editor_api, catalog, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "2/min", raising=False)
    monkeypatch.setattr(TokenHolderRateThrottle, "rate", "4/min", raising=False)
    statuses = [editor_api.get(f"{API}/criteria/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_a_new_window_starts_a_new_count(api, catalog, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "1/min", raising=False)
    clock = [1_000_000.0]
    monkeypatch.setattr("edge.ratelimit.time.time", lambda: clock[0])
    assert api.get(f"{API}/criteria/").status_code == 200
    assert api.get(f"{API}/criteria/").status_code == 429
    clock[0] += 60
    assert api.get(f"{API}/criteria/").status_code == 200


def test_invalid_tokens_are_rate_limited_without_a_lookup_each(catalog, django_assert_max_num_queries):
    from rest_framework.settings import api_settings
    from rest_framework.test import APIClient

    limit = int(api_settings.DEFAULT_THROTTLE_RATES["bad_token"].split("/")[0])
    guesser = APIClient(HTTP_AUTHORIZATION="Token not-a-token-of-anyone")
    statuses = [guesser.get(f"{API}/criteria/").status_code for _ in range(limit + 5)]
    assert statuses == [401] * limit + [429] * 5
    refused = guesser.get(f"{API}/criteria/")
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["errors"][0]["code"] == "throttled"
    with django_assert_max_num_queries(1):  # the catalog revision at most: no token lookup
        assert guesser.get(f"{API}/criteria/").status_code == 429
    # Another client, and readers without a token, are not held back.
    assert APIClient(REMOTE_ADDR="192.0.2.8", HTTP_AUTHORIZATION="Token wrong").get(f"{API}/criteria/").status_code == 401
    assert APIClient().get(f"{API}/criteria/").status_code == 200
