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
