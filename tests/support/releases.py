"""Releases in tests: files under the test's own folder, never the project's var/releases."""
import pytest


@pytest.fixture
def releases_root(settings, tmp_path_factory):
    # A folder of its own: a test's tmp_path may be read whole (the HTML checker reads it).
    root = tmp_path_factory.mktemp("releases")
    settings.STORAGES = {
        **settings.STORAGES,
        "releases": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root
