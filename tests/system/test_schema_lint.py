"""The OpenAPI schema passes Spectral's `spectral:oas` ruleset (npm @stoplight/spectral-cli)
with no error: what client generators and API tools read is well formed."""

import json
import subprocess

import pytest

from tests.support import SPECTRAL, missing_checker

pytestmark = pytest.mark.checker("spectral")


def test_the_openapi_schema_has_no_spectral_error(client, catalog, tmp_path):
    assert missing_checker("spectral") is None, missing_checker("spectral")  # CI=true: no skip
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = tmp_path / "openapi.json"
    schema.write_bytes(response.content)
    (tmp_path / ".spectral.json").write_text(json.dumps({"extends": ["spectral:oas"]}))
    result = subprocess.run(
        [
            str(SPECTRAL),
            "lint",
            "--ruleset",
            str(tmp_path / ".spectral.json"),
            "--format",
            "json",
            "--quiet",
            "--fail-severity",
            "error",
            str(schema),
        ],
        capture_output=True,
        check=False,  # Spectral exits 1 on findings; they are reported below
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    findings = json.loads(result.stdout or "[]")
    errors = [
        f"{'.'.join(map(str, finding['path']))}: {finding['code']}: {finding['message']}"
        for finding in findings
        if finding["severity"] == 0  # 0 error, 1 warning, 2 information, 3 hint
    ]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0, result.stderr
