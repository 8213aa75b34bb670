"""import_deprecations: JSON or CSV, idempotent, dry run, every error with its line, all or nothing."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from catalog import revision
from catalog.ingest.importing import detect_format
from catalog.models import Delivery, DeprecationEvent
from catalog.ingest.tasks import import_deprecation_feed
from tests.support.jobs import receiver, webhook, world  # noqa: F401

RECORDS = [
    {
        "key": "acme-1-announced",
        "model": "acme-1",
        "kind": "announced",
        "date": "2029-11",
        "summary": "Acme says Acme One will be withdrawn.",
        "confidence": "reported",
        "sources": ["acme-policy"],
    },
    {
        "key": "acme-1-retired",
        "model": "acme-1",
        "kind": "retired",
        "date": "2030-01-15",
        "scope": "free_tier",
        "notice_days": 45,
        "summary": "Acme One leaves the free tier.",
        "confidence": "confirmed",
        "sources": ["acme-policy"],
    },
]
CSV = (
    "key,model,kind,date,scope,notice_days,summary,confidence,sources\n"
    "acme-1-announced,acme-1,announced,2029-11,,,Acme says Acme One will be withdrawn.,reported,acme-policy\n"
    'acme-1-retired,acme-1,retired,2030-01-15,free_tier,45,"Acme One leaves the free tier.",confirmed,acme-policy\n'
)


def acme_events():
    return DeprecationEvent.objects.filter(model__slug="acme-1")


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_deprecations", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_json(tmp_path, records, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    return path


def test_json_import_creates_the_events_then_changes_nothing(world, tmp_path):
    path = write_json(tmp_path, RECORDS)
    out, err = run(path)
    assert "2 created, 0 updated, 0 unchanged" in out
    assert "100% 2/2" in err  # the progress bar went to stderr
    retired = DeprecationEvent.objects.get(key="acme-1-retired")
    assert (retired.date.isoformat(), retired.date_precision, retired.scope, retired.notice_days) == (
        "2030-01-15", "day", "free_tier", 45,
    )
    assert DeprecationEvent.objects.get(key="acme-1-announced").date_iso == "2029-11"
    assert list(retired.sources.values_list("key", flat=True)) == ["acme-policy"]

    history, number = DeprecationEvent.history.count(), revision.current()[0]
    out, _ = run(path)
    assert "0 created, 0 updated, 2 unchanged" in out
    assert DeprecationEvent.history.count() == history and revision.current()[0] == number


def test_csv_import_matches_json(world, tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(CSV, encoding="utf-8")
    out, _ = run(path)
    assert "2 created" in out
    out, _ = run(write_json(tmp_path, RECORDS))
    assert "0 created, 0 updated, 2 unchanged" in out


def test_a_changed_record_is_updated(world, tmp_path):
    run(write_json(tmp_path, RECORDS))
    changed = [RECORDS[0], {**RECORDS[1], "date": "2030-02-01", "notice_days": 62}]
    out, _ = run(write_json(tmp_path, changed))
    assert "0 created, 1 updated, 1 unchanged" in out
    assert DeprecationEvent.objects.get(key="acme-1-retired").notice_days == 62


def test_dry_run_counts_but_writes_nothing(world, tmp_path):
    out, _ = run(write_json(tmp_path, RECORDS), "--dry-run")
    assert "2 created, 0 updated, 0 unchanged (dry run: nothing written)" in out
    assert not acme_events().exists()


def test_every_error_is_reported_with_its_line_and_nothing_is_written(world, tmp_path):
    records = [
        RECORDS[0],
        {**RECORDS[1], "kind": "vanished", "date": "2030-13-01"},
        {"key": "acme-1-extra", "model": "nope", "summary": "s", "confidence": "sure", "colour": "red"},
        {**RECORDS[0]},
    ]
    path = write_json(tmp_path, records)
    with pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    lines = path.read_text().splitlines()
    second = 1 + next(i for i, line in enumerate(lines) if '"key": "acme-1-retired"' in line)
    assert "error(s), nothing written" in message
    assert f"line {second - 1}, kind: 'vanished' is not one of: announced, deprecated" in message
    assert f"line {second - 1}, date: not a date: '2030-13-01'" in message
    assert "model: unknown model 'nope'" in message
    assert "kind: required" in message and "date: required" in message
    assert "confidence: 'sure' is not one of: confirmed, reported, disputed" in message
    assert "colour: unknown field; accepted fields: key, model, kind" in message
    assert "key: 'acme-1-announced' already appears on line 2" in message
    assert not acme_events().exists()


def test_csv_errors_name_the_file_line(world, tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(CSV + "acme-1-late,acme-1,retired,someday,,,Late.,reported,no-such-source\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(path)
    assert "line 4, date: not a date: 'someday'" in str(error.value)
    assert "line 4, sources: unknown source 'no-such-source'" in str(error.value)
    assert not acme_events().exists()


def test_a_published_event_without_a_source_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="line 2, sources: a published record needs at least one source"):
        run(write_json(tmp_path, [{**RECORDS[0], "sources": []}]))


@pytest.mark.parametrize(
    "text, name, fragment",
    [
        ('[{"key": "x",}]', "bad.json", "line 1: not valid JSON"),
        ('{"key": "x"}', "obj.json", "expected a JSON array of objects"),
        ("[1, 2]", "num.json", "each record must be a JSON object"),
        ("key,model,when\n", "bad.csv", "line 1, when: unknown column"),
        ("key,model\na,b,c\n", "extra.csv", "line 2: more cells than columns"),
    ],
)
def test_malformed_files_are_refused(world, tmp_path, text, name, fragment):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=fragment):
        run(path)


def test_the_format_comes_from_the_name_or_the_option(world, tmp_path):
    path = tmp_path / "feed.txt"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    with pytest.raises(CommandError, match="use --format json or --format csv"):
        run(path)
    out, _ = run(path, "--format", "json")
    assert "2 created" in out
    assert detect_format("x", "application/json; charset=utf-8") == "json"
    assert detect_format("/feed.csv", "text/plain") == "csv"


def test_an_imported_retirement_is_announced_to_followers(
    world, tmp_path, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    server = receiver()
    webhook(server.url(), assistant=world.assistant)
    with django_capture_on_commit_callbacks(execute=True):
        run(write_json(tmp_path, RECORDS), "--dry-run")
    assert server.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        run(write_json(tmp_path, RECORDS))
        run(write_json(tmp_path, RECORDS))
    assert sorted(json.loads(r.body)["data"]["deprecation"]["key"] for r in server.requests) == [
        "acme-1-announced", "acme-1-retired",
    ]
    assert Delivery.objects.filter(state="delivered").count() == 2


def test_the_feed_task_imports_from_an_address(world, receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    server = receiver(pages={"/feed": (200, {"Content-Type": "application/json"}, json.dumps(RECORDS).encode())})
    assert import_deprecation_feed.delay(server.url("/feed")).get() == "2 created, 0 updated, 0 unchanged"
    assert acme_events().count() == 2
