"""What every aggregate shares: the category, confidence and editorial-status choices, and the
managers that look records up by their natural key (slug or key)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    PRIVACY = "privacy", _("Privacy")
    POLITICAL_TIES = "political_ties", _("Political ties")
    SAFETY = "safety", _("Safety")
    DEPRECATION = "deprecation", _("Deprecation")


CATEGORY_KEYS = tuple(Category.values)


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REPORTED = "reported", _("Reported")
    DISPUTED = "disputed", _("Disputed")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


class SlugManager(models.Manager):
    """Natural keys by slug, for fixtures and backups that survive new primary keys."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class KeyManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class KeyPublishedManager(KeyManager.from_queryset(PublishedQuerySet)):
    pass
