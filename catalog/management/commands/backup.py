from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalog.ingest.backup import INCLUDED_APPS, dump_options


class Command(BaseCommand):
    help = "Dump the catalog, its history and editors to a compressed JSON file (natural keys)."

    def add_arguments(self, parser):
        parser.add_argument("output", nargs="?", help="file to write (default backups/candor-<time>.json.gz)")

    def handle(self, output=None, **options):
        if not output:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.BASE_DIR) / "backups" / f"candor-{stamp}.json.gz"
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        call_command("dumpdata", *INCLUDED_APPS, output=str(output), verbosity=0, **dump_options())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output}"))
