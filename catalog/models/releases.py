"""Releases: versioned full dumps of the published catalog (catalog/releases/).

A release is written once and never changed or deleted: its files live in the "releases"
storage under `<id>/`, and its manifest (counts, licence, files with sizes and SHA-256) is kept
here so lists and downloads never open the storage to describe it.
"""
from django.db import models


class Release(models.Model):
    id = models.CharField(max_length=40, primary_key=True, help_text="e.g. 2026-12-02-r412")
    catalog_revision = models.PositiveBigIntegerField(
        unique=True, help_text="The catalog revision the data was read at (the change feed's ?since=)."
    )
    created_at = models.DateTimeField(db_index=True)
    manifest = models.JSONField(help_text="What manifest.json holds: counts, licence, files.")

    class Meta:
        ordering = ["-created_at", "-catalog_revision"]

    def __str__(self):
        return self.id

    @property
    def files(self):
        return self.manifest["files"]

    def file(self, name):
        """The manifest's entry for one file, or None."""
        return next((entry for entry in self.files if entry["name"] == name), None)
