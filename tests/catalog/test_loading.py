"""Loading the catalog is idempotent and all-or-nothing."""
import shutil

import pytest
from django.core.management import CommandError, call_command

from catalog import revision
from catalog.models import Assessment, Assistant, DeprecationEvent, PoliticalTie, Source
from tests.conftest import FIXTURES


def counts():
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Source, Assistant, Assessment, DeprecationEvent, PoliticalTie)
    }


def test_loading_twice_changes_nothing(catalog):
    before, number = counts(), revision.current()[0]
    call_command("load_catalog", verbosity=0)
    assert counts() == before  # no new rows and no new history entries
    assert revision.current()[0] == number  # nothing changed, so caches stay valid


def test_a_broken_file_changes_nothing(db, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    broken = tmp_path / "fixtures" / "assessments.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8")
        + "\n- assistant: chatgpt\n  criterion: no-such-criterion\n  value: x\n  verdict: v\n"
        "  confidence: reported\n  as_of: '2026-01-01'\n  sources: []\n",
        encoding="utf-8",
    )
    Assessment.objects.all().delete()
    with pytest.raises(CommandError, match="no-such-criterion"):
        call_command("load_catalog", str(tmp_path / "fixtures"), verbosity=0)
    assert Assessment.objects.count() == 0


def test_a_published_record_without_source_is_refused(db, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    ties = tmp_path / "fixtures" / "political_ties.yaml"
    ties.write_text(
        ties.read_text(encoding="utf-8")
        + "\n- key: unsourced-tie\n  vendor: openai\n  recipient: Someone\n  kind: donation\n"
        "  summary: s\n  confidence: reported\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="needs at least one source"):
        call_command("load_catalog", str(tmp_path / "fixtures"), verbosity=0)
    assert not PoliticalTie.objects.filter(key="unsourced-tie").exists()


def test_field_limits_are_checked_on_every_database(db, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    vendors = tmp_path / "fixtures" / "vendors.yaml"
    vendors.write_text(
        vendors.read_text(encoding="utf-8") + f"\n- slug: long\n  name: Long\n  jurisdiction: \"{'x' * 301}\"\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="jurisdiction"):
        call_command("load_catalog", str(tmp_path / "fixtures"), verbosity=0)
