#!/usr/bin/env python
"""Bounded load test on loopback, and a database restart under load.

1. Starts a private PostgreSQL cluster (its own data directory and port, so the machine's
   server is never disturbed), migrates it and loads the catalog.
2. Starts gunicorn (2 workers) against it.
3. Phase "steady": N concurrent clients for D seconds against the assistants list, a
   comparison and an embed; every response must be 2xx/3xx.
4. Phase "restart": the same load while PostgreSQL is restarted; requests made while the
   database is down may fail (503), but once it is back every request must succeed again,
   without restarting the application.

Exit status 0 when both phases meet those conditions. Usage:
    .venv/bin/python bench/load.py --clients 50 --duration 30
"""
import argparse
import collections
import json
import shutil
import socket
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

if not __package__:  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import manage, production_env, start_gunicorn  # noqa: E402

PATHS = [
    "/api/v1/assistants/",
    "/api/v1/compare/?assistants=chatgpt,claude,lumo",
    "/embed/alternatives/?to=chatgpt",
]


def pg_bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise SystemExit(f"PostgreSQL's {name} is not installed")
    return str(found[-1])


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivatePostgres:
    """A throwaway PostgreSQL cluster owned by the postgres user, on its own port."""

    def __init__(self, port):
        self.port = port if port_is_free(port) else free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="candor-load-pg-"))
        shutil.chown(self.directory, "postgres")
        self.data = self.directory / "data"

    def run(self, *command):
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self.run(pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        try:
            self.ctl("start")
        except subprocess.CalledProcessError:
            log = self.directory / "log"
            sys.stderr.write(log.read_text() if log.exists() else "PostgreSQL wrote no log\n")
            raise
        self.run(pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "candor")

    def ctl(self, action):
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-m", "fast",
                 "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
                 "-l", str(self.directory / "log"), action)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/candor"

    def stop(self):
        try:
            self.ctl("stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def hammer(base, clients, duration, paths):
    """Run `clients` threads for `duration` seconds; return [(time, path, status)]."""
    results, lock = [], threading.Lock()
    stop_at = time.monotonic() + duration

    def client(index):
        n = index
        while time.monotonic() < stop_at:
            path = paths[n % len(paths)]
            n += 1
            try:
                with urllib.request.urlopen(base + path, timeout=10) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0  # connection refused or reset
            with lock:
                results.append((time.monotonic(), path, status))

    # Daemon threads: if the run is stopped early, the clean-up in main() is not held up.
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def summarise(results):
    counts = collections.Counter(status for _, _, status in results)
    return {"requests": len(results), "statuses": {str(k): v for k, v in sorted(counts.items())}}


def ok(status):
    return 200 <= status < 400


def stop_on_sigterm():
    """A SIGTERM (a test's timeout, a CI cancel) unwinds main(), so its finally blocks stop
    gunicorn and remove the private cluster instead of leaving them behind."""

    def handler(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, handler)


def main():
    stop_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--restart-duration", type=int, default=20)
    parser.add_argument("--pg-port", type=int, default=55432, help="another free one if taken")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--path", action="append", dest="paths", help="a path to load (repeatable)")
    args = parser.parse_args()
    paths = args.paths or PATHS

    postgres = PrivatePostgres(args.pg_port)
    server = None
    try:
        postgres.start()
        env = production_env(postgres.url, log_level="ERROR")
        manage(env, "migrate", "--noinput")
        manage(env, "load_catalog")
        manage(env, "collectstatic", "--noinput")
        server = start_gunicorn(env, args.port, threads=4)
        base = f"http://127.0.0.1:{args.port}"

        steady = hammer(base, args.clients, args.duration, paths)
        steady_errors = [r for r in steady if not ok(r[2])]

        restarted = {}

        def restart_database():
            time.sleep(args.restart_duration / 4)
            restarted["down"] = time.monotonic()
            postgres.ctl("restart")
            restarted["up"] = time.monotonic()

        restarter = threading.Thread(target=restart_database)
        restarter.start()
        during = hammer(base, args.clients, args.restart_duration, paths)
        restarter.join()
        # Requests started after the database was back (plus a second for pools to notice).
        after = [r for r in during if r[0] > restarted["up"] + 1.0]
        after_errors = [r for r in after if not ok(r[2])]
        failed = [r for r in during if not ok(r[2])]
        report = {
            "clients": args.clients,
            "steady": {**summarise(steady), "seconds": args.duration, "errors": len(steady_errors),
                       "requests_per_second": round(len(steady) / args.duration, 1)},
            "restart": {
                **summarise(during),
                "restart_seconds": round(restarted["up"] - restarted["down"], 2),
                "errors_during_restart": len(failed),
                # When the last failed request ended, counted from the database being back
                # (negative: every failure happened while it was still down).
                "last_error_after_up_seconds": (
                    round(failed[-1][0] - restarted["up"], 2) if failed else None
                ),
                "requests_after_recovery": len(after),
                "errors_after_recovery": len(after_errors),
            },
        }
        print(json.dumps(report, indent=2))
        passed = not steady_errors and after and not after_errors
        return 0 if passed else 1
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
