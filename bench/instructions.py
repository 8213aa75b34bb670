"""Instructions per request, counted by callgrind: a figure the machine's load cannot move.

wrk's requests per second on a shared two-core machine move by ±10% between passes, too
much to see a 5% change. Callgrind counts the instructions a request executes instead,
which repeat for the same code, data and interpreter whatever else the machine does.

    python bench/instructions.py --database sqlite:////tmp/bench-instr.sqlite3 [--requests 20]
    # bench/longtail.py's targets, a fresh seeded random address per request, on a ready database
    python bench/instructions.py --database postgres://.../candor_bench10k --long-tail --prepared

The database is migrated and loaded outside callgrind; under it, one process makes a
warm-up request per target, then `--requests` requests per target through Django's test
client with no response cache (`CACHE_URL=dummy://`): the uncached work of the view, the
middleware and the serializers. `os.sync()` between targets makes callgrind dump its
counters (`--dump-before=sync`), so each dump holds one target's requests.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import manage, production_env  # noqa: E402

TARGETS = [
    ("healthz", "/healthz"),
    ("assistants list", "/api/v1/assistants/"),
    ("filtered list", "/api/v1/assistants/?min_privacy=50&ordering=-privacy"),
    ("compare of 3", "/api/v1/compare/?assistants=chatgpt,claude,lumo"),
    ("embed alternatives", "/embed/alternatives/?to=chatgpt"),
    ("assistant page", "/en/assistants/chatgpt/"),
    ("home page", "/en/"),
]


def long_tail_targets(requests):
    """(name, [address per request]) for bench/longtail.py's targets: a fresh address each time,
    drawn from a fixed seed (the same addresses on every run), plus one for the warm-up."""
    from bench import longtail
    from catalog.models import Assistant

    slugs = list(Assistant.objects.order_by("slug").values_list("slug", flat=True))
    return [
        (name, longtail.addresses(generate, slugs, requests + 1, seed=index))
        for index, (name, generate, _) in enumerate(longtail.TARGETS)
    ]


def measure_in_process(requests, long_tail=False):
    """Run under callgrind: one dump per target after a warm-up of every target."""
    import django

    django.setup()
    from django.test import Client

    if long_tail:
        targets = long_tail_targets(requests)
    else:
        targets = [(name, [path] * (requests + 1)) for name, path in TARGETS]
    client = Client(HTTP_HOST="127.0.0.1")
    for _, paths in targets:
        status = client.get(paths[0]).status_code
        if status != 200:
            raise SystemExit(f"{paths[0]} answered {status}")
    os.sync()  # end of set-up and warm-up
    for _, paths in targets:
        for path in paths[1:]:
            client.get(path)
        os.sync()
    return targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="sqlite:////tmp/bench-instructions.sqlite3")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--long-tail", action="store_true",
        help="bench/longtail.py's targets, a fresh random address per request (seeded: the same on every run)",
    )
    parser.add_argument("--prepared", action="store_true", help="the database is ready: skip migrate and load_catalog")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    env = production_env(args.database, cache_url="dummy://", log_level="ERROR")
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if args.in_process:
        os.environ.update(env)
        measure_in_process(args.requests, args.long_tail)
        return
    if not args.prepared:
        manage(env, "migrate", "--noinput")
        manage(env, "load_catalog")
        manage(env, "collectstatic", "--noinput")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--dump-before=sync", f"--callgrind-out-file={out}/cg.%p",
             sys.executable, __file__, "--in-process", "--requests", str(args.requests),
             "--database", args.database, *(["--long-tail"] if args.long_tail else [])],
            cwd=ROOT, env=env, check=True, stderr=subprocess.DEVNULL,
        )
        # cg.<pid>.1, cg.<pid>.2, ... are the dumps in order; cg.<pid> is the exit's.
        dumps = sorted((p for p in Path(out).glob("cg.*.*")), key=lambda p: int(p.suffix[1:]))
        totals = [int(re.search(r"^(?:summary|totals): (\d+)", p.read_text(), re.M).group(1)) for p in dumps]
    # dump 1 is start-up to the first sync (set-up, warm-up); then one per target; the last is exit.
    if args.long_tail:
        from bench.longtail import TARGETS as LONG_TAIL

        names = [(name, "a fresh random address per request") for name, *_ in LONG_TAIL]
    else:
        names = TARGETS
    per_target = totals[1:1 + len(names)]
    print(f"| target | instructions per request ({args.requests} requests) |")
    print("| --- | --- |")
    for (name, path), total in zip(names, per_target):
        print(f"| {name} `{path}` | {total / args.requests / 1e6:.2f} M |")


if __name__ == "__main__":
    main()
