"""The Celery application. Without CELERY_BROKER_URL, tasks run eagerly (see settings)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("candor")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each feature of the catalog keeps its jobs in its own tasks.py.
app.autodiscover_tasks(["catalog.scoring", "catalog.alerts", "catalog.ingest", "catalog.releases"])
