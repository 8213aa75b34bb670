from django.core.management.base import BaseCommand

from catalog.releases.build import build_release


class Command(BaseCommand):
    help = "Build a release (JSON, CSV, SQLite dumps of the published catalog) unless the current revision has one."

    def handle(self, **options):
        release, built = build_release()
        if not built:
            self.stdout.write(f"Release {release.id} already holds revision {release.catalog_revision}; nothing to build.")
            return
        for entry in release.files:
            self.stdout.write(f"{entry['sha256']}  {entry['size']:>12}  {entry['name']}")
        self.stdout.write(self.style.SUCCESS(
            f"Release {release.id} built in {release.manifest['build_seconds']} s: revision {release.catalog_revision}, "
            + ", ".join(f"{count} {kind}" for kind, count in release.manifest["counts"].items())
        ))
