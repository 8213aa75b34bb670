"""A backup restores into an empty database as the same catalog."""
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from catalog.models import Assessment, Assistant, DeprecationEvent, PoliticalTie, Source


def snapshot():
    """What readers see and what scores rest on, in a comparable form."""
    client = Client()
    return {
        "home": client.get("/").content.decode(),
        "assistants": list(Assistant.objects.order_by("slug").values()),
        "assessments": sorted(
            (a.id, a.value, a.score, a.status, sorted(a.sources.values_list("key", flat=True)))
            for a in Assessment.objects.all()
        ),
        "deprecations": list(DeprecationEvent.objects.order_by("key").values("key", "date", "kind")),
        "ties": list(PoliticalTie.objects.order_by("key").values("key", "amount", "recipient")),
        "history": Assessment.history.count(),
    }


def test_backup_restores_into_an_empty_database_identically(live_catalog, tmp_path):
    before = snapshot()
    dump = tmp_path / "candor.json.gz"
    call_command("backup", str(dump), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Source.objects.exists()
    call_command("restore", str(dump), verbosity=0)
    after = snapshot()
    assert after == before


def test_restore_refuses_a_non_empty_catalog(catalog, tmp_path):
    dump = tmp_path / "candor.json"
    call_command("backup", str(dump), verbosity=0)
    assert json.loads(dump.read_text())  # a readable JSON list
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(dump), verbosity=0)
