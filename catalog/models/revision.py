"""The catalog revision's row and its scopes (read and bumped by catalog.revision)."""
from django.db import models


class CatalogRevision(models.Model):
    """A single row counting catalog writes: the basis of ETags and cache keys."""

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"revision {self.number}"


class ScopeRevision(models.Model):
    """The catalog revision at which one part of the catalog last changed.

    A scope names what a cached answer was made from ("assistant:claude", "ranking-head",
    "*" for whatever no finer scope covers; catalog.scopes). Its number is the catalog
    revision of the write that touched it, so it only grows and never names two contents.
    """

    scope = models.CharField(max_length=200, primary_key=True)
    number = models.PositiveBigIntegerField()

    def __str__(self):
        return f"{self.scope} at revision {self.number}"
