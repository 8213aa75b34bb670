"""/widget.js: small, cacheable, and unable to do anything but frame our widgets."""

import gzip
import re

MAX_GZIPPED_BYTES = 3 * 1024


def test_loader_is_served_as_javascript_under_3_kb_gzipped(client, db):
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    gzipped = len(gzip.compress(response.content, compresslevel=9))
    print(f"widget.js: {len(response.content)} bytes, {gzipped} bytes gzipped")
    assert gzipped <= MAX_GZIPPED_BYTES


def test_loader_is_cached_publicly_and_revalidates_with_304(client, db, django_assert_num_queries):
    first = client.get("/widget.js")
    assert "public" in first["Cache-Control"] and "max-age=3600" in first["Cache-Control"]
    assert first["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Set-Cookie" not in first
    with django_assert_num_queries(0):
        again = client.get("/widget.js", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == first["Cache-Control"]


def test_loader_source_keeps_its_privacy_promises(client, db):
    source = client.get("/widget.js").content.decode()
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
    # No cookie, storage, network call, injected stylesheet or HTML parsing.
    for forbidden in [
        "cookie",
        "localStorage",
        "sessionStorage",
        "fetch(",
        "XMLHttpRequest",
        "sendBeacon",
        "<style",
        "innerHTML",
        "insertAdjacentHTML",
        "eval(",
        'setAttribute("style"',
        "cssText",
    ]:
        assert forbidden not in code, forbidden
    # Resize messages are accepted only from our origin, from one of our frames, by type.
    assert "event.origin !== origin" in code
    assert "contentWindow === event.source" in code
    assert '"candor:resize"' in code
    assert "allow-top-navigation" not in code


def test_frame_side_resize_script_sends_only_a_height(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("embed/resize.js")) as handle:
        source = handle.read()
    messages = re.findall(r"postMessage\((.*?)\);", source)
    assert messages == ['{ type: "candor:resize", height: height }, "*"']
