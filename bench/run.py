#!/usr/bin/env python
"""Reproducible HTTP benchmark: gunicorn (2 workers) on PostgreSQL, driven by wrk on loopback.

Every target is reported as a ratio of /healthz throughput measured in the same run, so the
figures compare across machines. Usage (from the project root, services running):

    .venv/bin/python bench/run.py                       # the six-assistant catalog
    .venv/bin/python bench/run.py --synthetic 10000     # plus 10,000 synthetic assistants
    .venv/bin/python bench/run.py --duration 10 --connections 32 --json bench/last.json

It creates (or reuses) the database named by --database, migrates, loads fixtures/, starts
gunicorn on 127.0.0.1:--port with DJANGO_DEBUG=false, and stops it at the end.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

if not __package__:  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, manage, production_env, start_gunicorn  # noqa: E402


# (name, path, extra wrk headers, budget as a ratio of /healthz throughput)
TARGETS = [
    ("healthz", "/healthz", [], None),
    ("assistants list", "/api/v1/assistants/", [], 0.5),
    ("filtered list", "/api/v1/assistants/?min_privacy=50&ordering=-privacy", [], 0.5),
    ("compare of 3", "/api/v1/compare/?assistants=chatgpt,claude,lumo", [], 0.4),
    ("list, 304", "/api/v1/assistants/", ["If-None-Match: {etag}"], 0.8),
    ("embed", "/embed/alternatives/?to=chatgpt", [], 0.5),
    ("assistant page", "/assistants/chatgpt/", [], 0.3),
]
LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/candor_bench")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--synthetic", type=int, default=0, help="add N synthetic assistants first")
    parser.add_argument(
        "--cache", default="", help="cache URL: empty for local memory, redis://... for Redis, dummy:// for none"
    )
    parser.add_argument(
        "--rounds", type=int, default=1,
        help="measure every target (and /healthz) this many times, interleaved; report medians",
    )
    parser.add_argument(
        "--only", action="append", metavar="TARGET",
        help="run only this target (repeatable; /healthz always runs), e.g. --only 'list, 304'",
    )
    parser.add_argument("--json", help="write the results here as JSON")
    return parser.parse_args()


def prepare(args, env):
    database = args.database.rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], stderr=subprocess.DEVNULL)
    manage(env, "migrate", "--noinput")
    manage(env, "load_catalog")
    if args.synthetic:
        existing = int(
            subprocess.run(
                [PYTHON, "manage.py", "shell", "-c",
                 "from catalog.models import Assistant; print(Assistant.objects.filter(slug__startswith='synthetic-').count())"],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
        )
        if existing < args.synthetic:
            manage(env, "seed_synthetic", "--assistants", str(args.synthetic - existing))
    manage(env, "collectstatic", "--noinput")


def etag_of(base, path):
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return response.headers.get("ETag", "")


def status_of(base, path, headers):
    request = urllib.request.Request(base + path, headers=dict(h.split(": ", 1) for h in headers))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_wrk(args, url, headers):
    command = ["wrk", "--latency", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {pct: float(value) * UNITS_MS[unit] for pct, value, unit in LATENCY.findall(output)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def worker_memory_mb(server):
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
            if match:
                sizes.append(round(int(match.group(1)) / 1024, 1))
    return sizes


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    env = production_env(args.database, args.cache)
    prepare(args, env)
    with open(ROOT / "bench" / "gunicorn.log", "w") as log:
        server = start_gunicorn(env, args.port, workers=args.workers, log=log)
    base = f"http://127.0.0.1:{args.port}"
    targets = [t for t in TARGETS if t[0] == "healthz" or not args.only or t[0] in args.only]
    rounds = []
    try:
        etag = etag_of(base, "/api/v1/assistants/")
        for _ in range(args.rounds):
            rounds.append(measure_round(args, base, targets, etag))
        memory = worker_memory_mb(server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    results = combine(rounds)
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {os.uname().machine}, {os.uname().release}",
        "synthetic_assistants": args.synthetic,
        "cache": args.cache or "local memory",
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "worker_rss_mb": memory,
        "results": results,
    }
    print_table(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


def measure_round(args, base, targets, etag):
    """One pass over the targets; each ratio is to the /healthz of the same pass, so a machine
    that slows down between passes moves both sides of the ratio."""
    results = []
    for name, path, headers, budget in targets:
        headers = [h.format(etag=etag) for h in headers]
        status = status_of(base, path, headers)
        measured = run_wrk(args, base + path, headers)
        results.append({"name": name, "path": path, "status": status, "budget": budget, **measured})
    healthz = results[0]["rps"]
    for row in results:
        row["ratio"] = round(row["rps"] / healthz, 3) if healthz else None
    return results


def combine(rounds):
    """Per target: the median over rounds of req/s, ratio and latency; errors summed."""
    combined = []
    for rows in zip(*rounds):
        row = dict(rows[0])
        for field in ("rps", "ratio", "p50_ms", "p99_ms"):
            values = [r[field] for r in rows if r[field] is not None]
            row[field] = round(statistics.median(values), 3) if values else None
        row["ratio"] = None if row["ratio"] is None else round(row["ratio"], 2)
        row["ratios"] = [r["ratio"] for r in rows]
        row["non_2xx_3xx"] = sum(r["non_2xx_3xx"] for r in rows)
        row["socket_errors"] = "; ".join(r["socket_errors"] for r in rows if r["socket_errors"])
        row["status"] = rows[-1]["status"]
        healthy = all(r["status"] in (200, 304) for r in rows) and not row["non_2xx_3xx"]
        row["meets_budget"] = None if row["budget"] is None else healthy and (row["ratio"] or 0) >= row["budget"]
        combined.append(row)
    return combined


def print_table(report):
    print(f"\n{report['date']} · {report['machine']} · gunicorn {report['workers']} workers · "
          f"wrk {report['connections']} connections × {report['duration_s']} s × {report['rounds']} rounds · "
          f"synthetic assistants: {report['synthetic_assistants']} · cache: {report['cache']} · "
          f"worker RSS MB: {report['worker_rss_mb']}")
    print("| target | status | req/s | ratio to /healthz | budget | p50 ms | p99 ms | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in report["results"]:
        budget = "" if row["budget"] is None else f"≥ {row['budget']}" + (" ✓" if row["meets_budget"] else " ✗")
        print(f"| {row['name']} | {row['status']} | {row['rps']:.0f} | {row['ratio']} | {budget} | "
              f"{row['p50_ms']} | {row['p99_ms']} | {row['non_2xx_3xx']} {row['socket_errors']} |")


if __name__ == "__main__":
    main()
