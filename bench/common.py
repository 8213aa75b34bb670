"""What the benchmark and the load test share: a production-like environment and gunicorn."""
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def production_env(database_url, cache_url="", log_level="WARNING"):
    """DJANGO_DEBUG=false on loopback, measuring the web tier only (no broker).

    Every simulated client shares 127.0.0.1, so the per-address API limits are lifted for
    this server: kept, they would measure themselves, not the server.
    """
    env = dict(os.environ)
    for name in ("CELERY_BROKER_URL", "REDIS_URL", "CACHE_URL"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-only-" + "k" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        LOG_LEVEL=log_level,
        API_ANON_RATE="100000000/min",
        API_USER_RATE="100000000/min",
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env, port, workers=2, threads=1, log=subprocess.DEVNULL, wait_seconds=30):
    """gunicorn on 127.0.0.1:port, returned once /healthz answers.

    Logs go to a file or nowhere: a pipe nobody reads would stall the server when full.
    """
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )
    deadline = time.time() + wait_seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"gunicorn did not answer /healthz within {wait_seconds} s")
