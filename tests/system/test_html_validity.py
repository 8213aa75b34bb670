"""The W3C Nu HTML Checker (vnu.jar, from npm's vnu-jar, run by Java) finds no error in any
page, embed or badge, in any language.

All documents are rendered with Django's test client against the real catalog and checked in
one vnu run: the JVM's start-up is most of its cost.
"""

import json
import subprocess

import pytest
from django.urls import resolve
from django.utils import translation

from tests.support import VNU_JAR, missing_checker
from catalog.releases.build import build_release
from tests.support.releases import releases_root  # noqa: F401 (fixture)
from tests.system.documents import (
    NOT_DOCUMENTS,
    catalog_facts,
    documents,
    email_subscription,
    fetch,
)


@pytest.fixture
def every_document(catalog, releases_root):
    build_release()  # /data/ shows a release's files
    return documents(catalog_facts(), email_subscription().confirm_token)


def route_names(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from route_names(pattern.url_patterns)
        elif pattern.name:
            yield pattern.name


def test_every_route_has_a_document(every_document):
    from web import urls

    routes = set(route_names(urls.pages + urls.embeds + urls.subscription_pages))
    checked = set()
    for document in every_document:
        with translation.override(document.lang):  # /fr/... resolves while French is active
            checked.add(resolve(document.path.split("?")[0]).url_name)
    assert routes - NOT_DOCUMENTS - checked == set()


def vnu_errors(folder):
    """{file name: [message]} for each error vnu reports in the files of `folder`."""
    result = subprocess.run(
        # --no-langdetect: guessing each page's language only yields warnings, and takes time.
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            "--also-check-svg",
            "--no-langdetect",
            "--stdout",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    errors = {}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] != "error" and message.get("subType") != "fatal":
            continue
        name = message.get("url", "").rsplit("/", 1)[-1]
        extract = message.get("extract", "").strip().replace("\n", " ")[:120]
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} [{extract}]"
        )
    return errors


@pytest.mark.checker("vnu")
def test_every_page_embed_and_badge_is_valid(every_document, tmp_path):
    assert missing_checker("vnu") is None, missing_checker("vnu")  # under CI=true nothing skips
    for number, document in enumerate(every_document):
        response = fetch(document, address=f"192.0.2.{number % 250 + 1}")
        assert response.status_code == document.status, document
        expected = "image/svg+xml" if document.suffix == ".svg" else "text/html"
        assert response["Content-Type"].startswith(expected), document
        (tmp_path / f"{document.name}{document.suffix}").write_bytes(response.content)
    errors = vnu_errors(tmp_path)
    if errors:
        pytest.fail(summary(errors), pytrace=False)


def summary(errors):
    """Each distinct message once, with how often and where; then every error."""
    where = {}
    for name, messages in sorted(errors.items()):
        for message in messages:
            kind = message.split(": ", 1)[1].split(" [", 1)[0]
            where.setdefault(kind, []).append(name)
    lines = [f"{sum(map(len, errors.values()))} errors in {len(errors)} documents"]
    for kind, names in sorted(where.items(), key=lambda item: -len(item[1])):
        lines.append(f"{len(names):5} x {kind}  (e.g. {', '.join(sorted(set(names))[:3])})")
    lines += [
        f"{name}: {message}" for name, messages in sorted(errors.items()) for message in messages
    ]
    return "\n".join(lines[:300])
