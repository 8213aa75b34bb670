"""Where rendered public responses are kept: the shared cache, fronted by a copy in each process.

Every key names the catalog revision the response was rendered at (conditional.response_cache_key),
so an entry never changes once written. A process may therefore keep what it fetched from the
shared cache (Redis) and answer the next identical request without a round trip. The process
copy is bounded by CACHES["process"]["OPTIONS"]["MAX_ENTRIES"]; it exists only when the default
cache is shared, since a local-memory default is already in the process.
"""
from django.conf import settings
from django.core.cache import cache as shared
from django.core.cache import caches

PROCESS_ALIAS = "process"


def _process_copy():
    return caches[PROCESS_ALIAS] if PROCESS_ALIAS in settings.CACHES else None


def get(key):
    process = _process_copy()
    if process is not None:
        value = process.get(key)
        if value is not None:
            return value
    value = shared.get(key)
    if value is not None and process is not None:
        process.set(key, value)
    return value


def set_many(entries, timeout):
    shared.set_many(entries, timeout)
    process = _process_copy()
    if process is not None:
        process.set_many(entries)


def set(key, value, timeout):
    set_many({key: value}, timeout)
