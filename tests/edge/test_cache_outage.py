"""With the Redis cache unreachable the site still answers (slower), the rate limits count in
each process (the documented safe mode), and readiness says the cache is away.

The cache is a real RedisCache client aimed at a port nothing listens on: every call meets a
refused connection, as in an outage.
"""
import socket
import time

import pytest
from django.conf import settings
from django.test import Client, override_settings

from edge import cache as resilient
from edge import ratelimit
from tests.support.api import API, api, errors_of  # noqa: F401


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(catalog):
    url = f"redis://127.0.0.1:{closed_port()}/5"
    caches = {
        "default": {"BACKEND": "edge.cache.ResilientRedisCache", "LOCATION": url},
        "process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "outage-test"},
    }
    ratelimit.in_process.clear()
    with override_settings(CACHES=caches, CACHE_URL=url):
        yield
    ratelimit.in_process.clear()


READS = [
    "/",
    "/assistants/chatgpt/",
    "/compare/?assistants=chatgpt,claude",
    "/retirements/",
    "/retirements/feed.atom",
    "/embed/alternatives/?to=chatgpt",
    "/badge/claude/privacy.svg",
    "/oembed?url=http://testserver/embed/alternatives/?to=chatgpt",
    f"{API}/assistants/",
    f"{API}/assistants/chatgpt/",
    f"{API}/compare/?assistants=chatgpt,claude",
    f"{API}/assistants/chatgpt/alternatives/",
]


def test_every_surface_answers_without_the_cache(cache_down):
    client = Client()
    for path in READS:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        # A revalidation still gets its 304: the ETag comes from the database's revision.
        again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]) if response.has_header("ETag") else None
        assert again is None or again.status_code == 304, path


def test_an_outage_costs_one_connection_attempt_then_none(cache_down):
    client = Client()
    client.get(f"{API}/assistants/")
    started = time.monotonic()
    for _ in range(20):
        assert client.get(f"{API}/assistants/chatgpt/").status_code == 200
    # Twenty answers without a connect timeout each (the breaker skips Redis while it is down).
    assert time.monotonic() - started < 20 * resilient.CONNECT_TIMEOUT_SECONDS


def test_writes_still_work_and_the_limit_holds_in_safe_mode(cache_down, api):
    body = {"assistant": "claude", "claim": "The retention period changed.", "source_url": "https://example.org/p"}
    statuses = [api.post(f"{API}/corrections/", body, format="json").status_code for _ in range(11)]
    assert statuses == [201] * 10 + [429]
    assert errors_of(api.post(f"{API}/corrections/", body, format="json"))[None]["code"] == "throttled"


def test_readiness_says_the_cache_is_away_and_liveness_still_answers(cache_down):
    client = Client()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["database"] == "ok"
    assert ready.json()["checks"]["cache"].startswith("error")
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readiness_is_ok_when_everything_answers(catalog):
    ready = Client().get("/readyz")
    assert ready.status_code == 200
    # Without a broker (the embedded run) tasks run in the request: "eager".
    broker = "ok" if settings.CELERY_BROKER_URL else "eager"
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": broker}}


def test_health_is_not_redirected_to_https_nor_refused_for_its_host(catalog):
    with override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["candor.example"]):
        probe = Client(HTTP_HOST="10.0.0.5")  # a balancer probing the machine by address
        assert probe.get("/healthz").status_code == 200
        assert probe.get("/readyz").status_code == 200
        assert Client(HTTP_HOST="candor.example").get("/").status_code == 301
        assert probe.get("/").status_code == 400
