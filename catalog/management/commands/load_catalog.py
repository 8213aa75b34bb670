from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.ingest.loading import CatalogError, load_catalog


class Command(BaseCommand):
    help = "Load (or refresh) the sourced catalog from fixtures/*.yaml. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", nargs="?", default=str(Path(settings.BASE_DIR) / "fixtures"),
            help="folder with the YAML files (default: fixtures/)",
        )

    def handle(self, directory, **options):
        if not Path(directory).is_dir():
            raise CommandError(f"{directory} is not a folder")
        try:
            report = load_catalog(directory)
        except CatalogError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Catalog loaded: {report}"))
