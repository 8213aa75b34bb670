#!/usr/bin/env python
"""Long-tail traffic: readers who almost never repeat a URL (issue 21).

Each target draws its addresses at random, as real readers do: their own set of assistants,
their own weights, filters and pages. With several thousand distinct addresses per target a
run sees almost no repeated URL, so what it measures is the uncached work per request.

    # gunicorn (2 workers) + wrk, every target and the references, 3 interleaved rounds
    .venv/bin/python bench/longtail.py wrk --database postgres://postgres@127.0.0.1:5432/candor_bench10k
    # cProfile top-15 per target, in-process (Django's test client, no network)
    .venv/bin/python bench/longtail.py profile --database ...
    # one assistant on each of its surfaces in turn: what the shared dossier saves
    .venv/bin/python bench/longtail.py reuse --database ... --requests 20

The database must hold the catalog (bench/run.py --synthetic 10000 builds it). The addresses
come from a fixed seed, so two runs draw the same ones.
"""
import argparse
import cProfile
import io
import os
import pstats
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if not __package__:  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, production_env, start_gunicorn  # noqa: E402

CATEGORIES = ("privacy", "political_ties", "safety", "deprecation")
ORDERINGS = ("name", "-name", "overall", "-overall", *CATEGORIES, *(f"-{c}" for c in CATEGORIES), "-coverage")
# Fixed addresses, for reference: the liveness probe and a cheap cached API read.
REFERENCES = [("healthz", "/healthz"), ("criteria, cached", "/api/v1/criteria/")]


def random_weights(rng):
    """A reader's own weights: each category 0-5, at least one above 0."""
    while True:
        weights = {key: rng.randint(0, 5) for key in CATEGORIES}
        if any(weights.values()):
            return ",".join(f"{key}:{value}" for key, value in weights.items())


def filtered_list(rng, slugs):
    return (f"/api/v1/assistants/?min_{rng.choice(CATEGORIES)}={rng.randint(0, 80)}"
            f"&ordering={rng.choice(ORDERINGS)}&page={rng.randint(1, 5)}")


def api_compare(rng, slugs):
    return f"/api/v1/compare/?assistants={','.join(rng.sample(slugs, rng.randint(2, 4)))}&weights={random_weights(rng)}"


def api_detail(rng, slugs):
    return f"/api/v1/assistants/{rng.choice(slugs)}/"


def embed(rng, slugs):
    return f"/embed/alternatives/?to={rng.choice(slugs)}&weights={random_weights(rng)}"


def assistant_page(rng, slugs):
    return f"/en/assistants/{rng.choice(slugs)}/"


def compare_page(rng, slugs):
    return f"/en/compare/?assistants={','.join(rng.sample(slugs, rng.randint(2, 4)))}&weights={random_weights(rng)}"


# (name, address generator, goal as a ratio of /healthz)
TARGETS = [
    ("filtered list", filtered_list, 0.5),
    ("API compare", api_compare, 0.3),
    ("API detail", api_detail, 0.3),
    ("embed alternatives", embed, 0.3),
    ("assistant page", assistant_page, 0.2),
    ("compare page", compare_page, 0.2),
]

WRK_SCRIPT = """
-- Each thread walks its own stretch of a shuffled list of addresses: almost none repeats.
local paths = {}
local position = 0
function setup(thread)
  thread:set("start", (thread_count or 0) * 7919)
  thread_count = (thread_count or 0) + 1
end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  position = start % #paths
end
function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
"""


def catalog_slugs(env):
    """Every assistant's slug, as the database holds them (one line: the shell may print more)."""
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c",
         "from catalog.models import Assistant; print('slugs:' + ','.join(Assistant.objects.order_by('slug').values_list('slug', flat=True)))"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("slugs:"))
    return line.removeprefix("slugs:").split(",")


def addresses(generate, slugs, count, seed):
    rng = random.Random(seed)
    return [generate(rng, slugs) for _ in range(count)]


def run_wrk_list(args, base, paths, workdir):
    """wrk over `paths` (a shuffled list); the same figures as bench/run.py's run_wrk."""
    from bench.run import LATENCY, UNITS_MS
    import re

    listing = Path(workdir) / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = Path(workdir) / "longtail.lua"
    script.write_text(WRK_SCRIPT)
    command = ["wrk", "--latency", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s",
               "-s", str(script), base, "--", str(listing)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    latency = {pct: float(value) * UNITS_MS[unit] for pct, value, unit in LATENCY.findall(output)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    total = re.search(r"(\d+) requests in", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(total.group(1)) if total else None,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
    }


def measure_wrk(args, env):
    import statistics

    from bench.run import worker_memory_mb

    slugs = catalog_slugs(env)
    with open(ROOT / "bench" / "gunicorn.log", "w") as log:
        server = start_gunicorn(env, args.port, workers=args.workers, log=log)
    base = f"http://127.0.0.1:{args.port}"
    rows = {name: [] for name, *_ in REFERENCES + TARGETS}
    try:
        with tempfile.TemporaryDirectory() as workdir:
            for round_number in range(args.rounds):
                for name, path in REFERENCES:
                    rows[name].append(run_wrk_list(args, base, [path], workdir))
                for index, (name, generate, _) in enumerate(TARGETS):
                    if args.only and name not in args.only:
                        continue
                    # Each round draws new addresses: a round never meets the previous one's.
                    paths = addresses(generate, slugs, args.addresses, seed=1000 * round_number + index)
                    rows[name].append(run_wrk_list(args, base, paths, workdir))
        memory = worker_memory_mb(server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    healthz = rows["healthz"]
    criteria = rows["criteria, cached"]
    print(f"\n{time.strftime('%Y-%m-%d')} · {len(slugs)} assistants · gunicorn {args.workers} workers · wrk "
          f"{args.connections} connections × {args.duration} s × {args.rounds} rounds · worker RSS MB: {memory}")
    print("| target | req/s | ratio to /healthz | goal | ratio to cached criteria | p50 ms | p99 ms | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    goals = {name: goal for name, _, goal in TARGETS}
    def median_ratio(measured, reference):
        # A reference that answered nothing (wrk timed out on an overloaded machine) is no reference.
        ratios = [m["rps"] / r["rps"] for m, r in zip(measured, reference) if r["rps"]]
        return statistics.median(ratios) if ratios else float("nan")

    for name, measured in rows.items():
        if not measured:  # left out by --only
            continue
        ratio = median_ratio(measured, healthz)
        to_criteria = median_ratio(measured, criteria)
        goal = goals.get(name)
        goal_text = "" if goal is None else f"≥ {goal}" + (" met" if ratio >= goal else " not met")
        print(f"| {name} | {statistics.median(m['rps'] for m in measured):,.0f} | {ratio:.2f} | {goal_text} | "
              f"{to_criteria:.3f} | {statistics.median(m['p50_ms'] for m in measured):.1f} | "
              f"{statistics.median(m['p99_ms'] for m in measured):.1f} | {sum(m['non_2xx_3xx'] for m in measured)} |")


def profile_in_process(args, env):
    """cProfile of `--requests` fresh addresses per target, after a warm-up, the `--top` lines."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.test import Client

    from catalog.models import Assistant

    slugs = list(Assistant.objects.order_by("slug").values_list("slug", flat=True))
    client = Client(HTTP_HOST="127.0.0.1")
    for index, (name, generate, _) in enumerate(TARGETS):
        if args.only and name not in args.only:
            continue
        paths = addresses(generate, slugs, args.requests + 2, seed=index)
        for path in paths[:2]:  # warm-up: imports, templates, connections
            client.get(path)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for path in paths[2:]:
            status = client.get(path).status_code
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        profiler.disable()
        elapsed = (time.perf_counter() - started) / args.requests * 1000
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(args.sort).print_stats(args.top)
        print(f"\n### {name}: {args.requests} requests, {elapsed:.1f} ms each under cProfile "
              f"(e.g. `{paths[2]}`)\n")
        lines = out.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        summary = next((line.strip() for line in lines if "function calls" in line), "")
        print(f"{summary}\n\n```\n" + "\n".join(lines[start:start + args.top + 1]) + "\n```")


def reuse_in_process(args, env):
    """One assistant read on several surfaces in turn (its page in English, French, Arabic and
    Ukrainian, then its API detail), each a response-cache miss: milliseconds and queries per
    read, medians over `--requests` random assistants. From the second surface on, the
    assistant's dossier comes from the cache (catalog.selectors.assistant_dossier)."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import statistics

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Assistant

    surfaces = [f"/{language}/assistants/{{}}/" for language in ("en", "fr", "ar", "uk")] + ["/api/v1/assistants/{}/"]
    rng = random.Random(21)
    slugs = rng.sample(list(Assistant.objects.values_list("slug", flat=True)), args.requests + 1)
    client = Client(HTTP_HOST="127.0.0.1")
    for surface in surfaces:  # warm-up: imports, templates, connections
        client.get(surface.format(slugs[0]))
    timings = {surface: [] for surface in surfaces}
    for slug in slugs[1:]:
        for surface in surfaces:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                status = client.get(surface.format(slug)).status_code
                elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                raise SystemExit(f"{surface.format(slug)} answered {status}")
            timings[surface].append((elapsed, len(queries)))
    print(f"| read, in this order, for each of {args.requests} random assistants | ms (median) | queries |")
    print("| --- | --- | --- |")
    for surface, values in timings.items():
        print(f"| `{surface.format('<slug>')}` | {statistics.median(v[0] for v in values):.1f} "
              f"| {statistics.median(v[1] for v in values):.0f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=("wrk", "profile", "reuse"))
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/candor_bench10k")
    parser.add_argument("--cache", default="", help="cache URL: empty for local memory")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--addresses", type=int, default=20000, help="distinct addresses drawn per target and round")
    parser.add_argument("--requests", type=int, default=20, help="profile: requests per target")
    parser.add_argument("--sort", default="tottime", help="profile: pstats sort key (tottime, cumulative)")
    parser.add_argument("--only", action="append", metavar="TARGET", help="only this target (repeatable; wrk still measures the references)")
    parser.add_argument("--top", type=int, default=15, help="profile: lines of the profile shown per target")
    args = parser.parse_args()
    env = production_env(args.database, args.cache, log_level="ERROR")
    if args.mode == "wrk":
        measure_wrk(args, env)
    elif args.mode == "reuse":
        reuse_in_process(args, env)
    else:
        profile_in_process(args, env)


if __name__ == "__main__":
    main()
