"""Generate a large synthetic catalog for scale and benchmark runs (never for production data).

Every synthetic row is marked as such (slugs start with "synthetic-", the source says it is
generated), so nobody can mistake it for a sourced claim. Uses bulk inserts: 10,000
assistants (2,000 vendors) with 200,000 assessments load in under a minute on PostgreSQL.
"""
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from catalog import revision, signals
from catalog.models import Assessment, Assistant, Confidence, Criterion, Source, Status, Vendor
from catalog.scoring import scores as scoring

COUNTRIES = ["US", "FR", "DE", "CH", "GB", "CA", "JP", "KR", "IN", "BR", "UA", "NL", "SE", "ES", ""]
BATCH = 2000


class Command(BaseCommand):
    help = "Add N synthetic assistants (and their assessments) for scale runs."

    def add_arguments(self, parser):
        parser.add_argument("--assistants", type=int, default=10000)
        parser.add_argument("--per-assistant", type=int, default=20, help="assessments per assistant (at most one per criterion)")
        parser.add_argument(
            "--per-vendor", type=int, default=10, help="vendor-wide assessments per synthetic vendor"
        )
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, assistants, per_assistant, per_vendor, seed, **options):
        criteria = list(Criterion.objects.all())
        if not criteria:
            raise CommandError("load the real catalog first (manage.py load_catalog): criteria come from it")
        if assistants < 1:
            raise CommandError("--assistants must be at least 1")
        rng = random.Random(seed)
        with transaction.atomic(), signals.bulk_changes():
            created = self.generate(
                rng, criteria, assistants, min(per_assistant, len(criteria)), min(per_vendor, len(criteria))
            )
            scoring.recompute_scores([a.id for a in created])
            revision.bump()
        self.refresh_statistics()
        self.stdout.write(self.style.SUCCESS(f"Added {len(created)} synthetic assistants."))

    def refresh_statistics(self):
        """After a bulk load PostgreSQL's planner still thinks the tables are small (or huge)
        until autovacuum runs; fresh statistics make the benchmark measure normal plans."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def generate(self, rng, criteria, count, per_assistant, per_vendor):
        start = Assistant.objects.filter(slug__startswith="synthetic-").count()
        source, _ = Source.objects.get_or_create(
            key="synthetic-generated",
            defaults={"title": "Generated for load tests (not a real source)", "publisher": "Candor seed_synthetic"},
        )
        vendor_count = max(1, count // 5)
        vendors = Vendor.objects.bulk_create(
            [
                Vendor(slug=f"synthetic-vendor-{start + i}", name=f"Synthetic vendor {start + i}", country=rng.choice(COUNTRIES))
                for i in range(vendor_count)
            ],
            batch_size=BATCH,
        )
        assistants = Assistant.objects.bulk_create(
            [
                Assistant(
                    slug=f"synthetic-{start + i}",
                    name=f"Synthetic assistant {start + i}",
                    vendor=vendors[i % vendor_count],
                    open_weights=rng.choice([True, False, None]),
                    status=Assistant.State.ACTIVE if rng.random() > 0.05 else Assistant.State.RETIRED,
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        if not all(a.pk for a in assistants):  # SQLite before 3.35 returns no ids
            assistants = list(Assistant.objects.filter(slug__startswith="synthetic-").order_by("id")[start:])
        if not all(v.pk for v in vendors):
            vendors = list(Vendor.objects.filter(slug__startswith="synthetic-vendor-").order_by("id")[start // 5 :])
        self.assess(rng, source, criteria, assistants, per_assistant, "assistant")
        self.assess(rng, source, criteria, vendors, per_vendor, "vendor")
        return assistants

    def assess(self, rng, source, criteria, subjects, per_subject, field):
        """Published assessments for each subject, each citing the synthetic source."""
        if not per_subject:
            return
        Link = Assessment.sources.through
        step = max(1, BATCH // per_subject)
        for offset in range(0, len(subjects), step):
            rows = [
                self.assessment(rng, criterion, **{field: subject})
                for subject in subjects[offset : offset + step]
                for criterion in rng.sample(criteria, per_subject)
            ]
            made = Assessment.objects.bulk_create(rows, batch_size=BATCH)
            Link.objects.bulk_create([Link(assessment_id=a.pk, source_id=source.pk) for a in made], batch_size=BATCH)

    def assessment(self, rng, criterion, **subject):
        rubric = criterion.rubric
        if "bands" in rubric:
            value = str(rng.choice([0, 1, 30, 60, 90, 180, 250000, 2000000, 30000000]))
        else:
            value = rng.choice(sorted(rubric))
        return Assessment(
            **subject,
            criterion=criterion,
            value=value,
            score=criterion.score_for(value),  # bulk_create skips save(), so score here
            verdict="Synthetic value for load tests.",
            confidence=rng.choice(Confidence.values),
            as_of="2026-01-01",
            status=Status.PUBLISHED,
        )
