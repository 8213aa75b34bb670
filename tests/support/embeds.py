"""Shared set-up for the embed tests: compiled translations and a few catalog look-ups.

Imported by the conftest.py of each folder whose tests show embeds (pytest finds them there).
"""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile locale/*.po (as `make test` does) and make Django reread the catalogs."""
    call_command("compile_translations", verbosity=0)
    # Entering and leaving an override of LOCALE_PATHS resets Django's translation caches.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        pass


def listed_slugs(html):
    """Assistant slugs in the order an embed lists them."""
    return re.findall(r'data-assistant="([a-z0-9_-]+)"', html)


@pytest.fixture
def demo_campaign(catalog):
    """A demo campaign from fixtures/campaigns.yaml that lets 127.0.0.1:8001 frame it."""
    from catalog.models import Campaign

    for campaign in Campaign.objects.filter(demo=True).order_by("slug"):
        if "http://127.0.0.1:8001" in campaign.allowed_origins:
            return campaign
    raise AssertionError(
        "fixtures/campaigns.yaml should hold a demo campaign allowing http://127.0.0.1:8001"
    )
