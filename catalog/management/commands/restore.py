from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from catalog import signals
from catalog.models import Assistant, Source


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("input", help="the backup file (.json or .json.gz)")
        parser.add_argument(
            "--force", action="store_true", help="load even if the catalog is not empty (rows with the same keys are overwritten)"
        )

    def handle(self, input, force=False, **options):
        if not force and (Assistant.objects.exists() or Source.objects.exists()):
            raise CommandError("the catalog is not empty; restore into an empty database or pass --force")
        # The dump carries the history already; loading must not write a second copy
        # (simple-history records m2m changes even for raw fixture loads). Nor may it bump the
        # catalog revision it restores: m2m links of models listed after the revision row would
        # (loaddata sends m2m_changed without `raw`), so per-row handlers stay silent.
        with override_settings(SIMPLE_HISTORY_ENABLED=False), signals.bulk_changes():
            call_command("loaddata", input, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Restored {input}"))
