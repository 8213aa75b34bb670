"""Health for load balancers and orchestrators: liveness and readiness.

- `GET /healthz` (liveness): 200 whenever this process answers HTTP. It touches no service, so
  an outage elsewhere never gets healthy processes restarted.
- `GET /readyz` (readiness): checks the database, the cache and the broker, each within about
  a second, and says which answered. 503 when the database does not answer (no page can be
  built: take this process out of rotation); 200 with `"status": "degraded"` when only the cache
  or the broker is away, because pages, the API and embeds still answer then (slower; events wait
  in the outbox until the broker is back). A balancer routes on the status code; the body is for
  people and monitoring.

Balancers probe over plain HTTP, by address: HealthProbeMiddleware, first in the chain,
answers both before the HTTPS redirect and the Host check (a probe's Host is often the
machine's address, not a served name). They say nothing but the services' states.
"""
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from edge.middleware import PERMISSIONS_POLICY

PROBE_KEY = "health:probe"
PROBE_SECONDS = 1.0


@never_cache
def healthz(request):
    """Liveness: this process answers."""
    return JsonResponse({"status": "ok"})


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache():
    cache = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(cache, RedisCache):
        # Straight to Redis, past the degrading wrapper (edge/cache.py): the truth, not a miss.
        RedisCache.set(cache, PROBE_KEY, "1", 10)
        if RedisCache.get(cache, PROBE_KEY) != "1":
            raise RuntimeError("the cache did not keep a value")
    else:
        cache.set(PROBE_KEY, "1", 10)


def check_broker():
    url = settings.CELERY_BROKER_URL
    if not url:
        return "eager"  # no broker: tasks run inline
    from kombu import Connection

    with Connection(url, connect_timeout=PROBE_SECONDS, transport_options={"socket_timeout": PROBE_SECONDS}) as broker:
        broker.ensure_connection(max_retries=1, timeout=PROBE_SECONDS)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}
# Without these no answer can be built; without the others the site answers, degraded.
ESSENTIAL = {"database"}


@never_cache
def readyz(request):
    """Readiness: the database, the cache and the broker, each "ok" or what failed."""
    checks = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = check() or "ok"
        except Exception as error:  # noqa: BLE001 - any failure of a service is its answer here
            checks[name] = f"error: {error.__class__.__name__}"
    failing = {name for name, state in checks.items() if state.startswith("error")}
    if failing & ESSENTIAL:
        status, code = "unavailable", 503
    elif failing:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    """Answer /healthz and /readyz before anything can redirect or refuse the probe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            response = probe(request)
            # What the middleware it skips would have added: nothing here is to be framed or run.
            response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
            response["X-Frame-Options"] = "DENY"
            response["X-Content-Type-Options"] = "nosniff"
            response["Permissions-Policy"] = PERMISSIONS_POLICY
            return response
        return self.get_response(request)
