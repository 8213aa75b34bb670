"""Importing deprecation events from a JSON or CSV feed (see docs/jobs.md for the formats).

Every record is read and validated first, and every error is reported with its line number;
only a file without errors is written, in one transaction. Records are upserted by `key`, so
importing the same file twice changes nothing the second time.
"""
import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from catalog.alerts import outbound
from catalog.dates import parse_partial_date
from catalog.ingest.loading import set_related, upsert
from catalog.models import AIModel, Confidence, DeprecationEvent, Source, Status

FORMATS = ("json", "csv")
FIELDS = (
    "key", "model", "kind", "date", "scope", "surface", "notice_days",
    "summary", "confidence", "note", "status", "sources",
)
REQUIRED = ("key", "model", "kind", "date", "summary", "confidence")
CHOICES = {
    "kind": DeprecationEvent.Kind.values,
    "scope": DeprecationEvent.Scope.values,
    "surface": DeprecationEvent.Surface.values,
    "confidence": Confidence.values,
    "status": Status.values,
}
DEFAULTS = {
    "scope": DeprecationEvent.Scope.EVERYONE,
    "surface": DeprecationEvent.Surface.CONSUMER_APP,
    "status": Status.PUBLISHED,
}
KEY_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
SOURCE_SEPARATORS = re.compile(r"[;,\s]+")


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self):
        where = f"line {self.line}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """The file has errors; nothing was written. `problems` lists each with its line."""

    def __init__(self, problems):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Record:
    line: int
    key: str
    values: dict
    sources: list


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    def __str__(self):
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return text + (" (dry run: nothing written)" if self.dry_run else "")


# --- reading ------------------------------------------------------------------------------


def detect_format(name, content_type=""):
    """'json' or 'csv' from a file name or a Content-Type; None when neither says."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type.endswith("json"):
        return "json"
    if content_type in ("text/csv", "application/csv"):
        return "csv"
    suffix = PurePosixPath(name or "").suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def read_rows(text, fmt):
    """[(line, {field: value})] from the text of a JSON or CSV file."""
    text = text.lstrip("\ufeff")
    if fmt == "json":
        return _read_json(text)
    if fmt == "csv":
        return _read_csv(text)
    raise ImportFailed([Problem(1, "format", f"unknown format {fmt!r}; accepted: {', '.join(FORMATS)}")])


def _line_at(text, offset):
    return text.count("\n", 0, offset) + 1


def _read_json(text):
    """A JSON array of objects; each object's line is where it starts."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed([Problem(error.lineno, "", f"not valid JSON: {error.msg}")]) from None
    start = len(text) - len(text.lstrip())
    if not text[start:start + 1] == "[":
        raise ImportFailed([Problem(_line_at(text, start), "", "expected a JSON array of objects")])
    decoder = json.JSONDecoder()
    rows, position = [], start + 1
    whitespace = re.compile(r"[\s,]*")
    while True:
        position = whitespace.match(text, position).end()
        if text[position] == "]":
            return rows
        value, end = decoder.raw_decode(text, position)
        line = _line_at(text, position)
        if not isinstance(value, dict):
            raise ImportFailed([Problem(line, "", "each record must be a JSON object")])
        rows.append((line, value))
        position = end


def _read_csv(text):
    """A CSV file with a header row; a record's line is the file line it starts on."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        unknown = [name for name in header if name not in FIELDS]
        if unknown:
            raise ImportFailed(
                [Problem(1, unknown[0], f"unknown column; accepted columns: {', '.join(FIELDS)}")]
            )
        rows, previous_end = [], reader.line_num
        for row in reader:
            if None in row:
                raise ImportFailed([Problem(previous_end + 1, "", "more cells than columns in the header")])
            values = {name: value.strip() for name, value in row.items() if value and value.strip()}
            if values:
                rows.append((previous_end + 1, values))
            previous_end = reader.line_num
    except csv.Error as error:
        raise ImportFailed([Problem(reader.line_num, "", f"not valid CSV: {error}")]) from None
    return rows


# --- validating ---------------------------------------------------------------------------


class _Validator:
    """Checks rows against the catalog, collecting every problem rather than the first."""

    def __init__(self, rows):
        self.rows = rows
        self.problems = []
        self.models = {m.slug: m for m in AIModel.objects.all()}
        wanted = {k for _, row in rows for k in _source_keys(row.get("sources"))}
        self.sources = {s.key: s for s in Source.objects.filter(key__in=wanted)}

    def problem(self, line, name, message):
        self.problems.append(Problem(line, name, message))

    def record(self, line, row):
        """A Record, or None when the row has problems (already noted)."""
        before = len(self.problems)
        for name in row:
            if name not in FIELDS:
                self.problem(line, name, f"unknown field; accepted fields: {', '.join(FIELDS)}")
        sources_given = _source_keys(row.get("sources"))
        row = {name: ("" if value is None else str(value).strip()) for name, value in row.items()}
        for name in REQUIRED:
            if not row.get(name):
                self.problem(line, name, "required")
        key = row.get("key", "")
        if key and not KEY_PATTERN.match(key):
            self.problem(line, "key", "use letters, digits, - and _ only (at most 120)")
        model = self.models.get(row.get("model", ""))
        if row.get("model") and model is None:
            self.problem(line, "model", f"unknown model {row['model']!r}")
        values = {name: row.get(name) or DEFAULTS.get(name, "") for name in CHOICES}
        for name, accepted in CHOICES.items():
            if values[name] and values[name] not in accepted:
                self.problem(line, name, f"{values[name]!r} is not one of: {', '.join(accepted)}")
        date, precision = None, "day"
        if row.get("date"):
            try:
                date, precision = parse_partial_date(row["date"])
            except ValueError as error:
                self.problem(line, "date", str(error))
        notice_days = None
        if row.get("notice_days"):
            try:
                notice_days = int(row["notice_days"])
                if notice_days < 0:
                    raise ValueError
            except ValueError:
                self.problem(line, "notice_days", "a whole number of days, 0 or more")
        sources = []
        for source_key in sources_given:
            if source_key in self.sources:
                sources.append(self.sources[source_key])
            else:
                self.problem(line, "sources", f"unknown source {source_key!r}")
        if values["status"] == Status.PUBLISHED and not sources_given:
            self.problem(line, "sources", "a published record needs at least one source")
        if len(self.problems) > before:
            return None
        values.update(
            model=model, date=date, date_precision=precision, notice_days=notice_days,
            summary=row["summary"], note=row.get("note", ""),
        )
        return Record(line, key, values, sources)

    def run(self, progress):
        records, seen = [], {}
        for index, (line, row) in enumerate(self.rows, start=1):
            record = self.record(line, row)
            if record is not None:
                if record.key in seen:
                    self.problem(line, "key", f"{record.key!r} already appears on line {seen[record.key]}")
                else:
                    seen[record.key] = line
                    records.append(record)
            progress("checking", index, len(self.rows))
        if self.problems:
            raise ImportFailed(self.problems)
        return records


def _source_keys(raw):
    if isinstance(raw, list):
        return [str(item).strip() for item in raw if str(item).strip()]
    return [item for item in SOURCE_SEPARATORS.split(str(raw or "")) if item]


# --- writing ------------------------------------------------------------------------------


def _no_progress(stage, done, total):
    pass


def import_rows(rows, *, dry_run=False, progress=None):
    """Validate every row, then upsert them all in one transaction (rolled back if dry_run)."""
    progress = progress or _no_progress
    records = _Validator(rows).run(progress)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        existing = set(
            DeprecationEvent.objects.filter(key__in=[r.key for r in records]).values_list("key", flat=True)
        )
        for index, record in enumerate(records, start=1):
            event, changed = upsert(DeprecationEvent, {"key": record.key}, record.values)
            changed = set_related(event.sources, record.sources) or changed
            if record.key not in existing:
                report.created += 1
            elif changed:
                report.updated += 1
            else:
                report.unchanged += 1
            progress("writing", index, len(records))
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_text(text, fmt, *, dry_run=False, progress=None):
    """Import the text of a JSON or CSV file. Raises ImportFailed listing every problem."""
    return import_rows(read_rows(text, fmt), dry_run=dry_run, progress=progress)


def import_feed(url):
    """Fetch a feed over HTTP(S) (outbound rules apply) and import it."""
    response = outbound.request("GET", url, timeout=settings.LINK_CHECK_TIMEOUT_SECONDS)
    if response.status != 200:
        raise OSError(f"{url} answered HTTP {response.status}")
    fmt = detect_format(urlsplit(url).path, response.headers.get("content-type"))
    if fmt is None:
        raise ImportFailed([Problem(1, "format", f"cannot tell the format; accepted: {', '.join(FORMATS)}")])
    try:
        text = response.body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportFailed([Problem(1, "", f"not UTF-8 text: {error}")]) from None
    return import_text(text, fmt)
