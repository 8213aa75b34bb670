"""Loading the catalog is idempotent and all-or-nothing."""
import shutil

import pytest
from django.core.management import CommandError, call_command

from catalog import revision
from catalog.models import Assessment, Assistant, DeprecationEvent, PoliticalTie, Source, Vendor
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
        vendors.read_text(encoding="utf-8") + f"\n- slug: long\n  name: Long\n  jurisdiction: \"{'x' * 601}\"\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="jurisdiction"):
        call_command("load_catalog", str(tmp_path / "fixtures"), verbosity=0)


def test_a_pack_folder_is_read_after_the_base_and_may_refer_to_any_pack(db, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    pack = tmp_path / "fixtures" / "zz-extra"
    pack.mkdir()
    (pack / "sources.yaml").write_text(
        "- key: zz-extra-source\n  title: T\n  publisher: P\n  kind: press\n  language: en\n"
        "  accessed: '2026-12-01'\n",
        encoding="utf-8",
    )
    # Refers to an assistant from the base pack and a model from another pack.
    (pack / "offered_models.yaml").write_text(
        "- key: zz-extra-offer\n  assistant: chatgpt\n  model: claude-3-haiku\n  terms: t\n"
        "  confidence: reported\n  sources: [zz-extra-source]\n",
        encoding="utf-8",
    )
    call_command("load_catalog", str(tmp_path / "fixtures"), verbosity=0)
    from catalog.models import OfferedModel

    offer = OfferedModel.objects.get(key="zz-extra-offer")
    assert offer.model.vendor.slug == "anthropic" and offer.assistant.slug == "chatgpt"


def test_a_key_defined_in_two_packs_is_refused(db, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    pack = tmp_path / "fixtures" / "zz-extra"
    pack.mkdir()
    (pack / "vendors.yaml").write_text("- slug: openai\n  name: Another OpenAI\n", encoding="utf-8")
    with pytest.raises(CommandError, match="zz-extra/vendors.yaml: slug 'openai' is already defined"):
        call_command("load_catalog", str(tmp_path / "fixtures"), verbosity=0)
    assert not Vendor.objects.filter(name="Another OpenAI").exists()


def test_an_unknown_reference_in_a_pack_is_refused_with_its_file(db, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    actions = tmp_path / "fixtures" / "le-chat-deepseek" / "regulator_actions.yaml"
    actions.write_text(
        actions.read_text(encoding="utf-8")
        + "\n- key: zz-unknown\n  vendor: no-such-vendor\n  authority: A\n  jurisdiction: IT\n  kind: block\n"
        "  date: '2025-01'\n  summary: s\n  confidence: reported\n  status: draft\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="le-chat-deepseek/regulator_actions.yaml zz-unknown: unknown vendor 'no-such-vendor'"):
        call_command("load_catalog", str(tmp_path / "fixtures"), verbosity=0)


def test_a_published_claim_resting_only_on_a_repost_is_refused(db, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    sources = tmp_path / "fixtures" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + "\n- key: zz-mirror\n  title: T\n  publisher: Mirror\n  kind: aggregator\n  language: en\n"
        "  accessed: '2026-12-01'\n",
        encoding="utf-8",
    )
    ties = tmp_path / "fixtures" / "political_ties.yaml"
    ties.write_text(
        ties.read_text(encoding="utf-8")
        + "\n- key: zz-reposted-tie\n  vendor: openai\n  recipient: Someone\n  kind: donation\n"
        "  summary: s\n  confidence: reported\n  sources: [zz-mirror]\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="not an aggregator"):
        call_command("load_catalog", str(tmp_path / "fixtures"), verbosity=0)


def test_every_new_record_kind_survives_a_second_load_unchanged(catalog):
    from catalog.models import (
        CampaignSuggestion, OfferedModel, RegulatorAction, SearchRecord, SwitchingFact, Vendor,
    )

    kinds = (RegulatorAction, OfferedModel, SwitchingFact, SearchRecord, Vendor)
    before = {m.__name__: (m.objects.count(), m.history.count()) for m in kinds}
    suggestions = CampaignSuggestion.objects.count()
    number = revision.current()[0]
    call_command("load_catalog", verbosity=0)
    assert {m.__name__: (m.objects.count(), m.history.count()) for m in kinds} == before
    assert CampaignSuggestion.objects.count() == suggestions > 0
    assert revision.current()[0] == number
