#!/usr/bin/env python
"""Cache hit rate of unchanged assistants' pages and embeds under a stream of publishes (issue 21).

    .venv/bin/python bench/publish_stream.py --database postgres://postgres@127.0.0.1:5432/candor_bench10k

In one process (Django's test client, the local-memory cache, DJANGO_DEBUG=false): a reader
loops over the pages and alternatives embeds of `--pool` assistants, in random order, while a
publisher saves one synthetic assessment of another assistant every `--interval` seconds
(through the ORM, so the signals bump the revision as an editor's publish does). It counts
how many reader requests were answered from a stored response. The first pass over the pool
fills the cache and is not counted.

`--publishes note` edits the assessment's note (the scores stay); `--publishes value` gives it
another value of its rubric, so that assistant's scores change, and recomputes them at once
in the publisher's thread, as the worker does a few seconds after a publish. `--edited leaders`
publishes only the default ranking's leaders' assessments (the worst case: every default
alternatives list may change). `--reads comparisons` reads comparisons of two of the pool's
assistants instead (the compare API, the compare embed and the compare page of each pair);
`--reads lists`, `--pool` pages of the API's assistant list and of the catalog page, in
several orders.

The database is changed: assessments get a new note or value (synthetic rows; with `--edited
leaders`, the leaders' own, which may be the real catalog's: use a benchmark database).
"""
import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path

if not __package__:  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import production_env  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/candor_bench10k")
    parser.add_argument("--pool", type=int, default=50, help="assistants whose page and embed are read")
    parser.add_argument("--duration", type=float, default=30, help="seconds of reading while publishing")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between publishes")
    parser.add_argument("--publishes", choices=["note", "value"], default="note", help="what each publish changes")
    parser.add_argument(
        "--edited", choices=["any", "leaders"], default="any",
        help="whose assessments are published: any other synthetic assistant, or the default ranking's leaders",
    )
    parser.add_argument(
        "--reads", choices=["pages", "comparisons", "lists"], default="pages",
        help="what is read: each assistant's page and alternatives embed, or comparisons of pairs of them",
    )
    args = parser.parse_args()
    os.environ.update(production_env(args.database, log_level="ERROR"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from catalog.models import Assessment, Assistant
    from catalog.scoring import scores
    from edge import conditional

    rng = random.Random(21)
    synthetic = list(Assistant.objects.filter(slug__startswith="synthetic-", status="active").values_list("slug", flat=True))
    readers = rng.sample(synthetic, args.pool)
    edited = Assessment.objects.filter(assistant__slug__startswith="synthetic-").exclude(assistant__slug__in=readers)
    if args.publishes == "value":  # answers whose rubric has another value to give
        edited = edited.exclude(criterion__rubric__has_key="bands")
    if args.edited == "leaders":  # the worst case: every default alternatives list may move
        leaders = [row[0] for row in scores.ranking_head()]
        edited = Assessment.objects.filter(assistant_id__in=leaders).exclude(assistant__slug__in=readers)
        if args.publishes == "value":
            edited = edited.exclude(criterion__rubric__has_key="bands")
    edited_ids = list(edited.values_list("id", flat=True)[:1000])
    if args.reads == "comparisons":
        pairs = [f"{slug},{readers[(i + 1) % len(readers)]}" for i, slug in enumerate(readers)]
        paths = [p for pair in pairs for p in (
            f"/api/v1/compare/?assistants={pair}", f"/embed/compare/?assistants={pair}", f"/en/compare/?assistants={pair}",
        )]
    elif args.reads == "lists":
        orders = ["-overall", "-privacy", "name", "-coverage", "-safety"]
        paths = [p for i in range(args.pool) for p in (
            f"/api/v1/assistants/?ordering={orders[i % 5]}&page={i // 5 + 1}", f"/en/?page={i + 1}",
        )]
    else:
        paths = [p for slug in readers for p in (f"/en/assistants/{slug}/", f"/embed/alternatives/?to={slug}")]

    # A request is answered from the cache when its stored response is found. (After a bump a
    # path's answer key is not even looked up until its parameters are learnt again, so
    # misses are counted as requests minus hits.)
    counts = {"hit": 0}
    original = conditional.stored

    def counted(key):
        value = original(key)
        if value is not None and key.startswith("response:") and not key.endswith(":validators"):
            counts["hit"] += 1
        return value

    conditional.stored = counted
    client = Client(HTTP_HOST="127.0.0.1")
    for path in paths:  # fill the cache
        client.get(path)
    counts["hit"] = 0

    stop = threading.Event()
    published = []
    rescored = [0, 0]  # publishes that changed stored scores; that changed the ranking's head
    heads = [scores.ranking_head()]

    def publish():
        try:
            while not stop.wait(args.interval):
                assessment = Assessment.objects.select_related("criterion").get(id=rng.choice(edited_ids))
                if args.publishes == "value":
                    rubric = assessment.criterion.rubric
                    assessment.value = rng.choice([v for v in rubric if rubric[v] != assessment.score] or list(rubric))
                else:
                    assessment.note = f"Generated for load tests (publish {len(published) + 1})"
                stored = Assistant.objects.filter(id=assessment.assistant_id).values_list("score_overall", "band_low_overall", "band_high_overall")
                before = list(stored.all())
                assessment.save()
                if args.publishes == "value":
                    scores.recompute_stale()  # at once if the worker (eager here) has not yet
                    rescored[0] += list(stored.all()) != before
                    head = scores.ranking_head()
                    rescored[1] += head != heads[-1]
                    heads.append(head)
                published.append(time.monotonic())
        finally:
            connection.close()

    publisher = threading.Thread(target=publish)
    publisher.start()
    while not published:  # count from the first publish on
        client.get(rng.choice(paths))
    counts["hit"] = 0
    started = time.monotonic()
    deadline = started + args.duration
    requests = 0
    try:
        while time.monotonic() < deadline:
            path = rng.choice(paths)
            status = client.get(path).status_code
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            requests += 1
    finally:
        stop.set()
        publisher.join()
    during = len([t for t in published if started <= t <= deadline])
    read = {
        "comparisons": f"comparisons of {args.pool} pairs",
        "lists": f"{2 * args.pool} pages of assistant lists",
    }.get(args.reads, f"the page and embed of {args.pool} assistants")
    print(f"{requests} requests over {args.duration:.0f} s to {read}, "
          f"{during} publishes ({args.publishes}) of other assistants' assessments meanwhile: "
          f"{counts['hit']} answered from the cache ({100 * counts['hit'] / max(requests, 1):.1f}%)")
    if args.publishes == "value":
        print(f"{rescored[0]} publishes changed that assistant's stored scores; {rescored[1]} changed the "
              f"head of the default ranking")


if __name__ == "__main__":
    main()
