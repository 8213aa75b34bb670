from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        # Connect the signal handlers: stored scores, the catalog revision, alerts, the change feed, slug aliases.
        from catalog import signals  # noqa: F401
        from catalog.alerts import events  # noqa: F401
        from catalog import aliases, changes  # noqa: F401  (old slugs, the change feed)
