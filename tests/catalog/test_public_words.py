"""Public text never shows our working notes: a reader sees sources by their title and
publisher, never "seed 004" or "the research dossier"."""
import re

from django.apps import apps
from django.db import models

from catalog.models import Status

INTERNAL = re.compile(r"\bseed[\s_-]*0\d|\bresearch dossier\b|\bdossiers?\b|\bour research\b", re.IGNORECASE)
# Identifiers, not prose: keys and slugs are a stable contract the API lists by value.
NOT_TEXT = {"key", "slug", "url", "history_change_reason"}


def public_rows(model):
    rows = model.objects.all()
    if any(field.name == "status" for field in model._meta.fields) and model._meta.get_field("status").choices == Status.choices:
        rows = rows.filter(status=Status.PUBLISHED)
    return rows


def test_no_published_field_uses_internal_research_words(catalog):
    found = []
    for model in apps.get_app_config("catalog").get_models():
        if model._meta.object_name.startswith("Historical") or model.__module__.endswith("alerts"):
            continue
        fields = [
            field.name for field in model._meta.fields
            if isinstance(field, (models.CharField, models.TextField, models.JSONField)) and field.name not in NOT_TEXT
        ]
        for row in public_rows(model).values("pk", *fields):
            for name in fields:
                if row[name] and INTERNAL.search(str(row[name])):
                    found.append(f"{model.__name__} {row['pk']} {name}: {INTERNAL.search(str(row[name])).group(0)!r}")
    assert found == []


def test_the_check_would_catch_them():
    assert INTERNAL.search("as seed 004 says") and INTERNAL.search("per the research dossier")
    assert INTERNAL.search("Seed-000") and not INTERNAL.search("seeded") and not INTERNAL.search("Seedance 2")


def test_no_page_or_api_answer_shows_them(client, catalog):
    from catalog.models import Assistant

    paths = ["/", "/retirements/", "/methodology/", "/models/gpt-4o/", "/api/v1/sources/?page_size=100"]
    paths += [f"/assistants/{slug}/" for slug in Assistant.objects.values_list("slug", flat=True)]
    for path in paths:
        text = client.get(path).content.decode()
        # Source keys in the API are identifiers (a stable contract), not words shown to a reader.
        text = re.sub(r'"key":\s*"[^"]*"|"sources":\s*\[[^\]]*\]', "", text)
        assert not INTERNAL.search(text), (path, INTERNAL.search(text).group(0))
