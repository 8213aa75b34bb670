"""Load the catalog from the YAML files in fixtures/ (see fixtures/SCHEMA.md).

Every record is upserted by its slug or key inside one transaction, so loading twice changes
nothing and a broken file changes nothing at all.
"""
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from catalog import revision, signals
from catalog.dates import parse_partial_date
from catalog.models import (
    AIModel,
    Assessment,
    Assistant,
    Campaign,
    Criterion,
    DeprecationEvent,
    PoliticalTie,
    Source,
    Status,
    Vendor,
)
from catalog.scoring import scores as scoring

FILES = (
    "sources",
    "vendors",
    "models",
    "assistants",
    "criteria",
    "assessments",
    "deprecations",
    "political_ties",
    "campaigns",
)


class CatalogError(Exception):
    """A fixture file is wrong; the message says which file and record."""


@dataclass
class LoadReport:
    counts: dict = field(default_factory=dict)
    changed: bool = False

    def __str__(self):
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


def validated_save(obj, where):
    """Save after field validation (lengths, choices, URLs), which SQLite would not enforce."""
    try:
        obj.clean_fields(exclude=["score"])
    except ValidationError as error:
        problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        raise CatalogError(f"{where}: {problems}") from None
    obj.save()
    return obj


def upsert(model_class, lookup, values, where=None):
    """update_or_create that leaves unchanged rows alone (no write, no history entry)."""
    where = where or f"{model_class.__name__} {lookup}"
    obj = model_class.objects.filter(**lookup).first()
    if obj is None:
        return validated_save(model_class(**lookup, **values), where), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        validated_save(obj, where)
    return obj, bool(changed)


def set_related(manager, objects):
    """manager.set(objects), reporting whether the links changed."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(objects)
    return True


def _partial(row, name):
    value, precision = parse_partial_date(row.get(name))
    return {name: value, f"{name}_precision": precision}


class Loader:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.sources = {}
        self.vendors = {}
        self.models = {}
        self.assistants = {}
        self.criteria = {}
        self.changed = False

    def note(self, changed):
        self.changed = self.changed or changed

    def rows(self, name):
        path = self.directory / f"{name}.yaml"
        if not path.exists():
            return []
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise CatalogError(f"{path.name}: expected a list of records")
        return data

    def lookup(self, table, key, what, where):
        try:
            return table[key]
        except KeyError:
            raise CatalogError(f"{where}: unknown {what} {key!r}") from None

    def source_list(self, row, where):
        return [self.lookup(self.sources, key, "source", where) for key in row.get("sources", [])]

    # Each loader method upserts one file's records and returns how many it saw.

    def load_sources(self):
        for row in self.rows("sources"):
            obj, changed = upsert(
                Source,
                {"key": row["key"]},
                {
                    "title": row["title"],
                    "publisher": row["publisher"],
                    "url": row.get("url") or "",
                    "language": row.get("language") or "",
                    "quote": row.get("quote") or "",
                    **_partial(row, "published"),
                    "accessed": parse_partial_date(row.get("accessed"))[0],
                },
            )
            self.note(changed)
            self.sources[obj.key] = obj
        return len(self.sources)

    def load_vendors(self):
        for row in self.rows("vendors"):
            where = f"vendors.yaml {row.get('slug')}"
            obj, changed = upsert(
                Vendor,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "country": row.get("country") or "",
                    "jurisdiction": row.get("jurisdiction") or "",
                    "ownership": row.get("ownership") or "",
                    "website": row.get("website") or "",
                    "verified": row.get("verified", True),
                    "description": row.get("description") or "",
                },
            )
            self.note(changed)
            self.note(set_related(obj.sources, self.source_list(row, where)))
            self.vendors[obj.slug] = obj
        return len(self.vendors)

    def load_models(self):
        rows = self.rows("models")
        for row in rows:
            where = f"models.yaml {row.get('slug')}"
            obj, changed = upsert(
                AIModel,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "vendor": self.lookup(self.vendors, row["vendor"], "vendor", where),
                    "status": row.get("status", AIModel.State.ACTIVE),
                    "open_weights": row.get("open_weights"),
                    **_partial(row, "released"),
                    **_partial(row, "retired"),
                },
            )
            self.note(changed)
            self.models[obj.slug] = obj
        # Successors refer to models anywhere in the file, so link them once all exist.
        for row in rows:
            successor = row.get("successor")
            model = self.models[row["slug"]]
            target = (
                self.lookup(self.models, successor, "model", f"models.yaml {row['slug']}")
                if successor
                else None
            )
            if model.successor_id != (target.id if target else None):
                model.successor = target
                model.save(update_fields=["successor"])
                self.note(True)
        return len(self.models)

    def load_assistants(self):
        for row in self.rows("assistants"):
            where = f"assistants.yaml {row.get('slug')}"
            obj, changed = upsert(
                Assistant,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "vendor": self.lookup(self.vendors, row["vendor"], "vendor", where),
                    "status": row.get("status", Assistant.State.ACTIVE),
                    "website": row.get("website") or "",
                    "open_weights": row.get("open_weights"),
                    "description": row.get("description") or "",
                    **_partial(row, "launched"),
                },
            )
            self.note(changed)
            models_used = [self.lookup(self.models, slug, "model", where) for slug in row.get("models", [])]
            self.note(set_related(obj.models_used, models_used))
            self.note(set_related(obj.sources, self.source_list(row, where)))
            self.assistants[obj.slug] = obj
        return len(self.assistants)

    def load_criteria(self):
        for position, row in enumerate(self.rows("criteria")):
            obj = Criterion(
                slug=row["slug"],
                category=row["category"],
                name=row["name"],
                question=row["question"],
                value_type=row["value_type"],
                rubric=row["rubric"],
                rubric_text=row["rubric_text"],
                default_weight=row.get("weight", 1),
                position=position,
            )
            try:
                obj.clean()
            except ValidationError as error:
                raise CatalogError(f"criteria.yaml {row['slug']}: {error.messages[0]}") from None
            obj, changed = upsert(
                Criterion,
                {"slug": obj.slug},
                {
                    name: getattr(obj, name)
                    for name in (
                        "category",
                        "name",
                        "question",
                        "value_type",
                        "rubric",
                        "rubric_text",
                        "default_weight",
                        "position",
                    )
                },
            )
            self.note(changed)
            self.criteria[obj.slug] = obj
        return len(self.criteria)

    def require_sources(self, row, sources, where):
        if row.get("status", Status.PUBLISHED) == Status.PUBLISHED and not sources:
            raise CatalogError(f"{where}: a published record needs at least one source")

    def load_assessments(self):
        count = 0
        for index, row in enumerate(self.rows("assessments"), start=1):
            where = f"assessments.yaml record {index} ({row.get('assistant') or row.get('vendor')}, {row.get('criterion')})"
            subject = {"assistant": None, "vendor": None}
            if row.get("assistant"):
                subject["assistant"] = self.lookup(self.assistants, row["assistant"], "assistant", where)
            elif row.get("vendor"):
                subject["vendor"] = self.lookup(self.vendors, row["vendor"], "vendor", where)
            else:
                raise CatalogError(f"{where}: needs an assistant or a vendor")
            criterion = self.lookup(self.criteria, row["criterion"], "criterion", where)
            status = row.get("status", Status.PUBLISHED)
            sources = self.source_list(row, where)
            self.require_sources(row, sources, where)
            value = str(row["value"])
            try:
                criterion.score_for(value)
            except ValidationError as error:
                raise CatalogError(f"{where}: {error.messages[0]}") from None
            existing = Assessment.objects.filter(criterion=criterion, status=status, **subject).first()
            values = {
                "value": value,
                "verdict": row["verdict"],
                "note": row.get("note") or "",
                "confidence": row["confidence"],
                "as_of": parse_partial_date(row["as_of"])[0],
            }
            if existing is None:
                obj = validated_save(Assessment(criterion=criterion, status=status, **subject, **values), where)
                self.note(True)
            else:
                obj = existing
                changed = [name for name, v in values.items() if getattr(obj, name) != v]
                for name in changed:
                    setattr(obj, name, values[name])
                if changed:
                    validated_save(obj, where)
                    self.note(True)
            self.note(set_related(obj.sources, sources))
            count += 1
        return count

    def load_events(self, name, model_class, build):
        count = 0
        for row in self.rows(name):
            where = f"{name}.yaml {row.get('key')}"
            sources = self.source_list(row, where)
            self.require_sources(row, sources, where)
            obj, changed = upsert(model_class, {"key": row["key"]}, build(row, where))
            self.note(changed)
            self.note(set_related(obj.sources, sources))
            count += 1
        return count

    def deprecation_fields(self, row, where):
        return {
            "model": self.lookup(self.models, row["model"], "model", where),
            "kind": row["kind"],
            "scope": row.get("scope", DeprecationEvent.Scope.EVERYONE),
            "surface": row.get("surface", DeprecationEvent.Surface.CONSUMER_APP),
            "notice_days": row.get("notice_days"),
            "order": row.get("order") or 0,
            "summary": row["summary"],
            "note": row.get("note") or "",
            "confidence": row["confidence"],
            "status": row.get("status", Status.PUBLISHED),
            **_partial(row, "date"),
        }

    def tie_fields(self, row, where):
        return {
            "vendor": self.lookup(self.vendors, row["vendor"], "vendor", where),
            "person": row.get("person") or "",
            "recipient": row["recipient"],
            "kind": row["kind"],
            "amount": row.get("amount"),
            "currency": row.get("currency") or "",
            "summary": row["summary"],
            "note": row.get("note") or "",
            "confidence": row["confidence"],
            "status": row.get("status", Status.PUBLISHED),
            **_partial(row, "date"),
        }

    def load_campaigns(self):
        count = 0
        for row in self.rows("campaigns"):
            where = f"campaigns.yaml {row.get('slug')}"
            obj, changed = upsert(
                Campaign,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "demo": row.get("demo", False),
                    "description": row.get("description") or "",
                    "website": row.get("website") or "",
                    "weights": row.get("weights") or {},
                    "allowed_origins": row.get("allowed_origins") or [],
                    "languages": row.get("languages") or [],
                    "theme": row.get("theme", Campaign.Theme.AUTO),
                },
            )
            self.note(changed)
            leave = [self.lookup(self.assistants, s, "assistant", where) for s in row.get("leave", [])]
            alternatives = [
                self.lookup(self.assistants, s, "assistant", where) for s in row.get("alternatives", [])
            ]
            self.note(set_related(obj.leave, leave))
            self.note(set_related(obj.alternatives, alternatives))
            self.note(set_related(obj.sources, self.source_list(row, where)))
            count += 1
        return count

    def load(self):
        report = LoadReport()
        report.counts["sources"] = self.load_sources()
        report.counts["vendors"] = self.load_vendors()
        report.counts["models"] = self.load_models()
        report.counts["assistants"] = self.load_assistants()
        report.counts["criteria"] = self.load_criteria()
        report.counts["assessments"] = self.load_assessments()
        report.counts["deprecation events"] = self.load_events(
            "deprecations", DeprecationEvent, self.deprecation_fields
        )
        report.counts["political ties"] = self.load_events("political_ties", PoliticalTie, self.tie_fields)
        report.counts["campaigns"] = self.load_campaigns()
        report.changed = self.changed
        return report


def load_catalog(directory):
    """Load every fixture file in `directory`; all or nothing."""
    loader = Loader(directory)
    try:
        with transaction.atomic(), signals.bulk_changes():
            report = loader.load()
            scoring.recompute_scores()
            if loader.changed:
                revision.bump()
    except (KeyError, TypeError, ValueError) as error:
        raise CatalogError(f"malformed fixture: {error!r}") from error
    return report
