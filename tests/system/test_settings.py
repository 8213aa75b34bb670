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
    assert result.stdout.split() == ["True", "ResilientRedisCache", "False", "postgresql"]


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


def test_manage_py_starts_in_a_fresh_process():
    """Import order differs outside pytest: `make run` begins with migrate, which runs checks."""
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    # 60 characters, many distinct: what Django's deploy check asks of a real key.
    "DJANGO_SECRET_KEY": "Kq7vR2mX9tL4wZ8pN3cF6hJ1bD5gS0yA-kQ7VR2MX9TL4WZ8PN3CF6HJ1BD5",
    "DJANGO_ALLOWED_HOSTS": "candor.example",
}


def production_environment():
    """This process's environment as production would have it: browser tests set
    DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which no deployment may carry."""
    cleared = (*CLEARED, "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in cleared}
    environment.update(PRODUCTION, DJANGO_SETTINGS_MODULE="config.settings")
    return environment


def test_production_settings_pass_the_deploy_check_at_warning_level():
    environment = production_environment()
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


HEADERS_PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
secure = Client(HTTP_HOST="candor.example").get("/api/v1/schema/", secure=True)
plain = Client(HTTP_HOST="candor.example").get("/api/v1/schema/")
print(json.dumps({
    "headers": dict(secure.headers),
    "plain": [plain.status_code, plain.get("Location")],
    "cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY],
    "limits": [s.DATA_UPLOAD_MAX_MEMORY_SIZE, s.FILE_UPLOAD_MAX_MEMORY_SIZE],
}))
"""


def test_production_answers_carry_the_security_headers():
    import json

    environment = production_environment()
    result = subprocess.run(
        [sys.executable, "-c", HEADERS_PROBE],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    headers = report["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert report["plain"] == [301, "https://candor.example/api/v1/schema/"]
    assert report["cookies"] == [True, True, True]
    assert report["limits"] == [1024 * 1024, 1024 * 1024]
