"""A published assessment, deprecation event or political tie must cite a source.

Links to sources live in a separate table, so no CHECK constraint can see them. On PostgreSQL
a deferred constraint trigger checks at commit time, after the record and its links are both
written. SQLite has no deferred triggers: there the admin forms, the API serializers and the
fixture loader enforce the same rule.
"""
from django.db import migrations

TABLES = [
    ("catalog_assessment", "catalog_assessment_sources", "assessment_id"),
    ("catalog_deprecationevent", "catalog_deprecationevent_sources", "deprecationevent_id"),
    ("catalog_politicaltie", "catalog_politicaltie_sources", "politicaltie_id"),
]

FUNCTION = """
CREATE OR REPLACE FUNCTION candor_published_needs_source() RETURNS trigger AS $$
DECLARE
    parent text := TG_ARGV[0];
    link text := TG_ARGV[1];
    fk text := TG_ARGV[2];
    target bigint;
    ok boolean;
BEGIN
    IF TG_TABLE_NAME = parent THEN
        target := NEW.id;
    ELSE
        target := (to_jsonb(OLD) ->> fk)::bigint;
    END IF;
    EXECUTE format(
        'SELECT NOT EXISTS (SELECT 1 FROM %I p WHERE p.id = $1 AND p.status = ''published'')'
        ' OR EXISTS (SELECT 1 FROM %I l WHERE l.%I = $1)', parent, link, fk)
        INTO ok USING target;
    IF NOT ok THEN
        RAISE EXCEPTION 'a published record needs at least one source (% %)', parent, target
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # no client-side %-formatting
    for parent, link, fk in TABLES:
        args = f"'{parent}', '{link}', '{fk}'"
        schema_editor.execute(
            f"CREATE CONSTRAINT TRIGGER {parent}_needs_source AFTER INSERT OR UPDATE ON {parent} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION candor_published_needs_source({args})"
        )
        schema_editor.execute(
            f"CREATE CONSTRAINT TRIGGER {link}_keeps_source AFTER DELETE ON {link} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION candor_published_needs_source({args})"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for parent, link, _ in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {parent}_needs_source ON {parent}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {link}_keeps_source ON {link}")
    schema_editor.execute("DROP FUNCTION IF EXISTS candor_published_needs_source()")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
