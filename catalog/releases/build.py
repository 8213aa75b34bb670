"""Build a release: read the published catalog at one revision, write the three formats, store
them with their checksums and manifest, then record the release (last, so a release that is
listed is always complete).

The data and its revision are read in one transaction: REPEATABLE READ on PostgreSQL (one
snapshot for every query); SQLite's read transaction is a snapshot already. The revision is
read again at the end and the read retried should it have moved, so `catalog_revision` is
always the revision of the data (what a mirror passes to /api/v1/changes/?since=).
"""
import hashlib
import json
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from catalog.models import CatalogRevision, Release
from catalog.releases import formats, kinds
from catalog.releases.licence import licence_data, licence_text
from catalog.revision import REVISION_ID

STORAGE = "releases"
ATTEMPTS = 3
CHUNK = 1024 * 1024
MEDIA_TYPES = {
    "json": "application/json",
    "schema": "application/schema+json",
    "csv": "application/zip",
    "sqlite": "application/vnd.sqlite3",
}


class RevisionMoved(RuntimeError):
    pass


def storage():
    return storages[STORAGE]


def _revision():
    return CatalogRevision.objects.get_or_create(id=REVISION_ID)[0].number


def snapshot():
    """(revision, {kind: rows}) read consistently."""
    for _ in range(ATTEMPTS):
        try:
            return _read_once()
        except RevisionMoved:
            continue
    raise RevisionMoved(f"the catalog kept changing during {ATTEMPTS} reads; the next run will try again")


def _read_once():
    # Inside a caller's transaction (a test) it is too late to choose the isolation level:
    # that transaction's reads are what we get.
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        before = _revision()
        data = kinds.read_all()
        if _revision() != before:
            raise RevisionMoved(before)
    return before, data


def release_id(revision, when):
    return f"{when:%Y-%m-%d}-r{revision}"


def file_names(release):
    return {
        "json": f"candor-{release}.json",
        "schema": f"candor-{release}.schema.json",
        "csv": f"candor-{release}-csv.zip",
        "sqlite": f"candor-{release}.sqlite3",
    }


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def schema_url(release, name):
    return f"{settings.SITE_URL}/api/v1/releases/{release}/files/{name}"


def build_release(force=False):
    """Build a release of the catalog as it is now; returns (release, built).

    Does nothing when the current revision already has its release (built False).
    """
    revision = _revision()
    existing = Release.objects.filter(catalog_revision=revision).first()
    if existing and not force:
        return existing, False
    started = time.monotonic()
    revision, data = snapshot()
    existing = Release.objects.filter(catalog_revision=revision).first()
    if existing:
        return existing, False
    created = timezone.now().replace(microsecond=0)
    release = release_id(revision, created)
    names = file_names(release)
    header = {
        "release": release,
        "catalog_revision": revision,
        "created_at": formats.plain(created),
        "licence": licence_data(release),
        "$schema": schema_url(release, names["schema"]),
    }
    licence = licence_text(release)
    with tempfile.TemporaryDirectory(prefix="candor-release-") as work:
        work = Path(work)
        formats.write_json(work / names["json"], header, data)
        formats.write_schema(work / names["schema"], header["$schema"])
        formats.write_csv_zip(work / names["csv"], data, licence)
        formats.write_sqlite(work / names["sqlite"], data, licence)
        files = [
            {
                "name": names[fmt],
                "format": fmt,
                "media_type": MEDIA_TYPES[fmt],
                "size": (work / names[fmt]).stat().st_size,
                "sha256": sha256_of(work / names[fmt]),
            }
            for fmt in ("json", "schema", "csv", "sqlite")
        ]
        manifest = {
            "release": release,
            "catalog_revision": revision,
            "created_at": formats.plain(created),
            "licence": licence_data(release),
            "counts": {kind.name: len(data[kind.name]) for kind in kinds.KINDS},
            "files": files,
            "build_seconds": round(time.monotonic() - started, 3),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        (work / "SHA256SUMS").write_text("".join(f"{f['sha256']}  {f['name']}\n" for f in files), encoding="utf-8")
        (work / "LICENSE.txt").write_text(licence, encoding="utf-8")
        for name in [*names.values(), "manifest.json", "SHA256SUMS", "LICENSE.txt"]:
            _store(f"{release}/{name}", work / name)
    return Release.objects.create(id=release, catalog_revision=revision, created_at=created, manifest=manifest), True


def _store(name, path):
    # Only a build that died before recording its release can have left this name behind.
    target = storage()
    if target.exists(name):
        target.delete(name)
    with open(path, "rb") as handle:
        saved = target.save(name, File(handle))
    if saved != name:
        raise RuntimeError(f"the releases storage saved {name} as {saved}")
