"""The fault matrix: the production stack on real services, each service failed in turn.

One stack for the module: a private PostgreSQL cluster (bench/load.py's), two private
redis-servers (the cache and the broker apart, as docs/deploy.md says), gunicorn with
DJANGO_DEBUG=false, and a Celery worker with beat (the outbox sweep every 2 s). Every process is
ours, started on free ports and stopped by its id; the shared services are never touched.

For each fault the test records what a reader saw (requests, statuses, server errors) and
checks that nothing written was lost and that every pending event reached each subscriber once
after recovery. The figures are printed and kept in test-artifacts/fault-matrix.json
(docs/integrity.md quotes them).
"""
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

import pytest

from bench.common import manage, production_env, start_gunicorn
from bench.load import PrivatePostgres, free_port, pg_bin
from tests.support.jobs import SECRET, Receiver, wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed"),
    pytest.mark.skipif(os.geteuid() != 0, reason="the private PostgreSQL cluster runs as the postgres user (root needed)"),
]

FIGURES = {}
READS = [
    "/",
    "/assistants/chatgpt/",
    "/compare/?assistants=chatgpt,claude",
    "/retirements/feed.atom",
    "/embed/alternatives/?to=chatgpt",
    "/badge/claude/privacy.svg",
    "/api/v1/assistants/",
    "/api/v1/assistants/claude/",
    "/api/v1/compare/?assistants=chatgpt,claude",
]


class RedisServer:
    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory), "--maxmemory", "64mb", "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _port_open(self.port), timeout=10, what=f"redis-server on {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"


def _port_open(port):
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Process:
    """A subprocess in its own session, so killing it kills its children too."""

    def __init__(self, command, env, log):
        self.command, self.env, self.log, self.process = command, env, log, None

    def start(self):
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def restart_if_exited(self):
        """What a process manager (systemd Restart=always) does; True when it had to."""
        if self.process and self.process.poll() is not None:
            self.start()
            return True
        return False

    def kill(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


def call(base, path, method="GET", body=None, headers=None, timeout=15):
    """(status, headers, body) of one request; status 0 when the connection failed."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (OSError, http.client.HTTPException):  # refused, reset, or cut off mid-answer
        return 0, {}, b""


class Stack:
    def __init__(self, directory):
        self.directory = directory
        self.postgres = PrivatePostgres(free_port())
        self.cache = RedisServer(directory)
        self.broker = RedisServer(directory)
        self.receiver = Receiver()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.worker = None

    def start(self):
        self.postgres.start()
        self.cache.start()
        self.broker.start()
        env = production_env(self.postgres.url, cache_url=self.cache.url(), log_level="WARNING")
        env.update(
            CELERY_BROKER_URL=self.broker.url(),
            WEBHOOK_ALLOW_PRIVATE_TARGETS="true",
            WEBHOOK_RETRY_BASE_SECONDS="0.5",
            WEBHOOK_TIMEOUT_SECONDS="10",
            OUTBOX_SWEEP_SECONDS="2",
            OUTBOX_SWEEP_GRACE_SECONDS="3",
            CELERY_VISIBILITY_TIMEOUT="4",
            CELERY_RESTORE_INTERVAL="1",
            CELERY_RESTORE_THROTTLE="1",
            CELERY_BEAT_SCHEDULE_FILENAME=str(self.directory / "celerybeat-schedule"),
            CANDOR_REVISION_MEMO_SECONDS="0",
        )
        self.env = env
        manage(env, "migrate", "--noinput")
        manage(env, "load_catalog")
        manage(env, "collectstatic", "--noinput")
        self.token = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", EDITOR_TOKEN], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        self.server = start_gunicorn(env, self.port, workers=2, log=(self.directory / "gunicorn.log").open("ab"))
        self.worker = Process(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "--pool=prefork", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
             "-n", f"candor-faults-{uuid.uuid4().hex[:8]}@%h"],
            env, self.directory / "worker.log",
        )
        self.worker.start()
        wait_for(lambda: " ready." in self.worker_log(), timeout=60, what="the worker")
        for path in ("/all", "/vendor"):
            follows = "all" if path == "/all" else "openai"
            status, _, body = self.call(
                "/api/v1/subscriptions/", "POST",
                {"target_url": self.receiver.url(path), "secret": SECRET, "follows": follows}, editor=True,
            )
            assert status == 201, body

    def worker_log(self):
        path = self.directory / "worker.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def call(self, path, method="GET", body=None, editor=False, headers=None):
        headers = dict(headers or {})
        if editor:
            headers["Authorization"] = f"Token {self.token}"
        return call(self.base, path, method, body, headers)

    def stop(self):
        for stop in (
            lambda: self.worker and self.worker.kill(),
            lambda: self.server and (self.server.kill(), self.server.wait(timeout=30)),
            self.cache.stop,
            self.broker.stop,
            self.receiver.stop,
            self.postgres.stop,
        ):
            try:
                stop()
            except Exception as error:  # noqa: BLE001 - clean up the rest whatever one of them does
                print(f"clean-up: {error!r}")

    # --- what the tests do --------------------------------------------------------------

    def read_everything(self, rounds=2):
        statuses = Counter()
        for _ in range(rounds):
            for path in READS:
                statuses[self.call(path)[0]] += 1
        return statuses

    def published_assessment(self):
        status, _, body = self.call("/api/v1/assessments/?assistant=chatgpt&status=published&page_size=1", editor=True)
        assert status == 200, body
        return json.loads(body)["results"][0]

    def edit(self, assessment_id, verdict):
        """PATCH a verdict with If-Match; (status, seconds taken)."""
        url = f"/api/v1/assessments/{assessment_id}/"
        _, headers, _ = self.call(url, editor=True)
        started = time.monotonic()
        status, _, body = self.call(
            url, "PATCH", {"verdict": verdict}, editor=True, headers={"If-Match": headers.get("ETag", "*")}
        )
        return status, round(time.monotonic() - started, 2), body

    def verdict(self, assessment_id):
        status, _, body = self.call(f"/api/v1/assessments/{assessment_id}/", editor=True)
        return json.loads(body)["verdict"] if status == 200 else None

    def deliveries_for(self, verdict):
        """Delivery ids the receiver acknowledged whose payload carries this verdict, per path."""
        found = Counter()
        with self.receiver.lock:
            requests = list(self.receiver.requests)
        seen = set()
        for request in requests:
            delivery = request.headers.get("x-candor-delivery")
            if verdict.encode() in request.body and delivery not in seen:
                seen.add(delivery)
                found[request.path] += 1
        return found

    def arrivals_for(self, verdict):
        with self.receiver.lock:
            return sum(1 for request in self.receiver.requests if verdict.encode() in request.body)


EDITOR_TOKEN = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
user, _ = User.objects.get_or_create(username="fault-editor")
user.groups.add(Group.objects.get_or_create(name="editors")[0])
print(Token.objects.get_or_create(user=user)[0].key)
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    pg_bin("initdb")  # SystemExit with the reason when PostgreSQL's binaries are missing
    built = Stack(tmp_path_factory.mktemp("faults"))
    try:
        built.start()
        yield built
    finally:
        built.stop()
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        (ROOT / "test-artifacts" / "fault-matrix.json").write_text(json.dumps(FIGURES, indent=2))
        print(json.dumps(FIGURES, indent=2))


def test_cache_down_every_surface_still_answers(stack):
    assert stack.read_everything(rounds=1) == Counter({200: len(READS)})
    stack.cache.stop()
    started = time.monotonic()
    statuses = stack.read_everything(rounds=3)
    seconds = time.monotonic() - started
    ready = stack.call("/readyz")
    assessment = stack.published_assessment()
    written = stack.edit(assessment["id"], "Verdict written while the cache was down.")
    stack.cache.start()
    # Back within the breaker's interval; the edit is what everyone reads.
    wait_for(lambda: json.loads(stack.call("/readyz")[2])["status"] == "ok", timeout=20, what="readiness")
    after = stack.read_everything(rounds=1)
    FIGURES["cache down"] = {
        "requests": sum(statuses.values()), "statuses": dict(statuses), "seconds": round(seconds, 2),
        "readiness": [ready[0], json.loads(ready[2])["status"]], "write": written[:2],
        "after recovery": dict(after),
    }
    assert statuses == Counter({200: 3 * len(READS)})
    assert ready[0] == 200 and json.loads(ready[2])["checks"]["cache"].startswith("error")
    assert written[0] == 200
    assert stack.verdict(assessment["id"]) == "Verdict written while the cache was down."
    assert after == Counter({200: len(READS)})


def test_broker_down_a_write_stands_and_its_event_reaches_each_subscriber_once(stack):
    assessment = stack.published_assessment()
    verdict = f"Verdict written while the broker was down ({uuid.uuid4().hex[:6]})."
    stack.broker.stop()
    status, seconds, _ = stack.edit(assessment["id"], verdict)
    reads = stack.read_everything(rounds=1)
    ready = json.loads(stack.call("/readyz")[2])
    time.sleep(3)
    held = stack.arrivals_for(verdict)
    stack.broker.start()
    # Celery's Redis transport can end the worker when the broker goes away ("Unrecoverable
    # error"); in production its process manager starts it again, as this loop does.
    restarts = []

    def delivered_both():
        restarts.append(stack.worker.restart_if_exited())
        return len(stack.deliveries_for(verdict)) == 2

    wait_for(delivered_both, timeout=90, what="the deliveries after the outage")
    time.sleep(6)  # two more sweeps: nothing more may arrive
    delivered = stack.deliveries_for(verdict)
    FIGURES["broker down"] = {
        "write": [status, seconds], "reads": dict(reads), "readiness": ready["status"],
        "sent during the outage": held, "delivered after recovery": dict(delivered),
        "arrivals": stack.arrivals_for(verdict), "worker restarts": sum(restarts),
    }
    assert status == 200 and stack.verdict(assessment["id"]) == verdict
    assert reads == Counter({200: len(READS)})
    assert ready["status"] == "degraded" and ready["checks"]["broker"].startswith("error")
    assert held == 0
    assert delivered == Counter({"/all": 1, "/vendor": 1})
    assert stack.arrivals_for(verdict) == 2


def test_database_down_and_back_no_500_no_lost_or_phantom_write(stack):
    assessment = stack.published_assessment()
    before = stack.verdict(assessment["id"])
    _, headers, _ = stack.call(f"/api/v1/assessments/{assessment['id']}/", editor=True)
    stack.postgres.ctl("stop")
    statuses = stack.read_everything(rounds=2)
    api = stack.call("/api/v1/assistants/?ordering=-overall")
    live, ready = stack.call("/healthz")[0], stack.call("/readyz")[0]
    write = stack.call(
        f"/api/v1/assessments/{assessment['id']}/", "PATCH", {"verdict": "Written while the database was down."},
        editor=True, headers={"If-Match": headers["ETag"]},
    )
    stack.postgres.ctl("start")
    started = time.monotonic()
    wait_for(lambda: stack.call("/api/v1/assistants/")[0] == 200, timeout=30, what="the API after the restart")
    recovered = round(time.monotonic() - started, 2)
    after = stack.read_everything(rounds=1)
    FIGURES["database down"] = {
        "requests": sum(statuses.values()), "statuses": dict(statuses), "api": [api[0], api[1].get("Content-Type")],
        "healthz": live, "readyz": ready, "write during outage": write[0], "seconds to answer again": recovered,
        "after recovery": dict(after),
    }
    assert set(statuses) <= {200, 503} and 500 not in statuses
    assert api[0] == 503 and api[1]["Content-Type"] == "application/json"
    assert json.loads(api[2])["errors"][0]["code"] == "unavailable"
    assert (live, ready) == (200, 503)
    assert write[0] == 503
    assert after == Counter({200: len(READS)})
    assert stack.verdict(assessment["id"]) == before  # the refused write did not happen


def test_a_worker_killed_mid_delivery_delivers_once_after_restart(stack):
    stack.worker.restart_if_exited()  # its process manager's doing, if an earlier fault ended it
    assessment = stack.published_assessment()
    verdict = f"Verdict delivered across a worker crash ({uuid.uuid4().hex[:6]})."
    stack.receiver.hold_every = 6  # the receiver takes its time: the worker dies meanwhile
    status, _, _ = stack.edit(assessment["id"], verdict)
    assert status == 200
    wait_for(lambda: stack.arrivals_for(verdict) >= 1, timeout=60, what="the first delivery attempt")
    stack.worker.kill()
    arrivals_before_the_kill = stack.arrivals_for(verdict)
    stack.receiver.hold_every = 0
    stack.worker.start()
    wait_for(lambda: len(stack.deliveries_for(verdict)) == 2, timeout=90, what="both deliveries")
    time.sleep(6)
    delivered = stack.deliveries_for(verdict)
    status, _, body = stack.call("/api/v1/deliveries/?state=pending", editor=True)
    pending = json.loads(body)["count"]
    FIGURES["worker killed mid-delivery"] = {
        "arrivals before the kill": arrivals_before_the_kill, "arrivals": stack.arrivals_for(verdict),
        "distinct deliveries per subscriber": dict(delivered), "pending after recovery": pending,
    }
    assert delivered == Counter({"/all": 1, "/vendor": 1})
    assert pending == 0


def test_a_gunicorn_worker_killed_under_load(stack):
    children = [int(pid) for pid in subprocess.run(
        ["pgrep", "-P", str(stack.server.pid)], capture_output=True, text=True, check=False
    ).stdout.split()]
    assert children, "gunicorn has no workers"
    results = []
    stop = threading.Event()

    def client():
        while not stop.is_set():
            started = time.monotonic()
            status = stack.call("/api/v1/assistants/")[0]
            results.append((started, status))

    clients = [threading.Thread(target=client) for _ in range(6)]
    for thread in clients:
        thread.start()
    time.sleep(2)
    killed_at = time.monotonic()
    os.kill(children[0], signal.SIGKILL)
    time.sleep(4)
    stop.set()
    for thread in clients:
        thread.join(timeout=30)
    after = [status for started, status in results if started > killed_at + 1]
    failed = [status for _, status in results if status != 200]
    FIGURES["gunicorn worker killed"] = {
        "requests": len(results), "failed": len(failed), "statuses": dict(Counter(s for _, s in results)),
        "requests after the kill (+1 s)": len(after), "failed after": sum(1 for s in after if s != 200),
    }
    assert 500 not in {status for _, status in results}
    assert after and all(status == 200 for status in after)
    assert len(failed) <= 6  # at most the requests in flight on the killed worker
