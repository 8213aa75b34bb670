"""The catalog revision's row (read and bumped by catalog.revision)."""
from django.db import models


class CatalogRevision(models.Model):
    """A single row counting catalog writes: the basis of ETags and cache keys."""

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"revision {self.number}"
