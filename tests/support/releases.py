"""Releases in tests: files under the test's own folder, never the project's var/releases."""
import pytest


@pytest.fixture
def releases_root(settings, tmp_path):
    root = tmp_path / "releases"
    settings.STORAGES = {
        **settings.STORAGES,
        "releases": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root
