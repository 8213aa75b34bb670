"""Old slugs of renamed records, so their addresses keep working (catalog.aliases)."""
from django.db import models


class SlugAlias(models.Model):
    kind = models.CharField(max_length=20, choices=[("assistant", "assistant"), ("vendor", "vendor"), ("model", "AI model")])
    old_slug = models.SlugField(max_length=80)
    record_id = models.PositiveBigIntegerField(help_text="The record that had this slug.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="one_record_per_old_slug")]
        verbose_name_plural = "slug aliases"

    def __str__(self):
        return f"{self.kind} {self.old_slug}"
