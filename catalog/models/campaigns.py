"""Campaigns that embed Candor: whom they ask people to leave, what they suggest instead."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.base import SlugManager
from catalog.models.sources import Source
from catalog.models.subjects import Assistant


class Campaign(models.Model):
    class Theme(models.TextChoices):
        LIGHT = "light", _("Light")
        DARK = "dark", _("Dark")
        AUTO = "auto", _("Follow the visitor's setting")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    demo = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    leave = models.ManyToManyField(
        Assistant, blank=True, related_name="campaigns_leaving", help_text="Assistants it asks people to leave."
    )
    alternatives = models.ManyToManyField(
        Assistant, blank=True, related_name="campaigns_recommending"
    )
    weights = models.JSONField(default=dict, blank=True, help_text='e.g. {"privacy": 3}')
    allowed_origins = models.JSONField(
        default=list, blank=True, help_text="Origins allowed to frame its widget."
    )
    languages = models.JSONField(default=list, blank=True)
    theme = models.CharField(max_length=5, choices=Theme.choices, default=Theme.AUTO)
    sources = models.ManyToManyField(Source, blank=True, related_name="campaigns")

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class CampaignSuggestion(models.Model):
    """What one source says a campaign suggests instead (the campaign's alternatives are the
    union of these): shown with that source, so a reader sees who says the campaign says it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="suggestions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="campaign_suggestions")
    assistants = models.ManyToManyField(Assistant, blank=True, related_name="suggested_in")
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "source"], name="suggestion_one_per_source"),
        ]

    def __str__(self):
        return f"{self.campaign} per {self.source.key}"

    def natural_key(self):
        return (self.campaign.slug, self.source.key)

    natural_key.dependencies = ["catalog.campaign", "catalog.source"]
