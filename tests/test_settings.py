"""Settings come from the environment; production refuses to run half-configured."""
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG, settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], "
    "settings.CELERY_TASK_ALWAYS_EAGER, settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1])"
)
CLEARED = ("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL")


def run_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_embedded_default_is_sqlite_eager_and_local_memory():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "LocMemCache", "True", "sqlite3"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="candor.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_services_are_chosen_by_their_urls():
    result = run_settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/candor",
        REDIS_URL="redis://127.0.0.1:6379/1",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "RedisCache", "False", "postgresql"]


def test_a_misspelt_boolean_is_an_error_not_a_guess():
    result = run_settings(DJANGO_DEBUG="flase")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_a_read_replica_gets_the_reads_and_the_primary_the_writes():
    probe = (
        "import django; django.setup(); from django.conf import settings; from django.db import router; "
        "from catalog.models import Assistant; "
        "print(sorted(settings.DATABASES), router.db_for_read(Assistant), router.db_for_write(Assistant), "
        "router.allow_migrate('replica', 'catalog'))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/candor",
        DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5432/candor",
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['default',", "'replica']", "replica", "default", "False"]
