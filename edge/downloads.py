"""Downloads of files that never change (a release's files): resumable and cacheable.

Django's FileResponse answers the whole file only (no Range support, Django ticket #22479), and
WhiteNoise's Range support serves static files only, so this is the one small mechanism for
stored files: ETag (the file's SHA-256) and Last-Modified answered with 304, `Accept-Ranges:
bytes`, a single `Range: bytes=...` answered with 206 (RFC 9110 section 14), an unsatisfiable
one with 416, `If-Range` honoured, and a year's immutable Cache-Control.
"""
import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date, parse_http_date_safe

IMMUTABLE = "public, max-age=31536000, immutable"
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _validators(response, etag, modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = IMMUTABLE
    response["Accept-Ranges"] = "bytes"
    return response


def _not_modified(request, etag, modified):
    match = request.headers.get("If-None-Match")
    if match is not None:
        return match.strip() == "*" or etag in [tag.strip().removeprefix("W/") for tag in match.split(",")]
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(modified.timestamp()) <= since


def requested_range(header, size):
    """(start, end) inclusive of a single byte range; None to answer the whole file (no Range,
    several ranges, or one that is not bytes=: RFC 9110 lets a server ignore those); "bad" when
    it cannot be satisfied."""
    if not header:
        return None
    found = RANGE.match(header.strip())
    if found is None:
        return None
    first, last = found.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return "bad"
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return "bad"
    return start, end


def _part(opened, start, length):
    opened.seek(start)
    try:
        while length > 0:
            chunk = opened.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        opened.close()


def file_download(request, open_file, *, size, etag, modified, content_type, filename):
    """The answer to GET/HEAD of a stored file that never changes. `open_file()` opens it
    (called only when bytes are sent); `etag` is quoted, e.g. '"<sha256>"'."""
    if _not_modified(request, etag, modified):
        return _validators(HttpResponse(status=304), etag, modified)
    wanted = requested_range(request.headers.get("Range"), size)
    if_range = request.headers.get("If-Range")
    if wanted is not None and if_range is not None and if_range.strip() != etag:
        wanted = None  # the client's copy is another file: send this one whole
    if wanted == "bad":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _validators(response, etag, modified)
    if wanted is None:
        response = FileResponse(open_file(), as_attachment=True, filename=filename, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        response = StreamingHttpResponse(_part(open_file(), start, end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _validators(response, etag, modified)
