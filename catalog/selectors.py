"""Read queries shared by pages, API, embeds and feeds: each prefetches what its callers use."""
from django.db.models import Prefetch

from .models import Assistant


def assistant_list():
    """Assistants with their vendor: one query, whatever the catalog's size."""
    return Assistant.objects.select_related("vendor").order_by("name")
