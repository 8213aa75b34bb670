#!/usr/bin/env python
"""How long Swagger UI at /api/v1/docs/ takes to show the operations, first visit and return.

The production stack (gunicorn, DJANGO_DEBUG=false, WhiteNoise serving collected static
files with their cache headers) in Debian's Chromium; the test suite checks what the page
shows, this measures how fast. Usage (from the project root, PostgreSQL running):

    .venv/bin/python bench/api_docs.py --visits 10

It prepares the database as bench/run.py does, then reports the median and the slowest of
--visits reloads against the budget (docs/benchmarks.md).
"""
import argparse
import signal
import statistics
import sys
import time
from pathlib import Path

if not __package__:  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, production_env, start_gunicorn  # noqa: E402
from bench.run import prepare  # noqa: E402
from tests.support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BUDGET_SECONDS = 1.0  # a reader coming back sees the operations within a second
OPERATIONS = ".opblock-summary-path"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/candor_bench")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--visits", type=int, default=10, help="return visits to time")
    parser.add_argument("--synthetic", type=int, default=0, help="as bench/run.py")
    return parser.parse_args()


def timed(action, page):
    started = time.monotonic()
    action()
    page.wait_for_selector(OPERATIONS, timeout=15000)
    return time.monotonic() - started


def main():
    from playwright.sync_api import sync_playwright

    args = parse_args()
    env = production_env(args.database)
    prepare(args, env)
    with open(ROOT / "bench" / "gunicorn.log", "w") as log:
        server = start_gunicorn(env, args.port, log=log)
    url = f"http://127.0.0.1:{args.port}/api/v1/docs/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            first = timed(lambda: page.goto(url), page)
            returns = [timed(page.reload, page) for _ in range(args.visits)]
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    median, slowest = statistics.median(returns), max(returns)
    print(f"first visit {first:.2f} s; return visits ({args.visits}): median {median:.2f} s, "
          f"slowest {slowest:.2f} s; budget {BUDGET_SECONDS:.1f} s: {'met' if slowest < BUDGET_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
