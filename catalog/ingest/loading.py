"""Load the catalog from the YAML files in fixtures/ (see fixtures/SCHEMA.md).

`fixtures/*.yaml` is the base pack; every folder `fixtures/<pack>/` holds more files with the
same names. For each file kind the base file is read first, then each pack's file in
folder-name order; a record may refer to one defined in any pack, and keys are unique across
packs. Every record is upserted by its slug or key inside one transaction, so loading twice
changes nothing and a broken file changes nothing at all.
"""
from dataclasses import dataclass, field
from decimal import Decimal
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
    CampaignSuggestion,
    Criterion,
    DeprecationEvent,
    OfferedModel,
    PoliticalTie,
    RegulatorAction,
    SearchRecord,
    Source,
    Status,
    SwitchingFact,
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
    "regulator_actions",
    "offered_models",
    "searches",
    "switching",
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


class Row(dict):
    """One YAML record, remembering the file it came from (for error messages)."""

    file = ""


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
        self.deprecations = {}
        self.changed = False

    def note(self, changed):
        self.changed = self.changed or changed

    def pack_files(self, name):
        """The base file, then each pack folder's file of that name, in folder-name order."""
        paths = [self.directory / f"{name}.yaml"]
        paths += [folder / f"{name}.yaml" for folder in sorted(self.directory.iterdir()) if folder.is_dir()]
        return [path for path in paths if path.exists()]

    def rows(self, name, key=None):
        """Every record of one file kind across the packs; `key` names the field that must be
        unique across them (a duplicate is refused, never silently overwritten)."""
        result, seen = [], {}
        for path in self.pack_files(name):
            label = path.relative_to(self.directory).as_posix()
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if not isinstance(data, list):
                raise CatalogError(f"{label}: expected a list of records")
            for item in data:
                if not isinstance(item, dict):
                    raise CatalogError(f"{label}: expected a list of records")
                row = Row(item)
                row.file = label
                if key is not None:
                    value = row.get(key)
                    if value in seen:
                        raise CatalogError(f"{label}: {key} {value!r} is already defined in {seen[value]}")
                    seen[value] = label
                result.append(row)
        return result

    def lookup(self, table, key, what, where):
        try:
            return table[key]
        except KeyError:
            raise CatalogError(f"{where}: unknown {what} {key!r}") from None

    def source_list(self, row, where):
        return [self.lookup(self.sources, key, "source", where) for key in row.get("sources", [])]

    # Each loader method upserts one file's records and returns how many it saw.

    def load_sources(self):
        rows = self.rows("sources", "key")
        for row in rows:
            obj, changed = upsert(
                Source,
                {"key": row["key"]},
                {
                    "title": row["title"],
                    "publisher": row["publisher"],
                    "url": row.get("url") or "",
                    "language": row.get("language") or "",
                    "quote": row.get("quote") or "",
                    "kind": row.get("kind") or "",
                    "read_via": row.get("read_via") or "",
                    **_partial(row, "published"),
                    "accessed": parse_partial_date(row.get("accessed"))[0],
                },
                where=f"{row.file} {row['key']}",
            )
            self.note(changed)
            self.sources[obj.key] = obj
        # A repost may name an original defined later (or in another pack): link once all exist.
        for row in rows:
            source = self.sources[row["key"]]
            original = row.get("repost_of")
            target = self.lookup(self.sources, original, "source", f"{row.file} {row['key']}") if original else None
            if source.repost_of_id != (target.id if target else None):
                source.repost_of = target
                source.save(update_fields=["repost_of"])
                self.note(True)
        return len(self.sources)

    def load_vendors(self):
        for row in self.rows("vendors", "slug"):
            where = f"{row.file} {row.get('slug')}"
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
                    "data_storage": row.get("data_storage") or "",
                    "data_storage_countries": list(row.get("data_storage_countries") or []),
                },
                where=where,
            )
            self.note(changed)
            self.note(set_related(obj.sources, self.source_list(row, where)))
            storage_sources = [
                self.lookup(self.sources, key, "source", where) for key in row.get("data_storage_sources", [])
            ]
            self.note(set_related(obj.data_storage_sources, storage_sources))
            self.vendors[obj.slug] = obj
        return len(self.vendors)

    def load_models(self):
        rows = self.rows("models", "slug")
        for row in rows:
            where = f"{row.file} {row.get('slug')}"
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
                where=where,
            )
            self.note(changed)
            self.models[obj.slug] = obj
        # Successors refer to models anywhere in the packs, so link them once all exist.
        for row in rows:
            successor = row.get("successor")
            model = self.models[row["slug"]]
            target = (
                self.lookup(self.models, successor, "model", f"{row.file} {row['slug']}")
                if successor
                else None
            )
            if model.successor_id != (target.id if target else None):
                model.successor = target
                model.save(update_fields=["successor"])
                self.note(True)
        return len(self.models)

    def load_assistants(self):
        for row in self.rows("assistants", "slug"):
            where = f"{row.file} {row.get('slug')}"
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
                where=where,
            )
            self.note(changed)
            models_used = [self.lookup(self.models, slug, "model", where) for slug in row.get("models", [])]
            self.note(set_related(obj.models_used, models_used))
            self.note(set_related(obj.sources, self.source_list(row, where)))
            self.assistants[obj.slug] = obj
        return len(self.assistants)

    def load_criteria(self):
        packed = [row for row in self.rows("criteria") if "/" in row.file]
        if packed:
            raise CatalogError(f"{packed[0].file}: criteria live only in criteria.yaml")
        for position, row in enumerate(self.rows("criteria", "slug")):
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
        if row.get("status", Status.PUBLISHED) != Status.PUBLISHED:
            return
        if not sources:
            raise CatalogError(f"{where}: a published record needs at least one source")
        if all(source.kind == Source.Kind.AGGREGATOR for source in sources):
            raise CatalogError(
                f"{where}: a published record needs a source that is not an aggregator or repost"
            )

    def load_assessments(self):
        count = 0
        seen = {}
        for index, row in enumerate(self.rows("assessments"), start=1):
            where = f"{row.file} ({row.get('assistant') or row.get('vendor')}, {row.get('criterion')})"
            subject = {"assistant": None, "vendor": None}
            if row.get("assistant"):
                subject["assistant"] = self.lookup(self.assistants, row["assistant"], "assistant", where)
            elif row.get("vendor"):
                subject["vendor"] = self.lookup(self.vendors, row["vendor"], "vendor", where)
            else:
                raise CatalogError(f"{where}: needs an assistant or a vendor")
            criterion = self.lookup(self.criteria, row["criterion"], "criterion", where)
            status = row.get("status", Status.PUBLISHED)
            identity = (row.get("assistant"), row.get("vendor") if not row.get("assistant") else None,
                        row["criterion"], status)
            if identity in seen:
                raise CatalogError(f"{where}: a {status} assessment of this criterion is already in {seen[identity]}")
            seen[identity] = row.file
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
                "checked": parse_partial_date(row.get("checked"))[0],
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

    def load_events(self, name, model_class, build, table=None):
        count = 0
        for row in self.rows(name, "key"):
            where = f"{row.file} {row.get('key')}"
            sources = self.source_list(row, where) if "sources" in [f.name for f in model_class._meta.many_to_many] else None
            if sources is not None:
                self.require_sources(row, sources, where)
            obj, changed = upsert(model_class, {"key": row["key"]}, build(row, where), where=where)
            self.note(changed)
            if sources is not None:
                self.note(set_related(obj.sources, sources))
            if table is not None:
                table[obj.key] = obj
            count += 1
        return count

    def optional(self, table, row, name, what, where):
        return self.lookup(table, row[name], what, where) if row.get(name) else None

    def deprecation_fields(self, row, where):
        return {
            "model": self.lookup(self.models, row["model"], "model", where),
            "assistant": self.optional(self.assistants, row, "assistant", "assistant", where),
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
            "jurisdiction": row.get("jurisdiction") or "",
            "summary": row["summary"],
            "note": row.get("note") or "",
            "confidence": row["confidence"],
            "status": row.get("status", Status.PUBLISHED),
            **_partial(row, "date"),
        }

    def regulator_fields(self, row, where):
        return {
            "vendor": self.lookup(self.vendors, row["vendor"], "vendor", where),
            "assistant": self.optional(self.assistants, row, "assistant", "assistant", where),
            "authority": row["authority"],
            "jurisdiction": row["jurisdiction"],
            "kind": row["kind"],
            "outcome": row.get("outcome") or "",
            "amount": row.get("amount"),
            "currency": row.get("currency") or "",
            "summary": row["summary"],
            "note": row.get("note") or "",
            "confidence": row["confidence"],
            "status": row.get("status", Status.PUBLISHED),
            **_partial(row, "date"),
        }

    def offered_fields(self, row, where):
        return {
            "assistant": self.lookup(self.assistants, row["assistant"], "assistant", where),
            "model": self.lookup(self.models, row["model"], "model", where),
            "removed_by": self.optional(self.deprecations, row, "removed_by", "deprecation event", where),
            "terms": row["terms"],
            "note": row.get("note") or "",
            "confidence": row["confidence"],
            "status": row.get("status", Status.PUBLISHED),
            **_partial(row, "since"),
            **_partial(row, "until"),
        }

    def search_fields(self, row, where):
        subject = {"assistant": None, "vendor": None}
        if row.get("assistant"):
            subject["assistant"] = self.lookup(self.assistants, row["assistant"], "assistant", where)
        elif row.get("vendor"):
            subject["vendor"] = self.lookup(self.vendors, row["vendor"], "vendor", where)
        else:
            raise CatalogError(f"{where}: needs an assistant or a vendor")
        criterion = self.optional(self.criteria, row, "criterion", "criterion", where)
        category = row.get("category") or (criterion.category if criterion else "")
        if not category:
            raise CatalogError(f"{where}: a coverage record (no criterion) needs a category")
        covered = row.get("covered") or []
        if not isinstance(covered, list):
            raise CatalogError(f"{where}: covered must be a list")
        return {
            **subject,
            "criterion": criterion,
            "category": category,
            "searched": parse_partial_date(row["searched"])[0],
            "covered": [str(item) for item in covered],
            "outcome": row.get("outcome", SearchRecord.Outcome.NOT_FOUND),
            "note": row.get("note") or "",
        }

    def switching_fields(self, row, where):
        steps = row.get("steps") or []
        if not isinstance(steps, list):
            raise CatalogError(f"{where}: steps must be a list")
        price = row.get("price")
        return {
            "assistant": self.lookup(self.assistants, row["assistant"], "assistant", where),
            "kind": row["kind"],
            "summary": row["summary"],
            "steps": [str(step) for step in steps],
            "format": row.get("format") or "",
            "duration": row.get("duration") or "",
            "plan": row.get("plan") or "",
            "price": Decimal(str(price)).quantize(Decimal("0.01")) if price is not None else None,
            "currency": row.get("currency") or "",
            "period": row.get("period") or "",
            "from_assistant": self.optional(self.assistants, row, "from_assistant", "assistant", where),
            "what": row.get("what") or "",
            "regions": row.get("regions") or "",
            "model": self.optional(self.models, row, "model", "model", where),
            "where": row.get("where") or "",
            **_partial(row, "until"),
            **_partial(row, "as_of"),
            "checked": parse_partial_date(row.get("checked"))[0],
            "note": row.get("note") or "",
            "confidence": row["confidence"],
            "status": row.get("status", Status.PUBLISHED),
        }

    def load_suggestions(self, campaign, row, where):
        """What each source says the campaign suggests (`suggested_by`), in the file's order."""
        kept = []
        for position, item in enumerate(row.get("suggested_by") or []):
            source = self.lookup(self.sources, item.get("source"), "source", where)
            obj, changed = upsert(
                CampaignSuggestion,
                {"campaign": campaign, "source": source},
                {"note": item.get("note") or "", "position": position},
                where=f"{where} suggested_by {source.key}",
            )
            self.note(changed)
            assistants = [
                self.lookup(self.assistants, slug, "assistant", where) for slug in item.get("assistants") or []
            ]
            self.note(set_related(obj.assistants, assistants))
            kept.append(obj.pk)
        stale = CampaignSuggestion.objects.filter(campaign=campaign).exclude(pk__in=kept)
        if stale.exists():
            stale.delete()
            self.note(True)

    def load_campaigns(self):
        count = 0
        for row in self.rows("campaigns", "slug"):
            where = f"{row.file} {row.get('slug')}"
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
                where=where,
            )
            self.note(changed)
            leave = [self.lookup(self.assistants, s, "assistant", where) for s in row.get("leave", [])]
            alternatives = [
                self.lookup(self.assistants, s, "assistant", where) for s in row.get("alternatives", [])
            ]
            self.note(set_related(obj.leave, leave))
            self.note(set_related(obj.alternatives, alternatives))
            self.note(set_related(obj.sources, self.source_list(row, where)))
            self.load_suggestions(obj, row, where)
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
            "deprecations", DeprecationEvent, self.deprecation_fields, self.deprecations
        )
        report.counts["political ties"] = self.load_events("political_ties", PoliticalTie, self.tie_fields)
        report.counts["regulator actions"] = self.load_events(
            "regulator_actions", RegulatorAction, self.regulator_fields
        )
        report.counts["offered models"] = self.load_events("offered_models", OfferedModel, self.offered_fields)
        report.counts["search records"] = self.load_events("searches", SearchRecord, self.search_fields)
        report.counts["switching facts"] = self.load_events("switching", SwitchingFact, self.switching_fields)
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
