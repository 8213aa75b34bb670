from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        # Connect the signal handlers: stored scores, the catalog revision, and alerts.
        from catalog import signals  # noqa: F401
        from catalog.alerts import events  # noqa: F401
