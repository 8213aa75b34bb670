"""Helpers for background-job tests: a local HTTP receiver and a small made-up catalog.

The receiver is a real HTTP server on 127.0.0.1 in a thread. Like a careful subscriber, it
treats X-Candor-Delivery as an idempotency key: a delivery it has acknowledged is processed
once, however many times it arrives.
"""
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from catalog.models import AIModel, Assistant, Criterion, DeprecationEvent, Source, Status, Subscription, Vendor

SECRET = "a-test-secret-of-enough-length"


def wait_for(condition, timeout=30.0, interval=0.1, what="the condition"):
    """Poll until condition() is truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """Answers POSTs with the scripted statuses (then `default_status`); records everything.

    `hold_first` keeps the first request waiting that many seconds before answering, long
    enough to kill a worker in the middle of a delivery.
    """

    statuses: list = field(default_factory=list)
    default_status: int = 200
    hold_first: float = 0.0
    hold_every: float = 0.0  # keep every request waiting this long (set and cleared by a test)
    requests: list = field(default_factory=list)
    processed: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)  # path -> (status, headers, body)

    def __post_init__(self):
        self.lock = threading.Lock()
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with receiver.lock:
                    receiver.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    first = len(receiver.requests) == 1
                    status = receiver.statuses.pop(0) if receiver.statuses else receiver.default_status
                receiver.arrived.set()
                if first and receiver.hold_first:
                    time.sleep(receiver.hold_first)
                if receiver.hold_every:
                    time.sleep(receiver.hold_every)
                if self.path in receiver.pages:
                    status, headers, content = receiver.pages[self.path]
                    if isinstance(status, dict):  # per method, e.g. {"HEAD": 405, "GET": 200}
                        status = status.get(method, receiver.default_status)
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    if method != "HEAD":
                        self.wfile.write(content)
                    return
                self.send_response(status)
                if 200 <= status < 300 and method == "POST":
                    with receiver.lock:
                        receiver.processed.setdefault(self.headers.get("X-Candor-Delivery"), body)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                self.answer("POST")

            def do_HEAD(self):
                self.answer("HEAD")

            def do_GET(self):
                self.answer("GET")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path="/hook"):
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(**options):
        made.append(Receiver(**options))
        return made[-1]

    yield make
    for server in made:
        server.stop()


@dataclass
class World:
    vendor: Vendor
    other_vendor: Vendor
    assistant: Assistant
    other_assistant: Assistant
    model: AIModel
    criterion: Criterion
    source: Source


def make_world():
    """A made-up vendor with one assistant on one model, another vendor, a criterion, a source."""
    vendor = Vendor.objects.create(slug="acme", name="Acme")
    other_vendor = Vendor.objects.create(slug="globex", name="Globex")
    model = AIModel.objects.create(slug="acme-1", name="Acme One", vendor=vendor)
    assistant = Assistant.objects.create(slug="acme-chat", name="Acme Chat", vendor=vendor)
    assistant.models_used.add(model)
    other_assistant = Assistant.objects.create(slug="globex-chat", name="Globex Chat", vendor=other_vendor)
    criterion = Criterion.objects.create(
        slug="t-training", category="privacy", name="Training on chats", question="?",
        value_type="choice", rubric={"never": 100, "opt_out": 40, "always": 0}, rubric_text="never is best",
    )
    source = Source.objects.create(key="acme-policy", title="Acme policy", publisher="Acme", url="https://acme.invalid/policy")
    return World(vendor, other_vendor, assistant, other_assistant, model, criterion, source)


@pytest.fixture
def world(db):
    return make_world()


def webhook(target_url, owner=None, **follows):
    """An active webhook subscription following `follows` (assistant=, vendor= or all)."""
    if not follows:
        follows = {"follows_all": True}
    return Subscription.objects.create(
        channel=Subscription.Channel.WEBHOOK, target_url=target_url, secret=SECRET,
        confirmed=True, owner=owner, **follows,
    )


def publish_assessment(world, value="opt_out", **subject):
    from catalog.models import Assessment

    assessment = Assessment.objects.create(
        criterion=world.criterion, value=value, verdict="Trains unless you opt out", confidence="confirmed",
        as_of="2026-01-01", status=Status.PUBLISHED, **(subject or {"assistant": world.assistant}),
    )
    assessment.sources.add(world.source)
    return assessment


def record_retirement(world, date, key="acme-1-retired", status=Status.PUBLISHED):
    event = DeprecationEvent.objects.create(
        key=key, model=world.model, kind=DeprecationEvent.Kind.RETIRED, date=date,
        summary="Acme One is withdrawn from the app.", confidence="reported", status=status,
    )
    event.sources.add(world.source)
    return event
