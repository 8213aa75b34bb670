"""The bounded load test (bench/load.py) as part of the suite on PostgreSQL: 50 clients for
30 s on loopback against a list, a comparison and an embed, with zero errors; then the same
load while PostgreSQL restarts, after which every request succeeds again with no restart of
the application. The report is printed and kept in test-artifacts/load-report.json.
"""
import json
import signal
import subprocess
import sys

import pytest
from django.urls import Resolver404, resolve

from bench import load
from tests.conftest import ROOT
from tests.support import postgres_only

CLIENTS = 50
SECONDS = 30
RESTART_SECONDS = 20
# Set-up (a private cluster, migrations, the catalog) plus both phases, with room to spare.
TIMEOUT = 600
STAND_IN = "/assistants/chatgpt/"  # a page, while the embed is not routed yet


def routed(path):
    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return False
    return True


def paths():
    """bench/load.py's list, compare and embed; a page stands in for a missing embed."""
    return [path if routed(path) else STAND_IN for path in load.PATHS]


def run_load_test(arguments):
    """Run bench/load.py; on timeout stop it with SIGTERM so its clean-up still runs."""
    process = subprocess.Popen(
        [sys.executable, "bench/load.py", *arguments],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except BaseException:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        raise
    return process.returncode, stdout, stderr


@pytest.mark.services
@postgres_only
def test_fifty_clients_for_thirty_seconds_and_a_database_restart_without_errors():
    arguments = ["--clients", str(CLIENTS), "--duration", str(SECONDS),
                 "--restart-duration", str(RESTART_SECONDS)]
    for path in paths():
        arguments += ["--path", path]
    returncode, stdout, stderr = run_load_test(arguments)
    print(stdout)
    assert returncode == 0, stdout + stderr
    report = json.loads(stdout)
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "load-report.json").write_text(json.dumps(report, indent=2))
    steady, restart = report["steady"], report["restart"]
    assert report["clients"] == CLIENTS
    assert steady["errors"] == 0 and steady["requests"] > 0
    assert set(steady["statuses"]) == {"200"}
    assert restart["requests_after_recovery"] > 0 and restart["errors_after_recovery"] == 0
