import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.ingest.importing import FORMATS, ImportFailed, detect_format, import_text

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import deprecation events from a JSON or CSV file (see docs/jobs.md). Everything is "
        "checked first; a file with any error changes nothing. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .json or .csv file, or - for standard input")
        parser.add_argument("--format", choices=FORMATS, help="needed when the name does not say")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, file, format=None, dry_run=False, **options):
        fmt = format or detect_format(file)
        if fmt is None:
            raise CommandError(f"cannot tell the format of {file}; use --format {' or --format '.join(FORMATS)}")
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        self._shown = None
        try:
            report = import_text(text, fmt, dry_run=dry_run, progress=self.progress)
        except ImportFailed as error:
            self.end_progress()
            count = len(error.problems)
            raise CommandError(f"{file}: {count} error(s), nothing written\n{error}") from error
        self.end_progress()
        self.stdout.write(self.style.SUCCESS(f"{file}: {report}"))

    def progress(self, stage, done, total):
        """A one-line bar on stderr, redrawn when the shown percentage changes."""
        percent = 100 * done // total if total else 100
        if (stage, percent) == self._shown:
            return
        self._shown = (stage, percent)
        filled = BAR_WIDTH * percent // 100
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        line = f"\r{stage:<8} [{bar}] {percent:3d}% {done}/{total}"
        self.stderr.write(line, style_func=str, ending="")
        self.stderr.flush()

    def end_progress(self):
        if self._shown is not None:
            self.stderr.write("")
