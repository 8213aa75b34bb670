from django.core.management.base import BaseCommand

from catalog.data_report import build_report, report_lines


class Command(BaseCommand):
    help = (
        "Print the editors' data report: coverage per assistant and category, cells searched and "
        "not found, sources by kind, undated sources, claims past their check date, ties searched per vendor."
    )

    def handle(self, **options):
        for line in report_lines(build_report()):
            self.stdout.write(line)
