"""The change feed's rows: one per stored version of an editorial record (catalog.changes)."""
from django.db import models


class ChangeEntry(models.Model):
    """One change to one editorial record, tagged with the catalog revision it was written under.

    Order is (revision, id): the revision row is locked by the writing transaction from its
    first bump until it commits, so no later-committing transaction can write under a lower
    number; within one revision every row comes from one transaction, in id order.
    """

    class Action(models.TextChoices):
        CREATED = "created"  # the record entered the public view
        UPDATED = "updated"  # a public record changed
        RETRACTED = "retracted"  # it left the public view (retracted, back to draft, deleted)
        DRAFT = "draft"  # a change the public does not see (editors only)

    revision = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=40)
    record_id = models.PositiveBigIntegerField(help_text="The record's primary key.")
    key = models.CharField(max_length=120, help_text="Its slug, key or id after the change.")
    previous_key = models.CharField(max_length=120, blank=True, help_text="Set when the change renamed it.")
    action = models.CharField(max_length=10, choices=Action.choices)
    history_id = models.PositiveBigIntegerField(help_text="The simple-history version written.")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["revision", "id"]
        indexes = [
            models.Index(fields=["revision", "id"], name="change_feed_order"),
            models.Index(fields=["kind", "record_id", "revision"], name="change_feed_record"),
        ]
        verbose_name_plural = "change entries"

    def __str__(self):
        return f"{self.revision}.{self.id} {self.kind} {self.key} {self.action}"

    @property
    def cursor(self):
        return f"{self.revision}.{self.id}"
