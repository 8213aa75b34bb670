"""The catalog's models, one module per aggregate; import them from here (`catalog.models`).

- base: the choices and managers every aggregate shares;
- sources: what every claim cites;
- subjects: vendors, AI models, assistants and the criteria they are assessed on;
- evidence: the claims (assessments, deprecation events, political ties);
- offerings: the other makers' models an assistant offers, under which terms;
- searches: unknown means looked-for (searched-and-not-found cells, ties-search coverage);
- switching: what a person leaving an assistant needs (plans, export, deletion, ...);
- campaigns, corrections, alerts (subscriptions and deliveries), revision (the counter);
- changes: the change feed, one row per version of an editorial record; aliases: old slugs.
"""
from catalog.models.base import (
    CATEGORY_KEYS,
    Category,
    Confidence,
    KeyManager,
    KeyPublishedManager,
    PublishedQuerySet,
    SlugManager,
    Status,
)
# In the order the models were always registered in, which is the order backups list them in.
from catalog.models.sources import Source
from catalog.models.subjects import AIModel, Assistant, Criterion, Vendor
from catalog.models.evidence import Assessment, AssessmentQuerySet, DeprecationEvent, PoliticalTie
from catalog.models.campaigns import Campaign
from catalog.models.revision import CatalogRevision, ScopeRevision
from catalog.models.corrections import Correction
from catalog.models.alerts import Delivery, OutboxEvent, Subscription
# Second round (issues 15 and 16), registered after the first so backups keep their order.
from catalog.models.evidence import RegulatorAction
from catalog.models.offerings import OfferedModel
from catalog.models.searches import SearchRecord
from catalog.models.switching import SwitchingFact
from catalog.models.campaigns import CampaignSuggestion
# Third round (issue 20): the change feed, slug aliases, versioned dumps.
from catalog.models.changes import ChangeEntry
from catalog.models.aliases import SlugAlias
from catalog.models.releases import Release

__all__ = [
    "CATEGORY_KEYS", "Category", "Confidence", "KeyManager", "KeyPublishedManager", "PublishedQuerySet",
    "SlugManager", "Status", "Assessment", "AssessmentQuerySet", "DeprecationEvent", "PoliticalTie",
    "Source", "AIModel", "Assistant", "Criterion", "Vendor", "Campaign", "Correction", "Delivery", "OutboxEvent",
    "Subscription", "CatalogRevision", "ScopeRevision", "RegulatorAction", "OfferedModel", "SearchRecord", "SwitchingFact",
    "CampaignSuggestion", "ChangeEntry", "SlugAlias", "Release",
]
