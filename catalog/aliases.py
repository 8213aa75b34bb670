"""Stable addresses: when an editor changes the slug of an assistant, vendor or AI model, the
old slug is kept as an alias in the same transaction (these signals run inside the save), and
pages (301) and the API (the record) follow it. A slug taken back by its record, or reused by
another one, stops being an alias: the live slug always wins."""
from django.db.models.signals import post_save, pre_save

from catalog.models import AIModel, Assistant, SlugAlias, Vendor

ALIASED = {"assistant": Assistant, "vendor": Vendor, "model": AIModel}
KIND_OF = {model: kind for kind, model in ALIASED.items()}


def current_slug(kind, slug):
    """The slug of the record that had `slug` before a rename, or None."""
    alias = SlugAlias.objects.filter(kind=kind, old_slug=slug).values_list("record_id", flat=True).first()
    if alias is None:
        return None
    return ALIASED[kind].objects.filter(pk=alias).values_list("slug", flat=True).first()


def _remember_slug(sender, instance, raw=False, **kwargs):
    instance._stored_slug = None
    if instance.pk and not raw:
        instance._stored_slug = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


def _record_alias(sender, instance, raw=False, **kwargs):
    if raw:
        return
    kind, old = KIND_OF[sender], getattr(instance, "_stored_slug", None)
    SlugAlias.objects.filter(kind=kind, old_slug=instance.slug).delete()
    if old and old != instance.slug:
        SlugAlias.objects.update_or_create(kind=kind, old_slug=old, defaults={"record_id": instance.pk})


for _kind, _model in ALIASED.items():
    pre_save.connect(_remember_slug, sender=_model, dispatch_uid=f"alias-before-{_kind}")
    post_save.connect(_record_alias, sender=_model, dispatch_uid=f"alias-after-{_kind}")
