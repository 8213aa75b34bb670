"""A backup restores into an empty database as the same catalog."""
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from catalog.models import Assessment, Assistant, DeprecationEvent, PoliticalTie, Source, Status
from tests.support.api import token_client

# What API clients read, compared byte for byte (with the ETag and Last-Modified, which come
# from the catalog revision: restored too, so cached copies stay valid across a restore).
API_PATHS = [
    "/api/v1/assistants/",
    "/api/v1/assistants/chatgpt/",
    "/api/v1/assistants/claude/alternatives/",
    "/api/v1/compare/?assistants=chatgpt,claude,lumo",
    "/api/v1/vendors/",
    "/api/v1/criteria/?page_size=100",
    "/api/v1/sources/?page_size=100",
    "/api/v1/assessments/?page_size=100",
    "/api/v1/deprecations/?page_size=100",
    "/api/v1/political-ties/",
    "/api/v1/campaigns/",
    "/api/v1/assistants/chatgpt/history/",
]


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


def api_snapshot(edited_id):
    """Every API_PATHS answer, and the edited record's history as the public and its editor
    see it; from a cold cache, so the answers are computed from the database."""
    cache.clear()
    editor = token_client(get_user_model().objects.get(username="restored-editor"))
    answers = {}
    paths = [*API_PATHS, f"/api/v1/assessments/{edited_id}/history/"]
    for client_name, client in (("public", APIClient()), ("editor", editor)):
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.content)
            answers[client_name, path] = (
                response.content,
                response["ETag"],
                response.get("Last-Modified"),
            )
    return answers


def edit_as_an_editor():
    """One change through the API, so the history has a version with a person behind it."""
    user = get_user_model().objects.create_user("restored-editor", password="pw-not-used")
    user.groups.add(Group.objects.get_or_create(name="editors")[0])
    client = token_client(user)
    assessment = Assessment.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    url = f"/api/v1/assessments/{assessment.pk}/"
    response = client.patch(
        url, {"verdict": "Edited before the backup (test)."}, format="json",
        HTTP_IF_MATCH=client.get(url)["ETag"],
    )
    assert response.status_code == 200, response.content
    return assessment.pk


def test_backup_restores_into_an_empty_database_identically(live_catalog, tmp_path):
    edited_id = edit_as_an_editor()
    before = snapshot()
    api_before = api_snapshot(edited_id)
    dump = tmp_path / "candor.json.gz"
    call_command("backup", str(dump), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Source.objects.exists()
    call_command("restore", str(dump), verbosity=0)
    after = snapshot()
    assert after == before
    api_after = api_snapshot(edited_id)
    assert api_after.keys() == api_before.keys()
    for key, answer in api_before.items():
        assert api_after[key] == answer, key
    history = json.loads(api_after["editor", f"/api/v1/assessments/{edited_id}/history/"][0])
    assert history["results"][0]["changed_by"] == "restored-editor"


def test_restore_refuses_a_non_empty_catalog(catalog, tmp_path):
    dump = tmp_path / "candor.json"
    call_command("backup", str(dump), verbosity=0)
    assert json.loads(dump.read_text())  # a readable JSON list
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(dump), verbosity=0)
