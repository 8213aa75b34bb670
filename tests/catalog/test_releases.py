"""A release holds the published catalog, as readers see it, in three formats that agree."""
import csv
import io
import json
import sqlite3
import zipfile

import jsonschema
import pytest

from catalog import revision
from catalog.models import Assessment, Assistant, Release, Status
from catalog.releases.build import build_release, storage
from catalog.releases.kinds import KINDS
from tests.support.releases import releases_root  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("catalog")


def stored(release, fmt):
    entry = next(f for f in release.files if f["format"] == fmt)
    with storage().open(f"{release.id}/{entry['name']}", "rb") as handle:
        return handle.read()


def test_a_release_is_built_once_per_revision(releases_root):
    release, built = build_release()
    assert built and release.catalog_revision == revision.current()[0]
    again, built_again = build_release()
    assert (again.id, built_again) == (release.id, False)
    assert Release.objects.count() == 1


def test_drafts_are_not_in_a_release_and_a_new_revision_makes_a_new_one(releases_root):
    first, _ = build_release()
    published = Assessment.objects.filter(status=Status.PUBLISHED, assistant__slug="chatgpt").first()
    draft = Assessment.objects.create(
        assistant=published.assistant, criterion=published.criterion, value=published.value,
        verdict="A draft nobody has checked.", confidence="reported", as_of=published.as_of, status=Status.DRAFT,
    )
    second, built = build_release()
    assert built and second.catalog_revision > first.catalog_revision
    document = json.loads(stored(second, "json"))
    ids = {row["id"] for row in document["records"]["assessments"]}
    assert draft.id not in ids and published.id in ids
    assert document["records"]["assessments"] and "status" not in document["records"]["assessments"][0]
    assert second.manifest["counts"]["assessments"] == Assessment.objects.filter(status=Status.PUBLISHED).count()
    # Every release is kept.
    assert storage().exists(f"{first.id}/manifest.json")


def test_the_json_validates_against_its_schema_and_shows_the_apis_scores(releases_root, client):
    release, _ = build_release()
    document = json.loads(stored(release, "json"))
    schema = json.loads(stored(release, "schema"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["catalog_revision"] == release.catalog_revision
    assert document["licence"]["id"] == "CC-BY-4.0"
    dumped = {row["slug"]: row for row in document["records"]["assistants"]}
    api = client.get("/api/v1/assistants/chatgpt/").json()
    for key, value in api["scores"].items():
        assert dumped["chatgpt"][f"score_{key}"] == value
        assert dumped["chatgpt"][f"band_low_{key}"] == api["evidence"][key]["band"]["low"]
        assert dumped["chatgpt"][f"enough_evidence_{key}"] == api["evidence"][key]["enough_evidence"]


def test_the_csv_zip_has_one_file_per_kind_a_data_dictionary_and_the_licence(releases_root):
    release, _ = build_release()
    archive = zipfile.ZipFile(io.BytesIO(stored(release, "csv")))
    names = set(archive.namelist())
    assert names == {f"{kind.name}.csv" for kind in KINDS} | {"datadictionary.csv", "LICENSE.txt"}
    dictionary = list(csv.DictReader(io.StringIO(archive.read("datadictionary.csv").decode())))
    for kind in KINDS:
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{kind.name}.csv").decode())))
        assert len(rows) == release.manifest["counts"][kind.name]
        described = {d["column"] for d in dictionary if d["kind"] == kind.name}
        header = archive.read(f"{kind.name}.csv").decode().splitlines()[0].split(",")
        assert set(header) == described
        assert all(d["description"] for d in dictionary if d["kind"] == kind.name)
    assert "CC BY 4.0" in archive.read("LICENSE.txt").decode()


def test_the_sqlite_file_has_the_manifests_counts_and_sound_references(releases_root, tmp_path):
    release, _ = build_release()
    path = tmp_path / "candor.sqlite3"
    path.write_bytes(stored(release, "sqlite"))
    database = sqlite3.connect(path)
    for kind, count in release.manifest["counts"].items():
        assert database.execute(f'SELECT count(*) FROM "{kind}"').fetchone()[0] == count
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    vendor = database.execute(
        "SELECT vendors.name FROM assistants JOIN vendors ON vendors.slug = assistants.vendor WHERE assistants.slug = 'claude'"
    ).fetchone()[0]
    assert vendor == Assistant.objects.get(slug="claude").vendor.name
