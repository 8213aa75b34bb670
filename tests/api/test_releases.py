"""A client finds the latest release through the API, downloads it as a person would (over
HTTP, resumably) and verifies it against the manifest."""
import hashlib
import json
import urllib.error
import urllib.request

import pytest

from catalog.releases.build import build_release
from tests.support.releases import releases_root  # noqa: F401 (fixture)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def released(live_catalog, releases_root):
    release, _ = build_release()
    return release


def test_the_latest_release_downloads_and_matches_its_manifest(released, live_server):
    status, _, body = fetch(f"{live_server.url}/api/v1/releases/latest/")
    assert status == 200
    latest = json.loads(body)
    assert latest["id"] == released.id and latest["catalog_revision"] == released.catalog_revision
    for entry in latest["files"]:
        status, headers, content = fetch(entry["url"])
        assert status == 200
        assert len(content) == entry["size"] == int(headers["Content-Length"])
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert headers["ETag"] == f'"{entry["sha256"]}"'
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["Accept-Ranges"] == "bytes" and "Last-Modified" in headers
    status, _, sums = fetch(latest["checksums_url"])
    assert status == 200
    assert sums.decode().splitlines() == [f"{f['sha256']}  {f['name']}" for f in latest["files"]]


def test_ranges_resume_a_download_and_bad_ones_are_refused(released, live_server):
    entry = next(f for f in released.files if f["format"] == "sqlite")
    url = f"{live_server.url}/api/v1/releases/{released.id}/files/{entry['name']}"
    _, _, whole = fetch(url)
    status, headers, part = fetch(url, {"Range": "bytes=100-199"})
    assert (status, part) == (206, whole[100:200])
    assert headers["Content-Range"] == f"bytes 100-199/{entry['size']}"
    status, _, tail = fetch(url, {"Range": "bytes=-50"})
    assert (status, tail) == (206, whole[-50:])
    status, _, rest = fetch(url, {"Range": f"bytes={entry['size'] - 10}-"})
    assert (status, rest) == (206, whole[-10:])
    status, headers, _ = fetch(url, {"Range": f"bytes={entry['size']}-"})
    assert status == 416 and headers["Content-Range"] == f"bytes */{entry['size']}"
    status, _, _ = fetch(url, {"If-None-Match": f'"{entry["sha256"]}"'})
    assert status == 304
    # A client whose partial copy is of another file gets this one whole.
    status, _, again = fetch(url, {"Range": "bytes=0-9", "If-Range": '"another"'})
    assert (status, again) == (200, whole)


def test_lists_unknown_releases_files_and_parameters(released, client):
    listed = client.get("/api/v1/releases/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == released.id
    assert client.get("/api/v1/releases/2020-01-01-r1/").status_code == 404
    missing = client.get(f"/api/v1/releases/{released.id}/files/passwords.txt")
    assert missing.status_code == 404 and "manifest.json" in missing.json()["errors"][0]["accepted"]
    refused = client.get(f"/api/v1/releases/{released.id}/files/manifest.json?download=1")
    assert refused.status_code == 400 and refused.json()["errors"][0]["parameter"] == "download"
    assert client.get("/api/v1/releases/?sort=old").status_code == 400


def test_a_file_lost_from_storage_is_a_404_saying_so_not_a_500(released, releases_root, client):
    sqlite = next(f["name"] for f in released.files if f["name"].endswith(".sqlite3"))
    (releases_root / released.id / sqlite).unlink()
    response = client.get(f"/api/v1/releases/{released.id}/files/{sqlite}")
    assert response.status_code == 404
    assert "not available" in response.json()["errors"][0]["message"]
    assert client.get(f"/api/v1/releases/{released.id}/files/manifest.json").status_code == 200


def test_the_api_root_and_every_page_state_the_data_licence(released, client):
    licence = client.get("/api/v1/").json()["licence"]
    assert licence["id"] == "CC-BY-4.0" and licence["url"].startswith("https://creativecommons.org/")
    for lang in ("en", "fr", "ar", "uk"):
        page = client.get(f"/{lang}/data/").content.decode()
        assert released.id in page and "sha256sum -c SHA256SUMS" in page
        assert 'rel="license"' in client.get(f"/{lang}/").content.decode()
