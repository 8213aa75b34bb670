"""Joins the second round's four migrations, written side by side from 0004."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_deprecation_order"),
        ("catalog", "0005_event_outbox"),
        ("catalog", "0005_evidence_bands"),
        ("catalog", "0005_second_round_records"),
    ]

    operations = []
